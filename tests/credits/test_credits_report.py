import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coauthor_desk.credits import Permissions, credits_report, credits_text
from coauthor_desk.credits.report import NOT_YET_AGREED
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS, CreditAs


def _public_texts(report):
    """Every string of the report that could be printed in the book (not the editors' list)."""
    public = {key: value for key, value in report.items() if key != NOT_YET_AGREED}
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(public)
    return found


def _names_of(person):
    """Every name a person could be recognised by: real name, first name, chosen name."""
    names = {person.name, person.name.split()[0]}
    if person.credited_as:
        names.add(person.credited_as)
    if person.credit_name:
        names.add(person.credit_name)
    return names


def test_the_report_is_plain_data_with_every_part(book):
    report = credits_report(book, Permissions.everyone(book))
    assert json.loads(json.dumps(report)) == report
    assert list(report["bylines"]) == book.chapter_order
    assert report["bylines"]["16-what-carers-told-us"] == "By The Thursday Group"
    assert report["notes_on_contributors"]["closing"] == "One co-author chose not to be named."
    assert report["authorship_statement"].startswith("Twenty people wrote this book")
    assert any(line["role"] == "shared-story" for line in report["contributions_statement"])
    assert report[NOT_YET_AGREED] == []


def test_people_waiting_to_agree_are_listed_for_the_editors_only(book):
    everyone = Permissions.everyone(book)
    permissions = everyone.with_named(everyone.named - {"amira-yusuf", "anon-survivor"})
    report = credits_report(book, permissions)
    # The anonymous co-author chose not to be named: nothing is waiting on her.
    assert report[NOT_YET_AGREED] == ["amira-yusuf"]
    assert report["bylines"]["02-leaving-care"] == "By a co-author who chose not to be named"
    text = credits_text(report)
    public, editors = text.split("For the editors:")
    assert "amira-yusuf" in editors and "amira-yusuf" not in public
    assert "Amira" not in text


def test_the_terminal_text_shows_every_part(book):
    text = credits_text(credits_report(book, Permissions.everyone(book)))
    for heading in ("Bylines", "Notes on contributors", "Contributions", "About the authors"):
        assert f"\n{heading}\n" in f"\n{text}"
    assert "  04-finding-my-way-back: By Robin Ashby" in text
    assert "  The Thursday Group (three members)" in text
    assert "For the editors" not in text


def test_nothing_private_reaches_the_credits(book):
    report = credits_report(book, Permissions.everyone(book))
    texts = _public_texts(report) + [credits_text(report)]
    for person in book.people.values():
        for text in texts:
            assert not re.search(rf"\b{re.escape(person.id)}\b", text)
            for identity in person.git_identities:
                assert identity not in text
            # People's own notes may say what they like; everything else is made by the app.
            made = text
            for about in {p.about for p in book.people.values() if p.about}:
                made = made.replace(about, "")
            assert str(person.self_description.get("experience")) not in made
    for text in texts:
        assert "@" not in text
        for label in ACCESS_NEED_LABELS.values():
            assert label not in text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_someone_not_allowed_to_be_named_is_never_named_anywhere(book, data):
    ids = sorted(book.people)
    named = frozenset(data.draw(st.sets(st.sampled_from(ids))))
    counted = frozenset(data.draw(st.sets(st.sampled_from(ids))))
    report = credits_report(book, Permissions(named, counted))
    everything = "\n".join([*_public_texts(report), credits_text(report)])
    # Names that someone allowed to be named may use too (a group's name) are fair to print.
    allowed = set()
    for person_id in named:
        allowed |= {book.people[person_id].credited_as or ""}
    for person in book.people.values():
        if person.id in named and person.credit_as is not CreditAs.ANONYMOUS:
            continue
        for name in _names_of(person) - allowed:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", everything), (
                person.id, name)
        if person.about and not any(book.people[p].about == person.about for p in named):
            assert person.about not in everything
    assert set(report[NOT_YET_AGREED]) == {
        p.id for p in book.people.values()
        if p.id not in named and p.credit_as is not CreditAs.ANONYMOUS}
