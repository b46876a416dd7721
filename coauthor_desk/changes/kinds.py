"""The kinds of change a reader notices between two versions of a chapter."""

from __future__ import annotations

from enum import StrEnum


class ChangeKind(StrEnum):
    """The kinds of change, in the order a summary tells them."""

    REWORDED = "reworded"
    SLIP = "slip"  # a small slip corrected
    SPLIT = "split"  # one sentence became two or three
    JOINED = "joined"  # two or three sentences became one
    PARAGRAPH_SPLIT = "paragraph-split"
    PARAGRAPHS_JOINED = "paragraphs-joined"
    ADDED = "added"
    PARAGRAPH_ADDED = "paragraph-added"
    REMOVED = "removed"
    PARAGRAPH_REMOVED = "paragraph-removed"
    MOVED = "moved"
    PARAGRAPH_MOVED = "paragraph-moved"

    @property
    def whole_paragraph(self) -> bool:
        return self.value.startswith("paragraph")
