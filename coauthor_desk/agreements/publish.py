"""The publish check: everything that must be sorted out before the book may leave the folder.

Four kinds of blocker: agreements that are missing, out of date, withdrawn, refused or expired;
hidden real names that would be exported; agreement records that cannot be counted (a broken
record might be somebody's withdrawal, so it blocks until it is fixed); and chapter text that
would not print as written: a link to a place the book does not have, or an SVG drawing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from coauthor_desk.agreements.privacy import hidden_name_findings
from coauthor_desk.agreements.records import Record, Use
from coauthor_desk.agreements.rules import Standing, State, Subject, needed, standings
from coauthor_desk.agreements.store import Agreements, load_agreements
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.export.links import links_to_nowhere
from coauthor_desk.export.pictures import refused_pictures
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.loader import BOOK_FILE
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import Problem
from coauthor_desk.session import OpenBook

AGREEMENT, HIDDEN_NAME, RECORD, TEXT = "agreement", "hidden-name", "record", "text"
HEADINGS = {AGREEMENT: "Agreements", HIDDEN_NAME: "Names that must stay hidden",
            RECORD: "Agreement records that cannot be counted",
            TEXT: "Links and pictures that would not print"}


@dataclass(frozen=True)
class Blocker:
    """One thing that stops the book being published, in plain words."""

    kind: str
    what: str
    todo: str
    file: str | None = None
    line: int | None = None
    person: str | None = None
    chapter: str | None = None

    def __str__(self) -> str:
        return f"{self.what} {self.todo}"


@dataclass
class PublishCheck:
    """The blockers, with the agreements and standings they were worked out from."""

    blockers: list[Blocker]
    agreements: Agreements
    standings: dict[Subject, Standing]

    @property
    def ready(self) -> bool:
        return not self.blockers


def check_agreements(opened: OpenBook, now: datetime | None = None
                     ) -> tuple[Agreements, dict[Subject, Standing]]:
    """Every counted record and where each agreement stands today."""
    now = now or datetime.now(UTC)
    agreements = load_agreements(opened.book, opened.history, opened.unsaved_files, now)
    return agreements, standings(opened.book, agreements.records, opened.history, now.date())


def permissions_from(standing: dict[Subject, Standing]) -> Permissions:
    """What the credits may say: names only of people whose agreement to be named as they
    chose is current, and self-descriptions only of people who agreed to be counted."""
    agreed = [s for s in standing.values() if s.state is State.AGREED]
    return Permissions(frozenset(s.person for s in agreed if s.use is Use.NAMED),
                       frozenset(s.person for s in agreed if s.use is Use.SELF_DESCRIPTION))


def publish_check(opened: OpenBook, now: datetime | None = None) -> PublishCheck:
    """Everything that blocks publishing, agreements first (in book order), then names, then
    records that cannot be counted."""
    agreements, standing = check_agreements(opened, now)
    book = opened.book
    blockers = [agreement_blocker(book, standing[subject]) for subject in needed(book)
                if standing[subject].state is not State.AGREED]
    blockers += [_problem_blocker(HIDDEN_NAME, p) for p in hidden_name_findings(book)]
    blockers += [_problem_blocker(RECORD, p) for p in agreements.problems]
    blockers += text_blockers(book)
    blockers += clash_blockers(book)
    return PublishCheck(blockers, agreements, standing)


CLASH = "clash"
HEADINGS[CLASH] = "Words two people changed at the same time"


def clash_blockers(book: Book) -> list[Blocker]:
    """Words two people changed at once, on two computers, wait for someone to choose: both
    versions are kept (history/sharing/clashes.py) and the book is not published until then."""
    from coauthor_desk.history.sharing.clashes import open_clashes

    records, problems = open_clashes(book.root)
    return [Blocker(CLASH, f"{r.file}: {r.what()}", r.todo(), r.file) for r in records] + \
        [_problem_blocker(CLASH, p) for p in problems]


def text_blockers(book: Book) -> list[Blocker]:
    """Links to places the book does not have and SVG drawings, by chapter and line."""
    chapters = book.ordered_chapters()
    found = []
    for link in links_to_nowhere(book.root, chapters):
        chapter = book.chapters[link.chapter]
        found.append(Blocker(
            TEXT, f"{_chapter_place(book, chapter.id)}, {chapter.file}, line {link.line}: the "
            f"link to '#{link.place}' leads to no heading in the book.", "Change it to the "
            "words of a heading, in small letters with - between them (for example "
            "'#what-have-i-learnt'), or take the link out.", chapter.file, link.line,
            chapter=chapter.id))
    for chapter, name, line in refused_pictures(chapters):
        found.append(Blocker(
            TEXT, f"{_chapter_place(book, chapter.id)}, {chapter.file}, line {line}: the "
            f"picture '{name}' is an SVG drawing, which can hold scripts, so it is not printed.",
            "Save it as a PNG or JPEG picture and use that name instead.", chapter.file, line,
            chapter=chapter.id))
    return found


def _chapter_place(book: Book, chapter_id: str) -> str:
    chapter = book.chapters[chapter_id]
    return f"Chapter {book.chapter_order.index(chapter_id) + 1}, '{chapter.title}'"


def _problem_blocker(kind: str, problem: Problem) -> Blocker:
    where = problem.file if problem.line is None else f"{problem.file}, line {problem.line}"
    return Blocker(kind, f"{where}: {problem.what}", problem.todo, problem.file, problem.line)


def agreement_blocker(book: Book, standing: Standing) -> Blocker:
    """What an agreement that is not current means, and what to do, in plain words."""
    person = book.people[standing.person]
    name, first = person.name, person.name.split()[0]
    thing, place = _thing(book, standing)
    record = standing.record
    when = day_words(record.when) if record else ""
    state = standing.state
    if state is State.NOT_ASKED:
        what = f"{name} has not been asked yet whether they agree to {thing}."
        todo = f"Ask {first} once the chapter is ready for them to read." if \
            standing.use is Use.CHAPTER else f"Ask {first} whether they agree."
    elif state is State.NEEDS_CHECKING:
        what, todo = (f"{name} agreed to {_version(standing, when)}. Since then "
                      f"{_change(book, standing)}.", f"Ask {first} to look again.")
    elif state is State.WITHDRAWN:
        what, todo = (f"{name} withdrew their agreement to {thing} on {when}.",
                      f"It cannot be published unless {first} agrees again. Talk with {first} "
                      "about what they would like to happen.")
    elif state is State.NOT_AGREED:
        what, todo = (f"{name} did not agree to {thing} ({when}).", f"Leave it out, or talk "
                      f"with {first} about what would make it right for them.")
    elif state is State.EXPIRED:
        ended = day_words(record.expires) if record and record.expires else ""
        what, todo = (f"{name}'s agreement to {thing} ran out on {ended}.",
                      f"Ask {first} whether they agree again.")
    else:
        what, todo = (f"{name}'s agreement to {thing} is for a version that is not in the "
                      "history.", f"Ask {first} to agree to the text as it is now.")
    chapter = book.chapters.get(standing.target or "") if standing.use is Use.CHAPTER else None
    file = chapter.file if chapter else BOOK_FILE if standing.use is Use.QUOTE else person.file
    return Blocker(AGREEMENT, f"{place}: {what}", todo, file, None, person.id,
                   chapter.id if chapter else None)


def about_words(book: Book, standing: Standing) -> str:
    """What an agreement is about, in a few words (for lists and tables)."""
    if standing.use is Use.SELF_DESCRIPTION:
        return "Being counted in the authorship statement"
    if standing.use is Use.NAMED:
        return f"Being named as '{book.people[standing.person].credited_as or 'nobody'}'"
    return _thing(book, standing)[1]


def _thing(book: Book, standing: Standing) -> tuple[str, str]:
    """What the agreement is about, and a short label of where it belongs."""
    if standing.use is Use.CHAPTER:
        chapter = book.chapters[standing.target or ""]
        number = book.chapter_order.index(chapter.id) + 1
        return "the chapter being published", f"Chapter {number}, '{chapter.title}'"
    if standing.use is Use.QUOTE:
        quote = book.quotes[standing.target or ""]
        return f"the quote used for {quote.used_for}", f"Quote '{_short(quote.text)}'"
    person = book.people[standing.person]
    if standing.use is Use.NAMED:
        return f"being named as '{person.credited_as}'", "Credits"
    return "being counted in the authorship statement", "Authorship statement"


def _version(standing: Standing, when: str) -> str:
    record = standing.record
    assert record is not None
    if standing.use is Use.CHAPTER:
        return f"the version of {when}"
    if standing.use is Use.NAMED:
        return f"being named as '{record.version}' on {when}"
    return f"what it said on {when}"


def _change(book: Book, standing: Standing) -> str:
    if standing.use is Use.CHAPTER:
        return standing.change or "the text changed"
    if standing.use is Use.NAMED:
        return f"the book would name them '{book.people[standing.person].credited_as}'"
    return "it changed"


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def check_report(check: PublishCheck, book: Book) -> dict[str, Any]:
    """The check as plain data (the --json output)."""
    counts: dict[str, int] = {}
    for standing in check.standings.values():
        counts[standing.state.value] = counts.get(standing.state.value, 0) + 1
    return {
        "title": book.title,
        "ready": check.ready,
        "blockers": [asdict(b) for b in check.blockers],
        "agreements": [_standing_dict(book, s) for s in check.standings.values()],
        "agreement_counts": counts,
    }


def _standing_dict(book: Book, standing: Standing) -> dict[str, Any]:
    record: Record | None = standing.record
    return {"person": standing.person, "name": book.name_of(standing.person),
            "use": standing.use.value, "target": standing.target, "state": standing.state.value,
            "change": standing.change, "record": record.file if record else None,
            "when": record.when.isoformat() if record else None}


def check_text(report: dict[str, Any]) -> str:
    """The check in plain words, for a terminal."""
    if report["ready"]:
        return (f"'{report['title']}' can be published: every agreement is in place and no "
                "hidden name would be printed.")
    count = len(report["blockers"])
    lines = [f"'{report['title']}' cannot be published yet. "
             + ("One thing needs sorting out first:" if count == 1 else
                f"{count} things need sorting out first:")]
    for kind, heading in HEADINGS.items():
        found = [b for b in report["blockers"] if b["kind"] == kind]
        if found:
            lines += ["", heading]
            lines += [f"  {b['what']} {b['todo']}" for b in found]
    return "\n".join(lines)
