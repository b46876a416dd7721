"""Saving someone's edit of a chapter: their own words change at once; changes to other
people's words are kept as suggestions for the owner, all in one saved version."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from coauthor_desk.comments.actions import new_thread_id
from coauthor_desk.comments.anchors import MAX_QUOTE, Anchor
from coauthor_desk.comments.file_format import thread_file_text
from coauthor_desk.comments.model import (
    Message,
    SuggestionDecision,
    Thread,
    ThreadKind,
    ThreadState,
    thread_path,
)
from coauthor_desk.history.versions import Version, identity_of
from coauthor_desk.manuscript import files, recovery
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.review.owned_edits import Offered, SplitEdit, split_edit
from coauthor_desk.session import OpenBook

NO_REASON = "Suggested while changing the chapter."
FIXED_REASON = "Spelling corrected directly, as the book's house style allows."


@dataclass(frozen=True)
class SavedEdit:
    """What a save did: the version (None when nothing changed), the suggestions made for
    others, the spelling fixes put in for them to see, and whether the person's own words
    changed."""

    version: Version | None
    suggested: tuple[Thread, ...]
    fixed: tuple[Thread, ...]
    words_changed: bool

    def sentence(self, opened: OpenBook, title: str) -> str:
        """What happened, in one or two plain sentences."""
        if self.version is None:
            return f"'{title}' has no changes to save."
        said = [f"Saved a version of '{title}': {self.version.description}."]
        if self.suggested:
            owners = sorted({t.to for t in self.suggested})
            whose = " and ".join(opened.book.name_of(o) for o in owners)
            count = len(self.suggested)
            kept = (f"{count} changes to {whose}'s words are kept as suggested changes" if
                    count > 1 else f"One change to {whose}'s words is kept as a suggested change")
            said.append(f"{kept} for them to decide; their words stay as they were until they "
                        "do.")
        if self.fixed:
            said.append(f"{len(self.fixed)} spelling fix{'es' if len(self.fixed) > 1 else ''} "
                        "went in directly, listed for the author to see.")
        return " ".join(said)


def save_edit(opened: OpenBook, chapter_id: str, body: str, who: str, description: str = "",
              reason: str = "", when: datetime | None = None) -> SavedEdit:
    """Save `who`'s new words for a chapter. Where the words are someone else's, theirs stay
    and the change becomes a suggestion to them, one per sentence, with `reason`."""
    book = opened.book
    if who not in book.people:
        raise BookError(Problem("people", f"There is no one called '{who}' in the book.",
                                "Choose a person from the list of people."))
    chapter = book.chapters.get(chapter_id)
    if chapter is None:
        raise BookError(Problem("book.yaml", f"There is no chapter called '{chapter_id}'.",
                                "Choose a chapter from the list."))
    split = split_edit(book, chapter, body, who)
    for offered in (*split.offered, *split.fixed):
        if max(len(offered.anchor.quote), len(offered.proposed)) > MAX_QUOTE:
            raise BookError(Problem(chapter.file, "One change to someone else's words is too "
                                    "long to offer them as a suggestion.", "Change fewer "
                                    "sentences at a time, or leave them a comment instead."))
    first = _first(opened, who)
    moment = (when or datetime.now(UTC)).replace(microsecond=0)
    own_change = split.body != chapter.body
    said = description.strip() or _description(opened, first, chapter.title, split,
                                                own_change)
    suggested: list[Thread] = []
    fixed: list[Thread] = []
    with opened.history.transaction(identity_of(book.people[who]), said) as saving:
        if own_change:
            save_chapter(book, chapter_id, split.body)
        for offered in split.offered:
            suggested.append(_write(opened, chapter_id, offered, who, moment,
                                    reason.strip() or NO_REASON, None))
        for offered in split.fixed:
            fixed.append(_write(opened, chapter_id, offered, who, moment, FIXED_REASON,
                                SuggestionDecision.FIXED))
    if saving.version is not None:
        recovery.discard(book.root, chapter_id)
    return SavedEdit(saving.version, tuple(suggested), tuple(fixed), own_change)


def _write(opened: OpenBook, chapter_id: str, offered: Offered, by: str, moment: datetime,
           reason: str, decision: SuggestionDecision | None) -> Thread:
    """One suggestion's file. A spelling fix is written as already used, so the owner sees
    it among what changed and can put their own spelling back."""
    book = opened.book
    to = offered.owners[0]  # the person editing is never among them
    when = moment.isoformat()
    thread_id = new_thread_id(book, when, by)
    anchor, proposed = offered.anchor, offered.proposed
    if decision is SuggestionDecision.FIXED:  # written like a suggestion already used: the quote is
        # the owner's words, the proposed words are the ones now in the chapter
        anchor, proposed = Anchor(offered.proposed, anchor.prefix, anchor.suffix), anchor.quote
    thread = Thread(thread_id, thread_path(chapter_id, thread_id), chapter_id, anchor,
                    ThreadKind.SUGGESTION, to,
                    ThreadState.RESOLVED if decision else ThreadState.OPEN,
                    (Message(by, when, reason),), proposed,
                    resolved_by=by if decision else None,
                    resolved_when=when if decision else None,
                    accepted=decision is SuggestionDecision.FIXED, decision=decision)
    written = files.write_text(book.root, thread.file, thread_file_text(thread), None)
    return replace(thread, fingerprint=written)


def _description(opened: OpenBook, first: str, title: str, split: SplitEdit,
                 own_change: bool) -> str:
    owners = sorted({o.owners[0] for o in split.offered})
    names = " and ".join(_first(opened, o) for o in owners)
    count = len(split.offered)
    suggested = (f"suggested {count} change{'s' if count > 1 else ''} to "
                 f"{names}'s words" if count else "")
    if own_change and suggested:
        return f"{first} changed '{title}' and {suggested}"
    if suggested:
        return f"{first} {suggested} in '{title}'"
    return f"{first} changed '{title}'"


def _first(opened: OpenBook, who: str) -> str:
    name = opened.book.name_of(who)
    return name.split()[0] if name.split() else who
