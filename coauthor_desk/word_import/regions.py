"""The parts of a Word file whose tracked changes must be decided whole.

Most changes by others become suggestions about a few words. Some cannot, because using a few
words of them alone would not give what Word's Accept gives:

- a change inside a table (Markdown pads a table's columns, so words in a cell are not a run
  of text that can be swapped on its own);
- a paragraph split in two, or two joined, by an added or removed paragraph mark (in a list or
  quote too);
- text moved from one place to another (Word keeps it as words taken out here and the same
  words put in there: as two suggestions, using one alone would lose or double them).

Each such part (a run of top-level blocks) is shown as it was and suggested whole, as it would
be (see resolve); the converter makes one suggestion per person with changes in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coauthor_desk.word_import.pandoc_tree import (
    CHANGES,
    PARAGRAPH_MARKS,
    TEXT_BLOCKS,
    attributes,
    classes,
    inlines_of,
    is_span,
    nodes,
    plain,
)
from coauthor_desk.word_import.resolve import joins_next
from coauthor_desk.word_import.styles import box_class

IsOwner = Callable[[str], bool]  # a name Word put on a change -> whether it is an owner's
_MOVED_LENGTH = 12  # words taken out and put in again elsewhere, at least this long, were moved


@dataclass
class Region:
    """Blocks `start` to `end` (inclusive) of a list, decided whole, and what happened there."""

    start: int
    end: int
    what: set[str]


def find_regions(blocks: list[Any], is_owner: IsOwner,
                 single: Callable[[dict[str, Any]], bool]) -> list[Region]:
    """The parts of `blocks` to decide whole, in order, none overlapping. `single` says whether
    a paragraph is one someone else added or took out whole (a suggestion of its own, unless
    its words were moved)."""
    found: list[Region] = []
    for index, block in enumerate(blocks):
        kind = block.get("t")
        if kind in TEXT_BLOCKS:
            if _splits_or_joins(block, is_owner) and not single(block):
                found.append(Region(index, min(index + 1, len(blocks) - 1), {_mark_words(
                    block)}))
        elif not (kind == "Div" and box_class(block)):
            inside = list(nodes(block))
            if kind == "Table" and any(is_span(n, *CHANGES, *PARAGRAPH_MARKS) and not is_owner(
                    attributes(n).get("author", "")) for n in inside):
                found.append(Region(index, index, {"a change in a table"}))
            elif any(is_span(n, *PARAGRAPH_MARKS) for n in inside):
                found.append(Region(index, index, {"paragraphs split or joined"}))
    found += _moves(blocks, is_owner)
    return _merged(found)


def _splits_or_joins(block: dict[str, Any], is_owner: IsOwner) -> bool:
    """A paragraph mark someone else added or took out, or one the owners took out (which joins
    the paragraph to the next)."""
    marks = [n for n in inlines_of(block) if is_span(n, *PARAGRAPH_MARKS)]
    if not marks:
        return False
    if not is_owner(attributes(marks[-1]).get("author", "")):
        return True
    return joins_next(block, is_owner)


def _mark_words(block: dict[str, Any]) -> str:
    marks = [n for n in inlines_of(block) if is_span(n, *PARAGRAPH_MARKS)]
    return "a paragraph split in two" if "paragraph-insertion" in classes(marks[-1]) else \
        "two paragraphs joined"


def _moves(blocks: list[Any], is_owner: IsOwner) -> list[Region]:
    """Words someone else took out in one block and put in, the same, in another (or the same)
    block: a move."""
    taken: dict[tuple[str, str], int] = {}
    put: dict[tuple[str, str], int] = {}
    for index, block in enumerate(blocks):
        if block.get("t") == "Div" and box_class(block):
            continue
        for node in nodes(block):
            if not is_span(node, *CHANGES):
                continue
            author = attributes(node).get("author", "")
            words = " ".join(plain(node["c"][1]).split())
            if is_owner(author) or len(words) < _MOVED_LENGTH:
                continue
            table = taken if "deletion" in classes(node) else put
            table.setdefault((author, words), index)
    return [Region(min(start, put[key]), max(start, put[key]), {"words moved"})
            for key, start in taken.items() if key in put]


def _merged(regions: list[Region]) -> list[Region]:
    """Overlapping or touching-by-a-join parts as one."""
    out: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, r.end)):
        if out and region.start <= out[-1].end:
            out[-1].end = max(out[-1].end, region.end)
            out[-1].what |= region.what
        else:
            out.append(Region(region.start, region.end, set(region.what)))
    return out
