"""Markdown to paragraphs and sentences, with every character traced back to the source.

This is the one place that reads Markdown for checks, change summaries and anchors. It walks
markdown-it-py's token stream: each block of text (a paragraph, heading, list item, quote,
footnote or table cell) becomes a `Paragraph` of plain words, with the marks (emphasis, links,
escapes) left out and a map from the plain text back to the characters of the source, so a
finding about a word can point at that word in the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

_BOX_CLASS = re.compile(r"\.([A-Za-z][\w-]*)")
_BOX_AUTHOR = re.compile(r"\bauthor=\"?([^\"\s}]+)")
# A sentence ends at . ! ? or … (with any closing quotes or brackets) before a space, unless
# the word before is a common abbreviation or what follows starts in small letters.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "e.g", "i.e", "vs", "approx", "cf",
                  "fig", "jr", "sr", "mt", "ie", "eg"}
_TEXT_TOKENS = ("text", "code_inline")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph: its words and where they are in the paragraph's text."""

    text: str
    start: int
    end: int


@dataclass
class Paragraph:
    """One block of text as a reader sees it, traced back to the source."""

    index: int  # its place among the blocks of the source, from 0
    kind: str  # paragraph, heading, list item, quote, footnote or table cell
    text: str  # the words, without Markdown marks
    section: str  # the heading it falls under ("" before the first heading)
    box: str | None  # the class of the ::: box it is in, such as "commentary"
    box_author: str | None  # who the box belongs to, when it says (author="...")
    line: int  # the source line it starts on, from 1
    runs: list[tuple[int, int, int]] = field(repr=False)  # (text start, source start, length)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @property
    def start(self) -> int:
        """Where the paragraph starts in the source."""
        return self.runs[0][1] if self.runs else 0

    @property
    def end(self) -> int:
        """Where the paragraph's last word ends in the source."""
        return self.runs[-1][1] + self.runs[-1][2] if self.runs else 0

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The characters of the source that hold text[start:end]."""
        first = self.source_offset(start)
        return (first, self.source_offset(end - 1) + 1) if end > start else (first, first)

    def source_offset(self, position: int) -> int:
        """Where the character text[position] is in the source."""
        if not self.runs:
            return 0
        index = max(bisect.bisect_right(self._starts, position) - 1, 0)
        text_start, source_start, length = self.runs[index]
        return source_start + min(max(position - text_start, 0), max(length - 1, 0))

    @cached_property
    def _starts(self) -> list[int]:
        return [run[0] for run in self.runs]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable("table").use(footnote_plugin)
            .use(container_plugin, name="box", validate=lambda *_: True))


@lru_cache(maxsize=64)
def blocks(source: str) -> tuple[Paragraph, ...]:
    """`paragraphs(source)`, remembered for the last few texts: deciding about a suggestion
    asks whose words a place is in the very text that was read a moment before."""
    return tuple(paragraphs(source))


def paragraphs(source: str) -> list[Paragraph]:
    """The blocks of text in a Markdown source, in reading order."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    found: list[Paragraph] = []
    section, boxes, kinds = "", [], ["paragraph"]
    last_map: list[int] | None = None
    for token in _parser().parse(source):
        if token.map:
            last_map = token.map
        kind = token.type
        if kind == "container_box_open":
            info = token.info
            name, author = _BOX_CLASS.search(info), _BOX_AUTHOR.search(info)
            boxes.append((name.group(1) if name else info.strip(),
                          author.group(1) if author else None))
        elif kind == "container_box_close" and boxes:
            boxes.pop()
        elif kind in _OPENING:
            kinds.append(_OPENING[kind])
        elif kind in _CLOSING and len(kinds) > 1:
            kinds.pop()
        elif kind == "inline" and last_map is not None:
            start = line_starts[last_map[0]]
            end = line_starts[last_map[1]] if last_map[1] < len(line_starts) else len(source)
            text, runs = _trace(token, source, start, end)
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
            for token in _parser().parse(source)
            if token.type == "heading_open" and token.map]


_OPENING = {"heading_open": "heading", "list_item_open": "list item",
            "blockquote_open": "quote", "footnote_open": "footnote", "td_open": "table cell",
            "th_open": "table cell"}
_CLOSING = {"heading_close", "list_item_close", "blockquote_close", "footnote_close",
            "td_close", "th_close"}


def _trace(inline: Token, source: str, start: int, end: int
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
            runs.append((length, newline if newline >= 0 else cursor, 1))
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
    found = source.find(content, cursor, end)
    if found >= 0:
        runs.append((length, found, len(content)))
        return found + len(content)
    # Escapes (\*) and entities (&amp;) differ from the text: match character by character,
    # skipping source characters that are not in the text.
    position = cursor
    for offset, character in enumerate(content):
        while position < end and source[position] != character:
            position += 1
        if position >= end:
            break
        runs.append((length + offset, position, 1))
        position += 1
    return position


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


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of plain text, keeping abbreviations like 'Dr.' and 'e.g.' inside them."""
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        after = match.end()
        if after < len(text) and text[after].islower():
            continue
        before = text[max(start, match.start() - 8):match.start()].rsplit(None, 1)
        word = before[-1].strip("(\"'“‘") if before else ""
        if word.lower().rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue  # as in 'Dr. Jones', 'e.g. this', or the initials of 'J. R. Okafor'
        if word.lower() == "no" and text[after:after + 1].isdigit():
            continue  # as in 'No. 10'

        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        if text[start:end].strip():
            sentences.append(_sentence(text, start, end))
        start = after
    if text[start:].strip():
        sentences.append(_sentence(text, start, len(text.rstrip())))
    return sentences


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    return Sentence(text[start:end], start, end)
