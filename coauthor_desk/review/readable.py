"""A chapter as a reader sees it (its words, without Markdown marks, a blank line between
blocks), with a way to find any stretch of the Markdown source in it: the review window shows
this, and marks suggestions and changes, which are known by their place in the source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from coauthor_desk.manuscript import text as markdown_text


@dataclass(frozen=True)
class Readable:
    """The words shown, and for each run of them where it comes from in the source."""

    text: str
    # (source start, shown start, length), in source order
    runs: list[tuple[int, int, int]] = field(repr=False)

    def shown(self, source_start: int, source_end: int) -> tuple[int, int]:
        """Where source[source_start:source_end] is in the words shown (the nearest words
        when the stretch is only marks)."""
        return self._at(source_start, after=True), max(self._at(source_end, after=False),
                                                        self._at(source_start, after=True))

    def _at(self, source: int, after: bool) -> int:
        starts = [run[0] for run in self.runs]
        index = bisect.bisect_right(starts, source) - 1
        if index < 0:
            return 0
        run_start, shown_start, length = self.runs[index]
        if source <= run_start + length:
            return shown_start + source - run_start
        # between runs (on marks): the start of the next run, or the end of this one
        if after and index + 1 < len(self.runs):
            return self.runs[index + 1][1]
        return shown_start + length


def readable(body: str) -> Readable:
    """The chapter body as a reader sees it."""
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    at = 0
    for paragraph in markdown_text.blocks(body):
        if parts:
            parts.append("\n\n")
            at += 2
        for text_start, source_start, length in paragraph.runs:
            runs.append((source_start, at + text_start, length))
        parts.append(paragraph.text)
        at += len(paragraph.text)
    runs.sort()
    return Readable("".join(parts), runs)
