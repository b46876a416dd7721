"""The book's own details for its pages and its e-book record: the page size its house style
asks for, the editors named as the book's creators, and the book's date.

Kept apart from the assembly so the rule is in one place: only editors who may be named (their
agreement to be named as they chose is current) are listed, exactly as the credits do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coauthor_desk.credits.names import printed_name
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem

# The trim sizes a house style may choose ('page: a4'); the first is the default.
PAGES = {"book": "156 × 234 mm, the size of most published books",
         "a4": "A4 (210 × 297 mm), for printing at home or in an office"}


def page_of(book: Book) -> str:
    """The page size the book's house style asks for; refused plainly when it is not one we
    can set, rather than quietly printing on another size."""
    chosen = book.house_style.get("page", "book")
    if not isinstance(chosen, str) or chosen.strip().lower() not in PAGES:
        raise BookError(Problem("book.yaml", f"The house style's page size '{chosen}' is not one "
                                "the app can set.", "Write 'page: book' (156 × 234 mm, the "
                                "default) or 'page: a4' under house_style."))
    return chosen.strip().lower()


def day_of(book: Book, now: datetime | None = None) -> str:
    """The book's date as YYYY-MM-DD: its house style's 'date' when set, else the day it is
    made, so an e-book is never dated 1970."""
    chosen = book.house_style.get("date")
    if isinstance(chosen, datetime):
        return chosen.date().isoformat()
    if isinstance(chosen, date):
        return chosen.isoformat()
    if isinstance(chosen, str) and chosen.strip():
        try:
            return date.fromisoformat(chosen.strip()).isoformat()
        except ValueError:
            raise BookError(Problem("book.yaml", f"The house style's date '{chosen}' is not a "
                                    "date the app can read.", "Write it like 'date: "
                                    "2027-03-01' (year, month, day).")) from None
    return (now or datetime.now()).date().isoformat()


def book_details(book: Book, permissions: Permissions, now: datetime | None = None
                 ) -> dict[str, Any]:
    """What the templates and the e-book record need beyond the title: the named editors
    (creators of the e-book, 'Edited by' on the title page), the date and the page size."""
    editors = [name for person_id in book.editors if (person := book.people.get(person_id))
               and (name := printed_name(person, permissions))]
    details: dict[str, Any] = {"day": day_of(book, now)}
    if editors:
        details["editors"] = editors
        details["creator"] = [{"text": name, "role": "edt"} for name in editors]
    if page_of(book) == "a4":
        details["page-a4"] = "true"
    return details
