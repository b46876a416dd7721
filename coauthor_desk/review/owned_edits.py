"""Splitting one person's edit of a chapter into what they may change and what only the owner
may: others' changes to someone's own words become suggestions, one per sentence.

The old and new chapter bodies are compared token by token. Each change is widened to the whole
sentences it touches (a change between sentences joins the sentence it sits against), and
changes that share a sentence become one. Then each widened change is looked at once:
- the person editing owns those words (the chapter's author; the editor of a commentary box):
  the change goes in;
- someone else owns them: the owner's words stay in the saved text and the change is offered
  to them as a suggestion;
- the book lets editors fix spelling directly (house style `editors_fix_spelling: true`), the
  person is an editor and the change only fixes a slip: it goes in, listed for the owner.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.plain import text as plain_text
from coauthor_desk.plain.align import is_slip
from coauthor_desk.plain.anchors import Anchor, How, Match, anchor_at
from coauthor_desk.plain.feedback import owners_of

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
SPELLING_SWITCH = "editors_fix_spelling"


@dataclass(frozen=True)
class Offered:
    """A change to someone else's words, kept aside: where the owner's words now are in the
    saved body, what is suggested in their place, and whose words they are."""

    anchor: Anchor
    proposed: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class SplitEdit:
    """What to save: the body with every change the person may make, and the rest offered."""

    body: str
    offered: tuple[Offered, ...]
    fixed: tuple[Offered, ...]  # spelling fixes put in directly: the anchor is on the new
    # words, `proposed` holds the owner's words they replaced


def split_edit(book: Book, chapter: Chapter, new_body: str, who: str) -> SplitEdit:
    """The edit of `chapter` (its body becoming `new_body`) by `who`, split by owner."""
    old_body = chapter.body
    regions = _regions(old_body, new_body)
    units = _sentence_spans(old_body)
    new_chapter = replace(chapter, body=new_body)
    # New words put in between sentences that are all the person's own (an editor adding
    # their commentary box) go in as they are: they change nobody's words.
    free = [r for r in regions if r[0] == r[1] and not _inside(units, r[0])
            and who in owners_of(book, new_chapter, _match(r[2], r[3]))]
    spelling = who in book.editors and book.house_style.get(SPELLING_SWITCH) is True
    pieces: list[str] = []
    kept: list[tuple[int, int, tuple[str, ...], str]] = []  # in the saved body
    fixes: list[tuple[int, int, tuple[str, ...], str]] = []
    new_done = 0
    blocks = _equal_blocks(regions)
    for start, end in _widen([r for r in regions if r not in free], units):
        new_start, new_end = _to_new(blocks, start), _to_new(blocks, end)
        old, new = old_body[start:end], new_body[new_start:new_end]
        owners = tuple(owners_of(book, chapter, _match(start, end)))
        pieces.append(new_body[new_done:new_start])  # as it was, or with free words put in
        at = sum(len(p) for p in pieces)
        if not owners or who in owners:
            pieces.append(new)
        elif spelling and is_slip(old, new):
            pieces.append(new)
            fixes.append((at, at + len(new), owners, old))
        else:
            pieces.append(old)
            kept.append((at, at + len(old), owners, new))
        new_done = new_end
    pieces.append(new_body[new_done:])
    body = "".join(pieces)
    return SplitEdit(body, tuple(Offered(anchor_at(body, s, e), words, owners)
                                 for s, e, owners, words in kept),
                     tuple(Offered(anchor_at(body, s, e), words, owners)
                           for s, e, owners, words in fixes))


def _match(start: int, end: int) -> Match:
    return Match(start, end, "", How.EXACT, True, 1.0)


def _inside(units: list[tuple[int, int]], position: int) -> bool:
    return any(start < position < end for start, end in units)


def _widen(regions: list[tuple[int, int, int, int]],
           units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each change widened to the whole sentences of the old text it touches, joined where
    changes share a sentence, in order."""
    starts = [u[0] for u in units]
    widened: list[list[int]] = []
    for i1, i2, _j1, _j2 in regions:
        start, end = i1, i2
        for u_start, u_end in _touched(units, starts, i1, i2):
            start, end = min(start, u_start), max(end, u_end)
        if widened and (start < widened[-1][1] or start == widened[-1][1] == end):
            widened[-1][1] = max(widened[-1][1], end)
        else:
            widened.append([start, end])
    return [(start, end) for start, end in widened]


def _touched(units: list[tuple[int, int]], starts: list[int], i1: int,
             i2: int) -> list[tuple[int, int]]:
    """The sentences a change old[i1:i2] touches; for a change between sentences, the one
    before it (or, at the very start, the one after)."""
    index = bisect.bisect_right(starts, i1) - 1
    found = []
    for u_start, u_end in units[max(index, 0):]:
        if u_start > i2 or (u_start == i2 and i2 > i1):
            break
        if u_start < i2 and i1 < u_end or u_start <= i1 <= u_end:
            found.append((u_start, u_end))
            if i1 == i2:
                break
    if found:
        return found
    if index >= 0:
        return [units[index]]
    return units[:1]


def _sentence_spans(body: str) -> list[tuple[int, int]]:
    """Where each sentence of the body is, in its Markdown source, in order."""
    spans = []
    for paragraph in plain_text.paragraphs(body):
        for sentence in paragraph.sentences:
            spans.append(paragraph.source_span(sentence.start, sentence.end))
    return spans


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _regions(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The changed stretches (old start, old end, new start, new end), found word by word in
    the part between the longest shared beginning and end, so a small edit to a long chapter
    compares only a little text."""
    if old == new:
        return []
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    while head and not old[head - 1].isspace():  # start at a word's beginning
        head -= 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail and not old[len(old) - tail].isspace():
        tail -= 1
    old_tokens = _tokens(old[head:len(old) - tail])
    new_tokens = _tokens(new[head:len(new) - tail])
    old_at = _offsets(old_tokens, head)
    new_at = _offsets(new_tokens, head)
    regions = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            regions.append((old_at[i1], old_at[i2], new_at[j1], new_at[j2]))
    return regions


def _offsets(tokens: list[str], start: int) -> list[int]:
    at = [start]
    for token in tokens:
        at.append(at[-1] + len(token))
    return at


def _equal_blocks(regions: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int]]:
    """(old start, old end, new start) of the stretches between the changes."""
    blocks, old_done, new_done = [], 0, 0
    for i1, i2, _j1, j2 in regions:
        blocks.append((old_done, i1, new_done))
        old_done, new_done = i2, j2
    blocks.append((old_done, 1 << 62, new_done))
    return blocks


def _to_new(blocks: list[tuple[int, int, int]], position: int) -> int:
    """Where an unchanged place of the old text is in the new text."""
    for start, end, new_start in blocks:
        if start <= position <= end:
            return new_start + position - start
    raise ValueError(f"{position} is inside a change")  # widening makes this impossible
