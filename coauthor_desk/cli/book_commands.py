"""Commands about the whole book: make one, see where it stands, its credits, who wrote what,
who is waiting on what, and opening it in the window."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from coauthor_desk.cli.command import Command, Exit, folder, folder_here


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--title", required=True, help="the book's title")
    parser.add_argument("--editor", help="the name of the editor making the book")


def _new(arguments: argparse.Namespace) -> str:
    from coauthor_desk.history.versions import Identity, start_history
    from coauthor_desk.manuscript.edit import slug, write_new_book

    write_new_book(arguments.folder, arguments.title, arguments.editor)
    who = Identity(arguments.editor, f"{slug(arguments.editor)}@people.invalid") \
        if arguments.editor else None
    start_history(arguments.folder, who, f"Started the book '{arguments.title}'")
    return f"Made a new book, '{arguments.title}', in {arguments.folder}."


def _example(arguments: argparse.Namespace) -> str:
    from coauthor_desk.example_book import make_example_book

    count = make_example_book(arguments.folder)
    return f"Made the example book in {arguments.folder}, with {count} saved versions."


def _status(arguments: argparse.Namespace) -> dict[str, Any]:
    from coauthor_desk.session import open_book
    from coauthor_desk.status import status_report

    return status_report(open_book(arguments.folder))


def _status_text(report: dict[str, Any], arguments: argparse.Namespace) -> str:
    from coauthor_desk.status import status_text

    return status_text(report)


def _credits(arguments: argparse.Namespace) -> dict[str, Any]:
    from coauthor_desk.agreements.publish import check_agreements, permissions_from
    from coauthor_desk.credits.report import credits_report
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    return credits_report(opened.book, permissions_from(check_agreements(opened)[1]))


def _credits_text(report: dict[str, Any], arguments: argparse.Namespace) -> str:
    from coauthor_desk.credits.report import credits_text

    return credits_text(report)


def _who_wrote(arguments: argparse.Namespace) -> dict[str, Any]:
    from coauthor_desk.history.authorship import authorship_report, who_wrote_what
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    return authorship_report(who_wrote_what(opened.book, opened.history), opened.book)


def _who_wrote_text(report: dict[str, Any], arguments: argparse.Namespace) -> str:
    from coauthor_desk.history.authorship import authorship_text

    return authorship_text(report)


def _waiting(arguments: argparse.Namespace) -> list[Any]:
    from coauthor_desk.agreements.publish import publish_check
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.session import open_book
    from coauthor_desk.waiting import waiting_report

    opened = open_book(arguments.folder)
    return waiting_report(opened, publish_check(opened), load_threads(opened.book)[0])


def _waiting_text(found: list[Any], arguments: argparse.Namespace) -> str:
    from coauthor_desk.waiting import waiting_text

    return waiting_text(found)


def _open_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    # For checking a built app: open the window on the book, wait until it has loaded, say so,
    # close the window and exit (0 when the book loaded, 1 when it did not).
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)


def _open(arguments: argparse.Namespace) -> Exit:
    if arguments.smoke_test:
        from coauthor_desk.gui.app import smoke_test

        return Exit(smoke_test(arguments.folder))
    return Exit(window(arguments.folder))


def no_command(arguments: argparse.Namespace) -> int:
    """With no command, the window opens: on a fresh copy of the example book with --example."""
    if arguments.example:
        from coauthor_desk.example_book import make_example_book

        folder_made = Path(tempfile.mkdtemp(prefix="coauthor-example-")) / "example-book"
        make_example_book(folder_made)
        return window(folder_made)
    return window(None)


def window(book_folder: Path | None) -> int:
    from coauthor_desk.gui.app import run_window

    return run_window(book_folder)


NEW = Command("new", "make a new, empty book in a folder", _new, _new_arguments)
EXAMPLE = Command("example", "make a copy of the example book", _example, folder)
STATUS = Command("status", "chapters, people and who is waiting on what", _status, folder_here,
                 _status_text, lambda report, arguments: report, "print the report as JSON")
CREDITS = Command("credits", "bylines, notes on contributors and the contributions and "
                  "authorship statements, as agreed so far", _credits, folder_here,
                  _credits_text, lambda report, arguments: report, "print the credits as JSON")
WAITING = Command("waiting", "who is waiting on what: chapters, agreements to ask for, "
                  "unanswered questions, people not heard from, access needs not met",
                  _waiting, folder_here, _waiting_text,
                  lambda found, arguments: [w.as_dict() for w in found], "print it as JSON",
                  text_end="")
WHO_WROTE = Command("who-wrote", "each person's share of the words, and their saved versions "
                    "by month, from the book's history", _who_wrote, folder_here,
                    _who_wrote_text, lambda report, arguments: report, text_end="")
OPEN = Command("open", "open a book folder in the window", _open, _open_arguments)
