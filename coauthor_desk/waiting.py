"""Who is waiting on what: what needs someone's attention, told when a book opens.

Chapters whose next step is someone's; agreements to ask for (again); suggested changes to
someone's words for them to decide; questions and comments nobody has answered; people not
heard from for longer than the book's house style allows; and access needs not met, such as
someone who reads large print with no large-print copy of the newest words of their chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coauthor_desk.agreements.publish import PublishCheck, agreement_blocker
from coauthor_desk.agreements.records import Use
from coauthor_desk.agreements.rules import State, needed
from coauthor_desk.comments.model import SuggestionDecision, Thread, ThreadKind
from coauthor_desk.credits.names import join_words
from coauthor_desk.history.identities import IdentityMatcher
from coauthor_desk.history.versions import Identity
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.manuscript.model import Book, Status
from coauthor_desk.session import OpenBook
from coauthor_desk.status import waiting_on

COPIES_FILE = f"{files.LOCAL_FOLDER}/review-copies.json"
# The access needs a review copy meets, and the kind of copy that meets each.
NEEDS_COPIES = {"large-print": "large-print", "audio": "audio", "word-files": "docx",
                "easy-read": "easy-read"}
_COPY_WORDS = {"large-print": "large-print copy", "audio": "recording read aloud",
               "docx": "Word copy", "easy-read": "Easy Read copy"}
# Chapters ready for their authors to agree to; before that, not asking yet is expected.
_READY = {Status.WITH_AUTHOR, Status.AGREED, Status.READY}


@dataclass(frozen=True)
class Waiting:
    """One thing waiting on one person, in a plain sentence."""

    kind: str  # chapter, agreement, suggestion, answer, not-heard-from, access or clash
    people: tuple[str, ...]
    words: str
    record: str | None = None  # for a clash: its record file, to choose from

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"kind": self.kind, "people": list(self.people),
                                    "words": self.words}
        if self.record is not None:
            found["record"] = self.record
        return found


def waiting_report(opened: OpenBook, check: PublishCheck, threads: list[Thread],
                   now: datetime | None = None,
                   heard: dict[str, datetime] | None = None) -> list[Waiting]:
    """Everything waiting on someone, grouped by kind in the order above. `heard` is
    `last_heard_from` when the caller already has it (it walks the whole history)."""
    book = opened.book
    now = now or datetime.now(UTC)
    turns: dict[str, list[str]] = {}
    for person, chapter_ids in waiting_on(book).items():
        for chapter_id in chapter_ids:
            turns.setdefault(chapter_id, []).append(person)
    found = [Waiting("chapter", tuple(people), f"'{book.chapters[c].title}' is waiting for "
                     f"{join_words([book.name_of(p) for p in people])}: "
                     f"{book.chapters[c].status.label.lower()}.")
             for c in book.chapter_order if (people := turns.get(c))]
    found += _agreements(book, check)
    found += _suggestions(book, threads)
    found += _answers(book, threads)
    found += _not_heard_from(book, heard if heard is not None else
                             last_heard_from(opened, threads), now)
    found += _access_not_met(book)
    found += _clashes(book)
    return found


def _clashes(book: Book) -> list[Waiting]:
    """Words two people changed at once on two computers: both kept, waiting for a choice."""
    from coauthor_desk.history.sharing.clashes import open_clashes

    records, problems = open_clashes(book.root)
    found = []
    for record in records:
        people = tuple(p.id for p in book.people.values()
                       if p.name in (record.kept_by, record.other_by))
        found.append(Waiting("clash", people, record.sentence(), record.file))
    return found + [Waiting("clash", (), str(problem)) for problem in problems]


def _agreements(book: Book, check: PublishCheck) -> list[Waiting]:
    found = []
    for subject in needed(book):
        standing = check.standings[subject]
        if standing.state is State.AGREED:
            continue
        chapter = book.chapters.get(standing.target or "")
        if standing.state is State.NOT_ASKED and standing.use is Use.CHAPTER and \
                chapter is not None and chapter.status not in _READY:
            continue  # still being written: nobody is asked yet
        found.append(Waiting("agreement", (standing.person,),
                             str(agreement_blocker(book, standing))))
    return found


def _suggestions(book: Book, threads: list[Thread]) -> list[Waiting]:
    """Suggested changes waiting for the owner of the words to decide, one line per person
    and chapter; and those the owner asked to talk about, waiting for who suggested them."""
    owners: dict[tuple[str, str], list[Thread]] = {}
    talks = []
    for thread in threads:
        if thread.kind is not ThreadKind.SUGGESTION or not thread.is_open or \
                thread.chapter not in book.chapters:
            continue
        if thread.decision is SuggestionDecision.TALK:
            talks.append(thread)
        else:
            owners.setdefault((thread.to, thread.chapter), []).append(thread)
    found = []
    for (person, chapter), waiting in owners.items():
        count = len(waiting)
        by = join_words(sorted({book.name_of(t.started_by) for t in waiting}))
        how_many = "a suggested change" if count == 1 else f"{count} suggested changes"
        found.append(Waiting("suggestion", (person,), f"{book.name_of(person)} has {how_many} "
                             f"to their words in '{book.chapters[chapter].title}' to decide "
                             f"(from {by})."))
    for thread in talks:
        found.append(Waiting("suggestion", (thread.started_by,), f"{book.name_of(thread.to)} "
                             f"would like to talk with {book.name_of(thread.started_by)} about "
                             f"the suggested change to “{_short(thread)}” in "
                             f"'{book.chapters[thread.chapter].title}'."))
    return found


def _answers(book: Book, threads: list[Thread]) -> list[Waiting]:
    """Open questions and comments whose last word is not from the person they are for."""
    found = []
    for thread in threads:
        if thread.kind is ThreadKind.SUGGESTION:
            continue  # told by _suggestions
        if thread.is_open and thread.messages[-1].by != thread.to and thread.to in book.people:
            asked = thread.messages[-1]
            when = moment(asked.when)
            found.append(Waiting("answer", (thread.to,), f"{book.name_of(thread.to)} has not "
                                 f"answered {book.name_of(asked.by)} about “{_short(thread)}” "
                                 f"in '{book.chapters[thread.chapter].title}'"
                                 + (f" ({day_words(when.date())})." if when else ".")))
    return found


def _short(thread: Thread) -> str:
    words = " ".join(thread.anchor.quote.split())
    return words if len(words) <= 40 else words[:39] + "…"


def last_heard_from(opened: OpenBook, threads: list[Thread]) -> dict[str, datetime]:
    """When each person last saved a version or wrote in a comment thread."""
    matcher = IdentityMatcher.from_book(opened.book)
    last: dict[str, datetime] = {}
    for version in opened.history.versions():
        person = matcher.person_for(Identity(version.name, version.email))
        if person and person not in last:  # newest first, so the first one is the latest
            last[person] = version.when
    for thread in threads:
        for message in thread.messages:
            when = moment(message.when)
            if when and when > last.get(message.by, when - timedelta(seconds=1)):
                last[message.by] = when
    return last


def _not_heard_from(book: Book, last: dict[str, datetime], now: datetime) -> list[Waiting]:
    """People whose last saved version or message is older than the house style allows."""
    weeks = int(book.house_style.get("not_heard_from_weeks", 4))
    found = []
    for person in sorted(book.people.values(), key=lambda p: p.name):
        seen = last.get(person.id)
        if seen is None:
            found.append(Waiting("not-heard-from", (person.id,),
                                 f"Nothing has been heard from {person.name} yet."))
        elif now - seen > timedelta(weeks=weeks):
            found.append(Waiting("not-heard-from", (person.id,), f"{person.name} has not been "
                                 f"heard from since {day_words(seen.date())}, more than "
                                 f"{weeks} weeks ago."))
    return found


def copies_made(root: Path) -> dict[str, dict[str, dict[str, str]]]:
    """The review copies made on this computer: person → kind → chapter → its content id.
    Kept in this person's own folder for the book, never in the book folder (which travels)."""
    data = local_cache.load(root, COPIES_FILE, keep=True)
    return data if isinstance(data, dict) else {}


def note_copy(root: Path, person: str, kind: str, chapters: dict[str, str]) -> None:
    """Remember that a copy of these chapters (id → content id) was made for the person."""
    made = copies_made(root)
    made.setdefault(person, {}).setdefault(kind, {}).update(chapters)
    local_cache.store(root, COPIES_FILE, made, keep=True)


def _access_not_met(book: Book) -> list[Waiting]:
    made = copies_made(book.root)
    found = []
    for person in sorted(book.people.values(), key=lambda p: p.name):
        for need in person.access_needs:
            kind = NEEDS_COPIES.get(need)
            if kind is None:
                continue
            copies = made.get(person.id, {}).get(kind, {})
            for chapter in book.ordered_chapters():
                if person.id in chapter.authors and copies.get(chapter.id) != chapter.fingerprint:
                    found.append(Waiting("access", (person.id,), f"{person.name} has no "
                                         f"{_COPY_WORDS[kind]} of the newest words of "
                                         f"'{chapter.title}'."))
    return found


HEADINGS = {"chapter": "Chapters waiting on someone", "agreement": "Agreements to ask for",
            "suggestion": "Suggested changes to someone's words",
            "answer": "Questions and comments without an answer",
            "not-heard-from": "Not heard from lately", "access": "Access needs not yet met",
            "clash": "Words two people changed at the same time"}


def waiting_text(found: list[Waiting]) -> str:
    """The report for a terminal: each kind under its heading, one sentence a line."""
    lines: list[str] = []
    for kind, heading in HEADINGS.items():
        sentences = [w.words for w in found if w.kind == kind]
        if sentences:
            lines += [heading, *(f"  {s}" for s in sentences), ""]
    return "\n".join(lines) if lines else "Nothing is waiting on anyone.\n"
