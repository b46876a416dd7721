"""A paragraph as a reader sees it: its words, its sentences, and where each character came
from in the Markdown source. `text` makes these from Markdown."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

# A sentence ends at . ! ? or … (with any closing quotes or brackets) before a space, unless
# the word before is a common abbreviation or what follows starts in small letters.
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "e.g", "i.e", "vs", "approx", "cf",
                  "fig", "jr", "sr", "mt", "ie", "eg"}
# The match says at once when neither can be so, which is most of the time: `plain` when the
# word before is longer than any abbreviation, or ends in two letters the last of which ends
# no abbreviation; `capital` when a capital follows.
_LONGER = max(map(len, _ABBREVIATIONS)) + 1
_ENDS = "".join(sorted({a[-1] for a in _ABBREVIATIONS} | {a[-1].upper() for a in _ABBREVIATIONS}))
_SENTENCE_END = re.compile(rf"[.!?…](?:(?:(?<=[^\W\d_]{{{_LONGER}}}.)"
                           rf"|(?<=[^\W\d_][^\W\d_{_ENDS}].))(?P<plain>))?[.!?…]*[\"'”’)\]]*"
                           r"(?P<space>\s+)(?:(?=[A-Z])(?P<capital>))?")


class Sentence(NamedTuple):
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


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of plain text, keeping abbreviations like 'Dr.' and 'e.g.' inside them."""
    return [Sentence(text[start:end], start, end) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `split_sentences` starts and ends."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _SENTENCE_END.finditer(text):
        plain, _, capital = match.groups()
        after = match.end()
        if (plain is None or capital is None) and _goes_on(text, start, match.start(), after):
            continue
        spans.append((start, match.start("space")))  # after spaces: never only spaces
        start = after
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _goes_on(text: str, start: int, cut: int, after: int) -> bool:
    """Whether the sentence goes on past the full stop at `cut`: small letters after it, or
    an abbreviation before it ('Dr. Jones', 'e.g. this', 'No. 10', the initials 'J. R. Okafor')."""
    if after < len(text) and text[after].islower():
        return True
    before = text[max(start, cut - 8):cut].rsplit(None, 1)
    word = before[-1].strip("(\"'“‘") if before else ""
    return (word.lower().rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
            or (word.lower() == "no" and text[after:after + 1].isdigit()))
