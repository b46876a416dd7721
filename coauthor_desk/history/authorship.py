"""Who wrote what, measured from the history of saved versions.

Co-production is about shared power, and editors need to see whose words a chapter is made of:
each person's share of the words in the newest saved version of each chapter, each word credited
to the person who last wrote that word (`word_credit`, from one walk of the chapters' history;
a chapter it cannot follow is counted line by line with `git blame`), and how often each person
saved versions, month by month (from one `git log` walk).

Both are slow to work out on a large history, and both are remembered in this computer's own
cache for the book (`manuscript/cache.py`, sealed, never in the book folder): word counts by
chapter file and content id, so after one chapter changes only that chapter is measured again,
and the saved versions up to the newest one measured, so only newer ones are read next time.
The cache is only a shortcut: a damaged, hand-edited or copied one is ignored and rebuilt.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.history import reading, word_credit
from coauthor_desk.history.git_runner import GitFailed, GitRunner
from coauthor_desk.history.identities import (
    IdentityMatcher,
    mailmap_fingerprint,
    unmatched_key,
)
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Book, Chapter, count_words

log = logging.getLogger(__name__)

CACHE_FILE = "authorship-cache.json"  # in this computer's cache folder for the book
_TIMELINE_KEY = "saved-versions"
_VERSION_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")

# Saved versions by (identity, month 'YYYY-MM').
VersionCounts = Counter[tuple[Identity, str]]


# What comes out ------------------------------------------------------------------------------

@dataclass
class Tally:
    """Words and saved versions per person, with the identities that match nobody kept apart
    so that nobody's work silently disappears from the totals."""

    words: dict[str, int] = field(default_factory=dict)  # person id -> words
    versions: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> month -> count
    unmatched_words: dict[Identity, int] = field(default_factory=dict)
    unmatched_versions: dict[Identity, dict[str, int]] = field(default_factory=dict)

    @property
    def total_words(self) -> int:
        return sum(self.words.values()) + sum(self.unmatched_words.values())

    def share(self, person_id: str) -> float:
        """This person's part of all the words, from 0 to 1."""
        return _fraction(self.words.get(person_id, 0), self.total_words)

    def unmatched_share(self, who: Identity) -> float:
        return _fraction(self.unmatched_words.get(who, 0), self.total_words)

    def add_words(self, other: Tally) -> None:
        for person_id, words in other.words.items():
            self.words[person_id] = self.words.get(person_id, 0) + words
        for who, words in other.unmatched_words.items():
            self.unmatched_words[who] = self.unmatched_words.get(who, 0) + words


@dataclass(kw_only=True)
class ChapterAuthorship(Tally):
    """Who wrote one chapter, as of its newest saved version."""

    id: str
    file: str
    title: str
    saved: bool = True  # False: the chapter is not part of any saved version yet
    unsaved_changes: bool = False  # measured at its saved version; the file has changed since
    measured: bool = True  # False: not saved yet, or its history could not be read (notes)


@dataclass
class Authorship:
    """Who wrote what in the whole book, and which parts had to be worked out afresh."""

    head: str | None
    chapters: list[ChapterAuthorship]
    book: Tally
    notes: list[str] = field(default_factory=list)
    recomputed: frozenset[str] = frozenset()  # chapter files measured this time, not cached
    versions_read: int = 0  # saved versions read from the history this time

    @property
    def unmatched(self) -> list[Identity]:
        """Every identity in the history that matches no person of the book."""
        found = set(self.book.unmatched_words) | set(self.book.unmatched_versions)
        for chapter in self.chapters:
            found |= set(chapter.unmatched_words) | set(chapter.unmatched_versions)
        return sorted(found, key=lambda who: (who.name.casefold(), who.email))


def _fraction(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# Working it out ------------------------------------------------------------------------------

def who_wrote_what(book: Book, history: History, workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Authorship:
    """Measure every chapter's authors and everyone's saved versions over time.

    Chapters are measured at the newest saved version, word by word, from one walk of their
    history, while the saved versions are counted alongside (`workers` threads, one per
    processor by default). `progress(done, total)` is called as chapters are finished, for
    a progress bar.
    """
    chapters = book.ordered_chapters()
    head = history.head()
    if head is None:
        return _nothing_saved(chapters)
    runner = history.git
    unsaved = set(history.unsaved_files())
    mailmap = mailmap_fingerprint(book.root)
    cache = DetailsCache(book.root, CACHE_FILE)
    paths = [chapter.file for chapter in chapters]
    blobs = history.file_ids(head, paths)  # plain files only
    words, todo = _remembered_words(cache, blobs, mailmap)
    old_timeline = cache.get(_TIMELINE_KEY)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        timeline_job = pool.submit(_timeline, runner, head, paths, old_timeline, mailmap)
        fresh = _measure_all(pool, runner, head, {path: blobs[path] for path in todo},
                             len(blobs), progress)
        timeline, versions_read = timeline_job.result()
    words.update(fresh)
    _remember(cache, blobs, fresh, mailmap, timeline.as_json(), old_timeline)
    log.info("Who wrote what: %d of %d chapters measured afresh, %d saved versions read",
             len(todo), len(blobs), versions_read)
    return _assemble(chapters, head, words, timeline, unsaved, IdentityMatcher.from_book(book),
                     frozenset(todo), versions_read)


def _remembered_words(cache: DetailsCache, blobs: dict[str, str], mailmap: str,
                      ) -> tuple[dict[str, dict[Identity, int] | None], list[str]]:
    """Words by identity for the chapter files whose content was measured before, and the
    list of those that must be measured now."""
    words: dict[str, dict[Identity, int] | None] = {}
    todo = []
    for path, blob in blobs.items():
        known = _cached_words(cache, path, blob, mailmap)
        if known is None:
            todo.append(path)
        else:
            words[path] = known
    return words, todo


def _remember(cache: DetailsCache, blobs: dict[str, str],
              fresh: dict[str, dict[Identity, int] | None], mailmap: str,
              timeline: dict[str, Any], old_timeline: dict[str, Any] | None) -> None:
    """Keep what was worked out this time for next time (only what changed is written)."""
    for path, counted in fresh.items():
        if counted is not None:
            key = _words_key(path, blobs[path])
            cache.put(key, _words_entry(counted, mailmap))
    if timeline != old_timeline:
        cache.put(_TIMELINE_KEY, timeline)
    cache.save()


def _measure_all(pool: ThreadPoolExecutor, runner: GitRunner, head: str, blobs: dict[str, str],
                 total: int, progress: Callable[[int, int], None] | None,
                 ) -> dict[str, dict[Identity, int] | None]:
    """Measure these chapter files (path -> content id at `head`) word by word, from one walk
    of their history; any whose history could not be followed word by word is counted line
    by line, side by side. `progress` is told as each one finishes."""
    done = total - len(blobs)
    if progress:
        progress(done, total)
    result: dict[str, dict[Identity, int] | None] = {}
    if blobs:
        try:
            credit = word_credit.replay(runner, head, list(blobs))
        except GitFailed:  # (git's own words are not logged: they may quote the book)
            log.warning("Could not follow the history of the chapters word by word")
            credit = word_credit.WordCredit()
        for path, blob in blobs.items():
            counted = credit.counts(blob)
            if counted is not None:
                result[path] = counted
                done += 1
                if progress:
                    progress(done, total)
    jobs = {pool.submit(_measure, runner, head, path): path for path in blobs
            if path not in result}
    if jobs:
        log.info("Who wrote what: %d chapter files counted line by line", len(jobs))
    for job in as_completed(jobs):
        result[jobs[job]] = job.result()
        done += 1
        if progress:
            progress(done, total)
    return result


def _nothing_saved(chapters: list[Chapter]) -> Authorship:
    return Authorship(None, [ChapterAuthorship(id=c.id, file=c.file, title=c.title, saved=False)
                             for c in chapters], Tally(),
                      ["Nothing in this book has been saved as a version yet, so who wrote "
                       "what cannot be measured. Save a version first, then look again."])


# Words: remembered, and git blame where the history cannot be followed word by word --------

def _words_key(path: str, blob: str) -> str:
    return f"words:{path}:{blob}"  # counted word by word ("blame:" entries were by line)


def _words_entry(words: dict[Identity, int], mailmap: str) -> dict[str, Any]:
    return {"mailmap": mailmap,
            "words": [[who.name, who.email, count] for who, count in words.items()]}


def _cached_words(cache: DetailsCache, path: str, blob: str,
                  mailmap: str) -> dict[Identity, int] | None:
    """Words by identity remembered for this exact file content, if the entry is sound."""
    key = _words_key(path, blob)
    entry = cache.get(key, "mailmap", "words")
    if entry is None or entry["mailmap"] != mailmap or not isinstance(entry["words"], list):
        return None
    result: dict[Identity, int] = {}
    for row in entry["words"]:
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
                and isinstance(row[1], str) and _is_count(row[2])):
            return None
        who = Identity(row[0], row[1])
        result[who] = result.get(who, 0) + row[2]
    return result


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _measure(runner: GitRunner, head: str, path: str) -> dict[Identity, int] | None:
    """Words by identity in one chapter file as saved in `head`, line by line (for a chapter
    whose history could not be followed word by word); None if git could not say."""
    try:
        out = runner.run_bytes("blame", "--porcelain", head, "--", path)
    except GitFailed:  # (git's own words are not logged: they may quote the book)
        log.warning("Could not measure who wrote one chapter file")
        return None
    return words_by_identity(out)


def words_by_identity(porcelain: bytes) -> dict[Identity, int]:
    """Count the words of each line of `git blame --porcelain` output for the identity that
    wrote it, leaving out the details at the top of a chapter (its front matter)."""
    names: dict[bytes, bytes] = {}
    mails: dict[bytes, bytes] = {}
    lines: list[tuple[bytes, bytes]] = []  # (version id, line), in the order of the file
    current = b""
    for line in porcelain.split(b"\n"):
        if line[:1] == b"\t":
            lines.append((current, line[1:]))
        elif line.startswith(b"author "):
            names[current] = line[7:]
        elif line.startswith(b"author-mail "):
            mails[current] = line[12:].strip().removeprefix(b"<").removesuffix(b">")
        elif line.find(b" ") in (40, 64):
            current = line[:line.index(b" ")]
    by_version: dict[bytes, list[bytes]] = {}
    for version, text in lines[_body_start([text for _, text in lines]):]:
        by_version.setdefault(version, []).append(text)
    result: dict[Identity, int] = {}
    for version, texts in by_version.items():
        # Words never run across a line end, so counting a person's lines together is the
        # same as counting each line, and much faster.
        count = count_words(b"\n".join(texts).decode("utf-8", "replace"))
        who = Identity(names.get(version, b"").decode("utf-8", "replace"),
                       mails.get(version, b"").decode("utf-8", "replace"))
        result[who] = result.get(who, 0) + count
    return result


def _body_start(lines: list[bytes]) -> int:
    """The index of the first line after the front matter (0 when there is none), found the
    way the book loader finds it."""
    if not lines or lines[0].removeprefix(b"\xef\xbb\xbf").rstrip(b"\r") != b"---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].decode("utf-8", "replace").rstrip() in ("---", "..."):
            return index + 1
    return 0


# Saved versions over time: one git log walk --------------------------------------------------

@dataclass
class _Timeline:
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
    def from_json(cls, entry: object) -> _Timeline | None:
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
                and _MONTH.match(row[2]) and _is_count(row[3])):
            return None
        result[(Identity(row[0], row[1]), row[2])] += row[3]
    return result


def _timeline(runner: GitRunner, head: str, paths: list[str], remembered: object,
              mailmap: str) -> tuple[_Timeline, int]:
    """Everyone's saved versions of the chapter files up to `head`, and how many versions had
    to be read: none if nothing new was saved, only the new ones if `head` grew from the
    remembered version, all of them otherwise."""
    wanted = sorted(set(paths))
    old = _Timeline.from_json(remembered)
    if old is not None and (old.mailmap != mailmap or old.paths != wanted):
        old = None
    if old is not None and old.head == head:
        return old, 0
    if old is not None and _descends(runner, old.head, head):
        timeline, since = old, old.head
    else:
        timeline, since = _Timeline(head, mailmap, wanted, {}, Counter()), None
    read = _walk(runner, f"{since}..{head}" if since else head, wanted, timeline)
    timeline.head = head
    return timeline, read


def _descends(runner: GitRunner, old: str, head: str) -> bool:
    """Whether `head` grew from `old` (so the versions up to `old` are still all there)."""
    return runner.run("merge-base", old, head, check=False).strip() == old


def _walk(runner: GitRunner, revisions: str, paths: list[str], timeline: _Timeline) -> int:
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


# Putting it together -------------------------------------------------------------------------

def _assemble(chapters: list[Chapter], head: str, words: dict[str, dict[Identity, int] | None],
              timeline: _Timeline, unsaved: set[str], matcher: IdentityMatcher,
              recomputed: frozenset[str], versions_read: int) -> Authorship:
    result = Authorship(head, [], Tally(), recomputed=recomputed, versions_read=versions_read)
    for chapter in chapters:
        counted = words.get(chapter.file)
        one = ChapterAuthorship(id=chapter.id, file=chapter.file, title=chapter.title,
                                saved=chapter.file in words, measured=counted is not None,
                                unsaved_changes=chapter.file in unsaved)
        _add_words(one, counted or {}, matcher)
        _add_versions(one, timeline.files.get(chapter.file, Counter()), matcher)
        result.book.add_words(one)
        result.chapters.append(one)
        result.notes += _chapter_notes(one)
    _add_versions(result.book, timeline.book, matcher)
    if result.unmatched:
        result.notes.append(
            f"{_count_of(len(result.unmatched), 'name')} in the history "
            f"{'is' if len(result.unmatched) == 1 else 'are'} not matched to a person of the "
            "book. Add each e-mail to the 'git:' list in that person's file in the people "
            "folder (or add a line to the book's .mailmap file), and look again.")
    return result


def _add_words(tally: Tally, words: dict[Identity, int], matcher: IdentityMatcher) -> None:
    for who, count in words.items():
        if not count:  # blank lines and the like
            continue
        person_id = matcher.person_for(who)
        if person_id is None:
            key = unmatched_key(who)
            tally.unmatched_words[key] = tally.unmatched_words.get(key, 0) + count
        else:
            tally.words[person_id] = tally.words.get(person_id, 0) + count


def _add_versions(tally: Tally, counts: VersionCounts, matcher: IdentityMatcher) -> None:
    for (who, month), count in sorted(counts.items(), key=lambda item: item[0][1]):
        person_id = matcher.person_for(who)
        if person_id is None:
            months = tally.unmatched_versions.setdefault(unmatched_key(who), {})
        else:
            months = tally.versions.setdefault(person_id, {})
        months[month] = months.get(month, 0) + count


def _chapter_notes(chapter: ChapterAuthorship) -> list[str]:
    if not chapter.saved:
        return [f"'{chapter.title}' is not part of any saved version yet, so who wrote it "
                "cannot be measured until a version is saved."]
    notes = []
    if not chapter.measured:
        notes.append(f"The history of '{chapter.title}' could not be read, so who wrote it is "
                     "not shown. Nothing was changed; try again later.")
    if chapter.unsaved_changes:
        notes.append(f"'{chapter.title}' has changes that are not saved yet; who wrote what is "
                     "measured from its newest saved version.")
    return notes


def _count_of(number: int, what: str) -> str:
    return f"{number:,} {what}{'' if number == 1 else 's'}"


# Reports -------------------------------------------------------------------------------------

def authorship_report(authorship: Authorship, book: Book) -> dict[str, Any]:
    """Who wrote what as plain data (JSON-able), with people's names as the app shows them."""
    chapters = [{"id": c.id, "title": c.title, "file": c.file, "saved": c.saved,
                 "unsaved_changes": c.unsaved_changes, "measured": c.measured,
                 **_tally_report(c, book)} for c in authorship.chapters]
    return {
        "measured_at": authorship.head,
        "book": {"title": book.title, **_tally_report(authorship.book, book)},
        "chapters": chapters,
        "unmatched_identities": _unmatched_report(authorship),
        "notes": list(authorship.notes),
    }


def _tally_report(tally: Tally, book: Book) -> dict[str, Any]:
    people = [{"id": person_id, "name": book.name_of(person_id),
               "words": tally.words.get(person_id, 0),
               "share": round(tally.share(person_id), 4),
               "versions_by_month": dict(sorted(tally.versions.get(person_id, {}).items()))}
              for person_id in set(tally.words) | set(tally.versions)]
    others = [{"name": who.name, "email": who.email, "words": tally.unmatched_words.get(who, 0),
               "share": round(tally.unmatched_share(who), 4),
               "versions_by_month": dict(sorted(tally.unmatched_versions.get(who, {}).items()))}
              for who in set(tally.unmatched_words) | set(tally.unmatched_versions)]
    return {"words": tally.total_words, "people": _by_words(people),
            "not_matched": _by_words(others)}


def _by_words(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (-e["words"], -sum(e["versions_by_month"].values()),
                                          e["name"].casefold()))


def _unmatched_report(authorship: Authorship) -> list[dict[str, Any]]:
    result = []
    for who in authorship.unmatched:
        result.append({
            "name": who.name, "email": who.email,
            "words": authorship.book.unmatched_words.get(who, 0),
            "versions": sum(authorship.book.unmatched_versions.get(who, {}).values()),
            "chapters": [c.id for c in authorship.chapters
                         if who in c.unmatched_words or who in c.unmatched_versions]})
    return result


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def authorship_text(report: dict[str, Any]) -> str:
    """The report in plain words, for a person reading a terminal."""
    whole = report["book"]
    lines = [f"Who wrote what in '{whole['title']}', from the newest saved version of each "
             "chapter", "", f"Whole book ({_count_of(whole['words'], 'word')})"]
    lines += [f"  {line}" for line in _people_lines(whole)]
    lines += ["", "Chapters"]
    for chapter in report["chapters"]:
        shares = ", ".join(_share_phrase(entry) for entry in _everyone(chapter))
        if not chapter["saved"]:
            shares = "not saved as a version yet"
        elif not chapter["measured"]:
            shares = "could not be measured"
        lines.append(f"  Chapter '{chapter['title']}': {shares or 'no words yet'}")
    months = _month_lines(whole)
    if months:
        lines += ["", "Saved versions each month (whole book)"] + [f"  {m}" for m in months]
    if report["unmatched_identities"]:
        lines += ["", "Not matched to a person"]
        for who in report["unmatched_identities"]:
            lines.append(f"  {who['name']} ({who['email']}): {_count_of(who['words'], 'word')}"
                         f", {_count_of(who['versions'], 'saved version')}")
    if report["notes"]:
        lines += ["", "Notes"] + [f"  {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _everyone(tally: dict[str, Any]) -> list[dict[str, Any]]:
    """People and unmatched names together, most words first, leaving out those with none."""
    entries = tally["people"] + [{**e, "name": f"{e['name']} (not matched to a person)"}
                                 for e in tally["not_matched"]]
    return sorted((e for e in entries if e["words"]), key=lambda e: -e["words"])


def _share_phrase(entry: dict[str, Any]) -> str:
    return f"{entry['name']} {_percent(entry['share'])} ({_count_of(entry['words'], 'word')})"


def _percent(share: float) -> str:
    if 0 < share < 0.005:
        return "under 1%"
    return f"{round(share * 100)}%"


def _people_lines(tally: dict[str, Any]) -> list[str]:
    entries = _everyone(tally)
    width = max((len(e["name"]) for e in entries), default=0)
    return [f"{e['name']:<{width}}  {_percent(e['share']):>8}  "
            f"{_count_of(e['words'], 'word'):>13}" for e in entries]


def _month_lines(tally: dict[str, Any]) -> list[str]:
    entries = tally["people"] + [{**e, "name": f"{e['name']} (not matched to a person)"}
                                 for e in tally["not_matched"]]
    return [f"{e['name']}: " + ", ".join(f"{_month_name(month)} {count}" for month, count
                                         in e["versions_by_month"].items())
            for e in sorted(entries, key=lambda e: e["name"].casefold())
            if e["versions_by_month"]]


def _month_name(month: str) -> str:
    year, _, number = month.partition("-")
    index = int(number) - 1 if number.isdigit() else -1
    return f"{_MONTHS[index]} {year}" if 0 <= index < 12 else month

