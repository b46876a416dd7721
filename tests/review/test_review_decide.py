"""The owner's choices about suggestions: each saved at once under the right name, each can be
taken back, and a suggestion whose words changed says so instead of changing other words."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coauthor_desk.agreements.records import How
from coauthor_desk.comments.actions import read_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import SuggestionDecision
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError
from coauthor_desk.review.acting import Acting
from coauthor_desk.review.decide import TALK_WORDS, Choice, decide, take_back
from coauthor_desk.review.queue import suggestions_for
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import open_book

CHAPTER = "03-caring-for-ron"
SENTENCE = "About six years ago he began to forget things."
JEAN = Acting("jean-thornton")


def _suggest(folder: Path, old: str = SENTENCE, new: str = "Six years ago he forgot.") -> str:
    opened = open_book(folder)
    body = opened.book.chapters[CHAPTER].body
    made = save_edit(opened, CHAPTER, body.replace(old, new), "helen-marsh").suggested
    assert len(made) == 1
    return made[0].id


def _log(folder: Path, count: int = 1) -> list[str]:
    return subprocess.run(["git", "-C", str(folder), "log", f"-{count}", "--format=%an|%s"],
                          capture_output=True, text=True, check=True).stdout.splitlines()


def _body(folder: Path) -> str:
    return load_book(folder).chapters[CHAPTER].body


def test_keep_talk_and_take_back_are_each_a_version_of_their_own(example_book: Path):
    thread_id = _suggest(example_book)
    before = _body(example_book)
    kept = decide(open_book(example_book), thread_id, Choice.KEEP, JEAN, "I like mine")
    assert kept.decision is SuggestionDecision.KEPT and not kept.is_open
    assert kept.messages[-1].text == "I like mine" and _body(example_book) == before
    assert _log(example_book) == ["Jean Thornton|Jean kept their own words instead of "
                                  "Helen's suggestion in 'Caring for Ron'"]
    with pytest.raises(BookError, match="A choice was already made"):
        decide(open_book(example_book), thread_id, Choice.USE, JEAN)
    back = take_back(open_book(example_book), thread_id, JEAN)
    assert back.is_open and back.decision is None
    talk = decide(open_book(example_book), thread_id, Choice.TALK, JEAN)
    assert talk.is_open and talk.decision is SuggestionDecision.TALK
    assert talk.messages[-1].text == TALK_WORDS
    # Still waiting after asking to talk: the owner can still use it.
    used = decide(open_book(example_book), thread_id, Choice.USE, JEAN)
    assert used.accepted and "Six years ago he forgot." in _body(example_book)
    take_back(open_book(example_book), thread_id, JEAN)
    assert _body(example_book) == before
    assert [line.split("|")[0] for line in _log(example_book, 5)] == ["Jean Thornton"] * 5


def test_an_editor_records_for_the_owner_saying_how(example_book: Path):
    thread_id = _suggest(example_book)
    with pytest.raises(BookError, match="Say how Jean Thornton told Helen Marsh"):
        decide(open_book(example_book), thread_id, Choice.KEEP,
               Acting("jean-thornton", "helen-marsh"))
    kept = decide(open_book(example_book), thread_id, Choice.KEEP,
                  Acting("jean-thornton", "helen-marsh", How.IN_PERSON))
    assert (kept.resolved_by, kept.recorded_by, kept.how) == ("jean-thornton", "helen-marsh",
                                                             "in-person")
    assert _log(example_book) == ["Helen Marsh|Jean kept their own words instead of Helen's "
                                  "suggestion in 'Caring for Ron' (recorded by Helen Marsh, "
                                  "told in person)"]
    again = read_thread(open_book(example_book), thread_id)
    assert (again.recorded_by, again.how, again.decision) == ("helen-marsh", "in-person",
                                                              SuggestionDecision.KEPT)


def test_nobody_else_decides_about_someones_words(example_book: Path):
    thread_id = _suggest(example_book)
    for someone in ("helen-marsh", "kwame-mensah"):
        with pytest.raises(BookError, match="Only Jean Thornton can decide"):
            decide(open_book(example_book), thread_id, Choice.KEEP, Acting(someone))


def test_a_suggestion_whose_words_the_owner_changed_says_it_can_no_longer_be_used(
        example_book: Path):
    thread_id = _suggest(example_book)
    body = _body(example_book)
    save_edit(open_book(example_book), CHAPTER, body.replace(SENTENCE, "Years ago it began."),
              "jean-thornton")
    book = load_book(example_book)
    [found] = suggestions_for(book, load_threads(book)[0], "jean-thornton")
    assert not found.usable and "can no longer be used" in found.state
    before = _body(example_book)
    with pytest.raises(BookError, match="no longer in the chapter|have changed"):
        decide(open_book(example_book), thread_id, Choice.USE, JEAN)
    assert _body(example_book) == before
    kept = decide(open_book(example_book), thread_id, Choice.KEEP, JEAN)  # always possible
    assert kept.decision is SuggestionDecision.KEPT


def test_the_same_words_twice_a_suggestion_keeps_to_its_own_place(example_book: Path):
    body = _body(example_book)
    twice = body.replace(SENTENCE, f"{SENTENCE} Then came winter. {SENTENCE}")
    save_edit(open_book(example_book), CHAPTER, twice, "jean-thornton")
    # Helen suggests a change to the second one only.
    second = twice.index(SENTENCE, twice.index(SENTENCE) + 1)
    edited = twice[:second] + "He forgot more." + twice[second + len(SENTENCE):]
    made = save_edit(open_book(example_book), CHAPTER, edited, "helen-marsh").suggested
    assert len(made) == 1
    decide(open_book(example_book), made[0].id, Choice.USE, JEAN)
    now = _body(example_book)
    assert now == edited  # the second place changed, the first stayed
    assert now.count(SENTENCE) == 1 and now.index(SENTENCE) < now.index("He forgot more.")


def test_queue_is_in_reading_order_and_each_owner_sees_only_their_own(example_book: Path):
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    later = "Then one morning he went out for the paper and could not find his way home."
    assert later in body
    save_edit(opened, CHAPTER, body.replace(later, "One day he got lost.").replace(
        SENTENCE, "He forgot."), "helen-marsh")
    book = load_book(example_book)
    threads = load_threads(book)[0]
    mine = suggestions_for(book, threads, "jean-thornton")
    assert [s.thread.anchor.quote for s in mine] == [SENTENCE, later]
    for person in book.people:
        if person != "jean-thornton":
            assert suggestions_for(book, threads, person) == []
