"""Build the example book: the bundled final texts plus a believable history that led to them.

The history is made deterministically (same input, same versions, same ids), so tests can
rebuild it. Each chapter is drafted by its own authors a few paragraphs at a time, checked by the
editors, given an editor's commentary and moved along its statuses, over several months.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coauthor_desk import RESOURCES
from coauthor_desk.agreements.records import (
    Decision,
    How,
    Record,
    Use,
    record_id_for,
    record_path,
    record_text,
)
from coauthor_desk.agreements.rules import text_version
from coauthor_desk.history.fast_import import PlannedVersion, write_history
from coauthor_desk.history.versions import IGNORE_TEXT, Identity
from coauthor_desk.manuscript import front_matter, yaml_text
from coauthor_desk.manuscript.model import CreditAs, Person, Status
from coauthor_desk.problems import BookError, Problem

SOURCE = RESOURCES / "example_book"
START = datetime(2025, 1, 13, 9, 30, tzinfo=UTC)
# The agreements tell a realistic story: most people agreed, one changed her mind about a quote,
# one chapter was changed by an editor after its author agreed, one person was not asked yet.
CHANGED_AFTER_AGREEING = "08-therapy-in-a-second-language"
NOT_COUNTED = {"anon-survivor": Decision.NOT_AGREED, "peter-quinn": None}
_HOW = {"in-person": How.IN_PERSON, "phone": How.PHONE, "post": How.IN_WRITING,
        "through-a-supporter": How.IN_PERSON}
_STATUS_LINE = re.compile(r"^status:.*$", re.MULTILINE)
_STATUS_PATH = [Status.DRAFTING, Status.WITH_EDITORS, Status.WITH_AUTHOR, Status.AGREED,
                Status.READY]


@dataclass
class _Event:
    when: datetime
    who: Identity
    description: str
    changes: dict[str, str | None]


def make_example_book(root: Path, seed: int = 2025) -> int:
    """Create the example book with its history in `root` (new or empty). Returns the versions."""
    if root.exists() and any(root.iterdir()):
        raise BookError(Problem(str(root), "This folder is not empty.",
                                "Choose a new or empty folder for the example book."))
    wanted = ["book.yaml", *sorted(SOURCE.glob("people/*.yaml")),
              *sorted(SOURCE.glob("chapters/*.md"))]
    sources = {Path(path).relative_to(SOURCE).as_posix() if path != "book.yaml" else path:
               (SOURCE / path).read_text("utf-8") for path in wanted}
    return write_history(root, _plan(sources, random.Random(seed)))


def _plan(sources: dict[str, str], rng: random.Random) -> list[PlannedVersion]:
    book = yaml_text.parse("book.yaml", sources["book.yaml"])
    people = {p["id"]: p for name, text in sources.items() if name.startswith("people/")
              for p in [yaml_text.parse(name, text)]}
    who = {pid: Identity(p["name"], p["git"][0]) for pid, p in people.items()}
    editors = book["editors"]
    agree = _Recorder(people, who, editors)
    events = [_Event(START, who[editors[0]], "Started the book", {
        ".gitignore": IGNORE_TEXT,
        **{f"people/{e}.yaml": sources[f"people/{e}.yaml"] for e in editors}})]
    chapter_ids: list[str] = book["chapters"]
    listed: list[str] = []
    for number, chapter_id in enumerate(chapter_ids):
        text = sources[f"chapters/{chapter_id}.md"]
        begin = START + timedelta(days=3 + number * 6, hours=rng.randint(0, 6))
        authors = yaml_text.parse(chapter_id, front_matter.split(chapter_id, text)[1])["authors"]
        editor = editors[number % len(editors)]
        joining = [a for a in authors if f"people/{a}.yaml" not in _added(events)]
        for offset, author in enumerate(joining):
            welcomed = begin - timedelta(days=1, minutes=offset)
            events.append(_Event(welcomed, who[editor],
                                 f"Welcomed {people[author]['name'].split()[0]} to the book",
                                 {f"people/{author}.yaml": sources[f"people/{author}.yaml"]}))
            events += agree.joining(author, welcomed + timedelta(hours=2), editor)
        listed.append(chapter_id)
        events += _chapter_events(chapter_id, text, authors, editor, who, begin, rng,
                                  list(listed), book, agree)
    events += [e for editor in editors for e in agree.joining(editor, START + timedelta(
        hours=1 + editors.index(editor)), editor)]
    events += agree.quotes(book.get("quotes", []))
    events.sort(key=lambda event: event.when)
    events.append(_Event(events[-1].when + timedelta(days=2), who[editors[0]],
                         "Tidied the book's details", {"book.yaml": sources["book.yaml"]}))
    return [PlannedVersion(e.who, e.when, e.description, e.changes) for e in events]


def _added(events: list[_Event]) -> set[str]:
    return {name for event in events for name in event.changes}


def _chapter_events(chapter_id: str, text: str, authors: list[str], editor: str,
                    who: dict[str, Identity], begin: datetime, rng: random.Random,
                    listed: list[str], book: dict, agree: _Recorder) -> list[_Event]:
    """The life of one chapter, from an empty template to the final text in the bundle."""
    relative = f"chapters/{chapter_id}.md"
    _, raw, body = front_matter.split(relative, text)
    final_status = Status(yaml_text.parse(relative, raw)["status"])
    units = _units(body)
    commentary = [i for i, unit in enumerate(units) if unit.startswith("::: {.commentary")]
    own = [i for i in range(len(units)) if i not in commentary]
    book_text = yaml_text.dump({**{k: v for k, v in book.items() if k != "chapters"},
                                "chapters": listed})
    shortened = {i for i in own if units[i].count(". ") >= 2 and rng.random() < 0.25}
    slipped = next((i for i in own if " the " in units[i]), None)
    events: list[_Event] = []
    clock = begin

    def later(low: float, high: float) -> datetime:
        nonlocal clock
        clock += timedelta(hours=rng.uniform(low, high))
        return clock

    # In one chapter, two sentences are missing when the author agrees; an editor puts them
    # back afterwards, so that agreement needs checking again.
    late = set([i for i in own if units[i].count(". ") >= 2][-2:]) \
        if chapter_id == CHANGED_AFTER_AGREEING else set()

    def state(shown: set[int], status: Status, fixed: bool, full: set[int]) -> str:
        parts = []
        for i in sorted(shown):
            unit = units[i]
            if (i in shortened and i not in full) or (i in late and status is Status.AGREED):
                unit = unit[: unit.rindex(". ") + 1]
            if i == slipped and not fixed:
                unit = unit.replace(" the ", " the the ", 1)
            parts.append(unit)
        details = _STATUS_LINE.sub(f"status: {status.value}", raw)
        return front_matter.join(details, "\n" + "\n\n".join(parts) + "\n")

    writer = who[authors[0]]
    events.append(_Event(later(0, 1), who[editor], "Started a chapter from the template",
                         {relative: state(set(), Status.IDEA, False, set()),
                          "book.yaml": book_text}))
    shown: set[int] = set()
    full: set[int] = set()
    pending = list(own)
    status = Status.DRAFTING
    while pending:
        take = pending[: rng.randint(1, 2)]
        pending = pending[len(take):]
        shown.update(take)
        writer = who[authors[rng.randrange(len(authors))]]
        events.append(_Event(later(20, 120), writer, rng.choice(_DRAFT_WORDS),
                             {relative: state(shown, status, False, full)}))
        for i in sorted(shortened - full):
            if i in shown and rng.random() < 0.5:
                full.add(i)
                events.append(_Event(later(2, 48), writer, "Added a sentence I had missed",
                                     {relative: state(shown, status, False, full)}))
    full = set(shortened)
    steps = _STATUS_PATH[: _STATUS_PATH.index(final_status) + 1] if final_status in \
        _STATUS_PATH else [final_status]
    fixed = False
    for step in steps[1:]:
        if step is Status.WITH_AUTHOR:
            fixed = True
            shown.update(commentary)
            events.append(_Event(later(24, 96), who[editor], "Added the editor's commentary "
                                 "and corrected a small typing slip",
                                 {relative: state(shown, Status.WITH_EDITORS, fixed, full)}))
        mover = who[editor] if step in (Status.WITH_AUTHOR, Status.READY) else writer
        now_text = state(shown, step, fixed, full)
        events.append(_Event(later(24, 200), mover, _STATUS_WORDS[step], {relative: now_text}))
        if step is Status.AGREED:
            for author in authors:
                events.append(agree.record(author, Use.CHAPTER, chapter_id, text_version(
                    now_text), later(0.2, 3), editor))
            if late:
                events.append(_Event(later(48, 120), who[editor], "Put back two sentences "
                                     "from the recording", {relative: state(
                                         shown, Status.WITH_AUTHOR, fixed, full).replace(
                                         "status: with-author", "status: agreed")}))
    if [e for e in events if relative in e.changes][-1].changes[relative] != text:
        description = ("Added the editor's commentary" if not set(commentary) <= shown
                       else "Corrected a small typing slip")
        events.append(_Event(later(24, 96), who[editor], description, {relative: text}))
    return events


class _Recorder:
    """Agreement records as the people of the example book made them: those who like e-mail
    record their own decisions; the others tell their editor, who writes it down for them."""

    def __init__(self, people: dict[str, dict], who: dict[str, Identity], editors: list[str]):
        self.people, self.who, self.editors = people, who, editors

    def record(self, person: str, use: Use, target: str | None, version: str | None,
               when: datetime, editor: str, decision: Decision = Decision.AGREED,
               expires: datetime | None = None) -> _Event:
        prefers = (self.people[person].get("contact") or {}).get("prefers", "email")
        by = person if person in self.editors or prefers == "email" else editor
        record_id = record_id_for(person, use, target, when)
        record = Record(record_id, record_path(person, record_id), person, use, target,
                        decision, version, when.replace(microsecond=0), by,
                        None if by == person else _HOW[prefers],
                        expires.date() if expires else None)
        first = self.people[person]["name"].split()[0]
        verb = {Decision.AGREED: "agreed to", Decision.NOT_AGREED: "did not agree to",
                Decision.WITHDRAWN: "withdrew their agreement to"}[decision]
        thing = {Use.CHAPTER: "their chapter being published", Use.NAMED: "being named in "
                 "the book", Use.QUOTE: "a quote being used", Use.SELF_DESCRIPTION: "being "
                 "counted in the authorship statement"}[use]
        words = f"{first} {verb} {thing}" if by == person else \
            f"Recorded that {first} {verb} {thing}"
        return _Event(when, self.who[by], words, {record.file: record_text(record)})

    def joining(self, person: str, when: datetime, editor: str) -> list[_Event]:
        """On joining, people say how they want to be named and whether to be counted."""
        data = self.people[person]
        events = []
        credited = _credited_as(data)
        if credited is not None:
            events.append(self.record(person, Use.NAMED, None, credited, when, editor))
        if person in NOT_COUNTED:
            decision = NOT_COUNTED[person]
            if decision is not None:
                events.append(self.record(person, Use.SELF_DESCRIPTION, None, None,
                                          when + timedelta(minutes=5), editor, decision))
        else:
            version = text_version(json.dumps(data.get("self_description") or {},
                                              sort_keys=True, ensure_ascii=False, default=str))
            events.append(self.record(person, Use.SELF_DESCRIPTION, None, version,
                                      when + timedelta(minutes=5), editor))
        return events

    def quotes(self, quotes: list[dict]) -> list[_Event]:
        """Kwame agreed to his quote for a while; Jean agreed to hers, then changed her mind."""
        events = []
        for number, quote in enumerate(quotes):
            when = datetime(2025, 5, 12 + number, 11, 0, tzinfo=UTC)
            expires = datetime(2030, 12, 31, tzinfo=UTC) if number else None
            events.append(self.record(quote["person"], Use.QUOTE, quote["id"],
                                      text_version(quote["text"]), when, self.editors[0],
                                      expires=expires))
            if quote["person"] == "jean-thornton":
                events.append(self.record(quote["person"], Use.QUOTE, quote["id"], None,
                                          when + timedelta(days=20), self.editors[0],
                                          Decision.WITHDRAWN))
        return events


def _credited_as(data: dict) -> str | None:
    credit = data.get("credit") or {}
    return Person(data["id"], data["name"], CreditAs(credit.get("as", "full-name")),
                  credit.get("name"), [], None, [], {}, [], "").credited_as


def _units(body: str) -> list[str]:
    """Blocks of the body separated by blank lines, keeping each fenced box whole."""
    units: list[str] = []
    open_box: list[str] | None = None
    for block in body.strip("\n").split("\n\n"):
        if open_box is not None:
            open_box.append(block)
            if block.rstrip().endswith(":::"):
                units.append("\n\n".join(open_box))
                open_box = None
        elif block.startswith(":::") and not block.rstrip().endswith("\n:::"):
            open_box = [block]
        else:
            units.append(block)
    if open_box is not None:
        units.append("\n\n".join(open_box))
    return units


_DRAFT_WORDS = ["Wrote some more", "Added a few paragraphs", "Carried on writing",
                "Wrote the next part", "Put down what I said at the meeting",
                "Added more of my story", "Finished this section"]
_STATUS_WORDS = {
    Status.WITH_EDITORS: "Sent the chapter to the editors",
    Status.WITH_AUTHOR: "Sent the chapter back to its author to read",
    Status.AGREED: "Read it through and agreed the chapter",
    Status.READY: "Marked the chapter ready for the book",
}
