"""Credit for every kind of contribution, in the names people chose (design notes §2.3).

Pure Python: every output takes the book and a `Permissions` saying whom the current agreements
allow to be named and counted; nobody outside `named` is ever named, by any of their names.
"""

from coauthor_desk.credits.bylines import byline, bylines
from coauthor_desk.credits.contributors import (
    ContributorNote,
    ContributorNotes,
    notes_on_contributors,
)
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.credits.report import credits_report, credits_text
from coauthor_desk.credits.statements import (
    ContributionLine,
    authorship_statement,
    contributions_statement,
    contributions_text,
)

__all__ = [
    "ContributionLine",
    "ContributorNote",
    "ContributorNotes",
    "Permissions",
    "authorship_statement",
    "byline",
    "bylines",
    "contributions_statement",
    "contributions_text",
    "credits_report",
    "credits_text",
    "notes_on_contributors",
]
