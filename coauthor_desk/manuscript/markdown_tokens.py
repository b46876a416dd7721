"""Any Markdown into paragraphs, by walking markdown-it-py's token stream.

Each block of text (a paragraph, heading, list item, quote, footnote or table cell) becomes a
`Paragraph` of plain words, with the marks (emphasis, links, escapes) left out and a map from
the plain text back to the characters of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from coauthor_desk.manuscript.paragraph import Paragraph

_BOX_CLASS = re.compile(r"\.([A-Za-z][\w-]*)")
_BOX_AUTHOR = re.compile(r"\bauthor=\"?([^\"\s}]+)")
_TEXT_TOKENS = ("text", "code_inline")
# How far past the cursor a piece of text is looked for as it is (marks or a tag between): a
# piece that differs from its source (a code span over a line break, an escape) is otherwise
# looked for to the paragraph's end, for each such piece of a paragraph of thousands.
_MOST_BETWEEN = 1_000


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with tables, footnotes and ::: boxes, as the book's chapters are written."""
    return (MarkdownIt("commonmark").enable("table").use(footnote_plugin)
            .use(container_plugin, name="box", validate=lambda *_: True))


def box_of(info: str) -> tuple[str, str | None]:
    """The class and the author of a ::: box, from what follows its colons."""
    name, author = _BOX_CLASS.search(info), _BOX_AUTHOR.search(info)
    return name.group(1) if name else info.strip(), author.group(1) if author else None


def token_paragraphs(source: str) -> list[Paragraph]:
    """The blocks of text in any Markdown source, in reading order, from the token stream."""
    # Lines as markdown-it counts them: a lone '\r' (old Mac files, texts from history) ends
    # one too, so its line numbers always point into this list.
    line_starts = [0] + [m.end() for m in re.finditer("\r\n?|\n", source)]
    found: list[Paragraph] = []
    section, boxes, kinds = "", [], ["paragraph"]
    last_map: list[int] | None = None
    for token in parser().parse(source):
        if token.map:
            last_map = token.map
        kind = token.type
        if kind == "container_box_open":
            boxes.append(box_of(token.info))
        elif kind == "container_box_close" and boxes:
            boxes.pop()
        elif kind in _OPENING:
            kinds.append(_OPENING[kind])
        elif kind in _CLOSING and len(kinds) > 1:
            kinds.pop()
        elif kind == "inline" and last_map is not None:
            start = line_starts[last_map[0]]
            end = line_starts[last_map[1]] if last_map[1] < len(line_starts) else len(source)
            text, runs = trace(token, source, start, end)
            if not text.strip():
                continue
            box, author = boxes[-1] if boxes else (None, None)
            block = kinds[-1]
            if block == "heading":
                section = text.strip()
            found.append(Paragraph(len(found), block, text, section, box, author,
                                   last_map[0] + 1, runs))
    return found


@dataclass(frozen=True)
class Heading:
    """A heading of a Markdown source: the lines it takes (from 0, end excluded) and its level.
    An underlined heading ('Title' over '===') has its underline as its last line."""

    first_line: int
    end_line: int
    level: int
    underlined: bool


def headings(source: str) -> list[Heading]:
    """Every heading of a Markdown source (inside boxes too, never inside code)."""
    return [Heading(token.map[0], token.map[1], int(token.tag[1]), token.markup[:1] in "=-")
            for token in parser().parse(source)
            if token.type == "heading_open" and token.map]


_OPENING = {"heading_open": "heading", "list_item_open": "list item",
            "blockquote_open": "quote", "footnote_open": "footnote", "td_open": "table cell",
            "th_open": "table cell"}
_CLOSING = {"heading_close", "list_item_close", "blockquote_close", "footnote_close",
            "td_close", "th_close"}


def trace(inline: Token, source: str, start: int, end: int
           ) -> tuple[str, list[tuple[int, int, int]]]:
    """The plain text of an inline token and where each piece of it is in the source."""
    pieces: list[str] = []
    runs: list[tuple[int, int, int]] = []
    length = 0
    cursor = start
    for child in inline.children or []:
        kind = child.type
        if kind in _TEXT_TOKENS or kind == "image":
            content = child.content
            cursor = _find(source, content, cursor, end, runs, length)
            pieces.append(content)
            length += len(content)
            if kind == "image":
                cursor = _skip_destination(source, cursor, end)
        elif kind in ("softbreak", "hardbreak"):
            newline = source.find("\n", cursor, end)
            pieces.append(" ")
            add_run(runs, length, newline if newline >= 0 else cursor, 1)
            length += 1
            cursor = newline + 1 if newline >= 0 else cursor
        elif kind == "link_close":
            cursor = _skip_destination(source, cursor, end)
        elif kind == "footnote_ref":
            label = f"[^{child.meta.get('label', '')}]"
            found = source.find(label, cursor, end)
            cursor = found + len(label) if found >= 0 else cursor
    return "".join(pieces), runs


def _find(source: str, content: str, cursor: int, end: int,
          runs: list[tuple[int, int, int]], length: int) -> int:
    """Trace `content` in the source from `cursor`; returns where it ends there."""
    if not content:
        return cursor
    found = source.find(content, cursor, min(end, cursor + len(content) + _MOST_BETWEEN))
    if found >= 0:
        add_run(runs, length, found, len(content))
        return found + len(content)
    # Escapes (\*) and entities (&amp;) differ from the text: match character by character,
    # skipping source characters that are not in the text.
    position = cursor
    for offset, character in enumerate(content):
        while position < end and source[position] != character:
            position += 1
        if position >= end:
            break
        add_run(runs, length + offset, position, 1)
        position += 1
    return position


def add_run(runs: list[tuple[int, int, int]], at: int, source_at: int, size: int) -> None:
    """Add a run of text found at `source_at`, as part of the run before when it follows on
    from it in both (so any way of reading the same words gives the same runs)."""
    if runs:
        last_at, last_source, last_size = runs[-1]
        if last_at + last_size == at and last_source + last_size == source_at:
            runs[-1] = (last_at, last_source, last_size + size)
            return
    runs.append((at, source_at, size))


def _skip_destination(source: str, cursor: int, end: int) -> int:
    """After a link's or image's text: pass over '](destination)' or '][label]'."""
    if cursor >= end or source[cursor] != "]":
        return cursor
    cursor += 1
    if cursor < end and source[cursor] in "([":
        closing = ")" if source[cursor] == "(" else "]"
        depth = 0
        while cursor < end:
            if source[cursor] in "([":
                depth += 1
            elif source[cursor] == closing:
                depth -= 1
                if depth == 0:
                    return cursor + 1
            cursor += 1
    return cursor
