"""A comment thread as the app holds it: its kind, its messages, whether it is open, what the
owner chose for a suggestion, and where its words are now."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from coauthor_desk.comments.anchors import (
    Anchor,
    Match,
)

if TYPE_CHECKING:

    pass


FEEDBACK = "feedback"
LOST_WORDS = ("The words this comment was about are no longer in the chapter. It may have been "
              "rewritten: read the comment and decide if it still applies.")
COMMENTARY = "commentary"


class ThreadKind(StrEnum):
    COMMENT = "comment"
    QUESTION = "question"
    SUGGESTION = "suggestion"

    @property
    def words(self) -> str:
        return {"comment": "comment", "question": "question",
                "suggestion": "suggested change"}[self.value]


class ThreadState(StrEnum):
    """Whether a thread is still open."""

    OPEN = "open"
    RESOLVED = "resolved"


class SuggestionDecision(StrEnum):
    """What the owner of some words chose for a suggested change to them."""

    USED = "used"  # the new words are in the chapter
    KEPT = "kept"  # the owner kept their own words
    TALK = "talk"  # the owner wants to talk about it: the thread stays open as a conversation
    FIXED = "fixed"  # an editor's spelling fix, put in directly (house style), for the owner
    # to see and undo if they wish

    @property
    def words(self) -> str:
        return {"used": "used the new words", "kept": "kept their own words",
                "talk": "wants to talk about it",
                "fixed": "spelling corrected by an editor"}[self.value]


class Found(StrEnum):
    """What became of the words a thread is about."""

    FOUND = "found"  # where they were
    MOVED = "moved"  # the same words, with other text around them
    CHANGED = "changed"  # the words changed a little
    LOST = "lost"  # they cannot be found any more


@dataclass(frozen=True)
class Message:
    """One message of a thread: who wrote it, when (ISO text, as written) and what."""

    by: str
    when: str
    text: str


@dataclass(frozen=True)
class Thread:
    """One thread, as its file says, with the fingerprint of the file as it was read."""

    id: str
    file: str
    chapter: str
    anchor: Anchor
    kind: ThreadKind
    to: str
    status: ThreadState
    messages: tuple[Message, ...]
    proposed: str | None = None  # for a suggestion: the words to put in place of the quote
    resolved_by: str | None = None
    resolved_when: str | None = None
    accepted: bool = False  # a suggestion the owner of the words accepted
    # What the owner chose for a suggestion (see SuggestionDecision), and, when an editor
    # sitting with them wrote it down, that editor and how the owner told them.
    decision: SuggestionDecision | None = None
    recorded_by: str | None = None
    how: str | None = None
    fingerprint: str = field(default="", compare=False)

    @property
    def started_by(self) -> str:
        return self.messages[0].by

    @property
    def started_when(self) -> str:
        return self.messages[0].when

    @property
    def is_open(self) -> bool:
        return self.status is ThreadState.OPEN


@dataclass(frozen=True)
class AnchorStatus:
    """Where a thread's words are now, told plainly."""

    thread: str
    found: Found
    words: str  # one or two plain sentences
    line: int | None  # the line of the chapter file the words start on, when they are found
    match: Match | None

    def as_dict(self) -> dict[str, Any]:
        """`start` and `end` count characters in the chapter's body (after its front matter)."""
        return {"found": self.found.value, "words": self.words, "line": self.line,
                "text": self.match.text if self.match else None,
                "start": self.match.start if self.match else None,
                "end": self.match.end if self.match else None}


def thread_path(chapter_id: str, thread_id: str) -> str:
    return f"{FEEDBACK}/{chapter_id}/{thread_id}.yaml"
