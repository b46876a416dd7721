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

from coauthor_desk.export.word_import.pandoc_tree import (
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
    if not isinstance(block, dict) or block.get("t") not in _JOINABLE:
        return False
    marks = [n for n in block["c"] if is_span(n, *PARAGRAPH_MARKS)]
    if not marks:
        return False
    mark = marks[-1]
    made = accept(attributes(mark).get("author", ""))
    return made if "paragraph-deletion" in classes(mark) else not made


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
        if join and out and block.get("t") in _JOINABLE and out[-1].get("t") in _JOINABLE:
            before, after = out[-1]["c"], block["c"]
            out[-1]["c"] = before + ([{"t": "Space"}] if before and after else []) + after
        else:
            out.append(block)
        join = runs_on and block.get("t") in _JOINABLE
    return [b for b in out if not (b.get("t") in _JOINABLE and not b["c"])]


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
        if "c" in copied:
            copied["c"] = _node(copied["c"], accept, comments)
        return copied
    return node


def _is_inlines(nodes: list[Any]) -> bool:
    return nodes[0]["t"] in INLINE_KINDS
