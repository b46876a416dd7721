"""difflib's SequenceMatcher with a limit on its work, for texts whose words repeat.

difflib looks, for each word of one text, at every place the same word is in the other: fast
for ordinary sentences, but a paragraph of one word said thousands of times ('Dr. Dr. Dr. …',
a sentence of emoji, a line of '- - - …') costs the square of its length, minutes for a few
pages. `Matcher` counts that work first (in one pass). Within `MOST_WORK` it is difflib
exactly; beyond, the words the two texts share at their start and end line up, and what is
between them is compared by difflib only if that is within the limit, else it is told as
taken out and put in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import Match, SequenceMatcher

MOST_WORK = 250_000  # pairs of equal words difflib may look at: about a twentieth of a second


class Matcher(SequenceMatcher):
    """`SequenceMatcher(None, a, b, autojunk=False)` whose cost is bounded (see above)."""

    def __init__(self, a: Sequence[Hashable] = (), b: Sequence[Hashable] = ()) -> None:
        super().__init__(None, a, b, autojunk=False)

    def get_matching_blocks(self) -> list[Match]:
        if self.matching_blocks is None and \
                sum(len(self.b2j.get(item, ())) for item in self.a) > MOST_WORK:
            self.matching_blocks = _ends_only(self.a, self.b)
        return super().get_matching_blocks()


def _ends_only(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Match]:
    """The matching blocks of a too costly pair: the shared start and end, and the middle
    through difflib only when that is within the limit."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_middle, b_middle = a[head:len(a) - tail], b[head:len(b) - tail]
    blocks = [Match(0, 0, head)]
    counts = Counter(b_middle)
    if sum(counts[item] for item in a_middle) <= MOST_WORK:
        found = SequenceMatcher(None, a_middle, b_middle, autojunk=False).get_matching_blocks()
        blocks += [Match(i + head, j + head, size) for i, j, size in found if size]
    blocks.append(Match(len(a) - tail, len(b) - tail, tail))
    merged: list[Match] = []
    for block in blocks:
        if not block.size:
            continue
        if merged and merged[-1].a + merged[-1].size == block.a and \
                merged[-1].b + merged[-1].size == block.b:
            merged[-1] = Match(merged[-1].a, merged[-1].b, merged[-1].size + block.size)
        else:
            merged.append(block)
    return [*merged, Match(len(a), len(b), 0)]
