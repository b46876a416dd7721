"""The rules: where each agreement stands today, and which agreements a book needs.

An agreement is specific (one use of one person's words or name), current (for the version of
the text they saw) and can be withdrawn. The latest decision about a thing is the one that
counts, so people can change their mind as often as they like.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coauthor_desk.agreements.records import Decision, Record, Use
from coauthor_desk.history.versions import History
from coauthor_desk.manuscript import files, front_matter
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Book, CreditAs
from coauthor_desk.problems import BookError

Subject = tuple[str, Use, str | None]  # person, use, chapter or quote id
_TEXTS_CACHE = f"{files.LOCAL_FOLDER}/agreed-texts.json"


class State(StrEnum):
    AGREED = "agreed"
    NEEDS_CHECKING = "needs-checking"  # the text changed since they agreed
    WITHDRAWN = "withdrawn"
    NOT_AGREED = "not-agreed"
    NOT_ASKED = "not-asked"
    EXPIRED = "expired"
    UNKNOWN_VERSION = "unknown-version"  # the agreed text is not in the history

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.AGREED: "Agreed",
    State.NEEDS_CHECKING: "Needs checking again",
    State.WITHDRAWN: "Withdrawn",
    State.NOT_AGREED: "Said no",
    State.NOT_ASKED: "Not asked yet",
    State.EXPIRED: "Agreement ran out",
    State.UNKNOWN_VERSION: "Needs agreeing again",
}


@dataclass(frozen=True)
class Standing:
    """Where one agreement stands, with the record that decided it and what changed since."""

    person: str
    use: Use
    target: str | None
    state: State
    record: Record | None = None
    change: str | None = None

    @property
    def subject(self) -> Subject:
        return self.person, self.use, self.target


def needed(book: Book) -> list[Subject]:
    """The agreements a book needs before it is published, in book order.

    Every author agrees to each chapter of theirs; everyone the book names agrees to being
    named as they chose; every quote used outside the chapters is agreed by its speaker.
    Being counted in the authorship statement is optional: without it, a person is not counted.
    """
    subjects: list[Subject] = []
    for chapter in book.ordered_chapters():
        subjects += [(author, Use.CHAPTER, chapter.id) for author in chapter.authors]
    subjects += [(person.id, Use.NAMED, None) for person in sorted(
        book.people.values(), key=lambda p: p.name) if person.credit_as is not CreditAs.ANONYMOUS]
    subjects += [(quote.person, Use.QUOTE, quote.id) for quote in book.quotes.values()]
    return subjects


def latest_decisions(records: list[Record]) -> dict[Subject, Record]:
    """The newest record about each thing (ties broken by record id, which starts with the time)."""
    latest: dict[Subject, Record] = {}
    for record in sorted(records, key=lambda r: (r.when, r.id)):
        latest[record.subject] = record
    return latest


def current_version(book: Book, person_id: str, use: Use, target: str | None) -> str | None:
    """A content id of what a person would agree to now; it changes whenever that thing does."""
    if use is Use.CHAPTER:
        return book.chapters[target].fingerprint if target in book.chapters else None
    if use is Use.QUOTE:
        quote = book.quotes.get(target or "")
        return text_version(quote.text) if quote else None
    person = book.people[person_id]
    if use is Use.NAMED:
        return person.credited_as
    return text_version(json.dumps(person.self_description, sort_keys=True, ensure_ascii=False,
                                   default=str))


def text_version(text: str) -> str:
    """The content id of a piece of text: the same id git would give a file holding it."""
    return files.fingerprint(text.encode("utf-8"))


def standings(book: Book, records: list[Record], history: History, today: date
              ) -> dict[Subject, Standing]:
    """Where every needed agreement stands, and every other thing someone has decided about."""
    latest = latest_decisions(records)
    texts = AgreedTexts(history)
    texts.want(record.version for record in latest.values()
               if record.use is Use.CHAPTER and record.version)
    result = {}
    for subject in [*needed(book), *latest]:
        if subject not in result:
            result[subject] = _standing(book, subject, latest.get(subject), texts, today)
    texts.save()
    return result


def _standing(book: Book, subject: Subject, record: Record | None, texts: AgreedTexts,
              today: date) -> Standing:
    person, use, target = subject
    if record is None:
        return Standing(person, use, target, State.NOT_ASKED)
    if record.decision is Decision.WITHDRAWN:
        return Standing(person, use, target, State.WITHDRAWN, record)
    if record.decision is Decision.NOT_AGREED:
        return Standing(person, use, target, State.NOT_AGREED, record)
    if record.expires is not None and record.expires < today:
        return Standing(person, use, target, State.EXPIRED, record)
    now = current_version(book, person, use, target)
    if record.version == now:
        return Standing(person, use, target, State.AGREED, record)
    if use is not Use.CHAPTER:
        return Standing(person, use, target, State.NEEDS_CHECKING, record)
    old = texts.paragraphs(record.version or "")
    if old is None:
        return Standing(person, use, target, State.UNKNOWN_VERSION, record)
    new = paragraph_marks(book.chapters[target or ""].body)
    if old == new:  # only the details at the top changed (such as its status)
        return Standing(person, use, target, State.AGREED, record)
    return Standing(person, use, target, State.NEEDS_CHECKING, record, describe_change(old, new))


def paragraph_marks(body: str) -> list[str]:
    """A short fingerprint per paragraph, ignoring how lines are wrapped and spaced."""
    marks = []
    for block in body.split("\n\n"):
        words = " ".join(block.split())
        if words:
            marks.append(files.fingerprint(words.encode("utf-8"))[:16])
    return marks


def describe_change(old: list[str], new: list[str]) -> str:
    """How much changed between two texts, counted in paragraphs, in plain words."""
    changed = added = removed = 0
    for kind, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
            None, old, new, autojunk=False).get_opcodes():
        before, after = old_end - old_start, new_end - new_start
        if kind == "replace":
            changed += min(before, after)
            added += max(after - before, 0)
            removed += max(before - after, 0)
        elif kind == "insert":
            added += after
        elif kind == "delete":
            removed += before
    parts = []
    for count, verb in ((changed, "changed"), (added, "added"), (removed, "taken out")):
        if count:
            noun = "paragraph" if count == 1 else "paragraphs"
            was = "" if verb == "changed" else "was " if count == 1 else "were "
            parts.append(f"{_count_words(count)} {noun} {was}{verb}")
    if not parts:
        return "the paragraphs were put in a different order"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten"]


def _count_words(count: int) -> str:
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)


class AgreedTexts:
    """The paragraphs of chapter versions people agreed to, fetched once from the history."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.cache = DetailsCache(history.root, _TEXTS_CACHE)
        self._wanted: set[str] = set()
        self._fetched: dict[str, bytes | None] = {}

    def want(self, versions: Iterable[str]) -> None:
        """Content ids that may be asked for next. The first one not remembered fetches every
        one of them not remembered, in one call to git rather than one call each."""
        self._wanted.update(version for version in versions if _is_content_id(version))

    def paragraphs(self, version: str) -> list[str] | None:
        """Paragraph marks of the chapter file saved with content id `version`; None if the
        history does not hold it."""
        known = self.cache.get(version, "paragraphs")
        if known is not None:
            return known["paragraphs"]
        if not _is_content_id(version):
            return None
        data = self._fetch(version)
        if data is None:
            return None
        try:
            _, body = front_matter.split_text("agreed version", files.decode_text("", data))
        except BookError:
            return None
        marks = paragraph_marks(body)
        self.cache.put(version, {"paragraphs": marks})
        return marks

    def save(self) -> None:
        self.cache.save()

    def _fetch(self, version: str) -> bytes | None:
        if version not in self._fetched:
            wanted = {version} | {other for other in self._wanted - self._fetched.keys()
                                  if self.cache.get(other, "paragraphs") is None}
            self._fetched.update(self.history.contents(sorted(wanted)))
        data = self._fetched[version]
        if data is None and version == files.fingerprint(b""):
            return b""  # git knows the empty text without keeping it
        return data


def _is_content_id(version: str) -> bool:
    return bool(version) and all(c in "0123456789abcdef" for c in version)
