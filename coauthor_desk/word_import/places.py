"""Which words of the new chapter text a thread is pinned to.

A thread is about some words (see comments.anchors), but a Word comment may cover nothing and an
addition is a place between words or paragraphs. These pick the few words around such a place,
so every thread has words a person can find.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\S+")
_PLACE_WORDS = 4  # words of the paragraph next to added paragraphs, to pin them to


def trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without spaces at either end."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def whole_lines(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without blank lines around it, keeping the spaces a line starts with (a table's
    first line is indented)."""
    while start < end and body[start] == "\n":
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def around(body: str, place: int) -> tuple[int, int]:
    """The word before a place and the word after it, within the line."""
    line_start = body.rfind("\n", 0, place) + 1
    line_end = body.find("\n", place)
    line_end = len(body) if line_end == -1 else line_end
    before = list(_WORD.finditer(body, line_start, place))
    after = _WORD.search(body, place, line_end)
    start = before[-1].start() if before else place
    if after is not None and after.start() == place and before and before[-1].end() == place:
        return start, after.end()  # the place is inside a word
    end = after.end() if after is not None else place
    if not before and after is None:
        return place, place
    return start, end


def paragraph_place(body: str, place: int, put_in: str) -> tuple[int, int, str]:
    """Paragraphs put in at a place between paragraphs: pinned to the last few words of the
    paragraph before, or (at the top, or just after a box) the first few of the one after; and
    the words proposed for them."""
    new = put_in.strip("\n")
    text_end = len(body[:place].rstrip())
    line_start = body.rfind("\n", 0, text_end) + 1
    before = list(_WORD.finditer(body, line_start, text_end))
    rest = body[place:]
    first = place + len(rest) - len(rest.lstrip())
    line_end = body.find("\n", first)
    after = list(_WORD.finditer(body, first, len(body) if line_end == -1 else line_end))
    fence = body[line_start:text_end].lstrip().startswith(":::")
    if before and (not fence or not after):
        start = before[max(0, len(before) - _PLACE_WORDS)].start()
        return start, text_end, body[start:text_end] + "\n\n" + new
    if after:
        end = after[min(len(after), _PLACE_WORDS) - 1].end()
        return first, end, new + "\n\n" + body[first:end]
    return place, place, new
