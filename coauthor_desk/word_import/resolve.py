"""Tracked changes made or undone, as Word's own Accept and Reject do, for some people only.

Where a change cannot be a suggestion about a few words (in a table, where Markdown pads the
columns; a paragraph split in two or two joined; text moved from one place to another), the
import shows the part as it was and suggests the whole part as it would be. Both come from
here: every change by the people `accept` says yes to is made, every other one undone,
paragraph marks included (an added mark splits a paragraph, a removed one joins it to the
next), just as pandoc's --track-changes=accept and =reject read a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coauthor_desk.word_import.pandoc_tree import (
    COMMENT_MARKS,
    INLINE_KINDS,
    PARAGRAPH_MARKS,
    TEXT_BLOCKS,
    attributes,
    classes,
    inlines_of,
    is_space,
    is_span,
)

Accept = Callable[[str], bool]  # a name Word put on a change -> whether the change is made
_JOINABLE = ("Para", "Plain")


def resolved(blocks: list[Any], accept: Accept, comments: bool = True) -> list[Any]:
    """The blocks with every tracked change made or undone (a new tree; `blocks` is not
    changed). Without `comments`, comment marks are left out too."""
    return _blocks(blocks, accept, comments)


def joins_next(block: Any, accept: Accept) -> bool:
    """Whether this paragraph runs on into the next once changes are made or undone: its
    paragraph mark was added and the addition undone, or taken out and the removal made."""
    block = _edge(block, -1)
    if block is None:
        return False
    marks = [n for n in block["c"] if is_span(n, *PARAGRAPH_MARKS)]
    if not marks:
        return False
    mark = marks[-1]
    made = accept(attributes(mark).get("author", ""))
    return made if "paragraph-deletion" in classes(mark) else not made


def _edge(block: Any, end: int) -> dict[str, Any] | None:
    """The paragraph at the start (end 0) or end (-1) of a block, looking inside Word's styled
    parts (a Div): where words run on from one paragraph into the next."""
    while isinstance(block, dict) and block.get("t") == "Div" and block["c"][1]:
        block = block["c"][1][end]
    return block if isinstance(block, dict) and block.get("t") in _JOINABLE else None


def _join(before: Any, after: Any) -> bool:
    """Run the words of `after`'s first paragraph on at the end of `before`'s last; whether
    they could be joined (both are paragraphs)."""
    last, first = _edge(before, -1), _edge(after, 0)
    if last is None or first is None:
        return False
    words = first["c"]
    last["c"] = last["c"] + ([{"t": "Space"}] if last["c"] and words else []) + words
    first["c"] = []
    return True


def _blocks(blocks: list[Any], accept: Accept, comments: bool) -> list[Any]:
    out: list[Any] = []
    join = False
    for block in blocks:
        runs_on = joins_next(block, accept)
        block = _node(block, accept, comments)
        if block.get("t") in TEXT_BLOCKS:
            words = _spaces(inlines_of(block))
            if block.get("t") == "Header":
                block["c"] = [block["c"][0], block["c"][1], words]
            else:
                block["c"] = words
        if join and out and _join(out[-1], block):
            if not _empty(block):
                out.append(block)
        else:
            out.append(block)
        join = runs_on
    return [b for b in out if not _empty(b)]


def _empty(block: Any) -> bool:
    """A paragraph with no words left (or a styled part holding only such)."""
    if block.get("t") in _JOINABLE:
        return not block["c"]
    if block.get("t") == "Div":
        return all(_empty(b) for b in block["c"][1])
    return False


def _inlines(inlines: list[Any], accept: Accept, comments: bool) -> list[Any]:
    out: list[Any] = []
    for node in inlines:
        if is_span(node, *PARAGRAPH_MARKS):
            continue
        if is_span(node, "insertion", "deletion"):
            made = accept(attributes(node).get("author", ""))
            if made == ("insertion" in classes(node)):
                out += _inlines(node["c"][1], accept, comments)
            elif comments:  # the words go, comments on them stay at their place
                out += [n for n in _inlines(node["c"][1], accept, comments)
                        if is_span(n, *COMMENT_MARKS)]
            continue
        if not comments and is_span(node, *COMMENT_MARKS):
            if "comment-end" in classes(node):
                out += _inlines(node["c"][1], accept, comments)
            continue
        out.append(_node(node, accept, comments))
    return out


def _spaces(inlines: list[Any]) -> list[Any]:
    """A paragraph's words with one space where taking words out left two, and none at the
    start or end."""
    out: list[Any] = []
    for node in inlines:
        if is_space(node) and (not out or is_space(out[-1])):
            continue
        out.append(node)
    while out and is_space(out[-1]):
        out.pop()
    return out


def _node(node: Any, accept: Accept, comments: bool) -> Any:
    if isinstance(node, list):
        if node and all(isinstance(n, dict) and "t" in n for n in node):
            if _is_inlines(node):
                return _inlines(node, accept, comments)
            return _blocks(node, accept, comments)
        return [_node(item, accept, comments) for item in node]
    if isinstance(node, dict):
        copied = dict(node)
        if copied.get("t") == "OrderedList":
            copied["c"] = [copied["c"][0], _items(copied["c"][1], accept, comments)]
        elif copied.get("t") == "BulletList":
            copied["c"] = _items(copied["c"], accept, comments)
        elif "c" in copied:
            copied["c"] = _node(copied["c"], accept, comments)
        return copied
    return node


def _items(items: list[list[Any]], accept: Accept, comments: bool) -> list[list[Any]]:
    """A list's items, where an item whose last paragraph runs on into the next (its mark
    taken out, or an added one undone) takes the next item's words into that paragraph."""
    out: list[list[Any]] = []
    join = False
    for item in items:
        runs_on = bool(item) and joins_next(item[-1], accept)
        blocks = _blocks(item, accept, comments)
        if join and out and out[-1] and blocks and _join(out[-1][-1], blocks[0]):
            out[-1] += [b for b in blocks if not _empty(b)]
        elif join and out and not blocks:
            pass  # an empty item run into the one before: nothing left of it
        else:
            out.append(blocks)
        join = runs_on
    return [item for item in out if item] or [[]]


def _is_inlines(nodes: list[Any]) -> bool:
    return nodes[0]["t"] in INLINE_KINDS
