"""The Markdown most chapters are made of, read line by line.

Paragraphs, `#` headings, `-` and `1.` lists one level deep and `:::` boxes make up nearly
every chapter, and reading them needs none of markdown-it's block parser, which costs more
than all the plain-language checks of a paragraph together. `simple_paragraphs` gives exactly
the paragraphs that `markdown_tokens.token_paragraphs` gives, or None at the first line that
could mean anything else (indented lines, quotes, code, tables, HTML, footnotes, link
definitions, underlined headings, rules), and then the whole text is read by markdown-it.
Words with marks in them (emphasis, links, escapes) are still read by markdown-it's inline
reader, a paragraph at a time. tests/manuscript/test_simple_markdown.py holds the two readers
to the same result.
"""

from __future__ import annotations

import re

from coauthor_desk.manuscript.markdown_tokens import box_of, parser, trace
from coauthor_desk.manuscript.paragraph import Paragraph

_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
_BULLET = re.compile(r"[-*+] {1,4}(?=\S)")
_ORDERED = re.compile(r"(\d{1,9})[.)] {1,4}(?=\S)")
_LIKE_ORDERED = re.compile(r"\d{1,9}[.)](?:\s|$)")
_RULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"[-:| \t]*$")  # under a table's first row: '--|--'
# Whole texts the line reader leaves to markdown-it: footnotes reach across the text, and
# carriage returns and NULs are changed before markdown-it reads a line.
_WHOLE = ("[^", "^[", "\r", "\0")
# Marks inside a paragraph that markdown-it's inline reader may turn into something else, and
# spaces at a line's end (a line break; the new line comes first, so the search leaps to it).
_MARKS = re.compile(r"[\\`*_\[\]<&!~^]|\n(?<=[^\S\n]\n)")
_NEVER_FIRST = set(">|<[`~=:")  # what no paragraph line may start with, here
# Boxes inside boxes deeper than this are left to markdown-it (which gives up on very deep
# nesting in its own way); books nest one or two.
_DEEPEST_BOX = 8


class _Unsure(Exception):
    """A line the reader does not know for certain."""


def simple_paragraphs(source: str) -> list[Paragraph] | None:
    """The blocks of text of a Markdown source, or None if it holds more than the simple
    parts (then `token_paragraphs` reads it)."""
    if any(mark in source for mark in _WHOLE):
        return None
    reader = _Reader(source)
    try:
        reader.read(0, len(reader.lines), None)
    except _Unsure:
        return None
    return reader.found


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.split("\n")
        self.starts = [0] * len(self.lines)
        at = 0
        for number, line in enumerate(self.lines):
            self.starts[number] = at
            at += len(line) + 1
        self.found: list[Paragraph] = []
        self.section = ""

    def read(self, first: int, end: int, box: tuple[str, str | None] | None,
             depth: int = 0) -> None:
        """Read lines first to end (not included), inside `box`, itself `depth` boxes deep."""
        number = first
        while number < end:
            line = self.lines[number]
            if _blank(line):
                number += 1
                continue
            kind, column, _ = _kind(line)
            if kind == "box":
                if depth == _DEEPEST_BOX:
                    raise _Unsure
                close = self._box_end(number, end)
                self.read(number + 1, close, box_of(line[column:]), depth + 1)
                number = close + 1
            elif kind == "heading":
                self._add(number, number + 1, "heading", column, box)
                number += 1
            else:
                number = self._paragraph(number, end, kind, column, box)

    def _box_end(self, opening: int, end: int) -> int:
        """The line that closes the box opened at `opening`: the first of as many colons or
        more and nothing else (markdown-it's container looks for no more than that)."""
        colons = _colons(self.lines[opening])
        for number in range(opening + 1, end):
            line = self.lines[number]
            if _colons(line) >= colons and not line.lstrip(":").strip(" \t"):
                return number
        return end

    def _paragraph(self, first: int, end: int, kind: str, column: int,
                   box: tuple[str, str | None] | None) -> int:
        """A paragraph or list item from `first`, with the lines that carry it on; returns
        the line after it."""
        number = first + 1
        while number < end and not _blank(self.lines[number]):
            next_kind, _, value = _kind(self.lines[number])
            if next_kind == "paragraph":
                number += 1
                continue
            if next_kind == "list item" and kind == "paragraph" and value not in (None, 1):
                raise _Unsure  # '2.' cannot break into a paragraph: it carries it on
            break
        self._add(first, number, kind, column, box)
        return number

    def _add(self, first: int, end: int, kind: str, column: int,
             box: tuple[str, str | None] | None) -> None:
        opening = self.lines[first][column:]
        words = ("\n".join([opening, *self.lines[first + 1:end]]) if end > first + 1
                 else opening).strip()
        start = self.starts[first]
        at = start + column
        if words and not _MARKS.search(words) and \
                (not column or self.source.find(opening, start, at + len(words)) == at):
            text, runs = words.replace("\n", " "), [(0, at, len(words))]
        else:
            until = self.starts[end] if end < len(self.starts) else len(self.source)
            text, runs = trace(parser().parseInline(words, {})[0], self.source, start, until)
        if not text.strip():
            return
        if kind == "heading":
            self.section = text.strip()
        self.found.append(Paragraph(len(self.found), kind, text, self.section,
                                    *(box or (None, None)), first + 1, runs))


def _colons(line: str) -> int:
    return len(line) - len(line.lstrip(":"))


def _blank(line: str) -> bool:
    return not line.strip(" \t")


def _kind(line: str, in_item: bool = False) -> tuple[str, int, int | None]:
    """What a line that is not blank starts: its kind (box, heading, list item or paragraph), where
    its words start, and a numbered item's number. Raises _Unsure for anything else, and for a
    list item inside a list item (`in_item`)."""
    first = line[0]
    if first.isalpha():
        return "paragraph", 0, None  # the usual line: no block of any kind starts with a letter
    if first.isspace():
        raise _Unsure
    if first == ":" and line.startswith(":::"):
        return "box", _colons(line), None
    if first == "#":
        heading = _HEADING.match(line)
        if heading and not line.rstrip().endswith("#"):
            return "heading", heading.end(), None
        raise _Unsure
    if first in "-*+_":
        if _RULE.match(line) or _TABLE_RULE.match(line) or not line.strip(first + " \t"):
            raise _Unsure  # a rule, the line under a heading or under a table's first row
        if first != "_" and line[1:2] in ("", " ", "\t"):
            item = _BULLET.match(line)
            if item is None:
                raise _Unsure
            return _item(line, item.end(), None, in_item)
        return "paragraph", 0, None
    if first.isdigit():
        ordered = _ORDERED.match(line)
        if ordered:
            return _item(line, ordered.end(), int(ordered.group(1)), in_item)
        if _LIKE_ORDERED.match(line):
            raise _Unsure
        return "paragraph", 0, None
    if first in _NEVER_FIRST:
        raise _Unsure
    return "paragraph", 0, None


def _item(line: str, column: int, number: int | None,
          in_item: bool) -> tuple[str, int, int | None]:
    """A list item whose words are plain text (a list, heading or box inside an item is
    left to markdown-it)."""
    if in_item or _kind(line[column:], in_item=True)[0] != "paragraph":
        raise _Unsure
    return "list item", column, number
