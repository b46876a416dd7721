"""Time whole-book operations on the benchmark book against the raw tools doing the same job.

    python benchmarks/run.py [--book DIR] [--repeat N] [--profile] [--strict]

Without --book, the benchmark book in benchmarks/out/book is used when it exists (build it
with `python benchmarks/make_book.py benchmarks/out/book`); otherwise one is built in a
temporary folder first. Each side is run once to warm up (so our caches in the book's local
.coauthor folder are filled, as they are for someone opening their book again), then N times,
alternating; the table shows the medians, in-process, measured with time.perf_counter.

To add a measurement, write a small function taking the `Context` and returning `compare(...)`,
and add it to BENCHMARKS.
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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from make_book import DEFAULTS, make_book

from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.status import open_book, status_report

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
              repeat: int) -> tuple[float, float]:
    """Median milliseconds of each job after one warm-up each. The runs alternate, so that a
    busy moment on the machine slows both sides alike."""
    ours()
    raw()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(_seconds(ours))
        times[1].append(_seconds(raw))
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def profile_text(job: Callable[[], object], runs: int = 5, lines: int = 25) -> str:
    """Where our side spends its time (cProfile, sorted by time spent inside each function)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        job()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def compare(ctx: Context, what: str, target: float, ours: Callable[[], object],
            raw: Callable[[], object], raw_what: str) -> Row:
    """Measure our code and the raw tool on the same job; profile ours if it misses the target."""
    row = Row(what, *median_ms(ours, raw, ctx.repeat), target, raw_what)
    if ctx.profile and not row.passed:
        row.profile = profile_text(ours)
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


BENCHMARKS: list[Callable[[Context], Row]] = [
    load_whole_book,
    status_json,
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
                     f"{row.ratio:.1f}× | ≤ {row.target:g}× | "
                     f"{'pass' if row.passed else 'FAIL'} |")
    return "\n".join(lines)


def run(book: Path, repeat: int, profile: bool) -> list[Row]:
    print("\n".join(machine()))
    print(book_size(book))
    print(f"Median of {repeat} runs after one warm-up, in-process (time.perf_counter).")
    print()
    ctx = Context(book, repeat, profile)
    rows = [benchmark(ctx) for benchmark in BENCHMARKS]
    print(table(rows))
    print()
    for row in rows:
        print(f"- {row.what}, raw tool: {row.raw_what}")
    for row in rows:
        if row.profile:
            print(f"\nProfile of ours, '{row.what}' (5 runs):\n{row.profile}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare CoAuthor Desk with the raw tools.")
    parser.add_argument("--book", type=Path, help="a benchmark book folder (default: "
                        "benchmarks/out/book if it exists, or a new one in a temporary folder)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (7)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of our side for each row that misses its target")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when any row misses its target")
    args = parser.parse_args(argv)
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
