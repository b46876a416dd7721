"""The owner's say over a suggested change to their words: use the new words, keep their own,
or talk about it; and taking a choice back. Each is saved at once as a version of its own,
signed by the owner or by the editor recording it for them, so every choice stays in history
and nothing is ever deleted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from coauthor_desk.comments.actions import (
    accept_suggestion,
    has_unsaved_changes,
    read_thread,
    reply,
    save_thread,
    write_thread,
)
from coauthor_desk.comments.model import (
    Message,
    SuggestionDecision,
    Thread,
    ThreadKind,
    ThreadState,
)
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.review.acting import Acting
from coauthor_desk.review.queue import owners_now, place_of
from coauthor_desk.session import OpenBook

if TYPE_CHECKING:
    from coauthor_desk.comments.actions import Signer

TALK_WORDS = "I would like to talk about this."


class Choice(StrEnum):
    USE = "use"
    KEEP = "keep"
    TALK = "talk"


def decide(opened: OpenBook, thread: str | Thread, choice: Choice, acting: Acting,
           words: str = "", when: datetime | None = None) -> Thread:
    """Make the owner's choice about one suggestion and save it. `words` are their own few
    words to go with it (why they kept theirs, what they want to talk about)."""
    book = opened.book
    acting.check(book)
    current = _suggestion(opened, thread)
    if current.decision not in (None, SuggestionDecision.TALK) or not current.is_open:
        raise BookError(Problem(current.file, "A choice was already made about this suggested "
                                f"change: {_made(book, current)}.", "Take that choice back "
                                "first if you want to choose again."))
    _require_owner(opened, current, acting)
    moment = _now(when)
    recorded_by = acting.present if acting.on_behalf else None
    how = acting.how.value if acting.on_behalf and acting.how else None
    note = (Message(acting.person, moment, words.strip()),) if words.strip() else ()
    if choice is Choice.USE:
        used = accept_suggestion(opened, current, acting.person, _moment(moment),
                                 _signer(book, acting), recorded_by, how)
        return reply(opened, used, acting.person, words, signer=_signer(book, acting)) \
            if note else used
    first, suggester = _first(book, acting.person), _first(book, current.started_by)
    title = book.chapters[current.chapter].title
    if choice is Choice.KEEP:
        updated = replace(current, status=ThreadState.RESOLVED, resolved_by=acting.person,
                          resolved_when=moment, decision=SuggestionDecision.KEPT,
                          recorded_by=recorded_by, how=how,
                          messages=current.messages + note)
        said = f"{first} kept their own words instead of {suggester}'s suggestion in '{title}'"
    else:
        talk = note or (Message(acting.person, moment, TALK_WORDS),)
        updated = replace(current, decision=SuggestionDecision.TALK, recorded_by=recorded_by,
                          how=how,
                          messages=current.messages + talk)
        said = f"{first} would like to talk about {suggester}'s suggestion in '{title}'"
    return save_thread(opened, current, updated, acting.person, said, _signer(book, acting))


def take_back(opened: OpenBook, thread: str | Thread, acting: Acting,
              when: datetime | None = None) -> Thread:
    """Undo the choice made about a suggestion, saved as a new version: the owner's own words
    go back in place of suggested words that were used, and the suggestion waits again."""
    book = opened.book
    acting.check(book)
    current = _suggestion(opened, thread)
    if current.decision is None and not current.accepted:
        raise BookError(Problem(current.file, "No choice has been made about this suggested "
                                "change yet, so there is nothing to take back.",
                                "Choose: use the new words, keep yours, or talk about it."))
    _require_owner(opened, current, acting)
    first = _first(book, acting.person)
    title = book.chapters[current.chapter].title
    open_again = replace(current, status=ThreadState.OPEN, resolved_by=None, resolved_when=None,
                         accepted=False, decision=None, recorded_by=None, how=None)
    if not current.accepted:
        said = f"{first} took back their choice about a suggestion in '{title}'"
        return save_thread(opened, current, open_again, acting.person, said,
                           _signer(book, acting))
    place = place_of(book, current)
    if place is None:
        raise BookError(Problem(current.file, "The suggested words have changed since they went "
                                "in, so your own words cannot simply be put back.", "Change the "
                                "chapter by hand, or ask an editor to help."))
    chapter = book.chapters[current.chapter]
    if has_unsaved_changes(opened, chapter):
        raise BookError(Problem(chapter.file, "This chapter has changes that are not saved as a "
                                "version yet, so nothing was changed.", "Save a version first, "
                                "then take the choice back again."))
    if current.decision is SuggestionDecision.FIXED:  # the owner keeps their own spelling
        updated = replace(current, accepted=False, decision=SuggestionDecision.KEPT,
                          resolved_by=acting.person, resolved_when=_now(when),
                          recorded_by=acting.present if acting.on_behalf else None,
                          how=acting.how.value if acting.on_behalf and acting.how else None)
    else:
        updated = open_again
    body = chapter.body[:place.start] + current.anchor.quote + chapter.body[place.end:]
    said = f"{first} took back their choice: '{title}' has their own words again"
    identity, said = _signer(book, acting)(said)
    with opened.history.transaction(identity, said):
        save_chapter(book, chapter.id, body)
        fingerprint = write_thread(book, current, updated)
    return replace(updated, fingerprint=fingerprint)


def _suggestion(opened: OpenBook, thread: str | Thread) -> Thread:
    current = read_thread(opened, thread) if isinstance(thread, str) else thread
    if current.kind is not ThreadKind.SUGGESTION:
        raise BookError(Problem(current.file, f"This is a {current.kind.words}, not a suggested "
                                "change, so there is no choice to make about it.", "Reply to it "
                                "instead."))
    return current


def _require_owner(opened: OpenBook, thread: Thread, acting: Acting) -> None:
    book = opened.book
    owners = owners_now(book, thread)
    if acting.person not in owners:
        whose = " or ".join(book.name_of(o) for o in owners) or "nobody"
        raise BookError(Problem(thread.file, f"Only {whose} can decide about a change to these "
                                "words, because they are theirs.", "Reply to the suggestion "
                                "instead, or ask them to look at it."))


def _signer(book: Book, acting: Acting) -> Signer:
    return lambda said: (acting.identity(book), acting.said(book, said))


def _made(book: Book, thread: Thread) -> str:
    who = book.name_of(thread.resolved_by) if thread.resolved_by else "someone"
    what = thread.decision.words if thread.decision else "used the new words"
    return f"{who} {what}"


def _now(when: datetime | None) -> str:
    return _moment_text(when or datetime.now(UTC))


def _moment_text(when: datetime) -> str:
    when = when.replace(microsecond=0)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _first(book: Book, person: str) -> str:
    name = book.name_of(person)
    return name.split()[0] if name.split() else person
