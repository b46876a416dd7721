"""Small pieces of plain words shared by the threads' messages and reports."""

from __future__ import annotations

from coauthor_desk.comments.anchors import MAX_QUOTE
from coauthor_desk.manuscript.fields import day_words, moment


def short_words(words: str, size: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


def day_of(when: str | None) -> str:
    found = moment(when)
    return day_words(found) if found else (when or "")


def too_long(words: str) -> str:
    """Why a quote is refused: looking for pages of words costs minutes, not moments."""
    return (f"{len(words):,} characters long, more than a comment can be about (the limit is "
            f"{MAX_QUOTE:,} characters, about {MAX_QUOTE // 600 * 100:,} words).")
