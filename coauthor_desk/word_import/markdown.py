"""Writing the changed tree back as the book's Markdown, with pandoc.

Pandoc writes it (the book does not hand-write Markdown), and the result is then put in the
book's own spelling, so that an import and a chapter typed in the app look the same and history
shows only real changes.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.manuscript.model import Chapter
from coauthor_desk.word_import.markers import strip_markers
from coauthor_desk.word_import.pandoc_tree import BLOCK_KINDS

# Written as the book's chapters are read (see export.outputs): Markdown and nothing raw.
WRITE_AS = "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block"
WRITE_OPTIONS = ["--wrap=none", "--markdown-headings=atx"]
_BOX_LINE = re.compile(r"^(:{3,}) ([A-Za-z][\w-]*)$", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^( *)(\d+[.)]) {2,3}(?=\S)", re.MULTILINE)
_SEPARATOR = "\ue002\ue002\ue002"  # between fragments, in their one pandoc run
_FRAGMENT_START = "\ue003"  # before words put in inside a paragraph


def markdown(tree: dict[str, Any], blocks: list[Any], what: str) -> str:
    """The blocks as the book's Markdown (`tree` is the Word file's, for pandoc's version)."""
    document = {"pandoc-api-version": tree.get("pandoc-api-version"), "meta": {},
                "blocks": blocks}
    data = run_pandoc(["-f", "json", "-t", WRITE_AS, *WRITE_OPTIONS],
                      text=json.dumps(document, ensure_ascii=False), what=what)
    return _tidy(data.decode("utf-8").replace("\r\n", "\n"))


def _tidy(text: str) -> str:
    """Pandoc's Markdown in the book's own spelling: boxes as '::: {.key-learning}' (as the
    chapter template has them) and one space after a list number."""
    text = _BOX_LINE.sub(lambda m: f"{m.group(1)} {{.{m.group(2)}}}", text)
    return _ORDERED_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)} ", text)


def fragments_markdown(tree: dict[str, Any], fragments: dict[int, list[Any]],
                       what: str) -> dict[int, str]:
    """The Markdown of every piece someone else put in, in one pandoc run."""
    if not fragments:
        return {}
    blocks: list[Any] = []
    order = sorted(fragments)
    for number in order:
        pieces = fragments[number]
        whole_paragraphs = bool(pieces) and pieces[0].get("t") in BLOCK_KINDS
        pieces = strip_markers(copy.deepcopy(pieces))
        blocks.append({"t": "Para", "c": [{"t": "Str", "c": _SEPARATOR}]})
        if whole_paragraphs:
            blocks += pieces
        else:
            blocks.append({"t": "Para", "c": [{"t": "Str", "c": _FRAGMENT_START}, *pieces]})
    text = markdown(tree, blocks, what)
    parts = re.split(f"^{_SEPARATOR}$", text, flags=re.MULTILINE)[1:]
    return {number: part.strip("\n").removeprefix(_FRAGMENT_START)
            for number, part in zip(order, parts, strict=False)}


def chapter_body(markdown_text: str, chapter: Chapter | None) -> str:
    """The chapter's new body: the Markdown with the blank first line chapters have."""
    text = markdown_text.strip("\n")
    lead = "\n" if chapter is None or chapter.body.startswith("\n") else ""
    return f"{lead}{text}\n" if text else lead
