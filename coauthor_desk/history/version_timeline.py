"""Saved versions over time: how often each person saved a version of each chapter, month by
month, from one `git log` walk, remembered up to the newest version read so that next time
only newer versions are read (for `authorship`, which keeps it in this computer's cache)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from coauthor_desk.history import reading
from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.versions import Identity

_VERSION_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")

# Saved versions by (identity, month 'YYYY-MM').
VersionCounts = Counter[tuple[Identity, str]]


def is_count(value: object) -> bool:
    """Whether a remembered value is a count (a whole number, not a yes/no, not below 0)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass
class Timeline:
    """Saved versions by identity and month, per chapter file and for all of them together,
    up to the version `head`."""

    head: str
    mailmap: str
    paths: list[str]
    files: dict[str, VersionCounts]
    book: VersionCounts

    def as_json(self) -> dict[str, Any]:
        return {"head": self.head, "mailmap": self.mailmap, "paths": self.paths,
                "files": {path: _rows(counts) for path, counts in self.files.items()},
                "book": _rows(self.book)}

    @classmethod
    def from_json(cls, entry: object) -> Timeline | None:
        """The remembered timeline, or None if the entry is damaged or was edited by hand."""
        if not isinstance(entry, dict):
            return None
        head, mailmap, paths = entry.get("head"), entry.get("mailmap"), entry.get("paths")
        found = entry.get("files")
        if not (isinstance(head, str) and _VERSION_ID.match(head) and isinstance(mailmap, str)
                and isinstance(paths, list) and all(isinstance(p, str) for p in paths)
                and isinstance(found, dict)):
            return None
        counts = {path: _counts(rows) for path, rows in found.items()}
        book = _counts(entry.get("book"))
        if book is None or any(value is None for value in counts.values()):
            return None
        return cls(head, mailmap, paths, counts, book)  # type: ignore[arg-type]


def _rows(counts: VersionCounts) -> list[list[Any]]:
    return [[who.name, who.email, month, count] for (who, month), count in counts.items()]


def _counts(rows: object) -> VersionCounts | None:
    if not isinstance(rows, list):
        return None
    result: VersionCounts = Counter()
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4 and all(isinstance(v, str)
                                                                for v in row[:3])
                and _MONTH.match(row[2]) and is_count(row[3])):
            return None
        result[(Identity(row[0], row[1]), row[2])] += row[3]
    return result


def timeline(runner: GitRunner, head: str, paths: list[str], remembered: object,
              mailmap: str) -> tuple[Timeline, int]:
    """Everyone's saved versions of the chapter files up to `head`, and how many versions had
    to be read: none if nothing new was saved, only the new ones if `head` grew from the
    remembered version, all of them otherwise."""
    wanted = sorted(set(paths))
    old = Timeline.from_json(remembered)
    if old is not None and (old.mailmap != mailmap or old.paths != wanted):
        old = None
    if old is not None and old.head == head:
        return old, 0
    if old is not None and _descends(runner, old.head, head):
        timeline, since = old, old.head
    else:
        timeline, since = Timeline(head, mailmap, wanted, {}, Counter()), None
    read = _walk(runner, f"{since}..{head}" if since else head, wanted, timeline)
    timeline.head = head
    return timeline, read


def _descends(runner: GitRunner, old: str, head: str) -> bool:
    """Whether `head` grew from `old` (so the versions up to `old` are still all there)."""
    return runner.run("merge-base", old, head, check=False).strip() == old


def _walk(runner: GitRunner, revisions: str, paths: list[str], timeline: Timeline) -> int:
    """Add the saved versions in `revisions` that changed a chapter file; return how many
    versions were read. Versions that join two lines of work are left out, as nobody sat down
    to write them (words written while joining still count for who wrote what)."""
    if not paths:
        return 0
    logged = reading.versions_with_changes(runner, [revisions], paths, every_line=True,
                                           merges=False, mailmap=True)
    wanted = set(paths)
    for entry in logged:
        changed = {change.path for change in entry.changes} & wanted
        if not changed:
            continue
        version = entry.version
        # The month as the person saw it where they saved (the date is in their time zone).
        key = (Identity(version.name, version.email), version.when.isoformat()[:7])
        timeline.book[key] += 1
        for path in changed:
            timeline.files.setdefault(path, Counter())[key] += 1
    return len(logged)
