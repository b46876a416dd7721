"""When a person last read each of their chapters, so "what changed since you last looked" can
start from there.

A co-author often reads with an editor on the editor's computer and sometimes on their own, so
the last look travels with the book: it is kept in the book folder and each look is saved as an
ordinary version under the name of whoever recorded it. Each look is a small file of its own,
only ever added, `review/<person>/<chapter>/<when>.yaml`, as agreements are: the same person
reading the same chapter on two computers before they share adds two files, which sharing
combines without a clash (one file per person, rewritten at each look, would clash on the very
line both computers changed). The newest file in a chapter's folder is the last look; the
older ones are the story of their reading. A file is plain YAML a person can read:

    # Amira Yusuf read 'Leaving care at eighteen' as saved in this version.
    person: amira-yusuf
    chapter: 02-leaving-care
    version: 3f2a…(the 40 letters and digits of the saved version)
    when: '2025-03-03T14:20:00+00:00'
"""

from __future__ import annotations

import os
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
_FIX = ("Correct the file by hand ('version:' is the id of a saved version, 'when:' a time "
        "like 2025-03-03T14:20:00+00:00), or remove it: an older look is used instead.")

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
    """The newest look at each chapter, by chapter id."""

    person: str
    looks: dict[str, Look]

    def of(self, chapter_id: str) -> Look | None:
        return self.looks.get(chapter_id)


def look_folder(person: str, chapter_id: str) -> str:
    return f"{FOLDER}/{person}/{chapter_id}"


def read_looks(book: Book, person: str) -> LastLooks:
    """The person's newest look at each of the book's chapters (none when they never looked
    here). Only the newest file of each chapter is read; one that cannot be read is refused in
    plain words, naming the file and what to do."""
    looks: dict[str, Look] = {}
    for chapter_id in book.chapter_order:
        folder = book.root / look_folder(person, chapter_id)
        if not folder.is_dir():
            continue
        names = sorted((n for n in os.listdir(folder)
                        if n.endswith(".yaml") and not n.startswith(".")), key=_in_time)
        if names:
            looks[chapter_id] = read_look(book, f"{look_folder(person, chapter_id)}/{names[-1]}",
                                          chapter_id)
    return LastLooks(person, looks)


def read_look(book: Book, relative: str, chapter_id: str) -> Look:
    """One look's file, or a plain refusal."""
    source = files.read_text(book.root, relative)
    data = yaml_text.parse(relative, source.text)
    if not isinstance(data, dict):
        raise BookError(Problem(relative, "This file of what someone read is not a list of "
                                "'name: value' lines.", _FIX, 1))
    version = data.get("version")
    version_text = str(version).strip().lower() if version is not None else ""
    if not _VERSION_ID.match(version_text):
        raise BookError(Problem(relative, "The file does not say which saved version was read.",
                                _FIX, yaml_text.line_of(source.text, ("version",))))
    when = data.get("when")
    found = moment(when.isoformat() if isinstance(when, datetime) else when)
    return Look(chapter_id, version_text, found.isoformat() if found else "")


def look_text(book: Book, person: str, look: Look) -> str:
    """A look's file: a line saying what it means, then the details."""
    title = book.chapters[look.chapter].title if look.chapter in book.chapters else look.chapter
    data = {"person": person, "chapter": look.chapter, "version": look.version,
            "when": look.when}
    return (f"# {book.name_of(person)} read '{title}' as saved in this version.\n" +
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200))


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
    before = read_looks(book, person).of(chapter_id)
    if before is not None and before.version == version:
        return before
    stamp = (when or datetime.now(UTC)).replace(microsecond=0)
    stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    look = Look(chapter_id, version, stamp.isoformat())
    description = f"{_first(book, person)} read '{chapter.title}'"
    identity, description = signer(description) if signer else (
        identity_of(book.people[person]), description)
    with opened.history.transaction(identity, description):
        relative = _new_file(book, person, chapter_id, stamp)  # chosen while no one else saves
        files.write_text(book.root, relative, look_text(book, person, look), None)
    return look


def _in_time(name: str) -> tuple[str, int, str]:
    """Names sort by the time in them, then by the number added when two share a second."""
    stem = name.removesuffix(".yaml")
    when, _, number = stem[:15], stem[15:16], stem[16:]
    return when, int(number) if number.isdigit() else 1, stem


def _new_file(book: Book, person: str, chapter_id: str, stamp: datetime) -> str:
    """A name that sorts by time (UTC, so every computer sorts the same) and is not taken."""
    base = f"{look_folder(person, chapter_id)}/{stamp.astimezone(UTC):%Y%m%d-%H%M%S}"
    relative, number = f"{base}.yaml", 1
    while (book.root / relative).exists():
        number += 1
        relative = f"{base}-{number}.yaml"
    return relative


def _first(book: Book, person: str) -> str:
    name = book.name_of(person)
    return name.split()[0] if name.split() else person
