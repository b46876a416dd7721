"""What changed in a chapter, told in words: who reworded, added, took out or moved what, when.

Two versions of a chapter's body are compared the way a reader compares them, not line by line:

1. Paragraphs that are exactly the same are lined up first (difflib on their words). A
   paragraph found unchanged somewhere else was moved.
2. In each stretch of changed paragraphs, their sentences are lined up (see `align`): the
   same sentence, a sentence reworded (at least half of its words kept, in order), split into
   two or three, or two or three joined into one. A reworded sentence whose only changes are one
   or two small slips (a misspelling, a word typed twice, capitals, punctuation) is a slip put
   right.
3. A changed paragraph that turns up, mostly the same, in another place was moved; so was a
   sentence found, the same or nearly, somewhere else. A paragraph none of whose sentences
   are found again was added (or taken out); a paragraph whose sentences went to two new
   paragraphs was broken in two (and two that became one were joined).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.changes import align
from coauthor_desk.changes.align import Piece, is_slip, normal, pieces, words
from coauthor_desk.changes.change import Change
from coauthor_desk.changes.kinds import ChangeKind
from coauthor_desk.changes.matching import Matcher
from coauthor_desk.manuscript import text
from coauthor_desk.manuscript.text import Paragraph, Sentence

log = logging.getLogger(__name__)

MOVED_AT = 0.8  # a sentence or paragraph found elsewhere with this much of its words kept
_MOVED_WORDS = 4  # ... and at least this many words (short sentences repeat by chance)
_MOST_PAIRS = 2_500  # beyond this many candidate pairs, only exact moves are looked for


def compare_texts(old_body: str, new_body: str) -> list[Change]:
    """The changes from one chapter body (Markdown without its details) to another, in reading
    order. The same text gives no changes."""
    if old_body == new_body:
        return []
    return Comparison(text.paragraphs(old_body), text.paragraphs(new_body)).changes()



@dataclass
class _Side:
    """The paragraphs of one body with their sentences, worked out only when needed."""

    paragraphs: list[Paragraph]
    norms: list[str] = field(init=False)
    _sentences: dict[int, list[Sentence]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.norms = [normal(p.text) for p in self.paragraphs]

    def sentences(self, index: int) -> list[Sentence]:
        found = self._sentences.get(index)
        if found is None:
            found = text.split_sentences(self.paragraphs[index].text) or [
                Sentence(self.paragraphs[index].text, 0, len(self.paragraphs[index].text))]
            self._sentences[index] = found
        return found

    def span(self, index: int, sentences: Sequence[int]) -> tuple[int, int]:
        paragraph = self.paragraphs[index]
        found = self.sentences(index)
        return paragraph.source_span(found[sentences[0]].start, found[sentences[-1]].end)


_Where = tuple[int, int]  # (paragraph, sentence)


class Comparison:
    def __init__(self, old: list[Paragraph], new: list[Paragraph]) -> None:
        self.old, self.new = _Side(old), _Side(new)
        self.found: list[tuple[tuple[float, ...], Change]] = []
        # Sentences not yet accounted for, and sentence links between changed paragraphs.
        self.loose_old: dict[_Where, tuple[float, ...]] = {}  # -> where it would sort
        self.loose_new: set[_Where] = set()
        self.edges: list[tuple[int, int]] = []  # (old paragraph, new paragraph)
        self.changed_old: list[int] = []
        self.changed_new: list[int] = []
        self.moved_in: set[int] = set()  # new paragraphs that received a moved sentence
        self.moved_out: set[int] = set()

    def changes(self) -> list[Change]:
        regions = self._paragraph_regions()
        for old_indexes, new_indexes, anchor in regions:
            self._sentences_between(old_indexes, new_indexes, anchor)
        self._moved_paragraphs()
        self._moved_sentences()
        self._broken_and_joined_paragraphs()
        self._added_and_removed()
        self.found.sort(key=lambda item: item[0])
        return [change for _, change in self.found]

    # Paragraphs --------------------------------------------------------------------------
    def _paragraph_regions(self) -> list[tuple[list[int], list[int], float]]:
        """Stretches of paragraphs that are not the same; unchanged paragraphs that moved are
        told as moved here."""
        matcher = Matcher(self.old.norms, self.new.norms)
        regions = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                regions.append((list(range(i1, i2)), list(range(j1, j2)), j1 - 0.5))
        waiting: dict[str, list[int]] = {}
        for old_indexes, _, _ in regions:
            for i in old_indexes:
                waiting.setdefault(self.old.norms[i], []).append(i)
        moved_old, moved_new = set(), set()
        for _, new_indexes, _ in regions:
            for j in new_indexes:
                candidates = waiting.get(self.new.norms[j])
                if candidates:
                    i = candidates.pop(0)
                    moved_old.add(i)
                    moved_new.add(j)
                    self._add_paragraph_change(ChangeKind.PARAGRAPH_MOVED, [i], [j])
        kept = []
        for old_indexes, new_indexes, anchor in regions:
            old_indexes = [i for i in old_indexes if i not in moved_old]
            new_indexes = [j for j in new_indexes if j not in moved_new]
            if old_indexes or new_indexes:
                kept.append((old_indexes, new_indexes, anchor))
        return kept

    def _sentences_between(self, old_indexes: list[int], new_indexes: list[int],
                           anchor: float) -> None:
        """Line up the sentences of a stretch of changed paragraphs."""
        self.changed_old += old_indexes
        self.changed_new += new_indexes
        old_places = [(i, s) for i in old_indexes for s in range(len(self.old.sentences(i)))]
        new_places = [(j, s) for j in new_indexes for s in range(len(self.new.sentences(j)))]
        links = align.align([self._sentence(self.old, p) for p in old_places],
                            [self._sentence(self.new, p) for p in new_places])
        self._take_links(links, old_places, new_places, anchor, edges=True)

    def _take_links(self, links: list[align.Link], old_places: list[_Where],
                    new_places: list[_Where], anchor: float, edges: bool) -> None:
        linked_old: dict[int, tuple[float, ...]] = {}
        linked_new: set[int] = set()
        for link in links:
            olds = [old_places[i] for i in link.old]
            news = [new_places[j] for j in link.new]
            if edges:
                self.edges += [(o[0], n[0]) for o in olds for n in news]
            for i in link.old:
                linked_old[i] = self._key(news[-1], 0.5)
            linked_new.update(link.new)
            if link.kind != "same":
                self._add_sentence_change(link.kind, olds, news)
        where = (anchor, -1.0)
        for index, place in enumerate(old_places):
            if index in linked_old:
                where = linked_old[index]
            else:
                self.loose_old[place] = (*where[:2], place[0], place[1])
        self.loose_new.update(p for index, p in enumerate(new_places) if index not in linked_new)

    def _moved_paragraphs(self) -> None:
        """Changed paragraphs none of whose sentences stayed, found mostly the same elsewhere."""
        lonely_old = [i for i in self.changed_old
                      if all((i, s) in self.loose_old for s in range(len(self.old.sentences(i))))]
        lonely_new = [j for j in self.changed_new
                      if all((j, s) in self.loose_new for s in range(len(self.new.sentences(j))))]
        if not lonely_old or not lonely_new or len(lonely_old) * len(lonely_new) > _MOST_PAIRS:
            return
        used_old, used_new = set(), set()
        for j, i in _alike({i: words(self.old.paragraphs[i].text) for i in lonely_old},
                           {j: words(self.new.paragraphs[j].text) for j in lonely_new}):
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            self.moved_out.add(i)
            self.moved_in.add(j)
            self._add_paragraph_change(ChangeKind.PARAGRAPH_MOVED, [i], [j])
            old_places = [(i, s) for s in range(len(self.old.sentences(i)))]
            new_places = [(j, s) for s in range(len(self.new.sentences(j)))]
            for place in old_places:
                del self.loose_old[place]
            self.loose_new.difference_update(new_places)
            links = align.align([self._sentence(self.old, p) for p in old_places],
                                [self._sentence(self.new, p) for p in new_places])
            self._take_links(links, old_places, new_places, j - 0.25, edges=False)

    def _moved_sentences(self) -> None:
        """Sentences taken out in one place and put in at another, the same or nearly."""
        if not self.loose_old or not self.loose_new:
            return
        waiting: dict[str, list[_Where]] = {}
        for place in sorted(self.loose_old):
            waiting.setdefault(normal(self._sentence(self.old, place)), []).append(place)
        for place in sorted(self.loose_new):
            candidates = waiting.get(normal(self._sentence(self.new, place)))
            if candidates:
                self._move(candidates.pop(0), place)
        old_left, new_left = sorted(self.loose_old), sorted(self.loose_new)
        if len(old_left) * len(new_left) > _MOST_PAIRS:
            return
        for new_place, old_place in _alike(
                {p: words(self._sentence(self.old, p)) for p in old_left},
                {p: words(self._sentence(self.new, p)) for p in new_left}):
            if old_place in self.loose_old and new_place in self.loose_new:
                self._move(old_place, new_place)

    def _move(self, old_place: _Where, new_place: _Where) -> None:
        del self.loose_old[old_place]
        self.loose_new.discard(new_place)
        self.moved_out.add(old_place[0])
        self.moved_in.add(new_place[0])
        self._add_sentence_change("moved", [old_place], [new_place])

    def _broken_and_joined_paragraphs(self) -> None:
        """One changed paragraph whose sentences went to several new ones, or the reverse."""
        old_to_new: dict[int, set[int]] = {}
        new_to_old: dict[int, set[int]] = {}
        for i, j in self.edges:
            old_to_new.setdefault(i, set()).add(j)
            new_to_old.setdefault(j, set()).add(i)
        for i, targets in sorted(old_to_new.items()):
            if len(targets) > 1 and all(new_to_old[j] == {i} for j in targets):
                self._add_paragraph_change(ChangeKind.PARAGRAPH_SPLIT, [i], sorted(targets))
        for j, sources in sorted(new_to_old.items()):
            if len(sources) > 1 and all(old_to_new[i] == {j} for i in sources):
                self._add_paragraph_change(ChangeKind.PARAGRAPHS_JOINED, sorted(sources), [j])

    def _added_and_removed(self) -> None:
        """What is left was put in or taken out: whole paragraphs when none of their sentences
        is found again, otherwise sentence by sentence."""
        for j in sorted({p[0] for p in self.loose_new}):
            places = [(j, s) for s in range(len(self.new.sentences(j)))]
            if j not in self.moved_in and all(p in self.loose_new for p in places):
                self.loose_new.difference_update(places)
                self._add_paragraph_change(ChangeKind.PARAGRAPH_ADDED, [], [j])
        for place in sorted(self.loose_new):
            self._add_sentence_change("added", [], [place])
        for i in sorted({p[0] for p in self.loose_old}):
            places = [(i, s) for s in range(len(self.old.sentences(i)))]
            if i not in self.moved_out and all(p in self.loose_old for p in places):
                key = self.loose_old[places[0]]
                for place in places:
                    del self.loose_old[place]
                self._add_paragraph_change(ChangeKind.PARAGRAPH_REMOVED, [i], [], key)
        for place, key in sorted(self.loose_old.items()):
            self._add_sentence_change("removed", [place], [], key)

    # Making changes ------------------------------------------------------------------------
    @staticmethod
    def _sentence(side: _Side, place: _Where) -> str:
        return side.sentences(place[0])[place[1]].text

    @staticmethod
    def _key(place: _Where, offset: float = 0.0) -> tuple[float, ...]:
        return (float(place[0]), place[1] + offset)

    def _add_sentence_change(self, how: str, olds: list[_Where], news: list[_Where],
                             key: tuple[float, ...] | None = None) -> None:
        old_texts = tuple(self._sentence(self.old, p) for p in olds)
        new_texts = tuple(self._sentence(self.new, p) for p in news)
        if how in ("pair", "split", "join") and is_slip(" ".join(old_texts), " ".join(new_texts)):
            kind = ChangeKind.SLIP  # e.g. a capital put in, which makes two sentences of one
        elif how == "pair":
            kind = ChangeKind.REWORDED
        else:
            kind = {"split": ChangeKind.SPLIT, "join": ChangeKind.JOINED, "moved": ChangeKind.MOVED,
                    "added": ChangeKind.ADDED, "removed": ChangeKind.REMOVED}[how]
        detail: tuple[Piece, ...] = ()
        if old_texts and new_texts and normal(" ".join(old_texts)) != normal(" ".join(new_texts)):
            detail = tuple(pieces(" ".join(old_texts), " ".join(new_texts)))
        old_paragraph = self.old.paragraphs[olds[0][0]] if olds else None
        new_paragraph = self.new.paragraphs[news[0][0]] if news else None
        shown = new_paragraph or old_paragraph
        assert shown is not None
        change = Change(
            kind, shown.section, shown.kind, old_texts, new_texts, detail,
            old_paragraph.section if old_paragraph else shown.section,
            self._span(self.old, olds), self._span(self.new, news))
        if key is None:
            key = (*self._key(news[0]), 0.0, 0.0) if news else (0.0, 0.0)
        self.found.append((key, change))

    def _add_paragraph_change(self, kind: ChangeKind, olds: list[int], news: list[int],
                              key: tuple[float, ...] | None = None) -> None:
        old_paragraphs = [self.old.paragraphs[i] for i in olds]
        new_paragraphs = [self.new.paragraphs[j] for j in news]
        shown = (new_paragraphs or old_paragraphs)[0]
        change = Change(
            kind, shown.section, shown.kind, tuple(p.text for p in old_paragraphs),
            tuple(p.text for p in new_paragraphs), (),
            old_paragraphs[0].section if old_paragraphs else shown.section,
            (old_paragraphs[0].start, old_paragraphs[-1].end) if old_paragraphs else None,
            (new_paragraphs[0].start, new_paragraphs[-1].end) if new_paragraphs else None)
        if key is None:
            key = (float(news[0]), -0.5, 0.0, 0.0)
        self.found.append((key, change))

    @staticmethod
    def _span(side: _Side, places: list[_Where]) -> tuple[int, int] | None:
        if not places:
            return None
        first = places[0][0]
        return side.span(first, [s for p, s in places if p == first])


def _alike(olds: dict[Any, tuple[str, ...]], news: dict[Any, tuple[str, ...]]
           ) -> list[tuple[Any, Any]]:
    """(new, old) pairs that keep at least MOVED_AT of their words, most alike first; texts of
    fewer than four words are left out, as short sentences repeat by chance."""
    matcher = Matcher()
    found = []
    for new, new_words in news.items():
        if len(new_words) < _MOVED_WORDS:
            continue
        matcher.set_seq2(new_words)
        for old, old_words in olds.items():
            if len(old_words) < _MOVED_WORDS:
                continue
            matcher.set_seq1(old_words)
            if matcher.real_quick_ratio() >= MOVED_AT and matcher.quick_ratio() >= MOVED_AT:
                ratio = matcher.ratio()
                if ratio >= MOVED_AT:
                    found.append((-ratio, new, old))
    return [(new, old) for _, new, old in sorted(found)]
