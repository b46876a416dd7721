"""`text.paragraphs`, for many versions of one chapter: each version is cut at the blank lines
where nothing is open (no ::: box, no fenced code, nothing indented going on), each piece is read
on its own and remembered by its words, and the pieces' paragraphs are put together again. One
hundred versions that differ in a few paragraphs each then cost about one reading, not a
hundred. The result is the same as reading the whole text (tests/manuscript/test_text_pieces.py
checks it); Markdown where one place can change the reading of another (link and footnote
definitions, HTML blocks that may hold blank lines) is read whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coauthor_desk.manuscript.text import Paragraph, paragraphs

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BOX = re.compile(r"^ {0,3}:{3,}")  # opens a box, or closes one when only colons
# Markdown that reaches across blank lines or across the text: read such a text whole.
_WHOLE = re.compile(r"^ {0,3}\[[^\]]+\]:|<!--|<(?:pre|script|style|textarea)\b|\[\^",
                    re.MULTILINE | re.IGNORECASE)


def paragraphs_in_pieces(source: str) -> list[Paragraph]:
    """The same as `paragraphs(source)`, read piece by piece (see the module's docstring)."""
    if ("<" in source or "[" in source) and _WHOLE.search(source):
        return paragraphs(source)
    found: list[Paragraph] = []
    section, line = "", 0
    for start, piece in _pieces(source):
        seen_heading = False
        for p in _read(piece):
            seen_heading = seen_heading or p.kind == "heading"
            found.append(Paragraph(len(found), p.kind, p.text,
                                   p.section if seen_heading else section, p.box,
                                   p.box_author, p.line + line,
                                   [(at, source_at + start, size)
                                    for at, source_at, size in p.runs]))
            if p.kind == "heading":
                section = p.section
        line += piece.count("\n")
    return found


@lru_cache(maxsize=4096)
def _read(piece: str) -> tuple[Paragraph, ...]:
    return tuple(paragraphs(piece))


def _pieces(source: str) -> list[tuple[int, str]]:
    """The source cut before a line that follows a blank line while nothing is open, as
    (where it starts, text). A ::: box is open from its first line to the first line of as many
    colons or more and nothing else (a box inside it does not change that, nor code inside it);
    fenced code is open to its closing fence."""
    pieces: list[tuple[int, str]] = []
    fence: str | None = None
    box = 0  # the colons of the open box; 0 when none is open
    start = at = 0
    blank_before = False
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None and not box and blank_before and stripped and \
                not line[:1].isspace() and at > start:
            pieces.append((start, source[start:at]))
            start = at
        marker = _BOX.match(line)
        colons = len(marker.group().strip()) if marker else 0
        if box:
            if colons >= box and not line[marker.end():].strip():  # type: ignore[union-attr]
                box = 0
        elif fence is not None:
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and \
                    len(closing.group(1)) >= len(fence) and not line[closing.end():].strip():
                fence = None
        elif (opening := _FENCE.match(line)) is not None:
            fence = opening.group(1)
        elif colons:
            box = colons
        blank_before = not stripped
        at += len(line)
    pieces.append((start, source[start:]))
    return pieces
