"""Recording a decision: check what was asked makes sense, then add a record and save it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coauthor_desk.agreements.records import Decision, How, Record, Use
from coauthor_desk.agreements.rules import current_version
from coauthor_desk.agreements.store import add_record
from coauthor_desk.manuscript.model import CreditAs
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook


def record_decision(opened: OpenBook, person: str, use: Use, decision: Decision,
                    target: str | None = None, on_behalf_by: str | None = None,
                    how: How | None = None, expires: date | None = None,
                    note: str | None = None, when: datetime | None = None) -> Record:
    """Record that `person` agreed, did not agree, or withdrew, and save it as a version.

    Without `on_behalf_by` the person records it themself and the version is saved under
    their own identity; otherwise the editor (or supporter) saves it and says how they agreed.
    """
    book = opened.book
    when = when or datetime.now(UTC)

    def refuse(file: str, what: str, todo: str) -> BookError:
        return BookError(Problem(file, what, todo))

    if person not in book.people:
        raise refuse("people", f"There is nobody called '{person}' in this book.",
                     f"Use one of: {', '.join(sorted(book.people))}.")
    name = book.people[person].name
    wanted = {Use.CHAPTER: "chapter", Use.QUOTE: "quote"}.get(use)
    if wanted and not target:
        raise refuse("agreements", f"Say which {wanted} the decision is about.",
                     f"Choose one (on the command line, add --{wanted} and its name).")
    if not wanted and target:
        raise refuse("agreements", f"A decision about {use.value} is not about a chapter or "
                      "a quote.", "Leave out --chapter and --quote.")
    if use is Use.CHAPTER and target not in book.chapters:
        raise refuse("book.yaml", f"The book has no chapter '{target}'.",
                     f"Use one of: {', '.join(book.chapter_order)}.")
    if use is Use.QUOTE:
        quote = book.quotes.get(target or "")
        if quote is None or quote.person != person:
            raise refuse("book.yaml", f"The book has no quote '{target}' by {name}.",
                         "Use the id of one of their quotes in book.yaml.")
    if use is Use.NAMED and book.people[person].credit_as is CreditAs.ANONYMOUS:
        raise refuse(book.people[person].file, f"{name} chose not to be named, so there is no "
                     "name to agree to.", "If they want to be named now, change 'credit' in "
                     "their file first.")
    if use is Use.CHAPTER and decision is Decision.AGREED and \
            book.chapters[target or ""].file in opened.unsaved_files:
        raise refuse(book.chapters[target or ""].file, "This chapter has changes that are not "
                     "saved as a version yet.", f"Save a version first, so it is clear which "
                     f"text {name} agreed to.")
    if on_behalf_by is not None and on_behalf_by not in book.people:
        raise refuse("people", f"There is nobody called '{on_behalf_by}' in this book to "
                     "record the decision.", f"Use one of: {', '.join(sorted(book.people))}.")
    if on_behalf_by not in (None, person) and how is None:
        raise refuse("agreements", f"Say how {name} told you their decision.",
                     f"Choose one of: {', '.join(h.words for h in How)}.")
    if expires is not None and expires < when.date():
        raise refuse("agreements", f"The end date {expires.isoformat()} has already passed.",
                     "Give a date in the future, or leave it out.")
    version = current_version(book, person, use, target) if decision is Decision.AGREED \
        else None
    return add_record(book, opened.history, person, use, target, decision, version,
                      on_behalf_by, how, expires, note, when)
