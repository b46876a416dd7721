"""The suggested changes to one person's words, in the order they come in their chapters, each
with where its words are now and whether it can still be used.

A suggestion can be used only while the owner's words are still there exactly as they were
suggested against (and, when the same words are in the chapter twice, with the text around
them pointing to one place): otherwise it says plainly that it no longer can, rather than
change the wrong words (see comments.anchors.exact_place)."""

from __future__ import annotations

from dataclasses import dataclass

from coauthor_desk.comments.actions import owners_of
from coauthor_desk.comments.anchors import Anchor, Match, exact_place
from coauthor_desk.comments.model import SuggestionDecision, Thread, ThreadKind
from coauthor_desk.manuscript.model import Book, Chapter


@dataclass(frozen=True)
class Suggestion:
    """One suggested change to someone's words, as it stands now."""

    thread: Thread
    chapter: Chapter
    place: Match | None  # where its words are now: the owner's, or the new ones once used
    owners: tuple[str, ...]

    @property
    def waiting(self) -> bool:
        """Still waiting for the owner's choice (asking to talk still waits)."""
        return self.thread.is_open

    @property
    def usable(self) -> bool:
        return self.waiting and self.place is not None

    @property
    def state(self) -> str:
        """Where it stands, in a few plain words, for the owner."""
        decision = self.thread.decision
        if decision is SuggestionDecision.TALK and self.waiting:
            return "You asked to talk about this"
        if self.waiting:
            return "Waiting for your choice" if self.place else \
                "Your words have changed since, so this can no longer be used"
        if decision is SuggestionDecision.FIXED:
            return "Spelling corrected by an editor"
        if self.thread.accepted:
            return "You used the new words"
        if decision is SuggestionDecision.KEPT:
            return "You kept your words"
        return "Closed"


def suggestions_for(book: Book, threads: list[Thread], person: str | None,
                    decided: bool = True) -> list[Suggestion]:
    """The suggestions about `person`'s words (everyone's, for None), in book order and then
    reading order (those whose words cannot be found come last in their chapter). Without
    `decided`, only those still waiting."""
    order = {chapter_id: place for place, chapter_id in enumerate(book.chapter_order)}
    found = []
    for thread in threads:
        if thread.kind is not ThreadKind.SUGGESTION or (not decided and not thread.is_open):
            continue
        chapter = book.chapters.get(thread.chapter)
        if chapter is None:
            continue
        place = place_of(book, thread)
        owners = tuple(_owners(book, chapter, thread, place))
        if person is None or person in owners:
            found.append(Suggestion(thread, chapter, place, owners))
    found.sort(key=lambda s: (order.get(s.chapter.id, len(order)),
                              s.place.start if s.place else len(s.chapter.body) + 1,
                              s.thread.started_when, s.thread.id))
    return found


def place_of(book: Book, thread: Thread) -> Match | None:
    """Where a suggestion's words are, exactly: the owner's words while it waits or was kept,
    the new words once used. None when they cannot be told apart or are gone."""
    chapter = book.chapters.get(thread.chapter)
    if chapter is None:
        return None
    anchor = thread.anchor
    if thread.accepted:
        anchor = Anchor(thread.proposed or "", anchor.prefix, anchor.suffix)
        if not anchor.quote:
            return None
    return exact_place(chapter.body, anchor)


def owners_now(book: Book, thread: Thread) -> list[str]:
    """Who may decide about a suggestion: the owners of its words where they are now."""
    chapter = book.chapters.get(thread.chapter)
    if chapter is None:
        return []
    return _owners(book, chapter, thread, place_of(book, thread))


def _owners(book: Book, chapter: Chapter, thread: Thread, place: Match | None) -> list[str]:
    if place is None:  # the words are gone: it stays with the person it was for
        return [thread.to]
    return owners_of(book, chapter, place)


def with_suggestion(chapter: Chapter, suggestion: Suggestion) -> tuple[str, int, int]:
    """The chapter as it would read with this suggestion's words, and where they are in it."""
    place = suggestion.place
    if place is None or not suggestion.waiting:
        return chapter.body, 0, 0
    new = suggestion.thread.proposed or ""
    body = chapter.body[:place.start] + new + chapter.body[place.end:]
    return body, place.start, place.start + len(new)
