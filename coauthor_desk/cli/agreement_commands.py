"""Commands about agreements and checks: record that someone agreed or withdrew, and check
the chapters' plain language or everything that stops the book being published."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from coauthor_desk.cli.command import HOWS, Command, Outcome, folder_here

USES = ["chapter", "named", "quote", "self-description"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-12-31") from None


def _decision_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--person", required=True, help="whose decision it is (their id)")
    parser.add_argument("--use", required=True, choices=USES,
                        help="chapter: a chapter's text being published; named: being "
                        "named in the book as they chose; quote: a quote used elsewhere; "
                        "self-description: being counted in the authorship statement")
    parser.add_argument("--chapter", help="the chapter, for --use chapter")
    parser.add_argument("--quote", help="the quote's id in book.yaml, for --use quote")
    parser.add_argument("--on-behalf-by", metavar="ID",
                        help="who is writing it down for them (for example an editor)")
    parser.add_argument("--how", choices=HOWS,
                        help="how they told you, when recorded on their behalf")
    parser.add_argument("--note", help="a short note to keep with the decision")


def _agree_arguments(parser: argparse.ArgumentParser) -> None:
    _decision_arguments(parser)
    parser.add_argument("--said-no", action="store_true", help="record that they did not agree")
    parser.add_argument("--expires", type=_date, metavar="YYYY-MM-DD",
                        help="the last day the agreement holds")


def _decide(arguments: argparse.Namespace) -> str:
    from coauthor_desk.agreements.decide import record_decision
    from coauthor_desk.agreements.records import Decision, How, Use
    from coauthor_desk.agreements.store import describe
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    decision = Decision.WITHDRAWN if arguments.command == "withdraw" else \
        Decision.NOT_AGREED if arguments.said_no else Decision.AGREED
    record = record_decision(
        opened, arguments.person, Use(arguments.use), decision,
        arguments.chapter or arguments.quote, arguments.on_behalf_by,
        How(arguments.how) if arguments.how else None,
        getattr(arguments, "expires", None), arguments.note)
    return f"{describe(opened.book, record)}. Kept in {record.file}."


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    folder_here(parser)
    parser.add_argument("chapter", nargs="?", help="one chapter to check (all by default)")
    parser.add_argument("--publish", action="store_true",
                        help="check agreements and hidden names before publishing")


def _check(arguments: argparse.Namespace) -> Outcome:
    """The plain-language findings; with --publish, the publish check (exit 1: not ready)."""
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    if not arguments.publish:
        from coauthor_desk.checks.chapter_checks import check_chapters, checks_report

        return Outcome(checks_report(check_chapters(
            opened.book, [arguments.chapter] if arguments.chapter else None)))
    from coauthor_desk.agreements.publish import check_report, publish_check

    report = check_report(publish_check(opened), opened.book)
    return Outcome(report, 0 if report["ready"] else 1)


def _check_text(report: dict[str, Any], arguments: argparse.Namespace) -> str:
    if not arguments.publish:
        from coauthor_desk.checks.chapter_checks import checks_text

        return checks_text(report)  # ends with its own line break
    from coauthor_desk.agreements.publish import check_text

    return check_text(report) + "\n"


AGREE = Command("agree", "record that someone agreed (or did not agree) to a use of their words "
                "or name", _decide, _agree_arguments)
WITHDRAW = Command("withdraw", "record that someone withdrew their agreement", _decide,
                   _decision_arguments)
CHECK = Command("check", "plain-language suggestions for the chapters; with --publish, "
                "everything that stops the book being published", _check, _check_arguments,
                _check_text, lambda report, arguments: report, text_end="")
