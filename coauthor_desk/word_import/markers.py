"""Markers: how the import knows where each comment and change sits in pandoc's Markdown.

Pandoc writes the Markdown, so the import cannot count characters itself. Instead the tree
carries small markers (characters from Unicode's private use area: \\ue000, a letter, a number,
\\ue001) at each place, and they are found and taken out of pandoc's output again. Letters:
a/z a comment starts/ends; d/e words someone else took out start/end; i someone else added
words here; b ... added paragraphs here; r/s a part suggested whole starts/ends (see
regions). The same tree is also written without markers, so the chapter's text is exactly
pandoc's own; markers only say where things are in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

from coauthor_desk.word_import.pandoc_tree import is_space

OPEN, CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{OPEN}([a-z])(\\d+){CLOSE}")
_MARK_LINE = re.compile(f"^(?:{OPEN}[a-z]\\d+{CLOSE})+(?:\\n\\n?|$)", re.MULTILINE)


def mark(letter: str, number: int) -> dict[str, Any]:
    """A marker, as a word of the tree."""
    return {"t": "Str", "c": f"{OPEN}{letter}{number}{CLOSE}"}


def is_mark(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") == "Str" and \
        _MARK.fullmatch(node["c"]) is not None


def mark_of(node: Any) -> tuple[str, int] | None:
    """The letter and number of a marker; None for anything else."""
    found = _MARK.fullmatch(node["c"]) if is_mark(node) else None
    return (found.group(1), int(found.group(2))) if found else None


def squeeze(inlines: list[Any]) -> list[Any]:
    """One space between words, whatever was taken out between them. Markers take no room: a
    marker just before a space stays before it, one just after stays after."""
    out: list[Any] = []
    index = 0
    while index < len(inlines):
        node = inlines[index]
        if not is_space(node):
            out.append(node)
            index += 1
            continue
        end = index
        while end < len(inlines) and (is_space(inlines[end]) or is_mark(inlines[end])):
            end += 1
        run = inlines[index:end]
        space = next(n for n in run if is_space(n))
        marks = [n for n in run if is_mark(n)]
        out += [space, *marks] if end < len(inlines) else [*marks, space]
        index = end
    return out


def trim(inlines: list[Any]) -> list[Any]:
    """No spaces at the start or end of a paragraph (markers kept)."""
    words = [i for i, n in enumerate(inlines) if not is_space(n) and not is_mark(n)]
    if not words:
        return [n for n in inlines if not is_space(n)]
    first, last = words[0], words[-1]
    return [n for i, n in enumerate(inlines) if first <= i <= last or not is_space(n)]


def strip_markers(value: Any) -> Any:
    """The same tree without markers, and without paragraphs that only held markers."""
    if isinstance(value, list):
        kept = []
        for item in value:
            if is_mark(item):
                continue
            item = strip_markers(item)
            if isinstance(item, dict) and item.get("t") == "Para" and not item["c"]:
                continue
            kept.append(item)
        return kept
    if isinstance(value, dict) and "c" in value:
        value["c"] = strip_markers(value["c"])
    return value


def positions_in_body(marked: str, clean: str, body: str) -> dict[str, int]:
    """Where each marker ('a3', 'z3', ...) belongs in the chapter's body: the clean text, with
    the blank lines at its start the chapter has."""
    lead = _blank_start(body) - _blank_start(clean)
    return {key: min(max(value + lead, 0), len(body))
            for key, value in _positions(marked, clean).items()}


def _blank_start(text: str) -> int:
    return len(text) - len(text.lstrip("\n"))


def _positions(marked: str, clean: str) -> dict[str, int]:
    """Where each marker belongs in the clean text. The marked text without its markers is
    nearly always the clean text; where pandoc wrote something a little differently beside a
    marker, the two are lined up line by line, then character by character."""
    stripped, positions = _take_markers(marked)
    if stripped == clean:
        return positions
    mapping = _offset_map(stripped, clean)
    return {key: mapping(value) for key, value in positions.items()}


def _take_markers(text: str) -> tuple[str, dict[str, int]]:
    """The text without markers, and where each marker was in it. A line of markers only (a
    place between paragraphs) goes with its blank line."""
    positions: dict[str, int] = {}
    out: list[str] = []
    size = 0
    index = 0
    while index < len(text):
        line = _MARK_LINE.match(text, index) if index == 0 or text[index - 1] == "\n" else None
        if line is not None and line.group():
            for found in _MARK.finditer(line.group()):
                positions.setdefault(found.group(1) + found.group(2), size)
            index = line.end()
            continue
        found = _MARK.match(text, index)
        if found is not None:
            positions.setdefault(found.group(1) + found.group(2), size)
            index = found.end()
            continue
        following = text.find(OPEN, index + 1)
        end = len(text) if following == -1 else following
        out.append(text[index:end])
        size += end - index
        index = end
    return "".join(out), positions


def _offset_map(old: str, new: str) -> Callable[[int], int]:
    """A place in `old` -> the same place in `new`, by the parts the two texts share."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    pieces: list[tuple[int, int, int, int]] = []  # old start, old end, new start, new end
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines,
                                               autojunk=False).get_opcodes():
        a, b, c, d = old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2]
        if tag == "equal":
            pieces.append((a, b, c, d))
            continue
        for inner, k1, k2, m1, m2 in SequenceMatcher(None, old[a:b], new[c:d],
                                                     autojunk=False).get_opcodes():
            if inner == "equal":
                pieces.append((a + k1, a + k2, c + m1, c + m2))

    def mapping(offset: int) -> int:
        best = 0
        for a, b, c, _d in pieces:
            if a <= offset <= b:
                return c + offset - a
            if b <= offset:
                best = c + (b - a)
        return min(best, len(new))

    return mapping


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts
