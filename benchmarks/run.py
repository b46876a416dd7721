"""Time whole-book operations on the benchmark book against the raw tools doing the same job.

    python benchmarks/run.py [--book DIR] [--repeat N] [--profile] [--strict]

Without --book, the benchmark book in benchmarks/out/book is used when it exists (build it
with `python benchmarks/make_book.py benchmarks/out/book`); otherwise one is built in a
temporary folder first. Each side is run once to warm up (so our caches in this computer's
cache folder for the book are filled, as they are for someone opening their book again), then
N times, alternating; the table shows the medians, in-process, measured with time.perf_counter.

To add a measurement, write a small function taking the `Context` and returning `compare(...)`,
and add it to BENCHMARKS. Work that must happen before each of our runs but is not part of
what is measured (removing a cache, changing a chapter) goes in `compare(..., setup=...)`.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import export_jobs
from make_book import DEFAULTS, make_book

from coauthor_desk.agreements.publish import publish_check
from coauthor_desk.agreements.records import (
    Decision,
    Record,
    record_id_for,
    record_path,
    record_text,
)
from coauthor_desk.agreements.rules import current_version, needed
from coauthor_desk.book_changes import save_chapter_version
from coauthor_desk.changes.remembered import CACHE_FOLDER as CHANGES_CACHE
from coauthor_desk.changes.report import changes_text
from coauthor_desk.changes.story import chapter_changes
from coauthor_desk.checks.chapter_checks import CACHE_FILE as CHECKS_CACHE
from coauthor_desk.checks.chapter_checks import check_chapters
from coauthor_desk.checks.readability import syllables
from coauthor_desk.checks.style import Style
from coauthor_desk.checks.text_checks import check_paragraph
from coauthor_desk.export.assemble import assemble_book
from coauthor_desk.history.authorship import CACHE_FILE as AUTHORSHIP_CACHE
from coauthor_desk.history.authorship import who_wrote_what
from coauthor_desk.history.versions import History, identity_of
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.text import paragraphs
from coauthor_desk.session import open_book
from coauthor_desk.status import status_report

HERE = Path(__file__).resolve().parent
SAVED_BOOK = HERE / "out" / "book"


@dataclass
class Context:
    """What every benchmark gets: the book folder and how to measure."""

    book: Path
    repeat: int
    profile: bool = False


@dataclass
class Row:
    """One line of the table: our time, the raw tool's time on the same job, and the target."""

    what: str
    ours_ms: float
    raw_ms: float
    target: float  # the largest acceptable ratio ours / raw
    raw_what: str
    profile: str = ""
    memory: str = ""  # peak memory of each side, for rows that report it

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.raw_ms if self.raw_ms else float("inf")

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def _seconds(job: Callable[[], object]) -> float:
    gc.collect()  # garbage left by the run before is not this run's cost
    began = time.perf_counter()
    job()
    return time.perf_counter() - began


def median_ms(ours: Callable[[], object], raw: Callable[[], object],
              repeat: int, setup: Callable[[], object] | None = None) -> tuple[float, float]:
    """Median milliseconds of each job after one warm-up each. The runs alternate, so that a
    busy moment on the machine slows both sides alike. `setup`, if given, runs untimed before
    each of our runs (the warm-up included)."""
    prepare = setup or (lambda: None)
    prepare()
    ours()
    raw()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        prepare()
        times[0].append(_seconds(ours))
        times[1].append(_seconds(raw))
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def profile_text(job: Callable[[], object], runs: int = 5, lines: int = 25,
                 setup: Callable[[], object] | None = None) -> str:
    """Where our side spends its time (cProfile, sorted by time spent inside each function).
    `setup` runs before each run, outside the profile."""
    profiler = cProfile.Profile()
    for _ in range(runs):
        if setup:
            setup()
        profiler.enable()
        job()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def compare(ctx: Context, what: str, target: float, ours: Callable[[], object],
            raw: Callable[[], object] | float, raw_what: str,
            setup: Callable[[], object] | None = None) -> Row:
    """Measure our code and the raw tool on the same job; profile ours if it misses the target.
    `setup` runs untimed before each of our runs. A number for `raw` is a fixed time in
    milliseconds, for targets that are times rather than ratios."""
    if isinstance(raw, (int, float)):
        fixed = float(raw)
        row = Row(what, median_ms(ours, lambda: None, ctx.repeat, setup)[0], fixed, target,
                  raw_what)
    else:
        row = Row(what, *median_ms(ours, raw, ctx.repeat, setup), target, raw_what)
    if ctx.profile and not row.passed:
        row.profile = profile_text(ours, setup=setup)
    return row


# The raw tools ------------------------------------------------------------------------------

def read_every_file(root: Path) -> int:
    """Read book.yaml, people/* and chapters/* as bytes: the least any loader must do."""
    total = len((root / "book.yaml").read_bytes())
    for folder in ("people", "chapters"):
        for path in sorted((root / folder).iterdir()):
            if path.is_file():
                total += len(path.read_bytes())
    return total


def git_status(root: Path) -> bytes:
    return subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True,
                          check=True).stdout


def blame_every_chapter(root: Path, files: list[str]) -> int:
    """`git blame --porcelain` on each chapter file at the newest saved version, in turn."""
    total = 0
    for relative in files:
        total += len(subprocess.run(["git", "blame", "--porcelain", "HEAD", "--", relative],
                                    cwd=root, capture_output=True, check=True).stdout)
    return total


# The benchmarks -----------------------------------------------------------------------------

def load_whole_book(ctx: Context) -> Row:
    return compare(ctx, "Load the whole book", 5,
                   ours=lambda: load_book(ctx.book),
                   raw=lambda: read_every_file(ctx.book),
                   raw_what="read book.yaml, people/* and chapters/* as bytes in Python")


def status_json(ctx: Context) -> Row:
    def raw() -> None:
        read_every_file(ctx.book)
        git_status(ctx.book)

    return compare(ctx, "status --json", 3,
                   ours=lambda: json.dumps(status_report(open_book(ctx.book))),
                   raw=raw,
                   raw_what="read every file as bytes + `git status --porcelain`")


_BLAME_RAW = ("`git blame --porcelain HEAD` on every chapter file, one after another "
              "(subprocess), with one processor kept busy by other work")


class _OneProcessorBusy:
    """Keeps one processor busy with other work (a separate Python process spinning) while
    a row is measured, as on an author's computer doing something else at the same time
    (issue 17 asks for who wrote what to be measured so). Both sides run under it alike."""

    def __enter__(self) -> _OneProcessorBusy:
        self._process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *_: object) -> None:
        self._process.kill()
        self._process.wait()


def who_wrote_what_cold(ctx: Context) -> Row:
    """Who wrote what, word by word, with nothing remembered: the cache is removed (untimed)
    before each run."""
    book, history = load_book(ctx.book), History(ctx.book)
    chapter_files = [chapter.file for chapter in book.ordered_chapters()]
    with _OneProcessorBusy():
        return compare(ctx, "Who wrote what (word by word), cold", 0.7,
                       ours=lambda: who_wrote_what(book, history),
                       raw=lambda: blame_every_chapter(ctx.book, chapter_files),
                       raw_what=_BLAME_RAW,
                       setup=lambda: local_cache.cache_path(ctx.book, AUTHORSHIP_CACHE).unlink(
                           missing_ok=True))


def who_wrote_what_after_a_change(ctx: Context) -> Row:
    """Who wrote what, word by word, after an editor rewords one line of one chapter and
    saves a version (untimed), in a copy of the book so the benchmark book itself never
    changes. Each run changes the next chapter in turn."""
    chapter_files = [chapter.file for chapter in load_book(ctx.book).ordered_chapters()]
    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        copy = Path(folder) / "book"
        shutil.copytree(ctx.book, copy, symlinks=True)
        history = History(copy)
        state = {"book": load_book(copy), "round": 0}

        def change_one_chapter() -> None:
            book = state["book"]
            chapters = book.ordered_chapters()
            chapter = chapters[state["round"] % len(chapters)]
            state["round"] += 1
            lines = chapter.body.split("\n")
            middle = max((i for i in range(len(lines) // 2 + 1) if lines[i].strip()),
                         default=0)
            lines[middle] = lines[middle].rstrip() + " The author added these words."
            save_chapter(book, chapter.id, body="\n".join(lines))
            history.save_files_as_version(identity_of(book.people[book.editors[0]]),
                                 "Reworded a sentence")
            state["book"] = load_book(copy)

        with _OneProcessorBusy():
            return compare(ctx, "Who wrote what (word by word), after one chapter changes",
                           0.1, ours=lambda: who_wrote_what(state["book"], history),
                           raw=lambda: blame_every_chapter(ctx.book, chapter_files),
                           raw_what=_BLAME_RAW, setup=change_one_chapter)


def record_every_agreement(root: Path) -> int:
    """Record every agreement the book needs, as each person would themself (one saved version
    per person, under their own identity), so that the publish check has records to read."""
    opened = open_book(root)
    book, when = opened.book, datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    by_person: dict[str, list[str]] = {}
    for person, use, target in needed(book):
        record_id = record_id_for(person, use, target, when)
        record = Record(record_id, record_path(person, record_id), person, use, target,
                        Decision.AGREED, current_version(book, person, use, target), when, person)
        (root / record.file).parent.mkdir(parents=True, exist_ok=True)
        (root / record.file).write_text(record_text(record), "utf-8")
        by_person.setdefault(person, []).append(record.file)
    for person, paths in by_person.items():
        opened.history.save_files_as_version(identity_of(book.people[person]), "Agreed", paths)
    return sum(map(len, by_person.values()))


def publish_check_warm(ctx: Context) -> Row:
    """The whole publish check (open the book, read every record and its history, work out
    every agreement, look for hidden names), against who wrote what, both warm, on a copy of
    the book in which everyone agreed to everything."""
    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        copy = Path(folder) / "book"
        shutil.copytree(ctx.book, copy, symlinks=True)
        records = record_every_agreement(copy)
        check = publish_check(open_book(copy))
        assert check.ready, [str(b) for b in check.blockers]
        return compare(ctx, f"Publish check ({records} agreement records), warm", 2,
                       ours=lambda: publish_check(open_book(copy)),
                       raw=lambda: who_wrote_what(load_book(copy), History(copy)),
                       raw_what="our own who wrote what, warm (load the book, then "
                       "who_wrote_what), on the same copy")


def textstat_flesch(texts: list[str]) -> float:
    """textstat's Flesch reading ease of each text, computed afresh (its caches emptied)."""
    import textstat  # only the benchmarks need it: pip install -e '.[bench]'

    for name in dir(textstat):
        clear = getattr(getattr(textstat, name), "cache_clear", None)
        if clear:
            clear()
    return sum(textstat.flesch_reading_ease(text) for text in texts)


def check_every_word(ctx: Context, cold: bool) -> Row:
    """Every plain-language check on every chapter (reading the files, Markdown and all),
    against textstat computing the Flesch reading ease alone on the same chapter files. Cold:
    the remembered findings are removed (untimed) before each run; warm: they are used, as
    when someone opens their book again and only changed chapters are checked."""
    chapter_texts = [(ctx.book / c.file).read_text("utf-8")
                     for c in load_book(ctx.book).ordered_chapters()]

    def forget() -> None:  # the remembered findings, and the syllables of words seen
        local_cache.cache_path(ctx.book, CHECKS_CACHE).unlink(missing_ok=True)
        syllables.cache_clear()

    return compare(ctx, f"Check all the words, {'cold' if cold else 'warm'}", 1,
                   ours=lambda: check_chapters(load_book(ctx.book)),
                   raw=lambda: textstat_flesch(chapter_texts),
                   raw_what="textstat 0.7.3 flesch_reading_ease on each chapter file, caches "
                   "emptied first", setup=forget if cold else None)


def recheck_one_paragraph(ctx: Context) -> Row:
    """Re-checking the paragraph being edited, as the window does while someone types: the
    paragraph's Markdown is read again and checked. Each timed run re-checks it 100 times
    after 100 different edits; the target is 2 ms for one re-check."""
    book = load_book(ctx.book)
    style = Style.from_house_style(book.house_style)
    body = book.ordered_chapters()[0].body
    # The longest ordinary paragraph of the first chapter (not a list, heading or box).
    source = max((block for block in body.split("\n\n") if block[:1].isalpha()), key=len)
    edits = iter(range(10**9))

    def ours() -> None:
        for _ in range(100):
            edited = f"{source} And one more thing, number {next(edits)}."
            for block in paragraphs(edited):
                check_paragraph(block, style)

    return compare(ctx, "Re-check one edited paragraph, 100 times", 2, ours=ours, raw=100.0,
                   raw_what="a fixed 100 ms: the ratio is the milliseconds for one re-check")


def change_summary_across_100_versions(ctx: Context, cold: bool) -> Row:
    """What changed, in words, in the chapter with the most saved versions, from the version
    100 saved versions of that file back to the newest (who did what, when, and the changes
    word by word), against git walking the same versions with its own word diffs. Cold: the
    remembered comparisons are removed (untimed) before each run."""
    opened = open_book(ctx.book)
    listing = subprocess.run(["git", "log", "--format=", "--name-only", "--", "chapters"],
                             cwd=ctx.book, capture_output=True, text=True, check=True).stdout
    saved = {c.file: 0 for c in opened.book.ordered_chapters()}
    for name in listing.split():
        if name in saved:
            saved[name] += 1
    chapter = next(c for c in opened.book.ordered_chapters()
                   if saved[c.file] == max(saved.values()))
    versions = opened.history.versions(relative=chapter.file)
    old, new = versions[100].id, versions[0].id

    def raw() -> bytes:
        return subprocess.run(["git", "log", "-p", "--word-diff=porcelain", f"{old}..{new}",
                               "--", chapter.file], cwd=ctx.book, capture_output=True,
                              check=True).stdout

    forget = (lambda: shutil.rmtree(local_cache.cache_path(ctx.book, CHANGES_CACHE),
                                    ignore_errors=True)) if cold else None
    return compare(ctx, f"Change summary across 100 versions, {'cold' if cold else 'warm'}", 2,
                   ours=lambda: changes_text(chapter_changes(opened, chapter.id, since=old)),
                   raw=raw, raw_what="`git log -p --word-diff=porcelain <old>..<new> -- "
                   f"{chapter.file}` (subprocess): git itself walking the same 100 versions "
                   "with word diffs", setup=forget)


def export(ctx: Context, to: str) -> Row:
    """The whole export of a book that is ready to publish (publish check, assembly, pandoc,
    and for a PDF, typst), against plain pandoc (and typst) on the same assembled Markdown;
    with the peak memory of each side, each run once in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        copy, out = Path(folder) / "book", Path(folder)
        shutil.copytree(ctx.book, copy, symlinks=True)
        record_every_agreement(copy)
        markdown = out / "book.md"
        markdown.write_text(assemble_book(open_book(copy)).markdown, "utf-8")
        row = compare(ctx, f"Export to {to.upper()}", 1.15,
                      ours=lambda: export_jobs.ours(copy, out, to),
                      raw=lambda: export_jobs.raw(markdown, out, to),
                      raw_what="`pandoc book.md -o book.docx` (subprocess) on the same "
                      "assembled Markdown" if to == "docx" else "`pandoc book.md -t typst -s` "
                      "(subprocess), then typst.compile in-process, on the same assembled "
                      "Markdown")
        ours_mb = export_jobs.peak_memory("ours", to, copy, out)
        raw_mb = export_jobs.peak_memory("raw", to, markdown, out)
        row.memory = (f"ours: Python {ours_mb[0]} MB, pandoc {ours_mb[1]} MB; raw: Python "
                      f"{raw_mb[0]} MB, pandoc {raw_mb[1]} MB")
        return row


def save_one_chapter_version(ctx: Context) -> Row:
    """One saved version of one chapter, as the window saves it: its author adds a sentence in
    the middle of their chapter and saves (the book already open), against writing the same
    change to the same file and `git add FILE && git commit -q -m msg`, each side in its own
    copy of the book. Each run changes the next chapter in turn; the change is made ready
    untimed. (Someone else's change to the words becomes a suggestion: see review_decision.)"""
    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        ours_book, raw_book = Path(folder) / "ours", Path(folder) / "raw"
        shutil.copytree(ctx.book, ours_book, symlinks=True)
        shutil.copytree(ctx.book, raw_book, symlinks=True)
        opened = open_book(ours_book)
        editor = opened.book.people[opened.book.editors[0]]
        identity = identity_of(editor)
        order, state = opened.book.chapter_order, {"round": 0}
        change: dict[str, str] = {}

        def add_a_sentence(body: str) -> str:
            lines = body.split("\n")
            middle = max((i for i in range(len(lines) // 2 + 1) if lines[i][:1].isalpha()),
                         default=0)
            lines[middle] = lines[middle].rstrip() + " The author added these words."
            return "\n".join(lines)

        def next_change() -> None:
            chapter = opened.book.chapters[order[state["round"] % len(order)]]
            state["round"] += 1
            body = add_a_sentence(chapter.body)
            # The raw side's copy holds the same text, so it gets the very same new text.
            text = (raw_book / chapter.file).read_bytes().decode("utf-8")
            assert text.endswith(chapter.body), chapter.file
            change.update(id=chapter.id, file=chapter.file, body=body,
                          raw=text[:len(text) - len(chapter.body)] + body,
                          author=chapter.authors[0])

        def ours() -> None:
            save_chapter_version(opened, change["id"], change["body"], change["author"],
                                 "Added a sentence")

        def raw() -> None:
            (raw_book / change["file"]).write_bytes(change["raw"].encode("utf-8"))
            subprocess.run(["git", "add", change["file"]], cwd=raw_book, check=True)
            subprocess.run(["git", "-c", f"user.name={identity.name}", "-c",
                            f"user.email={identity.email}", "commit", "-q", "-m",
                            "Added a sentence"], cwd=raw_book, check=True)

        return compare(ctx, "Save one version of one chapter", 1.5, ours=ours, raw=raw,
                       raw_what="write the same change, then `git add FILE && git commit -q "
                       "-m msg` (subprocess), in a copy of the same book", setup=next_change)


_WINDOW = [sys.executable, str(HERE / "window_jobs.py")]


def _first_paint_ms(*arguments: str) -> float:
    """From starting a fresh Python to its window's first paint, measured from outside."""
    began = time.perf_counter()
    process = subprocess.Popen([*_WINDOW, *arguments], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "painted":
            elapsed = (time.perf_counter() - began) * 1000
            process.wait()
            return elapsed
    raise RuntimeError("the window never painted")


def window_cold_start(ctx: Context) -> Row:
    """The window opening on the example book, against a bare PySide6 window, each started
    in a fresh process (imports and all), to the first painted window.

    Our code is byte-compiled first, as an install or any earlier start leaves it (PySide6's
    own is compiled when it is installed); this machine's PYTHONDONTWRITEBYTECODE would
    otherwise make every start compile it again."""
    import compileall

    import coauthor_desk
    from coauthor_desk.example_book import make_example_book

    compileall.compile_dir(Path(coauthor_desk.__file__).parent, quiet=1)

    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        example = Path(folder) / "example"
        make_example_book(example)
        ours = [_first_paint_ms("start-ours", str(example)) for _ in range(ctx.repeat)]
        bare = [_first_paint_ms("start-bare") for _ in range(ctx.repeat)]
    return Row("Window: cold start to first paint, example book", statistics.median(ours),
               statistics.median(bare), 2.5, "a bare PySide6 QMainWindow in a fresh process")


def _job_ms(*arguments: str) -> float:
    done = subprocess.run([*_WINDOW, *arguments], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def window_open_blocking(ctx: Context) -> Row:
    """How long the window's own thread was blocked while the benchmark book opened."""
    blocked = [_job_ms("open", str(ctx.book)) for _ in range(ctx.repeat)]
    return Row("Window: blocked while opening the benchmark book", statistics.median(blocked),
               1000.0, 1, "a fixed 1000 ms")


def window_typing(ctx: Context) -> Row:
    """Milliseconds per keystroke in a 20,000-word chapter with live checks, shown in the
    whole window (median of 200 synthetic key presses, with pauses so the checks run)."""
    return Row("Window: one keystroke in a 20,000-word chapter", _job_ms("typing", str(ctx.book)),
               16.0, 1, "a fixed 16 ms (one frame)")


def _review_start(book: Path, person: str) -> tuple[float, float]:
    """Milliseconds from the command starting to the review window's first paint, and to the
    person's review shown in full, measured from outside the process."""
    began = time.perf_counter()
    process = subprocess.Popen([*_WINDOW, "start-review", str(book), person],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    painted = shown = 0.0
    for line in process.stdout:
        if line.strip() == "painted":
            painted = (time.perf_counter() - began) * 1000
        elif line.startswith("shown"):
            shown = (time.perf_counter() - began) * 1000
    process.wait()
    if not painted or not shown:
        raise RuntimeError("the review window never painted, or never showed the review")
    return painted, shown


def review_window_start(ctx: Context) -> list[Row]:
    """`coauthor-desk review BOOK --as PERSON` on the benchmark book, in a fresh process, for
    the first co-author (not an editor) with a chapter: to the first paint, and to their review
    shown in full."""
    book = load_book(ctx.book)
    person = next(c.authors[0] for c in book.ordered_chapters()
                  if c.authors and not set(c.authors) & set(book.editors))
    times = [_review_start(ctx.book, person) for _ in range(ctx.repeat)]
    return [Row("Review window: the command to first paint, benchmark book",
                statistics.median(t[0] for t in times), 1000.0, 1, "a fixed 1000 ms"),
            Row("Review window: the command to the person's review shown in full",
                statistics.median(t[1] for t in times), 2000.0, 1, "a fixed 2000 ms")]


def review_next_suggestion(ctx: Context) -> Row:
    """Moving to the next suggested change in the review window, painted (median of up to 60
    moves, with an editor's suggestions in every chapter of one co-author)."""
    return Row("Review window: the next suggestion shown", _job_ms("next-suggestion",
                                                                   str(ctx.book)),
               50.0, 1, "a fixed 50 ms")


def review_decision(ctx: Context) -> Row:
    """A co-author using a suggested change to their words (the sentence changed and the
    suggestion's file updated, saved as one version), against writing the very same two files
    and `git add` + `git commit` of them, each side in its own copy of the book. Each run, an
    editor suggests a change to the next chapter first (untimed), on both sides alike."""
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.decide import Choice, decide
    from coauthor_desk.review.suggest import save_edit

    with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
        ours_book, raw_book = Path(folder) / "ours", Path(folder) / "raw"
        shutil.copytree(ctx.book, ours_book, symlinks=True)
        shutil.copytree(ctx.book, raw_book, symlinks=True)
        opened = open_book(ours_book)
        editor = opened.book.editors[0]
        chapters = [c for c in opened.book.ordered_chapters() if editor not in c.authors]
        state: dict[str, object] = {"round": 0}
        identity = identity_of(opened.book.people[chapters[0].authors[0]])

        def commit_raw(paths: list[str], message: str) -> None:
            subprocess.run(["git", "add", "--", *paths], cwd=raw_book, check=True)
            subprocess.run(["git", "-c", f"user.name={identity.name}", "-c",
                            f"user.email={identity.email}", "commit", "-q", "-m", message],
                           cwd=raw_book, check=True)

        def suggest() -> None:
            chapter = chapters[int(state["round"]) % len(chapters)]  # type: ignore[call-overload]
            state["round"] = int(state["round"]) + 1  # type: ignore[call-overload]
            body = opened.book.chapters[chapter.id].body
            sentence = next(s for s in body.split(". ") if " the " in s and len(s) > 40)
            made = save_edit(opened, chapter.id, body.replace(
                sentence, sentence.replace(" the ", " this ", 1), 1), editor).suggested[0]
            state.update(thread=made, owner=chapter.authors[0], files=[chapter.file, made.file])
            for relative in (chapter.file, made.file):  # the raw side starts where ours does
                target = raw_book / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ours_book / relative, target)
            commit_raw([chapter.file, made.file], "An editor's suggestion")

        def ours() -> None:
            thread = state["thread"]
            decide(opened, thread, Choice.USE, Acting(str(state["owner"])))  # type: ignore[arg-type]
            state["after"] = [(f, (ours_book / f).read_bytes())
                              for f in state["files"]]  # type: ignore[attr-defined]

        def raw() -> None:
            for relative, data in state["after"]:  # type: ignore[attr-defined]
                (raw_book / relative).write_bytes(data)
            commit_raw(list(state["files"]), "Used the suggested words")  # type: ignore[arg-type]

        return compare(ctx, "Review: a suggestion used and saved", 1.5, ours=ours, raw=raw,
                       raw_what="write the same two files, then `git add` and `git commit -q` "
                       "(subprocess), in a copy of the same book", setup=suggest)


BENCHMARKS: list[Callable[[Context], Row | list[Row]]] = [
    load_whole_book,
    status_json,
    who_wrote_what_cold,
    who_wrote_what_after_a_change,
    publish_check_warm,
    lambda ctx: check_every_word(ctx, cold=True),
    lambda ctx: check_every_word(ctx, cold=False),
    recheck_one_paragraph,
    lambda ctx: change_summary_across_100_versions(ctx, cold=True),
    lambda ctx: change_summary_across_100_versions(ctx, cold=False),
    lambda ctx: export(ctx, "docx"),
    lambda ctx: export(ctx, "pdf"),
    save_one_chapter_version,
    window_cold_start,
    window_open_blocking,
    window_typing,
    review_window_start,
    review_next_suggestion,
    review_decision,
]


# Reporting ----------------------------------------------------------------------------------

def machine() -> list[str]:
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip() or "git not found"
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [f"Machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}",
            f"Python: {platform.python_version()} ({platform.python_implementation()})",
            f"Git: {git_version}"]


def book_size(root: Path) -> str:
    book = load_book(root)
    words = sum(chapter.words for chapter in book.chapters.values())
    versions = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=False).stdout.strip()
    return (f"Book: {root} — {len(book.chapters)} chapters, {words:,} words, "
            f"{len(book.people)} people, {int(versions or 0):,} versions")


def table(rows: list[Row]) -> str:
    lines = ["| What | Ours (ms) | Raw tool (ms) | Ratio | Target | Result |",
             "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        lines.append(f"| {row.what} | {row.ours_ms:.1f} | {row.raw_ms:.1f} | "
                     f"{row.ratio:.2f}× | ≤ {row.target:g}× | "
                     f"{'pass' if row.passed else 'FAIL'} |")
    return "\n".join(lines)


def run(book: Path, repeat: int, profile: bool) -> list[Row]:
    print("\n".join(machine()))
    print(book_size(book))
    print(f"Median of {repeat} runs after one warm-up, in-process (time.perf_counter).")
    print()
    ctx = Context(book, repeat, profile)
    rows: list[Row] = []
    for benchmark in BENCHMARKS:
        made = benchmark(ctx)
        rows += made if isinstance(made, list) else [made]
    print(table(rows))
    print()
    for row in rows:
        print(f"- {row.what}, raw tool: {row.raw_what}")
    for row in rows:
        if row.memory:
            print(f"- {row.what}, peak memory: {row.memory}")
    for row in rows:
        if row.profile:
            print(f"\nProfile of ours, '{row.what}' (5 runs):\n{row.profile}")
    return rows


def _names_of(benchmark: Callable[[Context], Row | list[Row]]) -> str:
    """A benchmark's function name and, for a lambda, the names it calls."""
    return " ".join([benchmark.__name__, *benchmark.__code__.co_names])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare CoAuthor Desk with the raw tools.")
    parser.add_argument("--book", type=Path, help="a benchmark book folder (default: "
                        "benchmarks/out/book if it exists, or a new one in a temporary folder)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (7)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of our side for each row that misses its target")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when any row misses its target")
    parser.add_argument("--only", metavar="WORD", help="run only the rows whose function "
                        "names WORD (for example: --only save)")
    parser.add_argument("--sizes", action="store_true", help="the rows on books of 30,000, "
                        "300,000 and 1,000,000 words: growth and peak memory (sizes.py)")
    args = parser.parse_args(argv)
    if args.sizes:
        import sizes

        return 1 if not sizes.run_sizes(args.repeat, args.profile, args.only).passed \
            and args.strict else 0
    if args.only:
        BENCHMARKS[:] = [b for b in BENCHMARKS if args.only in _names_of(b)]
    if args.book is not None:
        rows = run(args.book, args.repeat, args.profile)
    elif (SAVED_BOOK / "book.yaml").exists():
        rows = run(SAVED_BOOK, args.repeat, args.profile)
    else:
        with tempfile.TemporaryDirectory(prefix="coauthor-bench-") as folder:
            built = make_book(Path(folder) / "book", **DEFAULTS)
            print(f"Built the benchmark book in {built.seconds:.1f} s "
                  f"(to keep one: python benchmarks/make_book.py {SAVED_BOOK})")
            rows = run(built.root, args.repeat, args.profile)
    return 1 if args.strict and not all(row.passed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
