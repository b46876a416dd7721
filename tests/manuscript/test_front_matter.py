import pytest
from hypothesis import given
from hypothesis import strategies as st

from coauthor_desk.manuscript import front_matter
from coauthor_desk.problems import BookError

safe_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(title=safe_text.filter(str.strip), body=st.text(max_size=300))
def test_details_and_body_survive_a_round_trip(title: str, body: str):
    details = {"id": "x", "title": title, "authors": ["a"], "status": "idea"}
    text = front_matter.join(front_matter.render_details(details), body)
    parsed, _, parsed_body = front_matter.split("x.md", text)
    assert parsed == details
    assert parsed_body == body


@pytest.mark.parametrize(("text", "message"), [
    ("No details here\n", "no details at the top"),
    ("---\ntitle: x\nbody without a closing line\n", "not closed"),
    ("---\n- a list\n---\n", "name: value"),
    ("---\ntitle: [unclosed\n---\n", "could not be read"),
])
def test_broken_details_are_explained(text: str, message: str):
    with pytest.raises(BookError, match=message):
        front_matter.split("chapters/x.md", text)


def test_aliases_that_repeat_parts_of_a_file_are_refused():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    with pytest.raises(BookError, match="anchors and aliases"):
        front_matter.parse_details("chapters/x.md", bomb)
