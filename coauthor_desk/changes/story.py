"""The story between two saved versions of a chapter: its versions read through history/,
each pair of texts compared once (and remembered), and the report put together.


`chapter_changes` tells the story between two saved versions of a chapter: one entry for each
version in between (who saved it, when, what it changed), and the changes overall, word by
word. What was worked out for a pair of texts never changes, so it is remembered in the book's
local folder by the texts' content ids (delete the folder and nothing is lost).
"""

from __future__ import annotations

import re
from datetime import date

from coauthor_desk.changes.change import Change, ChangeReport, Step, VersionChanges
from coauthor_desk.changes.compare import Comparison
from coauthor_desk.changes.remembered import Remembered
from coauthor_desk.changes.wording import summary
from coauthor_desk.history.identities import IdentityMatcher
from coauthor_desk.history.versions import Identity, Version
from coauthor_desk.manuscript import front_matter
from coauthor_desk.manuscript.model import Book, Chapter, Status
from coauthor_desk.manuscript.text import Paragraph
from coauthor_desk.manuscript.text_pieces import paragraphs_in_pieces
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook

NO_TEXT = "0" * 40  # the content id of a file that is not there
_VERSION_ID = re.compile(r"^[0-9a-fA-F]{4,40}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


class _Reader:
    """Reads a chapter's versions from the history, and remembers what it worked out."""

    def __init__(self, opened: OpenBook, chapter: Chapter) -> None:
        self.opened, self.chapter = opened, chapter
        self.book, self.history = opened.book, opened.history
        self.relative = chapter.file
        self.remembered = Remembered(self.book.root, chapter.id)
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
        overall = (base_blob or NO_TEXT, newest_blob or NO_TEXT)
        worked_out = self._pairs([*pairs, overall])
        versions = [VersionChanges(s.version, *self._who(s.version), *worked_out[(s.old, s.new)])
                    for s in steps]
        report = ChangeReport(
            self.chapter.id, self.chapter.title, self.relative, since, base,
            self._who(base)[1] if base else None, head, versions, worked_out[overall][0],
            self.relative in self.opened.unsaved_files)
        report.summary = summary(report)
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
              ) -> tuple[str | None, Version | None, list[Step]]:
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
            return (newest.old if newest.old != NO_TEXT else None), base, [newest]
        day = date.fromisoformat(since)
        every = self._log()
        before = [s for s in every if s.version.when.date() < day]
        after = [s for s in every if s.version.when.date() >= day]
        if not every:
            return None, None, []
        base_step = before[0] if before else None
        return (base_step.new if base_step and base_step.new != NO_TEXT else None,
                base_step.version if base_step else None, list(reversed(after)))

    def _log(self, since: str | None = None, most: int | None = None) -> list[Step]:
        """The versions (after `since`) that changed the chapter file, newest first, with the
        file's content id before and after each (merges of two lines of work are left out:
        their changes are told where they were made)."""
        steps = []
        for logged in self.history.file_changes(self.relative, since, most):
            change = logged.changes[0] if logged.changes else None
            if change is not None and change.old != change.new:
                steps.append(Step(logged.version, change.old or NO_TEXT,
                                   change.new or NO_TEXT))
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
            self._read({blob for pair in missing for blob in pair if blob != NO_TEXT})
            bodies: dict[str, tuple[str, str]] = {}
            parsed: dict[str, list[Paragraph]] = {}  # each text is read as Markdown once
            for pair in missing:
                if pair in worked_out:
                    continue
                (old_details, old_body), (new_details, new_body) = (
                    self._body(bodies, pair[0]), self._body(bodies, pair[1]))
                found = [] if old_body == new_body else Comparison(
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
        if blob not in parsed:  # versions share most paragraphs: read in remembered pieces
            parsed[blob] = paragraphs_in_pieces(body)
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
