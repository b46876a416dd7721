"""One change a reader would notice, and the story of a chapter's changes between two saved
versions (who saved each version, what it changed)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.changes.align import Piece, spoken
from coauthor_desk.changes.kinds import ChangeKind
from coauthor_desk.changes.wording import phrase
from coauthor_desk.history.versions import Version


@dataclass(frozen=True)
class Change:
    """One change a reader would notice, with the words before and after."""

    kind: ChangeKind
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
        verb, thing = phrase(self.kind, [self])
        moved_from = (f" from '{self.old_section}'" if self.kind in (ChangeKind.MOVED,
                      ChangeKind.PARAGRAPH_MOVED) and self.old_section != self.section
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

    def packed(self) -> list[Any]:
        return [self.kind.value, self.section, self.block, list(self.old), list(self.new),
                [[p.kind, p.text] for p in self.words], self.old_section,
                list(self.old_span) if self.old_span else None,
                list(self.new_span) if self.new_span else None]

    @classmethod
    def unpacked(cls, data: list[Any]) -> Change:
        kind, section, block, old, new, found, old_section, old_span, new_span = data
        return cls(ChangeKind(kind), section, block, tuple(old), tuple(new),
                   tuple(Piece(k, t) for k, t in found), old_section,
                   tuple(old_span) if old_span else None,
                   tuple(new_span) if new_span else None)


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes of each kind."""
    found: dict[str, int] = {}
    for change in changes:
        found[change.kind.value] = found.get(change.kind.value, 0) + 1
    return found


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


@dataclass(frozen=True)
class Step:
    """One saved version that changed the chapter file: its content ids before and after."""

    version: Version
    old: str  # content ids of the file before and after (all zeros: not there)
    new: str
