import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coauthor_desk.credits import Permissions, authorship_statement
from coauthor_desk.credits.characteristics import (
    ANOTHER_WAY,
    MEN,
    MINORITY_ETHNIC,
    WHITE,
    WOMEN,
    AgeBand,
    age_of,
    describe,
    ethnic_background_of,
    experiences_of,
    gender_of,
)
from coauthor_desk.credits.names import number_words
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError

TOTALS = "Twenty people wrote this book: three editors and seventeen co-authors."
EVERYONE = (
    f"{TOTALS} All twenty chose to be counted: twelve are women and eight are men; they are aged "
    "from under forty to seventy or older; four are from minority ethnic backgrounds. Between "
    "them they have experience of caring for someone close to them (seven people), living with a "
    "long-term condition or disability (five people), working in health and social care or "
    "researching it (three people) and other parts of health and social care (five people).")

GENDERS = ["woman", "man", "Woman", "female", "male", "non-binary", "trans woman", "agender",
           "prefer not to say", "", None, 7]
AGES = st.one_of(st.none(), st.integers(0, 110), st.sampled_from(["45", "forties", True]))
BACKGROUNDS = ["White British", "White Irish", "White Polish", "British Pakistani", "Arab",
               "Black British (Somali heritage)", "Mixed: White and Black Caribbean", "British",
               "White Gypsy or Irish Traveller", "prefer not to say", None]
EXPERIENCES = ["care leaver", "carer for her husband, who has dementia", "lives with COPD",
               "uses mental health services; was homeless", "survivor of domestic abuse",
               "social worker", "English is his second language", "in recovery from alcohol",
               "young carer; has a learning disability", None]
DESCRIPTION = st.fixed_dictionaries({}, optional={
    "gender": st.sampled_from(GENDERS), "age": AGES,
    "ethnic_background": st.sampled_from(BACKGROUNDS),
    "experience": st.sampled_from(EXPERIENCES)})
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_TENS_WORDS, _ONES_WORDS, _UNIT_WORDS = "|".join(_TENS), "|".join(_UNITS[:9]), "|".join(_UNITS)
_NUMBER = re.compile(rf"\b(?:(?:{_TENS_WORDS})(?:-(?:{_ONES_WORDS}))?|{_UNIT_WORDS})\b")
_WORDS_TO_NUMBER = {number_words(n): n for n in range(1, 100)}


def _with(book, descriptions, k):
    people = {pid: dataclasses.replace(p, self_description=descriptions.get(pid, {}))
              for pid, p in book.people.items()}
    return dataclasses.replace(book, people=people,
                               house_style={**book.house_style, "smallest_group": k})


def _everyone_but(book, *ids):
    return Permissions(frozenset(book.people), frozenset(book.people) - set(ids))


def test_the_example_book_described_as_a_whole(book):
    assert authorship_statement(book, Permissions.everyone(book)) == EVERYONE


def test_fewer_counted_than_the_smallest_group_gives_the_totals_only(book):
    two = Permissions(frozenset(book.people), frozenset({"amira-yusuf", "kwame-mensah"}))
    assert authorship_statement(book, two) == TOTALS
    assert describe(book, two) is None
    assert authorship_statement(book, Permissions(frozenset(), frozenset())) == TOTALS


def test_small_groups_are_merged_or_left_out(book):
    # Without two of the four from minority ethnic backgrounds, the two left are too few.
    statement = authorship_statement(book, _everyone_but(book, "amira-yusuf", "kwame-mensah"))
    assert statement.startswith(f"{TOTALS} Of the eighteen who chose to be counted, eleven are "
                                "women and seven are men; they are aged from under forty")
    assert "ethnic" not in statement
    larger = dataclasses.replace(book, house_style={**book.house_style, "smallest_group": 5})
    statement = authorship_statement(larger, Permissions.everyone(book))
    assert "aged from under fifty to sixty or older" in statement
    assert "ethnic" not in statement and "(three people)" not in statement


def test_people_named_but_not_counted_still_count_in_the_totals(book):
    statement = authorship_statement(book, _everyone_but(book, "jean-thornton"))
    assert statement.startswith(f"{TOTALS} Of the nineteen who chose to be counted, eleven are "
                                "women and eight are men;")


def test_backgrounds_are_counted_from_the_words_people_used():
    assert ethnic_background_of("White British") == WHITE
    assert ethnic_background_of("white Irish") == WHITE
    assert ethnic_background_of("White Polish") == WHITE
    assert ethnic_background_of("British Pakistani") == MINORITY_ETHNIC
    assert ethnic_background_of("British Indian") == MINORITY_ETHNIC
    assert ethnic_background_of("Black British (Somali heritage)") == MINORITY_ETHNIC
    assert ethnic_background_of("White and Black Caribbean") == MINORITY_ETHNIC
    assert ethnic_background_of("White Gypsy or Irish Traveller") == MINORITY_ETHNIC
    for unclear in ("British", "English", "prefer not to say", "", None, 3):
        assert ethnic_background_of(unclear) is None


def test_gender_age_and_experience_are_read_without_guessing():
    assert [gender_of(v) for v in ("woman", "Female", "trans woman", "man", "non-binary")] == \
        [WOMEN, WOMEN, WOMEN, MEN, ANOTHER_WAY]
    assert gender_of("prefer not to say") is None and gender_of(None) is None
    assert gender_of(7) is None
    assert [age_of(v) for v in (45, "45", " 45 ", "forties", True, -1, None)] == \
        [45, 45, 45, None, None, None, None]
    assert experiences_of("carer for her husband Ron, who has dementia") == {"carer"}
    assert experiences_of("mother and carer of an adult son with a learning disability") == \
        {"carer"}
    assert experiences_of("uses mental health services; was detained under the Mental Health "
                          "Act") == {"mental-health"}
    assert experiences_of("was homeless; in recovery from alcohol") == \
        {"homelessness", "addiction"}
    assert experiences_of("stroke survivor; talks and has his words written down") == \
        {"condition"}
    assert experiences_of("health services researcher") == {"work"}
    assert experiences_of("English is his second language") == set()
    assert experiences_of(["care leaver", "young carer"]) == {"care-leaver", "carer"}


def _numbers_about_characteristics(text):
    """Numbers in the description, leaving out the totals, how many were counted and the
    decade words that bound age bands."""
    described = text.split(". ", 1)[1] if ". " in text else ""
    described = re.sub(r"(All|[Tt]he|Of the) [a-z-]+ (who chose|chose)", "", described)
    described = re.sub(r"under [a-z-]+|[a-z-]+ or older", "", described)
    return [_WORDS_TO_NUMBER[m.group()] for m in _NUMBER.finditer(described)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), k=st.integers(1, 6))
def test_every_number_about_people_stands_for_at_least_k_of_them(book, data, k):
    ids = sorted(book.people)
    descriptions = data.draw(st.fixed_dictionaries({pid: DESCRIPTION for pid in ids}))
    counted = data.draw(st.sets(st.sampled_from(ids)))
    changed = _with(book, descriptions, k)
    permissions = Permissions(frozenset(ids), frozenset(counted))
    text = authorship_statement(changed, permissions)
    description = describe(changed, permissions)
    if len(counted) < k:
        assert description is None and text == TOTALS
        return
    assert description.counted == counted
    for group in description.reported():
        assert group.count >= k and group.members <= counted
    for band in (description.youngest, description.oldest):
        if band is not None:
            assert isinstance(band, AgeBand) and band.count >= k
            ages = [age_of(descriptions[p].get("age")) for p in band.members]
            assert all(band.low <= a and (band.high is None or a < band.high) for a in ages)
    # Nothing smaller than k can be worked out by taking printed numbers from those counted.
    for groups in (description.gender, description.ethnic):
        rest = len(counted) - len(frozenset().union(*(g.members for g in groups)))
        assert rest == 0 or rest >= k
    for group in description.experience:
        assert len(counted) - group.count == 0 or len(counted) - group.count >= k
    # Groups hold exactly the people the words say.
    for group in description.gender:
        for key in group.key.split("+"):
            assert {p for p in counted if gender_of(descriptions[p].get("gender")) == key} <= \
                group.members
    for group in description.ethnic:
        assert group.members == {p for p in counted if ethnic_background_of(
            descriptions[p].get("ethnic_background")) == MINORITY_ETHNIC}
    # And in the words themselves, each number about people is one of those groups.
    counts = {group.count for group in description.reported()}
    for number in _numbers_about_characteristics(text):
        assert number >= k and number in counts, (number, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), k=st.integers(1, 4))
def test_people_not_counted_change_nothing_that_is_described(book, data, k):
    ids = sorted(book.people)
    first = data.draw(st.fixed_dictionaries({pid: DESCRIPTION for pid in ids}))
    second = data.draw(st.fixed_dictionaries({pid: DESCRIPTION for pid in ids}))
    counted = data.draw(st.sets(st.sampled_from(ids)))
    mixed = {pid: first[pid] if pid in counted else second[pid] for pid in ids}
    permissions = Permissions(frozenset(ids), frozenset(counted))
    assert authorship_statement(_with(book, first, k), permissions) == \
        authorship_statement(_with(book, mixed, k), permissions)


def test_the_smallest_group_comes_from_the_house_style(small_book):
    assert load_book(small_book).house_style["smallest_group"] == 3
    book_file = small_book / "book.yaml"
    text = book_file.read_text("utf-8")
    book_file.write_text(text.replace("smallest_group: 3", "smallest_group: none")
                         if "smallest_group" in text else
                         text.replace("house_style:", "house_style:\n  smallest_group: none"),
                         "utf-8")
    with pytest.raises(BookError) as caught:
        load_book(small_book)
    assert "smallest_group" in caught.value.problems[0].what
