"""What belongs to one person in a review: only their own chapters and the conversations meant
for them or started by them. A review shows a person nothing of anyone else's, so every page
of the review window asks here rather than choosing for itself."""

from __future__ import annotations

from coauthor_desk.comments.model import COMMENTARY, Thread, ThreadKind
from coauthor_desk.manuscript import text as markdown_text
from coauthor_desk.manuscript.model import Book, Chapter

# what the questions page shows (not suggestions)
CONVERSATION = (ThreadKind.QUESTION, ThreadKind.COMMENT)
_KEEP = 500  # chapters' box owners remembered (a few books' worth)
_BOX_OWNERS: dict[tuple[str, str], frozenset[str | None]] = {}


def my_chapters(book: Book, person: str) -> list[Chapter]:
    """The person's chapters in book order: those they are an author of and, for an editor,
    those holding a commentary box they wrote (or a box that names nobody, which any editor
    may answer for)."""
    editor = person in book.editors
    return [chapter for chapter in book.ordered_chapters()
            if person in chapter.authors or (editor and _has_box_of(chapter, person))]


def _has_box_of(chapter: Chapter, person: str) -> bool:
    """Asked at every refresh of the review window, so the answer is kept for each text of a
    chapter: splitting a long chapter into paragraphs each time would slow the window."""
    if COMMENTARY not in chapter.body:  # most chapters: no need to split them up
        return False
    key = (chapter.id, chapter.fingerprint or str(hash(chapter.body)))
    owners = _BOX_OWNERS.get(key)
    if owners is None:
        owners = frozenset(p.box_author for p in markdown_text.blocks(chapter.body)
                           if p.box == COMMENTARY)
        if len(_BOX_OWNERS) >= _KEEP:
            _BOX_OWNERS.pop(next(iter(_BOX_OWNERS)))
        _BOX_OWNERS[key] = owners
    return person in owners or None in owners


def my_threads(threads: list[Thread], person: str) -> list[Thread]:
    """Threads addressed to the person or started by them, open or closed, as given."""
    return [t for t in threads if t.to == person or t.started_by == person]


def questions_for(threads: list[Thread], person: str) -> tuple[list[Thread], list[Thread]]:
    """The questions and comments addressed to the person (not suggestions, which they decide
    one at a time elsewhere): (still open, answered)."""
    mine = [t for t in threads if t.to == person and t.kind in CONVERSATION]
    return [t for t in mine if t.is_open], [t for t in mine if not t.is_open]
