"""Recording decisions: the right record, saved under the right person's name."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, How, Use
from coauthor_desk.agreements.store import load_agreements
from coauthor_desk.history.versions import History
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book


def test_a_person_records_their_own_agreement_under_their_own_name(small_book: Path):
    opened = open_book(small_book)
    record = record_decision(opened, "sam-jones", Use.CHAPTER, Decision.AGREED, "my-story")
    newest = History(small_book).versions(limit=1)[0]
    assert (newest.name, newest.email) == ("Sam Jones", "sam.jones@example.org")
    assert newest.description == "Sam agreed to the chapter 'My story' being published"
    assert record.version == opened.book.chapters["my-story"].fingerprint
    text = (small_book / record.file).read_text()
    assert "person: sam-jones" in text and "recorded_by: sam-jones" in text
    assert "how:" not in text
    assert History(small_book).unsaved_files() == []


def test_an_editor_records_a_decision_on_someones_behalf_saying_how(small_book: Path):
    opened = open_book(small_book)
    record = record_decision(opened, "sam-jones", Use.NAMED, Decision.AGREED,
                             on_behalf_by="helen-marsh", how=How.PHONE,
                             expires=date(2099, 1, 1))
    newest = History(small_book).versions(limit=1)[0]
    assert newest.name == "Helen Marsh"
    assert newest.description == ("Recorded that Sam agreed to being named in the book (by "
                                  "phone, told to Helen)")
    assert record.version == "Sam" and record.how is How.PHONE
    counted = load_agreements(open_book(small_book).book, History(small_book), [])
    assert counted.problems == [] and counted.records == [record]


@pytest.mark.parametrize("arguments, words", [
    ({"person": "nobody", "use": Use.NAMED}, "nobody called 'nobody'"),
    ({"person": "sam-jones", "use": Use.CHAPTER}, "which chapter"),
    ({"person": "sam-jones", "use": Use.CHAPTER, "target": "missing"}, "no chapter 'missing'"),
    ({"person": "sam-jones", "use": Use.NAMED, "target": "my-story"}, "not about a chapter"),
    ({"person": "sam-jones", "use": Use.QUOTE, "target": "cover"}, "no quote 'cover'"),
    ({"person": "sam-jones", "use": Use.NAMED, "on_behalf_by": "helen-marsh"}, "how Sam"),
    ({"person": "sam-jones", "use": Use.NAMED, "expires": date(2001, 1, 1)}, "already passed"),
])
def test_a_decision_that_makes_no_sense_is_refused_plainly(small_book: Path, arguments: dict,
                                                             words: str):
    before = History(small_book).head()
    with pytest.raises(BookError) as caught:
        record_decision(open_book(small_book), decision=Decision.AGREED, **arguments)
    assert words in caught.value.plain()
    assert History(small_book).head() == before
    assert not (small_book / "agreements").exists()


def test_agreeing_to_a_chapter_with_unsaved_changes_is_refused(small_book: Path):
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text() + "\nA new paragraph nobody has saved.\n")
    with pytest.raises(BookError) as caught:
        record_decision(open_book(small_book), "sam-jones", Use.CHAPTER, Decision.AGREED,
                        "my-story")
    assert "not saved as a version yet" in caught.value.plain()


def test_someone_not_named_has_no_name_to_agree_to(example_book: Path):
    with pytest.raises(BookError) as caught:
        record_decision(open_book(example_book), "anon-survivor", Use.NAMED, Decision.AGREED)
    assert "chose not to be named" in caught.value.plain()


def test_withdrawing_is_always_possible_and_two_decisions_in_one_second_both_keep(
        small_book: Path):
    opened = open_book(small_book)
    moment = datetime(2025, 3, 3, 14, 20, tzinfo=UTC)
    first = record_decision(opened, "sam-jones", Use.SELF_DESCRIPTION, Decision.AGREED,
                            when=moment)
    second = record_decision(open_book(small_book), "sam-jones", Use.SELF_DESCRIPTION,
                             Decision.WITHDRAWN, when=moment)
    assert first.file != second.file
    assert second.version is None
    assert (small_book / first.file).exists() and (small_book / second.file).exists()
