"""One suggestion where one person's suggestions would overlap.

A suggestion is pinned to a few words around its change (an added word to the words either
side; added paragraphs to the end of the paragraph before). Two changes close together would
then be about some of the same words, and using one would change the words the other is about,
so the second could no longer be used. Where one person's suggestions overlap, they become one
suggestion about all their words, with every change made in it: using it gives what Word's
Accept gives for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Planned:
    """A suggestion before it is written: the words it is about (body[start:end]) and the words
    proposed for them, by whom, and the sentences saying what the change is."""

    start: int
    end: int
    proposed: str
    by: str
    when: str
    owners: list[str]
    says: list[str]


def merged(body: str, planned: list[Planned]) -> list[Planned]:
    """The suggestions with each run of one person's overlapping ones made one."""
    out: list[Planned] = []
    for item in sorted(planned, key=lambda p: (p.start, p.end)):
        last = next((p for p in reversed(out) if p.by == item.by and p.owners == item.owners),
                    None)
        if last is not None and item.start < last.end and _joinable(body, last, item):
            out[out.index(last)] = _join(body, last, item)
        else:
            out.append(item)
    return out


def _core(body: str, item: Planned) -> tuple[int, int, str]:
    """The part of the words a suggestion really changes, and what it puts there: the quote
    and the proposal without the words they share at either end."""
    quote = body[item.start:item.end]
    head = 0
    while head < min(len(quote), len(item.proposed)) and quote[head] == item.proposed[head]:
        head += 1
    tail = 0
    while tail < min(len(quote), len(item.proposed)) - head and \
            quote[len(quote) - 1 - tail] == item.proposed[len(item.proposed) - 1 - tail]:
        tail += 1
    return (item.start + head, item.end - tail,
            item.proposed[head:len(item.proposed) - tail])


def _joinable(body: str, first: Planned, second: Planned) -> bool:
    a_start, a_end, _ = _core(body, first)
    b_start, b_end, _ = _core(body, second)
    return a_end <= b_start or b_end <= a_start


def _join(body: str, first: Planned, second: Planned) -> Planned:
    start, end = min(first.start, second.start), max(first.end, second.end)
    cores = sorted([_core(body, first), _core(body, second)])
    proposed, at = [], start
    for core_start, core_end, words in cores:
        proposed += [body[at:core_start], words]
        at = core_end
    proposed.append(body[at:end])
    return Planned(start, end, "".join(proposed), first.by, min(first.when, second.when),
                   first.owners, first.says + second.says)
