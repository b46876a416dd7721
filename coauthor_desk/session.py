"""An open book: the loaded folder together with its history, which every command, the window,
the tests and the benchmarks work on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coauthor_desk.history.identities import IdentityMatcher
from coauthor_desk.history.versions import History
from coauthor_desk.manuscript.loader import load_book, require_book_folder
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem


@dataclass
class OpenBook:
    """A loaded book together with its history."""

    book: Book
    history: History
    unsaved_files: list[str]


def open_book(root: Path | str) -> OpenBook:
    """Open a book folder. Its history comes first: a folder that could run a program is refused,
    and a save that stopped half-way is finished or undone, before any file is read."""
    root = Path(root)
    require_book_folder(root)
    history = History(root)
    unsaved = history.unsaved_files()
    return OpenBook(load_book(root), history, unsaved)


def this_computers_person(opened: OpenBook) -> str:
    """The person whose name and e-mail this computer saves versions with, for commands that
    act for someone and were not told who."""
    who = opened.history.own_identity()
    person = IdentityMatcher.from_book(opened.book).person_for(who)
    if person is None:
        raise BookError(Problem("people", "This computer saves versions as "
                                f"'{who.name or 'nobody'}', who is not one of the book's people.",
                                "Say who you are with --by and your id."))
    return person
