"""The agreements folder: read every record with what the history says about it; add new ones.

The history is what makes records trustworthy: it shows who first saved each record file, and
whether anyone changed or removed a record afterwards (records are never changed: a change of
mind is a new record).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from coauthor_desk.agreements.records import (
    AGREEMENTS,
    Decision,
    How,
    Record,
    Use,
    parse_record,
    record_id_for,
    record_path,
    record_text,
)
from coauthor_desk.history.identities import IdentityMatcher
from coauthor_desk.history.reading import FileChange
from coauthor_desk.history.versions import History, Identity, Version, identity_of
from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem

_CACHE = f"{files.LOCAL_FOLDER}/agreements-history.json"
_PARSED_CACHE = f"{files.LOCAL_FOLDER}/agreements-parsed.json"


@dataclass(frozen=True)
class SavedRecord:
    """What the history says about one record file."""

    added_by: Identity
    added_when: str
    content: str  # the content id it was first saved with
    changed_later: bool = False
    removed_in: str | None = None  # the version that removed it
    removed_when: str = ""
    removed_by: str = ""


@dataclass
class Agreements:
    """Every record that counts, and plain problems about every one that does not."""

    records: list[Record]
    problems: list[Problem]


def load_agreements(book: Book, history: History, unsaved_files: list[str],
                    now: datetime | None = None) -> Agreements:
    """Read agreements/ and check each record against the book and the history."""
    now = now or datetime.now(UTC)
    saved = _saved_records(history)
    unsaved = {name for name in unsaved_files if name.startswith(f"{AGREEMENTS}/")}
    records: list[Record] = []
    problems: list[Problem] = []
    seen_ids: dict[str, str] = {}
    present = _record_files(book)
    cache = DetailsCache(book.root, _PARSED_CACHE)
    matcher = IdentityMatcher.from_book(book)
    for relative in present:
        if relative.count("/") != 2 or not relative.endswith((".yaml", ".yml")):
            problems.append(Problem(relative, "This file is not where agreement records go, so "
                                    "it is not counted.", "Records are kept as "
                                    "agreements/<person>/<record>.yaml. Move or remove it."))
            continue
        story = saved.get(relative)
        if story is None:
            problems.append(Problem(relative, "This agreement record is not saved as a version "
                                    "yet, so it is not counted.", "Save a version so it is kept "
                                    "in the history, then check again."))
            continue
        if story.changed_later or relative in unsaved:
            problems.append(Problem(relative, "This agreement record was changed after it was "
                                    "saved, so it is not counted. Records are never changed.",
                                    "Put back the saved version of the file, and record any "
                                    "change of mind as a new decision."))
            continue
        try:
            source = files.read_text(book.root, relative)
            data = _parsed(cache, relative, source)
        except BookError as error:
            problems.extend(error.problems)
            continue
        parsed = parse_record(relative, source.text, book, now, data)
        if isinstance(parsed, Problem):
            problems.append(parsed)
            continue
        if parsed.id.casefold() in seen_ids:
            problems.append(Problem(relative, f"The id '{parsed.id}' is also used by "
                                    f"{seen_ids[parsed.id.casefold()]}, so neither is counted.",
                                    "Give each record its own id and file name."))
            records = [r for r in records if r.id.casefold() != parsed.id.casefold()]
            continue
        seen_ids[parsed.id.casefold()] = relative
        if parsed.self_recorded and matcher.person_for(story.added_by) != parsed.person:
            problems.append(Problem(relative, f"This record says {book.name_of(parsed.person)} "
                                    f"wrote it down themself, but it was saved by "
                                    f"{story.added_by.name}, so it is not counted.",
                                    "Ask the person to record their decision themself, or "
                                    "record it on their behalf, saying how they agreed."))
            continue
        records.append(parsed)
    for relative, story in saved.items():
        if relative not in present and story.removed_in is not None:
            problems.append(Problem(relative, f"This agreement record was removed on "
                                    f"{day_words(datetime.fromisoformat(story.removed_when))} by "
                                    f"{story.removed_by}. Records are never removed, because a "
                                    "removed record could hide someone's change of mind.",
                                    "Put it back from the history (for example with 'git "
                                    f"checkout {story.removed_in[:10]}~1 -- {relative}'), then "
                                    "save a version and check again."))
        elif relative not in present:
            problems.append(Problem(relative, "This agreement record was removed from the book "
                                    "folder, and the removal is not saved.", "Put it back with "
                                    f"'git checkout -- {relative}', then check again."))
    cache.save()
    return Agreements(records, problems)


def _parsed(cache: DetailsCache, relative: str, source: files.TextFile) -> Any:
    """The record's YAML, parsed once per content; dates are kept as text, as written."""
    known = cache.get(source.fingerprint, "data")
    if known is None:
        data = yaml_text.parse(relative, source.text)
        known = {"data": json.loads(json.dumps(data, default=str))}
        cache.put(source.fingerprint, known)
    return known["data"]


def _record_files(book: Book) -> list[str]:
    """Every file under agreements/, one folder per person (other files are reported too)."""
    found = []
    top = book.root / AGREEMENTS
    for folder, _dirs, names in os.walk(top):
        for name in names:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(folder, name), book.root)
                              .replace(os.sep, "/"))
    return sorted(found)


def _saved_records(history: History) -> dict[str, SavedRecord]:
    """For each record file ever saved: who added it, whether it changed or went away since.

    One walk of the history limited to agreements/, remembered by the newest version's id.
    """
    head = history.head()
    if head is None:
        return {}
    cache = DetailsCache(history.root, _CACHE)
    known = cache.get(head, "records")
    if known is not None:
        try:
            return {path: SavedRecord(Identity(*story[0]), *story[1:])
                    for path, story in known["records"].items()}
        except (TypeError, ValueError):
            pass  # damaged: walk the history again
    stories: dict[str, SavedRecord] = {}
    for logged in history.folder_changes(f"{AGREEMENTS}/"):
        for change in logged.changes:
            _tell(stories, logged.version, change)
    cache.put(head, {"records": {
        path: [[s.added_by.name, s.added_by.email], s.added_when, s.content, s.changed_later,
               s.removed_in, s.removed_when, s.removed_by] for path, s in stories.items()}})
    cache.save()
    return stories


def _tell(stories: dict[str, SavedRecord], version: Version, change: FileChange) -> None:
    """Add what one saved version did to one record file to that file's story."""
    old = stories.get(change.path)
    when = version.when.isoformat()
    content = change.new or ""
    if old is None:
        if change.status == "A":
            stories[change.path] = SavedRecord(Identity(version.name, version.email), when,
                                               content)
    elif change.status == "D":
        stories[change.path] = replace(old, removed_in=version.id, removed_when=when,
                                       removed_by=version.name)
    else:  # changed, or added again: only putting it back unchanged is no change
        changed = old.changed_later or change.status != "A" or content != old.content
        stories[change.path] = replace(old, changed_later=changed, removed_in=None)


def add_record(book: Book, history: History, person: str, use: Use, target: str | None,
               decision: Decision, version: str | None, recorded_by: str | None = None,
               how: How | None = None, expires: date | None = None, note: str | None = None,
               when: datetime | None = None) -> Record:
    """Write one new record and save it as a version under the identity of who recorded it."""
    when = (when or datetime.now(UTC)).replace(microsecond=0)
    recorded_by = recorded_by or person

    def record_named(record_id: str) -> Record:
        return Record(record_id, record_path(person, record_id), person, use, target, decision,
                      version, when, recorded_by, how if recorded_by != person else None,
                      expires, note)

    said = describe(book, record_named(""))
    with history.transaction(identity_of(book.people[recorded_by]), said):
        # The id is chosen while no one else can save, so two people never take the same one.
        record = record_named(_new_id(book, person, use, target, when))
        files.write_text(book.root, record.file, record_text(record), None)
    return record


def _new_id(book: Book, person: str, use: Use, target: str | None, when: datetime) -> str:
    base = record_id_for(person, use, target, when)
    record_id, number = base, 1
    while (book.root / record_path(person, record_id)).exists():
        number += 1
        record_id = f"{base}-{number}"
    return record_id


def describe(book: Book, record: Record) -> str:
    """The description of the saved version, in plain words."""
    name = book.name_of(record.person).split()[0]
    thing = {
        Use.CHAPTER: lambda: f"the chapter '{book.chapters[record.target].title}' being "
                             "published",
        Use.NAMED: lambda: "being named in the book",
        Use.QUOTE: lambda: f"the quote used for {book.quotes[record.target].used_for}",
        Use.SELF_DESCRIPTION: lambda: "being counted in the authorship statement",
    }[record.use]()
    verb = {Decision.AGREED: "agreed to", Decision.NOT_AGREED: "did not agree to",
            Decision.WITHDRAWN: "withdrew their agreement to"}[record.decision]
    if record.self_recorded:
        return f"{name} {verb} {thing}"
    assert record.how is not None
    return (f"Recorded that {name} {verb} {thing} ({record.how.words}, told to "
            f"{book.name_of(record.recorded_by).split()[0]})")
