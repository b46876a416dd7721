"""Agreement records: one small YAML file per decision, written once and never changed.

A record says who decided what about which use of their words or name, for which version of the
text, when, and who wrote it down. Records live in `agreements/<person>/<record-id>.yaml`, so two
people recording agreements at once never touch the same file. A record is only counted when it
is whole, saved as a version, unchanged since, and (when it says the person recorded it
themself) saved under that person's own identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from coauthor_desk.manuscript import yaml_text
from coauthor_desk.manuscript.fields import choice, day, day_words, moment, text_value
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem

AGREEMENTS = "agreements"


class Use(StrEnum):
    """What a person agrees to."""

    CHAPTER = "chapter"  # a chapter's text being published
    NAMED = "named"  # being named in the credits, in the way they chose
    QUOTE = "quote"  # their words quoted elsewhere, such as on the cover
    SELF_DESCRIPTION = "self-description"  # counted in the book's authorship statement


class Decision(StrEnum):
    AGREED = "agreed"
    NOT_AGREED = "not-agreed"
    WITHDRAWN = "withdrawn"


class How(StrEnum):
    """How someone agreed when an editor wrote it down for them."""

    IN_PERSON = "in-person"
    PHONE = "phone"
    EMAIL = "email"
    IN_WRITING = "in-writing"

    @property
    def words(self) -> str:
        return {"in-person": "in person", "phone": "by phone", "email": "by email",
                "in-writing": "in writing"}[self.value]


@dataclass(frozen=True)
class Record:
    """One decision, as written in its file."""

    id: str
    file: str
    person: str
    use: Use
    target: str | None  # the chapter id or quote id, for those uses
    decision: Decision
    version: str | None  # what was agreed to: a content id (see agreements.rules.current_version)
    when: datetime
    recorded_by: str
    how: How | None = None
    expires: date | None = None
    note: str | None = None

    @property
    def subject(self) -> tuple[str, Use, str | None]:
        """The thing decided about: the latest decision on it is the one that counts."""
        return self.person, self.use, self.target

    @property
    def self_recorded(self) -> bool:
        return self.recorded_by == self.person


_TARGET_KEY = {Use.CHAPTER: "chapter", Use.QUOTE: "quote"}


def record_id_for(person: str, use: Use, target: str | None, when: datetime) -> str:
    """A record id that sorts by time and says what it is about, unique across the book."""
    return f"{when:%Y%m%d-%H%M%S}-{person}-{use.value}" + (f"-{target}" if target else "")


def record_path(person: str, record_id: str) -> str:
    return f"{AGREEMENTS}/{person}/{record_id}.yaml"


def record_text(record: Record) -> str:
    """The file text of a new record: plain lines a person can read in any text editor."""
    data: dict[str, Any] = {"id": record.id, "person": record.person, "use": record.use.value}
    if record.target is not None:
        data[_TARGET_KEY[record.use]] = record.target
    data["decision"] = record.decision.value
    if record.version is not None:
        data["version"] = record.version
    data["when"] = record.when.isoformat(timespec="seconds")
    data["recorded_by"] = record.recorded_by
    if record.how is not None:
        data["how"] = record.how.value
    if record.expires is not None:
        data["expires"] = record.expires.isoformat()
    if record.note:
        data["note"] = record.note
    return yaml_text.dump(data)


def parse_record(relative: str, text: str, book: Book, now: datetime,
                 data: Any = None) -> Record | Problem:
    """Read one record file, or say plainly why it cannot be counted. `data` is the file
    already parsed, when it is known."""
    if data is None:
        try:
            data = yaml_text.parse(relative, text)
        except BookError as error:
            return error.problems[0]
    if not isinstance(data, dict):
        return Problem(relative, "This agreement record is empty or is not a list of "
                       "'name: value' lines, so it is not counted.", _REDO, 1)

    def problem(key: str, what: str, todo: str = "") -> Problem:
        return Problem(relative, f"{what} This record is not counted.", todo or _REDO,
                       yaml_text.line_of(text, (key,)))

    folder, stem = relative.split("/")[1], relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    record_id = _text(data, "id")
    if record_id != stem:
        return problem("id", f"The id '{record_id or ''}' does not match the file name "
                       f"({stem}.yaml).", f"Change the line to 'id: {stem}'.")
    person = _text(data, "person")
    if person != folder:
        return problem("person", f"The record is in the folder of '{folder}' but says it is "
                       f"about '{person or 'nobody'}'.", "Keep each record in the folder of "
                       "the person it is about.")
    if person not in book.people:
        return problem("person", f"'{person}' has no file in people/.",
                       f"Add people/{person}.yaml, or move the record to the right folder.")
    use = choice(Use, data.get("use"))
    if use is None:
        return problem("use", _unknown(text, data, "use", "what the decision is about"),
                       f"Use one of: {', '.join(Use)}.")
    target = None
    if use in _TARGET_KEY:
        key = _TARGET_KEY[use]
        target = _text(data, key)
        known = book.chapters if use is Use.CHAPTER else book.quotes
        if target not in known:
            what = f"The {key} '{target}' is not in the book." if target else \
                f"The record does not say which {key} it is about."
            return problem(key, what, f"Use a {key} name from book.yaml.")
    decision = choice(Decision, data.get("decision"))
    if decision is None:
        return problem("decision", _unknown(text, data, "decision", "what was decided"),
                       f"Use one of: {', '.join(Decision)}.")
    version = _text(data, "version")
    if decision is Decision.AGREED and version is None:
        return problem("version", "The record does not say which version the person agreed "
                       "to.", "Record the agreement again with 'coauthor-desk agree'.")
    when = moment(data.get("when"))
    if when is None:
        return problem("when", "The record does not say when the decision was made, in a way "
                       "the app can read.", "Write it like 'when: 2025-03-03T14:20:00+00:00'.")
    if when > now:
        return problem("when", f"The date {day_words(when)} is in the future.",
                       "Correct the date to when the decision was really made.")
    recorded_by = _text(data, "recorded_by")
    if recorded_by not in book.people:
        return problem("recorded_by", f"The record was written down by '{recorded_by or ''}', "
                       "who has no file in people/.", "Say who wrote it down, by their id.")
    how = choice(How, data.get("how"))
    if recorded_by != person and how is None:
        return problem("how", "The record was written down on someone's behalf but does not "
                       "say how they agreed.", f"Add 'how:' with one of: {', '.join(How)}.")
    expires = day(data.get("expires"))
    if data.get("expires") is not None and expires is None:
        return problem("expires", "The expiry date cannot be read.",
                       "Write it like 'expires: 2026-12-31', or leave it out.")
    return Record(record_id, relative, person, use, target, decision, version, when,
                  recorded_by, how, expires, _text(data, "note"))


_REDO = "Fix the file, or remove it and record the decision again with 'coauthor-desk agree'."


def _unknown(text: str, data: dict[str, Any], key: str, meaning: str) -> str:
    """Say what is wrong with a choice in the person's own words, not Python's."""
    if data.get(key) is None:
        return f"The record does not say {meaning} (its '{key}:' line is missing or empty)."
    line = yaml_text.line_of(text, (key,))
    written = text.split("\n")[line - 1].partition(":")[2].strip().strip("'\"") if line \
        else str(data[key])
    return f"'{written}' is not a {key} the app knows."


def _text(data: dict[str, Any], key: str) -> str | None:
    return text_value(data.get(key))
