"""The conversion's last step, kept apart from the walk through the tree: Word's styles and ids
taken off what pandoc gives attributes, in the chapter and in every suggestion kept aside."""

from __future__ import annotations

from typing import Any

from coauthor_desk.word_import.pandoc_tree import nodes

# The kinds of node that carry attributes, each with the place of the attributes in its "c".
_ATTRIBUTED = {"Table": 0, "CodeBlock": 0, "Code": 0, "Link": 0, "Figure": 0}


def plain_attributes(blocks: list[Any]) -> list[Any]:
    """Word's styles and ids off tables, code and links: the book reads its chapters without
    attributes (see export.outputs), so they would show as words such as {custom-style=...}."""
    for node in nodes(blocks):
        where = _ATTRIBUTED.get(node.get("t", ""))
        if where is not None and isinstance(node.get("c"), list):
            node["c"][where] = ["", [], []]
    return blocks
