"""The rules on their own: latest decision wins, and changes are told in paragraphs."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from coauthor_desk.agreements.records import Decision, Record, Use
from coauthor_desk.agreements.rules import (
    AgreedTexts,
    describe_change,
    latest_decisions,
    needed,
    paragraph_marks,
)
from coauthor_desk.history.versions import History
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.loader import load_book

START = datetime(2025, 3, 3, 14, 20, tzinfo=UTC)


def record(minutes: int, decision: Decision, record_id: str = "x") -> Record:
    return Record(f"{record_id}-{minutes}", "agreements/sam/x.yaml", "sam", Use.CHAPTER, "one",
                  decision, None, START + timedelta(minutes=minutes), "sam")


def test_the_latest_decision_counts_whatever_order_the_files_are_read_in():
    records = [record(5, Decision.WITHDRAWN), record(0, Decision.AGREED),
               record(9, Decision.AGREED), record(7, Decision.NOT_AGREED)]
    assert latest_decisions(records)[("sam", Use.CHAPTER, "one")].decision is Decision.AGREED
    assert latest_decisions(records[:2] + records[3:])[("sam", Use.CHAPTER, "one")] \
        .decision is Decision.NOT_AGREED


def test_paragraphs_ignore_wrapping_and_spacing():
    assert paragraph_marks("One  two\nthree.\n\n\nFour.") == paragraph_marks(
        "One two three.\n\nFour.\n")
    assert len(paragraph_marks("a\n\nb\n\nc")) == 3


def test_changes_are_counted_in_plain_words():
    assert describe_change(["a", "b", "c"], ["a", "x", "c"]) == "one paragraph changed"
    assert describe_change(["a", "b"], ["a", "b", "c", "d"]) == "two paragraphs were added"
    assert describe_change(["a", "b", "c"], ["a"]) == "two paragraphs were taken out"
    assert describe_change(["a", "b", "c"], ["x", "b"]) == \
        "one paragraph changed and one paragraph was taken out"


def test_the_example_book_needs_every_author_every_named_person_and_every_quote(
        example_book: Path):
    book = load_book(example_book)
    subjects = needed(book)
    assert ("margaret-ellis", Use.CHAPTER, "16-what-carers-told-us") in subjects
    assert ("michael-carter", Use.NAMED, None) in subjects
    assert ("anon-survivor", Use.NAMED, None) not in subjects  # nobody to name
    assert ("jean-thornton", Use.QUOTE, "back-cover") in subjects
    assert not any(use is Use.SELF_DESCRIPTION for _, use, _ in subjects)  # optional


def test_agreed_texts_come_from_the_history_and_are_remembered(example_book: Path):
    history = History(example_book)
    chapter = load_book(example_book).chapters["03-caring-for-ron"]
    texts = AgreedTexts(history)
    assert texts.paragraphs(chapter.fingerprint) == paragraph_marks(chapter.body)
    assert texts.paragraphs("0" * 40) is None  # not in the history
    assert texts.paragraphs("--output=/tmp/x") is None  # never handed to git as an option
    texts.save()
    remembered = DetailsCache(example_book, ".coauthor/agreed-texts.json")
    assert remembered.get(chapter.fingerprint, "paragraphs") is not None


def test_agreed_texts_are_fetched_together_in_one_call_to_git(example_book: Path, monkeypatch):
    history = History(example_book)
    chapter = load_book(example_book).chapters["03-caring-for-ron"]
    old = [change.new for logged in history.file_changes(chapter.file)
           for change in logged.changes if change.new]
    assert len(old) >= 2
    calls = []
    contents = history.contents
    monkeypatch.setattr(history, "contents", lambda wanted: calls.append(wanted)
                        or contents(wanted))
    texts = AgreedTexts(history)
    texts.want([*old, "0" * 40, "--all"])
    assert all(texts.paragraphs(version) is not None for version in old)
    assert texts.paragraphs("0" * 40) is None and len(calls) == 1
    assert sorted(calls[0]) == sorted({*old, "0" * 40})  # never "--all"
