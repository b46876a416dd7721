"""Where a thread's words are now: found, moved, changed a little, or lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coauthor_desk.comments.anchors import (
    Anchor,
    find_anchor,
)
from coauthor_desk.comments.model import LOST_WORDS, AnchorStatus, Found, Thread
from coauthor_desk.comments.wording import short_words
from coauthor_desk.manuscript.model import Book, Chapter

if TYPE_CHECKING:

    pass



def body_first_line(chapter: Chapter) -> int:
    """The line of the chapter file where its body starts (after the details between '---')."""
    return chapter.front_matter_text.count("\n") + 3


def file_line(chapter: Chapter, offset: int) -> int:
    return body_first_line(chapter) + chapter.body.count("\n", 0, offset)


def thread_status(book: Book, thread: Thread) -> AnchorStatus:
    """Whether the thread's words are still in its chapter, and where, in plain words."""
    chapter = book.chapters.get(thread.chapter)
    if chapter is None:
        return AnchorStatus(thread.id, Found.LOST, f"The chapter '{thread.chapter}' is not in "
                            "the book any more.", None, None)
    anchor = thread.anchor
    if thread.accepted:  # the suggestion's words are there now
        if not (thread.proposed or "").strip():
            return AnchorStatus(thread.id, Found.LOST, "The suggested change was accepted: "
                                "the words were taken out of the chapter.", None, None)
        anchor = Anchor(thread.proposed or "", anchor.prefix, anchor.suffix)
    match = find_anchor(chapter.body, anchor)
    if match is None:
        return AnchorStatus(thread.id, Found.LOST, LOST_WORDS, None, None)
    line = file_line(chapter, match.start)
    if match.words_same and match.context_same:
        return AnchorStatus(thread.id, Found.FOUND, "Found where it was.", line, match)
    if match.words_same:
        return AnchorStatus(thread.id, Found.MOVED, "Found: the words are the same, but the "
                            "text around them has changed.", line, match)
    return AnchorStatus(thread.id, Found.CHANGED, "Found, but the words changed a little. They "
                        f"now read: “{short_words(match.text, 120)}”. Check that the comment still "
                        "applies.", line, match)
