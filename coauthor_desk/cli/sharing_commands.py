"""Commands for sharing a book between computers: share, sync, get a copy, and the clashes
when two people changed the same words, with the choice between them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coauthor_desk.cli.command import Command, Outcome, folder_here, say
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.history.versions import Identity

_BY_HELP = "who you are (your id), when this computer's own name and e-mail are not set"


def _share_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--to", required=True, metavar="ADDRESS",
                        help="https://…, ssh://…, user@server:path, or a folder (an empty one "
                        "gets a new shared copy)")
    parser.add_argument("--by", metavar="ID", help=_BY_HELP)


def _sync_arguments(parser: argparse.ArgumentParser) -> None:
    folder_here(parser)
    parser.add_argument("--by", metavar="ID", help=_BY_HELP)


def _share_or_sync(arguments: argparse.Namespace) -> str:
    from coauthor_desk.history.sharing import share, sharing_status, sync

    who = _sharing_identity(arguments.folder, arguments.by)
    result = share(arguments.folder, arguments.to, who, say) if arguments.command == "share" \
        else sync(arguments.folder, who, say)
    for line in result.warnings:
        print(f"Please note: {line}", file=sys.stderr)
    lines = [result.summary(), *result.notes]
    if result.clashes:
        lines.append("Both versions are kept; 'coauthor-desk waiting' lists what to choose.")
    return "\n".join([*lines, sharing_status(arguments.folder)])


def _sharing_identity(folder: Path, by: str | None) -> Identity:
    """Who is sharing: the person named, or this computer's own name and e-mail."""
    from coauthor_desk.history.versions import History, identity_of

    if by:
        from coauthor_desk.session import open_book

        book = open_book(folder).book
        if by not in book.people:
            raise BookError(Problem("--by", f"'{by}' is not one of the book's people.",
                                    "Give your id as it is in the people folder."))
        return identity_of(book.people[by])
    own = History(folder).own_identity()
    if not own.name or not own.email:
        raise BookError(Problem("--by", "This computer has no name and e-mail to save "
                                "versions with.", "Say who you are with --by and your id."))
    return own


def _get_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("address", help="the shared copy's address or folder")
    parser.add_argument("folder", type=Path, help="a new or empty folder for the book")


def _get(arguments: argparse.Namespace) -> str:
    from coauthor_desk.history.sharing import get

    count = get(arguments.address, arguments.folder, say)
    return (f"Copied the shared book into {arguments.folder}, with {count} saved versions. "
            "Open it like any other book.")


def _clashes(arguments: argparse.Namespace) -> Outcome:
    """The open clashes, numbered; clash records that cannot be read make the exit code 1."""
    from coauthor_desk.history.sharing import open_clashes
    from coauthor_desk.session import open_book

    records, problems = open_clashes(open_book(arguments.folder).book.root)
    return Outcome(records, 1 if problems else 0,
                   [f"Cannot be read: {problem}" for problem in problems])


def _clashes_json(records: list[Any], arguments: argparse.Namespace) -> list[dict[str, Any]]:
    from coauthor_desk.history.sharing.choose import question

    return [{"number": n, "record": r.file, "kind": r.kind, "about": r.about,
             "paragraph": r.paragraph, "kept": r.kept, "kept_by": r.kept_by,
             "other": r.other, "other_by": r.other_by, "other_copy": r.other_copy,
             "question": question(r)} for n, r in enumerate(records, 1)]


def _clashes_text(records: list[Any], arguments: argparse.Namespace) -> str | None:
    from coauthor_desk.history.sharing.choose import question

    if not records:
        return "No clashes: nothing is waiting for a choice."
    lines = []
    for number, record in enumerate(records, 1):
        where = (f"in paragraph {record.paragraph} of {record.about}" if record.paragraph
                 else f"kept beside it as {record.other_copy}")
        lines.append(f"{number}. {question(record)} ({where}; {record.file})")
        if record.kind == "sentence":
            lines.append(f"   {record.kept_by}'s: “{record.kept}”\n   {record.other_by}'s: "
                         f"“{record.other}”")
    return "\n".join(lines)


def _choose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("clash", help="the clash's number as 'clashes' lists it, or its name")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--use-kept", action="store_true", help="keep the words in the book now")
    which.add_argument("--use-other", action="store_true", help="use the other person's words")
    which.add_argument("--words", metavar="TEXT", help="write the sentence again, like this")
    parser.add_argument("--by", metavar="ID", help="who is choosing (their id); by default the "
                        "person whose name and e-mail this computer saves versions with")


def _choose(arguments: argparse.Namespace) -> str:
    from coauthor_desk.history.sharing.choose import KEPT, OTHER, choose
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    use = KEPT if arguments.use_kept else OTHER if arguments.use_other else None
    return choose(opened, arguments.clash, arguments.by or this_computers_person(opened),
                  use=use, words=arguments.words)


SHARE = Command("share", "share the book with other computers: say where its shared copy lives "
                "(a server's https or ssh address, or a folder), then share what is here",
                _share_or_sync, _share_arguments)
SYNC = Command("sync", "get the latest from the shared copy and share your saved versions",
               _share_or_sync, _sync_arguments)
CLASHES = Command("clashes", "words two people changed at the same time on two computers, "
                  "waiting for someone to choose", _clashes, folder_here, _clashes_text,
                  _clashes_json, "print them as JSON")
CHOOSE = Command("choose", "choose between two people's words: use the words in the book now, "
                 "the other words, or write it again", _choose, _choose_arguments)
GET = Command("get", "copy a shared book to this computer", _get, _get_arguments)
