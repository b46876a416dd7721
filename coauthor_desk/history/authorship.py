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
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.history import word_credit
from coauthor_desk.history.authorship_report import authorship_report, authorship_text, count_of
from coauthor_desk.history.git_runner import GitFailed, GitRunner
from coauthor_desk.history.identities import (
    IdentityMatcher,
    mailmap_fingerprint,
    unmatched_key,
)
from coauthor_desk.history.version_timeline import Timeline, VersionCounts, is_count
from coauthor_desk.history.version_timeline import timeline as timeline_of
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Book, Chapter, count_words

log = logging.getLogger(__name__)

# The reports are made in authorship_report, and named here too, where callers find them.
__all__ = ["Authorship", "ChapterAuthorship", "Tally", "authorship_report", "authorship_text",
           "who_wrote_what", "words_by_identity"]

CACHE_FILE = "authorship-cache.json"  # in this computer's cache folder for the book
_TIMELINE_KEY = "saved-versions"
# Progress is counted in hundredths of a chapter; the walk of the history (most of the time
# taken) moves the count through this many hundredths of each chapter being measured.
_UNITS, _WALK = 100, 90


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
    processor by default). `progress(done, total)` is called now and then, for a progress
    bar: `done` only grows, and ends equal to `total`.
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
        timeline_job = pool.submit(timeline_of, runner, head, paths, old_timeline, mailmap)
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
    by line, side by side. `progress(done, total)` is told in hundredths of a chapter: those
    remembered are done at once, then the walk moves the count through `_WALK` hundredths of
    each chapter measured, and each one finished adds the rest of its hundred."""
    done = _UNITS * (total - len(blobs))
    if progress:
        progress(done, _UNITS * total)
    result: dict[str, dict[Identity, int] | None] = {}

    def step(more: int) -> None:
        nonlocal done
        done += more
        if progress:
            progress(done, _UNITS * total)

    if blobs:
        start, span = done, _WALK * len(blobs)

        def walked(part: int, whole: int) -> None:
            if start + span * part // whole > done:
                step(start + span * part // whole - done)

        try:
            credit = word_credit.replay(runner, head, list(blobs),
                                        walked if progress else None)
        except GitFailed:  # (git's own words are not logged: they may quote the book)
            log.warning("Could not follow the history of the chapters word by word")
            credit = word_credit.WordCredit()
        done = start + span  # (the walk is over, however far it said it got)
        for path, blob in blobs.items():
            counted = credit.counts(blob)
            if counted is not None:
                result[path] = counted
                step(_UNITS - _WALK)
    jobs = {pool.submit(_measure, runner, head, path): path for path in blobs
            if path not in result}
    if jobs:
        log.info("Who wrote what: %d chapter files counted line by line", len(jobs))
    for job in as_completed(jobs):
        result[jobs[job]] = job.result()
        step(_UNITS - _WALK)
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
                and isinstance(row[1], str) and is_count(row[2])):
            return None
        who = Identity(row[0], row[1])
        result[who] = result.get(who, 0) + row[2]
    return result


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


# Putting it together -------------------------------------------------------------------------

def _assemble(chapters: list[Chapter], head: str, words: dict[str, dict[Identity, int] | None],
              timeline: Timeline, unsaved: set[str], matcher: IdentityMatcher,
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
            f"{count_of(len(result.unmatched), 'name')} in the history "
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
