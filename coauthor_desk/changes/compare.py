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

`chapter_changes` tells the story between two saved versions of a chapter: one entry for each
version in between (who saved it, when, what it changed), and the changes overall, word by
word. What was worked out for a pair of texts never changes, so it is remembered in the book's
local folder by the texts' content ids (delete the folder and nothing is lost).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import StrEnum
from pathlib import Path
from typing import Any

from coauthor_desk.changes import align
from coauthor_desk.changes.align import Piece, is_slip, normal, pieces, spoken, words
from coauthor_desk.history.identities import IdentityMatcher
from coauthor_desk.history.versions import Identity, Version
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript import files, front_matter, text
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Book, Chapter, Status
from coauthor_desk.manuscript.text import Paragraph, Sentence
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook

log = logging.getLogger(__name__)

MOVED_AT = 0.8  # a sentence or paragraph found elsewhere with this much of its words kept
_MOVED_WORDS = 4  # ... and at least this many words (short sentences repeat by chance)
_MOST_PAIRS = 2_500  # beyond this many candidate pairs, only exact moves are looked for
_NO_TEXT = "0" * 40
_VERSION_ID = re.compile(r"^[0-9a-fA-F]{4,40}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER_WORDS = ("no", "a", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_CARDINALS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
CACHE_FOLDER = f"{files.LOCAL_FOLDER}/changes"
_KEEP_PAIRS = 600  # remembered pairs of texts per chapter
_KEEP_LOGS = 6  # remembered lists of versions per chapter


class Kind(StrEnum):
    """The kinds of change, in the order a summary tells them."""

    REWORDED = "reworded"
    SLIP = "slip"  # a small slip corrected
    SPLIT = "split"  # one sentence became two or three
    JOINED = "joined"  # two or three sentences became one
    PARAGRAPH_SPLIT = "paragraph-split"
    PARAGRAPHS_JOINED = "paragraphs-joined"
    ADDED = "added"
    PARAGRAPH_ADDED = "paragraph-added"
    REMOVED = "removed"
    PARAGRAPH_REMOVED = "paragraph-removed"
    MOVED = "moved"
    PARAGRAPH_MOVED = "paragraph-moved"

    @property
    def whole_paragraph(self) -> bool:
        return self.value.startswith("paragraph")


@dataclass(frozen=True)
class Change:
    """One change a reader would notice, with the words before and after."""

    kind: Kind
    section: str  # the heading it falls under now ("" before the first heading); for text
    # taken out, the heading it fell under
    block: str  # the kind of block: paragraph, heading, list item, quote, footnote, table cell
    old: tuple[str, ...] = ()  # the sentences (or paragraphs) as they were
    new: tuple[str, ...] = ()  # ... and as they are now
    words: tuple[Piece, ...] = ()  # word by word, for reworded, corrected, split and joined
    old_section: str = ""  # where it was (differs from `section` for moves)
    # Where it was and is: characters of the old and new body compared (the text after the
    # chapter's details), for a window to highlight; None on the side where it is not.
    old_span: tuple[int, int] | None = None
    new_span: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        """The change in a few words, such as 'Reworded a sentence'."""
        verb, thing = _phrase(self.kind, [self])
        moved_from = (f" from '{self.old_section}'" if self.kind in (Kind.MOVED,
                      Kind.PARAGRAPH_MOVED) and self.old_section != self.section
                      and self.old_section else "")
        said = f"{verb} {thing}{moved_from}"
        return said[:1].upper() + said[1:]

    @property
    def spoken_words(self) -> str:
        """The words taken out and put in, as a voice reads them ("" when there is no detail)."""
        return spoken(self.words)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "what": self.label, "section": self.section,
                "old_section": self.old_section, "block": self.block, "old": list(self.old),
                "new": list(self.new),
                "words": [{"kind": p.kind, "text": p.text} for p in self.words],
                "spoken": self.spoken_words,
                "old_span": list(self.old_span) if self.old_span else None,
                "new_span": list(self.new_span) if self.new_span else None}

    def _packed(self) -> list[Any]:
        return [self.kind.value, self.section, self.block, list(self.old), list(self.new),
                [[p.kind, p.text] for p in self.words], self.old_section,
                list(self.old_span) if self.old_span else None,
                list(self.new_span) if self.new_span else None]

    @classmethod
    def _unpacked(cls, data: list[Any]) -> Change:
        kind, section, block, old, new, found, old_section, old_span, new_span = data
        return cls(Kind(kind), section, block, tuple(old), tuple(new),
                   tuple(Piece(k, t) for k, t in found), old_section,
                   tuple(old_span) if old_span else None,
                   tuple(new_span) if new_span else None)


def compare_texts(old_body: str, new_body: str) -> list[Change]:
    """The changes from one chapter body (Markdown without its details) to another, in reading
    order. The same text gives no changes."""
    if old_body == new_body:
        return []
    return _Comparison(text.paragraphs(old_body), text.paragraphs(new_body)).changes()


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes of each kind."""
    found: dict[str, int] = {}
    for change in changes:
        found[change.kind.value] = found.get(change.kind.value, 0) + 1
    return found


# Comparing two bodies ------------------------------------------------------------------------

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


class _Comparison:
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
        matcher = SequenceMatcher(None, self.old.norms, self.new.norms, autojunk=False)
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
                    self._add_paragraph_change(Kind.PARAGRAPH_MOVED, [i], [j])
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
            self._add_paragraph_change(Kind.PARAGRAPH_MOVED, [i], [j])
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
                self._add_paragraph_change(Kind.PARAGRAPH_SPLIT, [i], sorted(targets))
        for j, sources in sorted(new_to_old.items()):
            if len(sources) > 1 and all(old_to_new[i] == {j} for i in sources):
                self._add_paragraph_change(Kind.PARAGRAPHS_JOINED, sorted(sources), [j])

    def _added_and_removed(self) -> None:
        """What is left was put in or taken out: whole paragraphs when none of their sentences
        is found again, otherwise sentence by sentence."""
        for j in sorted({p[0] for p in self.loose_new}):
            places = [(j, s) for s in range(len(self.new.sentences(j)))]
            if j not in self.moved_in and all(p in self.loose_new for p in places):
                self.loose_new.difference_update(places)
                self._add_paragraph_change(Kind.PARAGRAPH_ADDED, [], [j])
        for place in sorted(self.loose_new):
            self._add_sentence_change("added", [], [place])
        for i in sorted({p[0] for p in self.loose_old}):
            places = [(i, s) for s in range(len(self.old.sentences(i)))]
            if i not in self.moved_out and all(p in self.loose_old for p in places):
                key = self.loose_old[places[0]]
                for place in places:
                    del self.loose_old[place]
                self._add_paragraph_change(Kind.PARAGRAPH_REMOVED, [i], [], key)
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
            kind = Kind.SLIP  # e.g. a capital put in, which makes two sentences of one
        elif how == "pair":
            kind = Kind.REWORDED
        else:
            kind = {"split": Kind.SPLIT, "join": Kind.JOINED, "moved": Kind.MOVED,
                    "added": Kind.ADDED, "removed": Kind.REMOVED}[how]
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

    def _add_paragraph_change(self, kind: Kind, olds: list[int], news: list[int],
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
    matcher = SequenceMatcher(None, autojunk=False)
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


# Plain words ---------------------------------------------------------------------------------

def number_of(count: int, singular: str, plural: str | None = None) -> str:
    """'a sentence', 'two sentences', '12 sentences': numbers under ten in words."""
    plural = plural or f"{singular}s"
    amount = _NUMBER_WORDS[count] if count < 10 else str(count)
    return f"{amount} {singular if count == 1 else plural}"


def _cardinal(count: int) -> str:
    return _CARDINALS[count] if count < 10 else str(count)


def _noun(kind: Kind, block: str) -> str:
    if block == "heading":
        return "heading"
    if kind.whole_paragraph:
        return "point" if block == "list item" else "paragraph"
    return "sentence"


def _phrase(kind: Kind, changes: Sequence[Change]) -> tuple[str, str]:
    """(verb, what) for some changes of one kind: ('reworded', 'two sentences')."""
    count = len(changes)
    if kind is Kind.SLIP:
        return "corrected", number_of(count, "small slip")
    if kind in (Kind.SPLIT, Kind.PARAGRAPH_SPLIT):
        verb = "split" if kind is Kind.SPLIT else "broke"
        parts = sum(len(c.new) for c in changes)
        noun = "sentence" if kind is Kind.SPLIT else "paragraph"
        return verb, f"{number_of(count, noun)} into {_cardinal(parts)}"
    if kind in (Kind.JOINED, Kind.PARAGRAPHS_JOINED):
        parts = sum(len(c.old) for c in changes)
        noun = "sentences" if kind is Kind.JOINED else "paragraphs"
        return "joined", f"{_cardinal(parts)} {noun} into {_cardinal(count)}"
    verb = _VERBS[kind]
    by_noun: dict[str, int] = {}
    for change in changes:
        noun = _noun(kind, change.block)
        by_noun[noun] = by_noun.get(noun, 0) + 1
    return verb, _and([number_of(n, noun) for noun, n in by_noun.items()])


_VERBS = {Kind.REWORDED: "reworded", Kind.ADDED: "added", Kind.PARAGRAPH_ADDED: "added",
          Kind.REMOVED: "took out", Kind.PARAGRAPH_REMOVED: "took out", Kind.MOVED: "moved",
          Kind.PARAGRAPH_MOVED: "moved"}


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    comma = "," if any(" and " in part for part in parts) else ""
    return f"{', '.join(parts[:-1])}{comma} and {parts[-1]}"


def _in_section(section: str) -> str:
    return f"in '{section}'" if section else "at the start of the chapter"


def changes_phrase(changes: Sequence[Change]) -> str:
    """What some changes did, by section: "reworded two sentences and added a paragraph in
    'What have I learnt?'". More than three sections are told together."""
    by_section: dict[str, list[Change]] = {}
    for change in changes:
        by_section.setdefault(change.section, []).append(change)
    if len(by_section) > 3:
        return f"{_what_was_done(changes)} in {_cardinal(len(by_section))} sections"
    return _and([f"{_what_was_done(found)} {_in_section(section)}"
                 for section, found in by_section.items()])


def _what_was_done(changes: Sequence[Change]) -> str:
    by_kind: dict[Kind, list[Change]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    by_verb: dict[str, list[str]] = {}
    for kind in Kind:
        if kind in by_kind:
            verb, what = _phrase(kind, by_kind[kind])
            by_verb.setdefault(verb, []).append(what)
    return _and([f"{verb} {_and(things)}" for verb, things in by_verb.items()])


# The story between two saved versions --------------------------------------------------------

@dataclass(frozen=True)
class VersionChanges:
    """What one saved version changed in a chapter, and who saved it."""

    version: Version
    person: str | None  # the person of the book behind it, when known
    name: str  # their name in the book (or as the history has it)
    changes: list[Change]
    details: str | None = None  # "status:<value>" or "details" when the chapter's details changed


@dataclass
class ChangeReport:
    """What changed in one chapter between two saved versions, who did it and when."""

    chapter: str
    title: str
    file: str
    since: str | None  # as asked: a version id, a date 'YYYY-MM-DD', or None for "the one before"
    base: Version | None  # the version compared with (None: the chapter was not there yet)
    base_name: str | None
    newest: Version  # the newest saved version of the book
    versions: list[VersionChanges]  # oldest first
    changes: list[Change]  # from `base` to the newest, overall
    unsaved: bool  # the chapter file has changes not saved as a version yet
    summary: list[str] = field(default_factory=list)

    @property
    def by_section(self) -> list[tuple[str, list[Change]]]:
        """The overall changes grouped by the heading they fall under, in reading order."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)
        return list(grouped.items())


def chapter_changes(opened: OpenBook, chapter_id: str, since: str | None = None
                    ) -> ChangeReport:
    """What changed in a chapter since `since` (a version id, or a date 'YYYY-MM-DD' meaning the
    last version saved before that day), up to the newest saved version. Without `since`: what
    the newest version of the chapter changed."""
    chapter = _chapter(opened.book, chapter_id)
    reader = _Reader(opened, chapter)
    try:
        return reader.report(since)
    finally:
        reader.remembered.save()


def person_changes(opened: OpenBook, person_id: str, since: str) -> list[ChangeReport]:
    """What changed in a person's chapters since `since` (a version id or 'YYYY-MM-DD'): the
    chapters they are an author of (every chapter, for the book's editors), in book order.
    Only chapters where something changed are listed; chapters never saved are left out."""
    book = opened.book
    if person_id not in book.people:
        raise BookError(Problem(f"people/{person_id}.yaml", f"There is nobody called "
                                f"'{person_id}' in this book.", "Check the name against the "
                                "files in the people folder."))
    _check_since(since, f"people/{person_id}.yaml")
    chapters = [c for c in book.ordered_chapters()
                if person_id in c.authors or person_id in book.editors]
    reports = []
    for chapter in chapters:
        reader = _Reader(opened, chapter)
        try:
            report = reader.report(since, quiet=True)
        except _NeverSaved:
            continue
        finally:
            reader.remembered.save()
        if report.versions or report.unsaved:
            reports.append(report)
    return reports


class _NeverSaved(BookError):
    """The chapter has no saved versions at all."""


def _chapter(book: Book, chapter_id: str) -> Chapter:
    chapter = book.chapters.get(chapter_id)
    if chapter is None:
        raise BookError(Problem(f"chapters/{chapter_id}.md", f"There is no chapter called "
                                f"'{chapter_id}' in this book.", "Check the name against the "
                                "chapters listed in book.yaml ('coauthor-desk status' lists "
                                "them)."))
    return chapter


def _check_since(since: str | None, where: str) -> None:
    if since is None or _VERSION_ID.match(since):
        return
    if _DAY.match(since):
        try:
            date.fromisoformat(since)
            return
        except ValueError:
            pass
    raise BookError(Problem(where, f"'{since}' is neither a date nor a saved version.",
                            "Give a date as year-month-day, like 2025-03-03, or the id of a "
                            "saved version from the history."))


@dataclass(frozen=True)
class _Step:
    version: Version
    old: str  # content ids of the file before and after (all zeros: not there)
    new: str


class _Reader:
    """Reads a chapter's versions from the history, and remembers what it worked out."""

    def __init__(self, opened: OpenBook, chapter: Chapter) -> None:
        self.opened, self.chapter = opened, chapter
        self.book, self.history = opened.book, opened.history
        self.relative = chapter.file
        self.remembered = _Remembered(self.book.root, chapter.id)
        self.matcher: IdentityMatcher | None = None
        self.texts: dict[str, str] = {}

    # The plan: which versions, which texts ---------------------------------------------------
    def report(self, since: str | None, quiet: bool = False) -> ChangeReport:
        _check_since(since, self.relative)
        head, since_version = self._head_and(since)
        plan = self.remembered.plan(head.id, since)
        if plan is None:
            plan = self._plan(since, since_version)
            self.remembered.put_plan(head.id, since, plan)
        base_blob, base, steps = plan
        if base_blob is None and not steps:
            if quiet:
                raise _NeverSaved(self._never_saved())
            raise BookError(self._never_saved())
        pairs = [(s.old, s.new) for s in steps]
        newest_blob = steps[-1].new if steps else base_blob
        overall = (base_blob or _NO_TEXT, newest_blob or _NO_TEXT)
        worked_out = self._pairs([*pairs, overall])
        versions = [VersionChanges(s.version, *self._who(s.version), *worked_out[(s.old, s.new)])
                    for s in steps]
        report = ChangeReport(
            self.chapter.id, self.chapter.title, self.relative, since, base,
            self._who(base)[1] if base else None, head, versions, worked_out[overall][0],
            self.relative in self.opened.unsaved_files)
        report.summary = _summary(report)
        return report

    def _never_saved(self) -> Problem:
        return Problem(self.relative, "This chapter has no saved versions yet, so there is "
                       "nothing to compare.", "Save a version of the book first; changes are "
                       "shown from then on.")

    def _head_and(self, since: str | None) -> tuple[Version, Version | None]:
        """The newest version of the book and, when `since` is a version id, that version."""
        wanted = ["HEAD"] + ([since] if since and _VERSION_ID.match(since) else [])
        found = self.history.listed_versions(wanted)
        if len(found) == 1 and since and found[0].id.startswith(since.lower()):
            found.append(found[0])  # git names a version once, even when asked twice
        if len(found) == len(wanted):
            return found[0], found[1] if len(found) > 1 else None
        if self.history.head() is None:
            raise BookError(self._never_saved())
        raise BookError(Problem(self.relative, f"There is no saved version '{since}' in this "
                                "book's history (or more than one starts with those letters).",
                                "Choose a version from the chapter's history, or give a date "
                                "like 2025-03-03."))

    def _plan(self, since: str | None, since_version: Version | None
              ) -> tuple[str | None, Version | None, list[_Step]]:
        """(content id of the text compared with, the version that saved it, the steps after)."""
        relative = self.relative
        if since_version is not None:
            steps = self._log(since_version.id)
            base_blob = self.history.file_ids(since_version.id, [relative]).get(relative)
            return base_blob, since_version, list(reversed(steps))
        if since is None:
            steps = self._log(most=50)
            if not steps:
                return None, None, []
            newest = steps[0]
            base = steps[1].version if len(steps) > 1 else None
            return (newest.old if newest.old != _NO_TEXT else None), base, [newest]
        day = date.fromisoformat(since)
        every = self._log()
        before = [s for s in every if s.version.when.date() < day]
        after = [s for s in every if s.version.when.date() >= day]
        if not every:
            return None, None, []
        base_step = before[0] if before else None
        return (base_step.new if base_step and base_step.new != _NO_TEXT else None,
                base_step.version if base_step else None, list(reversed(after)))

    def _log(self, since: str | None = None, most: int | None = None) -> list[_Step]:
        """The versions (after `since`) that changed the chapter file, newest first, with the
        file's content id before and after each (merges of two lines of work are left out:
        their changes are told where they were made)."""
        steps = []
        for logged in self.history.file_changes(self.relative, since, most):
            change = logged.changes[0] if logged.changes else None
            if change is not None and change.old != change.new:
                steps.append(_Step(logged.version, change.old or _NO_TEXT,
                                   change.new or _NO_TEXT))
        return steps

    # Working out the changes -----------------------------------------------------------------
    def _pairs(self, pairs: list[tuple[str, str]]
               ) -> dict[tuple[str, str], tuple[list[Change], str | None]]:
        worked_out = {}
        missing = []
        for pair in pairs:
            known = self.remembered.pair(*pair)
            if known is not None:
                worked_out[pair] = known
            else:
                missing.append(pair)
        if missing:
            self._read({blob for pair in missing for blob in pair if blob != _NO_TEXT})
            bodies: dict[str, tuple[str, str]] = {}
            parsed: dict[str, list[Paragraph]] = {}  # each text is read as Markdown once
            for pair in missing:
                if pair in worked_out:
                    continue
                (old_details, old_body), (new_details, new_body) = (
                    self._body(bodies, pair[0]), self._body(bodies, pair[1]))
                found = [] if old_body == new_body else _Comparison(
                    self._parsed(parsed, pair[0], old_body),
                    self._parsed(parsed, pair[1], new_body)).changes()
                details = _details_change(old_details, new_details, self.relative)
                worked_out[pair] = (found, details)
                self.remembered.put_pair(*pair, found, details)
        return worked_out

    def _body(self, bodies: dict[str, tuple[str, str]], blob: str) -> tuple[str, str]:
        if blob not in bodies:
            whole = self.texts.get(blob, "")
            try:
                bodies[blob] = front_matter.split_text(self.relative, whole) if whole else ("", "")
            except BookError:  # an old version without its details: compare all of it
                bodies[blob] = ("", whole)
        return bodies[blob]

    @staticmethod
    def _parsed(parsed: dict[str, list[Paragraph]], blob: str, body: str) -> list[Paragraph]:
        if blob not in parsed:
            parsed[blob] = text.paragraphs(body)
        return parsed[blob]

    def _read(self, blobs: set[str]) -> None:
        """The texts of these content ids, in one call to git."""
        wanted = sorted(b for b in blobs if b not in self.texts)
        if not wanted:
            return
        found = self.history.texts(wanted, self.relative)
        for blob in wanted:
            self.texts[blob] = found[blob] or ""  # not a text in the history: compared as empty

    def _who(self, version: Version) -> tuple[str | None, str]:
        if self.matcher is None:
            self.matcher = IdentityMatcher.from_book(self.book)
        person = self.matcher.person_for(Identity(version.name, version.email))
        if person and person in self.book.people:
            return person, self.book.people[person].name
        return None, version.name


def _details_change(old: str, new: str, relative: str) -> str | None:
    """How the chapter's details (its front matter) changed: a new status, or other details."""
    if old == new:
        return None
    try:
        old_status = front_matter.parse_details(relative, old).get("status") if old else None
        new_status = front_matter.parse_details(relative, new).get("status")
    except (BookError, AttributeError):
        return "details"
    if new_status != old_status and new_status in {s.value for s in Status}:
        return f"status:{new_status}"
    return "details"


def _details_phrase(details: str) -> str:
    if details.startswith("status:"):
        return f"marked the chapter '{Status(details.split(':', 1)[1]).label}'"
    return "changed the chapter's details"


def _summary(report: ChangeReport) -> list[str]:
    """The story in fixed plain sentences, oldest first: one for each person's versions on one
    day ("Sam reworded two sentences in 'Who am I?' on 3 March 2025.")."""
    lines = []
    groups: list[tuple[str, date, list[VersionChanges]]] = []
    for step in report.versions:
        day = step.version.when.date()
        if groups and groups[-1][0] == step.name and groups[-1][1] == day:
            groups[-1][2].append(step)
        else:
            groups.append((step.name, day, [step]))
    for name, day, steps in groups:
        found = [change for step in steps for change in step.changes]
        details = [step.details for step in steps if step.details]
        parts = [changes_phrase(found)] if found else []
        if details:
            parts.append(_details_phrase(details[-1]))
        did = _and(parts) if parts else "saved a version without changing any words"
        lines.append(f"{name} {did} on {day_words(day)}.")
    if not report.versions:
        when = (f"the version saved on {day_words(report.base.when.date())}" if report.base
                else "then")
        if report.since and _DAY.match(report.since):
            when = day_words(date.fromisoformat(report.since))
        lines.append(f"Nothing in this chapter has changed since {when}.")
    if report.unsaved:
        lines.append("This chapter also has changes that are not saved as a version yet; they "
                     "are not shown here.")
    return lines


# Showing a report ----------------------------------------------------------------------------

def _version_dict(version: Version | None, name: str | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {"id": version.id, "name": name, "saved_as": version.name,
            "when": version.when.isoformat(), "day": day_words(version.when.date()),
            "description": version.description}


def changes_report(report: ChangeReport) -> dict[str, Any]:
    """The report as plain data (JSON-able), for the command line and the window."""
    return {
        "chapter": report.chapter, "title": report.title, "file": report.file,
        "since": report.since,
        "base": _version_dict(report.base, report.base_name),
        "newest": _version_dict(report.newest, None),
        "unsaved": report.unsaved,
        "summary": report.summary,
        "versions": [{**(_version_dict(step.version, step.name) or {}), "person": step.person,
                      "details": step.details, "counts": counts(step.changes),
                      "what": changes_phrase(step.changes) if step.changes else "",
                      "changes": [c.as_dict() for c in step.changes]}
                     for step in report.versions],
        "counts": counts(report.changes),
        "sections": [{"section": section, "changes": [c.as_dict() for c in found]}
                     for section, found in report.by_section],
    }


def changes_text(report: ChangeReport) -> str:
    """The report in plain words, for a person reading a terminal."""
    lines = [f"What changed in '{report.title}' ({report.file})"]
    if report.base is not None:
        lines.append(f"Compared with the version {report.base_name} saved on "
                     f"{day_words(report.base.when.date())}, up to the newest saved version.")
    elif report.versions:
        lines.append("Compared with before the chapter was first saved, up to the newest saved "
                     "version.")
    lines.append("")
    lines += report.summary
    if report.changes:
        lines += ["", "Word by word"]
        for section, found in report.by_section:
            lines += ["", section or "At the start of the chapter"]
            for change in found:
                lines += _change_lines(change)
    return "\n".join(lines)


def _change_lines(change: Change) -> list[str]:
    lines = [f"  {change.label}:"]
    if change.kind in (Kind.REWORDED, Kind.SLIP, Kind.SPLIT, Kind.JOINED) or (
            change.kind is Kind.MOVED and change.words):
        lines += [f"    before: “{' '.join(change.old)}”", f"    now:    “{' '.join(change.new)}”"]
        if change.words:
            lines.append(f"    {change.spoken_words}")
    elif change.kind in (Kind.PARAGRAPH_SPLIT, Kind.PARAGRAPHS_JOINED):
        lines += [f"    before: “{_short(t)}”" for t in change.old]
        lines += [f"    now:    “{_short(t)}”" for t in change.new]
    else:
        lines += [f"    “{_short(t)}”" for t in (change.new or change.old)]
    return lines


def _short(words_text: str, most: int = 300) -> str:
    return words_text if len(words_text) <= most else words_text[: most - 1].rstrip() + "…"


# Remembering ---------------------------------------------------------------------------------

_CODE_ID: str | None = None


def _code_id() -> str:
    """Remembered results hold only while the code that worked them out is the same."""
    global _CODE_ID
    if _CODE_ID is None:
        digest = hashlib.sha1(b"changes 1", usedforsecurity=False)
        for module in (text, align):
            try:
                digest.update(Path(module.__file__ or "").read_bytes())
            except OSError:
                pass
        try:
            digest.update(Path(__file__).read_bytes())
        except OSError:
            pass
        _CODE_ID = digest.hexdigest()
    return _CODE_ID


class _Remembered:
    """What was worked out for one chapter: changes between pairs of texts (by content id) and
    which versions lie between two points of the history. Only a shortcut: never fails loudly."""

    def __init__(self, root: Path, chapter_id: str) -> None:
        self.root = root
        self.relative = f"{CACHE_FOLDER}/{chapter_id}.json"
        # This computer's own sealed cache, never the book folder (manuscript/cache.py).
        data: Any = local_cache.load(root, self.relative)
        if not isinstance(data, dict) or data.get("code") != _code_id():
            data = {}
        pairs, plans = data.get("pairs"), data.get("plans")
        self.pairs: dict[str, Any] = pairs if isinstance(pairs, dict) else {}
        self.plans: dict[str, Any] = plans if isinstance(plans, dict) else {}
        self.clock = data.get("clock") if isinstance(data.get("clock"), int) else 0
        self.added = False

    def pair(self, old: str, new: str) -> tuple[list[Change], str | None] | None:
        entry = self.pairs.get(f"{old}-{new}")
        try:
            return [Change._unpacked(c) for c in entry["changes"]], entry["details"]
        except (TypeError, KeyError, ValueError):
            return None

    def put_pair(self, old: str, new: str, found: list[Change], details: str | None) -> None:
        self.pairs[f"{old}-{new}"] = {"changes": [c._packed() for c in found],
                                      "details": details, "at": self.clock}
        self.added = True

    def plan(self, head: str, since: str | None
             ) -> tuple[str | None, Version | None, list[_Step]] | None:
        entry = self.plans.get(f"{head}|{since}")
        try:
            base = _unpack_version(entry["base"]) if entry["base"] else None
            steps = [_Step(_unpack_version(s[0]), s[1], s[2]) for s in entry["steps"]]
            return entry["base_blob"], base, steps
        except (TypeError, KeyError, ValueError):
            return None

    def put_plan(self, head: str, since: str | None,
                 plan: tuple[str | None, Version | None, list[_Step]]) -> None:
        base_blob, base, steps = plan
        self.plans[f"{head}|{since}"] = {
            "base_blob": base_blob, "base": _pack_version(base) if base else None,
            "steps": [[_pack_version(s.version), s.old, s.new] for s in steps],
            "at": self.clock}
        self.added = True

    def save(self) -> None:
        if not self.added:
            return
        keep_pairs = _newest(self.pairs, _KEEP_PAIRS)
        keep_plans = _newest(self.plans, _KEEP_LOGS)
        data = {"code": _code_id(), "clock": self.clock + 1, "pairs": keep_pairs,
                "plans": keep_plans}
        if local_cache.store(self.root, self.relative, data):  # never fails loudly
            self.added = False


def _newest(entries: dict[str, Any], most: int) -> dict[str, Any]:
    if len(entries) <= most:
        return entries
    ordered = sorted(entries.items(), key=lambda item: -(item[1].get("at", 0)
                                                         if isinstance(item[1], dict) else 0))
    return dict(ordered[:most])


def _pack_version(version: Version) -> list[str]:
    return [version.id, version.name, version.email, version.when.isoformat(),
            version.description]


def _unpack_version(data: list[str]) -> Version:
    version_id, name, email, when, description = data
    return Version(version_id, name, email, datetime.fromisoformat(when), description)
