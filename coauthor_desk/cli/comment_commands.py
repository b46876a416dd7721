"""Commands about a chapter's words: what changed in them, and comments left on them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coauthor_desk.cli.command import Command, WrongCommand, folder_here


def _changes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("chapter", nargs="?", help="the chapter's name")
    parser.add_argument("--since", help="a saved version's id, or a date (YYYY-MM-DD); by "
                        "default the version before the newest")
    parser.add_argument("--person", help="instead of one chapter: what changed in this "
                        "person's chapters (needs --since)")


def _changes(arguments: argparse.Namespace) -> tuple[list[Any], str]:
    """The change reports asked for, with the name of the person asked about (or "")."""
    from coauthor_desk.changes.story import chapter_changes, person_changes
    from coauthor_desk.session import open_book

    if bool(arguments.chapter) == bool(arguments.person) or (arguments.person and
                                                             not arguments.since):
        raise WrongCommand("Say which chapter, or give --person and --since.")
    opened = open_book(arguments.folder)
    if arguments.chapter:
        return [chapter_changes(opened, arguments.chapter, arguments.since)], ""
    return (person_changes(opened, arguments.person, arguments.since),
            opened.book.name_of(arguments.person))


def _changes_text(found: tuple[list[Any], str], arguments: argparse.Namespace) -> str:
    from coauthor_desk.changes.report import changes_text

    reports, name = found
    if not reports:
        return f"Nothing changed in {name}'s chapters since {arguments.since}."
    return "\n".join(changes_text(r).rstrip("\n") for r in reports)


def _changes_json(found: tuple[list[Any], str], arguments: argparse.Namespace) -> Any:
    from coauthor_desk.changes.report import changes_report

    reports = found[0]
    return [changes_report(r) for r in reports] if arguments.person else \
        changes_report(reports[0])


def _comment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("chapter", help="the chapter's name")
    parser.add_argument("--quote", required=True, help="the words the comment is about, "
                        "exactly as they are in the chapter")
    parser.add_argument("--to", required=True, help="who it is for (their id)")
    parser.add_argument("--text", required=True, help="the comment itself")
    parser.add_argument("--by", help="who is writing it (their id); by default the person "
                        "whose name and e-mail this computer saves versions with")
    parser.add_argument("--kind", choices=["comment", "question", "suggestion"],
                        default="comment")
    parser.add_argument("--proposed", help="for a suggestion: the words to put instead")
    parser.add_argument("--occurrence", type=int, help="which place, when the words are in "
                        "the chapter more than once (1 for the first)")


def _comment(arguments: argparse.Namespace) -> str:
    from coauthor_desk.comments.actions import start_thread
    from coauthor_desk.comments.where_now import thread_status
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    by = arguments.by or this_computers_person(opened)
    thread = start_thread(opened, arguments.chapter, arguments.quote, arguments.to,
                          arguments.text, by, arguments.kind, arguments.proposed,
                          arguments.occurrence)
    where = thread_status(opened.book, thread)
    return (f"Left a {thread.kind.value} for {opened.book.name_of(thread.to)} on line "
            f"{where.line} of {opened.book.chapters[thread.chapter].file}. Kept in "
            f"{thread.file}.")


def _comments(arguments: argparse.Namespace) -> dict[str, Any]:
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.comments.report import threads_report
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    threads, problems = load_threads(opened.book)
    return threads_report(opened.book, threads, problems)


def _comments_text(report: dict[str, Any], arguments: argparse.Namespace) -> str:
    from coauthor_desk.comments.report import threads_text

    return threads_text(report).rstrip("\n")


CHANGES = Command("changes", "what changed in a chapter, in words: who reworded, added, moved "
                  "or took out what, and when", _changes, _changes_arguments, _changes_text,
                  _changes_json)
COMMENT = Command("comment", "leave a comment, question or suggested change on some words of "
                  "a chapter, for someone", _comment, _comment_arguments)
COMMENTS = Command("comments", "the comments on the chapters, where their words are now, and "
                   "who each one waits on", _comments, folder_here, _comments_text,
                   lambda report, arguments: report, "print them as JSON")
