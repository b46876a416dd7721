"""The command line: the same core as the window, for people who like typing and for scripts."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from coauthor_desk import __version__
from coauthor_desk.problems import BookError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coauthor-desk", description="Write a book together with the people it is about. "
        "With no command, the window opens.")
    parser.add_argument("--version", action="version", version=f"CoAuthor Desk {__version__}")
    parser.add_argument("--example", action="store_true",
                        help="open a fresh copy of the example book in the window")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="make a new, empty book in a folder")
    new.add_argument("folder", type=Path)
    new.add_argument("--title", required=True, help="the book's title")
    new.add_argument("--editor", help="the name of the editor making the book")

    example = commands.add_parser("example", help="make a copy of the example book")
    example.add_argument("folder", type=Path)

    status = commands.add_parser("status", help="chapters, people and who is waiting on what")
    status.add_argument("folder", type=Path, nargs="?", default=Path("."))
    status.add_argument("--json", action="store_true", help="print the report as JSON")

    open_ = commands.add_parser("open", help="open a book folder in the window")
    open_.add_argument("folder", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Exit codes: 0 done, 1 the book has a problem, 2 the command was wrong."""
    arguments = build_parser().parse_args(argv)
    try:
        return _run(arguments)
    except BookError as error:
        if getattr(arguments, "json", False):  # scripts get the problems in a form they can read
            print(json.dumps({"problems": [p.as_dict() for p in error.problems]}, indent=2,
                             ensure_ascii=False))
        print(f"CoAuthor Desk could not do that. {_plural(error)}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped early ("status | head"): that is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout at exit)
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 1
    except Exception:  # the last safety net: a plain message, the details in a log file
        log_file = Path(tempfile.gettempdir()) / "coauthor-desk-error.log"
        log_file.write_text(traceback.format_exc(), "utf-8")
        print("Something went wrong that CoAuthor Desk did not expect, so it stopped. "
              f"Your book was not changed. Details for the developers are in {log_file}.",
              file=sys.stderr)
        return 1


def _plural(error: BookError) -> str:
    count = len(error.problems)
    return "Please fix this and try again:" if count == 1 else \
        f"Please fix these {count} things and try again:"


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "new":
        from coauthor_desk.history.versions import Identity, start_history
        from coauthor_desk.manuscript.edit import slug, write_new_book

        write_new_book(arguments.folder, arguments.title, arguments.editor)
        who = Identity(arguments.editor, f"{slug(arguments.editor)}@people.invalid") \
            if arguments.editor else None
        start_history(arguments.folder, who, f"Started the book '{arguments.title}'")
        print(f"Made a new book, '{arguments.title}', in {arguments.folder}.")
        return 0
    if arguments.command == "example":
        from coauthor_desk.example_book import make_example_book

        count = make_example_book(arguments.folder)
        print(f"Made the example book in {arguments.folder}, with {count} saved versions.")
        return 0
    if arguments.command == "status":
        from coauthor_desk.status import open_book, status_report, status_text

        report = status_report(open_book(arguments.folder))
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
              else status_text(report))
        return 0
    if arguments.command == "open":
        return _window(arguments.folder)
    if arguments.example:
        from coauthor_desk.example_book import make_example_book

        folder = Path(tempfile.mkdtemp(prefix="coauthor-example-")) / "example-book"
        make_example_book(folder)
        return _window(folder)
    return _window(None)


def _window(folder: Path | None) -> int:
    from coauthor_desk.gui.app import run_window

    return run_window(folder)


if __name__ == "__main__":
    sys.exit(main())
