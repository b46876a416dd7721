"""What the window shows of a book, worked out together away from the window's thread.

No Qt here: the window imports this when it first opens a book, after its first paint, so
the window appears sooner. Who wrote what is slower, and follows separately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coauthor_desk.agreements.publish import PublishCheck, permissions_from, publish_check
from coauthor_desk.agreements.records import Use
from coauthor_desk.agreements.rules import State
from coauthor_desk.checks.style import Style
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.report import threads_report
from coauthor_desk.credits.report import credits_report
from coauthor_desk.manuscript.model import Chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import OpenBook, open_book, this_computers_person
from coauthor_desk.waiting import Waiting, last_heard_from, waiting_report


@dataclass
class BookView:
    """Everything the window shows straight away."""

    opened: OpenBook
    check: PublishCheck
    credits: dict
    comments: dict
    waiting: list[Waiting]
    me: str | None  # the person this computer saves versions as, when known
    heard: dict[str, datetime]  # when each person last saved a version or wrote a comment
    style: Style | None  # the house style the words are checked against
    style_problem: str  # why there is no house style to check against, if there is none


def view_book(folder: Path) -> BookView:
    """Open the book and work out everything the window shows (slow on a long history)."""
    opened = open_book(folder)
    check = publish_check(opened)
    threads, problems = load_threads(opened.book)
    heard = last_heard_from(opened, threads)
    try:  # (its word list takes a moment to build the first time)
        style, style_problem = Style.from_house_style(opened.book.house_style), ""
    except BookError as error:
        style, style_problem = None, error.plain()
    return BookView(opened, check, credits_report(opened.book, permissions_from(check.standings)),
                    threads_report(opened.book, threads, problems),
                    waiting_report(opened, check, threads, heard=heard), me(opened), heard,
                    style, style_problem)


def agreement_words(check: PublishCheck, chapter: Chapter) -> str:
    """Where the authors' agreement to a chapter stands, in words (the least settled first)."""
    states = {check.standings[(a, Use.CHAPTER, chapter.id)].state for a in chapter.authors
              if (a, Use.CHAPTER, chapter.id) in check.standings}
    if not states:
        return "No authors yet"
    return min(states, key=lambda s: s is State.AGREED).label


def me(opened: OpenBook) -> str | None:
    """The person this computer saves as; failing that, the first editor."""
    try:
        return this_computers_person(opened)
    except BookError:
        return opened.book.editors[0] if opened.book.editors else None
