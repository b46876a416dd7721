"""Everything the credits say, in one report: as plain data (for --json) and as terminal text."""

from __future__ import annotations

from typing import Any

from coauthor_desk.credits.bylines import bylines
from coauthor_desk.credits.contributors import ContributorNote, notes_on_contributors
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.credits.statements import authorship_statement, contributions_statement
from coauthor_desk.manuscript.model import Book, CreditAs

# The only part of the report for the editors' eyes alone: it holds people's ids.
NOT_YET_AGREED = "unnamed_until_they_agree"


def credits_report(book: Book, permissions: Permissions) -> dict[str, Any]:
    """The bylines by chapter id, the notes on contributors, the contributions statement and the
    authorship statement, all as they would be printed; and, apart from those, the ids of the
    people left unnamed only because they have not (or no longer) agreed to be named."""
    notes = notes_on_contributors(book, permissions)
    return {
        "bylines": bylines(book, permissions),
        "notes_on_contributors": {
            "entries": [{"name": e.name, "members": e.members, "text": e.text}
                        for e in notes.entries],
            "closing": notes.closing,
        },
        "contributions_statement": [
            {"role": line.role, "label": line.label, "credited": list(line.credited),
             "not_named": line.not_named, "text": line.text}
            for line in contributions_statement(book, permissions)],
        "authorship_statement": authorship_statement(book, permissions),
        NOT_YET_AGREED: unnamed_until_they_agree(book, permissions),
    }


def unnamed_until_they_agree(book: Book, permissions: Permissions) -> list[str]:
    """Ids of people who chose to be named but are left unnamed, because their agreement to be
    named is missing, out of date or withdrawn. Anonymous people chose it, so are not listed."""
    return sorted(p.id for p in book.people.values()
                  if p.id not in permissions.named and p.credit_as is not CreditAs.ANONYMOUS)


def credits_text(report: dict[str, Any]) -> str:
    """The report for reading in a terminal, in the order a reader meets the parts in the book."""
    lines = ["Bylines", ""]
    for chapter_id, byline in report["bylines"].items():
        lines.append(f"  {chapter_id}: {byline or '(no authors yet)'}")
    lines += ["", "Notes on contributors", ""]
    notes = report["notes_on_contributors"]
    for entry in notes["entries"]:
        lines.append(f"  {ContributorNote(**entry).heading}")
        lines += [f"    {line}" if line else "" for line in entry["text"].splitlines()]
        lines.append("")
    if notes["closing"]:
        lines += [f"  {notes['closing']}", ""]
    lines += ["Contributions", ""]
    lines += [f"  {line['text']}" for line in report["contributions_statement"]]
    lines += ["", "About the authors", "", f"  {report['authorship_statement']}"]
    waiting = report.get(NOT_YET_AGREED) or []
    if waiting:
        lines += ["", "For the editors: left unnamed until they agree to be named", ""]
        lines += [f"  {person_id}" for person_id in waiting]
    return "\n".join(lines).rstrip() + "\n"
