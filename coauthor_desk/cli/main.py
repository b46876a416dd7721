"""The command line: the same core as the window, for people who like typing and for scripts.

Every command is declared once, in COMMANDS (see command.Command): one loop builds the parser
from the table, and one runner prints each result, as JSON with --json."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from coauthor_desk import __version__
from coauthor_desk.cli import (
    agreement_commands,
    book_commands,
    comment_commands,
    file_commands,
    sharing_commands,
    suggestion_commands,
)
from coauthor_desk.cli.command import Command
from coauthor_desk.problems import BookError

log = logging.getLogger(__name__)

# In the order `coauthor-desk --help` lists them.
COMMANDS: tuple[Command, ...] = (
    book_commands.NEW, book_commands.EXAMPLE, book_commands.STATUS,
    agreement_commands.AGREE, agreement_commands.WITHDRAW, agreement_commands.CHECK,
    book_commands.CREDITS, comment_commands.CHANGES, comment_commands.COMMENT,
    comment_commands.COMMENTS, book_commands.WAITING, book_commands.WHO_WROTE,
    file_commands.EXPORT, file_commands.REVIEW_COPY, file_commands.IMPORT,
    sharing_commands.SHARE, sharing_commands.SYNC, sharing_commands.CLASHES,
    sharing_commands.CHOOSE, sharing_commands.GET,
    suggestion_commands.SAVE, suggestion_commands.SUGGESTIONS, suggestion_commands.DECIDE,
    suggestion_commands.REVIEW, book_commands.OPEN,
)
BY_NAME = {command.name: command for command in COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coauthor-desk", description="Write a book together with the people it is about. "
        "With no command, the window opens.")
    parser.add_argument("--version", action="version", version=f"CoAuthor Desk {__version__}")
    parser.add_argument("--example", action="store_true",
                        help="open a fresh copy of the example book in the window")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_to(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Exit codes: 0 done, 1 the book has a problem, 2 the command was wrong.

    Everything it prints is made safe for a terminal first: titles, names and messages come
    from files anyone can edit, and may hide control codes the terminal would obey."""
    from coauthor_desk.terminal import safe_output

    with safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command is None:
            return book_commands.no_command(arguments)
        return BY_NAME[arguments.command].show(arguments)
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
        log_file = write_error_log(traceback.format_exc())
        where = (f"Details for the developers are in {log_file}." if log_file is not None else
                 "The details could not be saved in a log file.")
        print("Something went wrong that CoAuthor Desk did not expect, so it stopped. "
              f"Your book was not changed. {where}", file=sys.stderr)
        return 1


def write_error_log(details: str) -> Path | None:
    """Save what went wrong in a new file in this person's own log folder, and say where.

    Never a fixed name in a shared folder: anyone on the computer could read it there, or put a
    link in its place that makes the app overwrite a file of theirs. Each run gets its own file,
    made afresh (never opened if it exists) and readable by this person only. Returns None when
    even that fails: the safety net itself must never fail.
    """
    import platformdirs

    try:
        folder = Path(platformdirs.user_log_dir("coauthor-desk"))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp makes a new file only this person can read, with a name nobody can guess.
        handle, path = tempfile.mkstemp(
            dir=folder, prefix=f"error-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-",
            suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(details)
        return Path(path)
    except OSError:
        return None


def _plural(error: BookError) -> str:
    count = len(error.problems)
    return "Please fix this and try again:" if count == 1 else \
        f"Please fix these {count} things and try again:"


