"""When a person last read each of their chapters, so "what changed since you last looked" can
start from there.

A co-author often reads with an editor on the editor's computer and sometimes on their own, so
the last look travels with the book: it is kept in the book folder as `review/<person>.yaml`,
one small file per person (two people never write the same file, so sharing combines them
without a clash), and each look is saved as an ordinary version under the name of whoever
recorded it. The file is plain YAML a person can read and correct by hand:

    # What Sam Jones last read in the review window: for each chapter, the saved version
    # of the chapter they read and when. "What changed since you last looked" starts there.
    person: sam-jones
    looked:
      my-story: {version: 3f2a…(40 letters and digits), when: '2025-03-03T14:20:00+00:00'}

Only the newest look at each chapter is kept; the history keeps every earlier one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import yaml

from coauthor_desk.history.versions import Identity, identity_of
from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.manuscript.fields import moment
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.session import OpenBook

FOLDER = "review"
_VERSION_ID = re.compile(r"^[0-9a-f]{4,40}$")
_FIX = ("Correct the file by hand (each chapter as 'chapter-id: {version: ..., when: ...}'), "
        "or remove it: the person will then see their chapters as if for the first time.")

# Given a version's plain description, who signs it and the description it carries.
Signer = Callable[[str], tuple[Identity, str]]


@dataclass(frozen=True)
class Look:
    """A person read `chapter` as saved in `version` (a version id), at `when` (ISO text)."""

    chapter: str
    version: str
    when: str


@dataclass(frozen=True)
class LastLooks:
    """Everything one person's file says, with the fingerprint of the file as read (None when
    there is no file yet), so a save never overwrites a change made meanwhile."""

    person: str
    looks: dict[str, Look]
    fingerprint: str | None

    def of(self, chapter_id: str) -> Look | None:
        return self.looks.get(chapter_id)


def look_path(person: str) -> str:
    return f"{FOLDER}/{person}.yaml"


def read_looks(book: Book, person: str) -> LastLooks:
    """The person's last looks (none when they never looked here); a file that cannot be read
    is refused in plain words, naming the file and what to do."""
    relative = look_path(person)
    if not (book.root / relative).is_file():
        return LastLooks(person, {}, None)
    source = files.read_text(book.root, relative)
    data = yaml_text.parse(relative, source.text)
    if data is None:
        return LastLooks(person, {}, source.fingerprint)
    if not isinstance(data, dict):
        raise BookError(Problem(relative, "This file of what someone last read is not a list "
                                "of 'name: value' lines.", _FIX, 1))
    looked = data.get("looked") or {}
    if not isinstance(looked, dict):
        raise BookError(Problem(relative, "The 'looked:' part should list chapters, one to a "
                                "line.", _FIX, yaml_text.line_of(source.text, ("looked",))))
    looks: dict[str, Look] = {}
    for chapter, entry in looked.items():
        version = entry.get("version") if isinstance(entry, dict) else None
        when = entry.get("when") if isinstance(entry, dict) else None
        version_text = str(version).strip().lower() if version is not None else ""
        if not _VERSION_ID.match(version_text):
            raise BookError(Problem(relative, f"The chapter '{chapter}' does not say which saved "
                                    "version was read.", _FIX,
                                    yaml_text.line_of(source.text, ("looked", chapter))))
        found = moment(when.isoformat() if isinstance(when, datetime) else when)
        looks[str(chapter)] = Look(str(chapter), version_text,
                                   found.isoformat() if found else "")
    return LastLooks(person, looks, source.fingerprint)


def looks_text(book: Book, person: str, looks: dict[str, Look]) -> str:
    """The file's text: a note saying what it is, then one line per chapter in book order."""
    order = {chapter: place for place, chapter in enumerate(book.chapter_order)}
    ordered = sorted(looks.values(), key=lambda look: (order.get(look.chapter, len(order)),
                                                       look.chapter))
    data = {"person": person,
            "looked": {look.chapter: {"version": look.version, "when": look.when}
                       for look in ordered}}
    note = (f"# What {book.name_of(person)} last read in the review window: for each chapter, "
            "the saved version\n# of the chapter they read and when. \"What changed since you "
            "last looked\" starts there.\n")
    return note + yaml.safe_dump(data, sort_keys=False, default_flow_style=None,
                                 allow_unicode=True, width=200)


def newest_version_of(opened: OpenBook, chapter_id: str) -> str | None:
    """The newest saved version that changed the chapter's file (None: never saved)."""
    chapter = opened.book.chapters[chapter_id]
    found = opened.history.versions(chapter.file, limit=1)
    return found[0].id if found else None


def remember_look(opened: OpenBook, person: str, chapter_id: str,
                  signer: Signer | None = None, when: datetime | None = None) -> Look | None:
    """Remember that `person` has read the chapter as it is saved now, as a new saved version
    under their name (or, given a `signer`, under its identity and description: an editor
    writing it down for them). None, saving nothing, when the chapter was never saved. When
    the newest look already is this version, nothing new is saved and that look is returned."""
    book = opened.book
    if person not in book.people:
        raise BookError(Problem(f"people/{person}.yaml", f"There is nobody called '{person}' "
                                "in this book.", "Use the id of a person in the book."))
    chapter = book.chapters.get(chapter_id)
    if chapter is None:
        raise BookError(Problem(f"chapters/{chapter_id}.md", f"The book has no chapter "
                                f"'{chapter_id}'.", "Use a chapter id from book.yaml."))
    version = newest_version_of(opened, chapter_id)
    if version is None:
        return None
    current = read_looks(book, person)
    before = current.of(chapter_id)
    if before is not None and before.version == version:
        return before
    stamp = (when or datetime.now(UTC)).replace(microsecond=0)
    look = Look(chapter_id, version, (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC))
                .isoformat())
    description = f"{_first(book, person)} read '{chapter.title}'"
    identity, description = signer(description) if signer else (
        identity_of(book.people[person]), description)
    text = looks_text(book, person, {**current.looks, chapter_id: look})
    with opened.history.transaction(identity, description):
        try:
            files.write_text(book.root, look_path(person), text, current.fingerprint)
        except BookError:
            raise BookError(Problem(look_path(person), "Someone changed this file since it "
                                    "was read, so nothing was saved.", "Try again.")) from None
    return look


def _first(book: Book, person: str) -> str:
    name = book.name_of(person)
    return name.split()[0] if name.split() else person
