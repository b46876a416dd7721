"""Small readers of pandoc's JSON tree, shared by every step that looks at the Word file.

Pandoc's tree is lists and dicts ({"t": kind, "c": content}); these name the few shapes the
import cares about, so the steps read as what they do rather than as indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CHANGES = ("insertion", "deletion")  # Span classes of tracked changes to words
PARAGRAPH_MARKS = ("paragraph-insertion", "paragraph-deletion")
COMMENT_MARKS = ("comment-start", "comment-end")
SPACES = ("Space", "SoftBreak")
INLINE_KINDS = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
                "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
                "RawInline", "Link", "Image", "Note", "Span"}
BLOCK_KINDS = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote",
               "OrderedList", "BulletList", "DefinitionList", "Header", "HorizontalRule",
               "Table", "Figure", "Div"}
TEXT_BLOCKS = ("Para", "Plain", "Header")


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every node of a pandoc tree (or part of one), depth first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "t" in item:
                yield item
            if "c" in item:
                stack.append(item["c"])


def classes(node: dict[str, Any]) -> list[str]:
    """The classes of a Span or Div."""
    return node["c"][0][1]


def attributes(node: dict[str, Any]) -> dict[str, str]:
    """The key=value attributes of a Span or Div."""
    return dict(node["c"][0][2])


def is_span(node: Any, *kinds: str) -> bool:
    """Whether this is a Span with any of these classes."""
    return isinstance(node, dict) and node.get("t") == "Span" and \
        any(kind in node["c"][0][1] for kind in kinds)


def is_space(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") in SPACES


def inlines_of(block: dict[str, Any]) -> list[Any]:
    """The words of a paragraph or heading."""
    return block["c"][2] if block.get("t") == "Header" else block["c"]


def set_inlines(block: dict[str, Any], inlines: list[Any]) -> None:
    """Give a paragraph or heading new words (a heading loses Word's id and classes)."""
    if block.get("t") == "Header":
        block["c"][1] = ["", [], []]
        block["c"][2] = inlines
    else:
        block["c"] = inlines


def headers(blocks: list[Any]) -> list[dict[str, Any]]:
    return [n for n in nodes(blocks) if n.get("t") == "Header"]


def plain(value: Any) -> str:
    """The words of a piece of the tree as plain text (tracked changes taken as made)."""
    words: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for part in item:
                walk(part)
            return
        if not isinstance(item, dict) or is_span(item, "deletion", "comment-start"):
            return
        kind = item.get("t")
        if kind == "Str":
            words.append(item["c"])
        elif kind in SPACES:
            words.append(" ")
        elif kind == "LineBreak":
            words.append("\n")
        elif kind in ("Code", "Math"):
            words.append(item["c"][1])
        elif kind == "Quoted":
            mark = '"' if item["c"][0]["t"] == "DoubleQuote" else "'"
            words.append(mark)
            walk(item["c"][1])
            words.append(mark)
        elif kind in ("Para", "Plain"):
            if words and not words[-1].endswith("\n"):
                words.append("\n")
            walk(item["c"])
            words.append("\n")
        elif kind not in ("Note", "Image") and "c" in item:
            walk(item["c"])

    walk(value)
    return re.sub(r"[ \t]+", " ", "".join(words)).strip()
