"""Combining two people's changes to one text, the way people think of a text.

Three texts: the one both started from (the base), mine and theirs. Each is cut into pieces
whose joining gives the text back exactly, and the pieces are lined up with the base's. Where
only one side changed something, that change is taken; where both added something new in the
same place, both are kept (theirs first); where both changed the same piece differently, that
is a clash, and the caller decides (for a chapter: the version already shared stays, the other
is kept in a clash record).

A chapter is combined paragraph by paragraph; a paragraph both changed is combined sentence by
sentence, so two edits to different sentences of one paragraph both survive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from coauthor_desk.manuscript.text import split_sentences

_BLANK = re.compile(r"[ \t]*\r?\n")


@dataclass(frozen=True)
class Clash:
    """Both sides changed the same pieces: what each had, and where (the piece's place in
    the combined result, counting from 0)."""

    base: str
    mine: str
    theirs: str
    at: int


@dataclass(frozen=True)
class Combined:
    """The combined pieces (clashes resolved to theirs) and the clashes found."""

    pieces: list[str]
    clashes: list[Clash]

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def merge(base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]) -> Combined:
    """Three-way combination of piece lists; a clash keeps theirs and is reported."""
    to_mine, to_theirs = _matches(base, mine), _matches(base, theirs)
    pieces: list[str] = []
    clashes: list[Clash] = []
    i = a = b = 0
    while i < len(base) or a < len(mine) or b < len(theirs):
        if i < len(base) and to_mine.get(i) == a and to_theirs.get(i) == b:
            pieces.append(base[i])
            i, a, b = i + 1, a + 1, b + 1
            continue
        k = i
        while k < len(base) and not (k in to_mine and k in to_theirs):
            k += 1
        a_end = to_mine[k] if k < len(base) else len(mine)
        b_end = to_theirs[k] if k < len(base) else len(theirs)
        was, mine_part, theirs_part = list(base[i:k]), list(mine[a:a_end]), list(theirs[b:b_end])
        if mine_part == was or mine_part == theirs_part:
            pieces += theirs_part
        elif theirs_part == was:
            pieces += mine_part
        elif not was and _meaningful(mine_part) and _meaningful(theirs_part):
            pieces += theirs_part + mine_part  # both added something new here: keep both
        else:
            clashes.append(Clash("".join(was), "".join(mine_part), "".join(theirs_part),
                                 len(pieces)))
            pieces += theirs_part
        i, a, b = k, a_end, b_end
    return Combined(pieces, clashes)


def _meaningful(pieces: list[str]) -> bool:
    return any(piece.strip() for piece in pieces)


def _matches(base: Sequence[str], other: Sequence[str]) -> dict[int, int]:
    """Which piece of `other` each unchanged piece of the base became."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    found: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[block.a + offset] = block.b + offset
    return found


def lines(text: str) -> list[str]:
    """A text as its lines, each with its line ending."""
    return text.splitlines(keepends=True)


def blocks(text: str) -> list[str]:
    """A Markdown text as its blocks (paragraphs, headings, lists: lines between blank lines)
    and the blank lines between them, each a piece of its own."""
    pieces: list[str] = []
    current = ""
    for line in lines(text):
        if _BLANK.fullmatch(line):
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line)
        else:
            current += line
    if current:
        pieces.append(current)
    return pieces


def sentences(text: str) -> list[str]:
    """A text as its sentences, the spaces between them pieces of their own."""
    pieces: list[str] = []
    for block in blocks(text):
        position = 0
        for sentence in split_sentences(block):
            pieces += [block[position:sentence.start], block[sentence.start:sentence.end]]
            position = sentence.end
        pieces.append(block[position:])
    return [piece for piece in pieces if piece]


@dataclass(frozen=True)
class PlaceClash:
    """A sentence both people changed, with the paragraph it is in (counting from 1)."""

    paragraph: int
    line: int
    clash: Clash


def merge_chapter(base: str, mine: str, theirs: str) -> tuple[str, list[PlaceClash]]:
    """A chapter combined paragraph by paragraph, then sentence by sentence where both
    changed one paragraph. Clashes keep theirs and are returned with their place."""
    top = merge(blocks(base), blocks(mine), blocks(theirs))
    if not top.clashes:
        return top.text, []
    pieces = list(top.pieces)
    clashes: list[PlaceClash] = []
    # From the last clash back, so earlier places stay where they are.
    for clash in reversed(top.clashes):
        inner = merge(sentences(clash.base), sentences(clash.mine), sentences(clash.theirs))
        theirs_count = len(blocks(clash.theirs))
        pieces[clash.at:clash.at + theirs_count] = [inner.text] if inner.text else []
        before = "".join(pieces[:clash.at])
        paragraph = sum(1 for piece in blocks(before) if piece.strip()) + 1
        line = before.count("\n") + 1
        clashes = [PlaceClash(paragraph, line, c) for c in inner.clashes] + clashes
    return "".join(pieces), clashes
