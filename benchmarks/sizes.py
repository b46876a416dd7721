"""Growth: every row of run.py on books of 30,000, 300,000 and 1,000,000 words (issue 17).

    python benchmarks/run.py --sizes [--repeat N] [--only WORD] [--profile] [--strict]

For each size a benchmark book is built with make_book.py, with chapters and versions in
proportion to the default book (40 chapters and 5,000 versions per 300,000 words, 20 people):
4 chapters and 500 versions, 40 and 5,000, 133 and 16,667. Each is kept in
benchmarks/out/sizes/<words>/, with <words>.json beside it written once the build finished, so
a second run reuses it (a folder without its .json is a build that was stopped: it is built
again). Then every row of run.BENCHMARKS (or those --only names) is measured on it just as
run.py measures it, and one table is printed: each row's ratio at each size, its growth (the
ratio at 1,000,000 words ÷ the ratio at 300,000), which must be at most 1.2× (our cost grows
no faster than the raw tool's), and the peak memory of each side at 1,000,000 words. The
table is printed again after each size, so a stopped run still shows what it measured.

Rows with a fixed target (the raw side is a fixed time: the window rows, the review window
rows, re-checking one paragraph) show their own times in milliseconds, not ratios; their
growth is shown for information and is not checked, since there is no raw tool whose growth
ours could be held to. The cold start of the window uses the example book at every size.

Peak memory, measured at the largest size only, once per side, after the row's timed runs:
the side's job (our side after its untimed setup, exactly as in a timed run) runs once more in
the same process, so it starts with what the timed runs had (the book open, caches warm where
the row is warm). Two figures:
- Python: tracemalloc's peak, the most memory the job's own Python allocations held at once
  (objects made before the job, such as the open book, are not counted). Resident memory is
  no good here: after the timed runs the process keeps the heap they grew, so a job reuses it
  and the rise is about nil. tracemalloc does not see memory that libraries in C or Rust take
  for themselves: typst, which compiles the PDF in-process on both sides, is not counted.
- programs: the largest peak resident memory (VmHWM) of a program the job started (git,
  pandoc) or one those started, read from /proc every 5 ms while the job runs; a program that
  ends within 5 ms may be missed (a small `git` often is). Processes running before the job
  (the busy processor of the who-wrote-what rows) are left out, and so is a child between
  being started and running its program, when its memory is still this process's. (The
  children's ru_maxrss from getrusage was not used: Linux counts in it the memory of the
  Python that started each program, so every git would show as big as Python.)
Rows that do not go through run.compare (the window rows, which start their own processes)
are run once more whole with one repeat: their figure is the largest process the row started
(for the cold start, the larger of the two windows).
"""

from __future__ import annotations

import gc
import inspect
import json
import os
import shutil
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import run
from make_book import DEFAULTS, make_book

SIZES = (30_000, 300_000, 1_000_000)
KEEP = run.HERE / "out" / "sizes"
GROWTH_LIMIT = 1.2


def book_arguments(words: int) -> dict[str, int]:
    """make_book's arguments for a book of `words` words, in proportion to the default book."""
    scale = words / DEFAULTS["words"]
    return {"people": DEFAULTS["people"], "chapters": max(1, round(DEFAULTS["chapters"] * scale)),
            "words": words, "versions": round(DEFAULTS["versions"] * scale),
            "seed": DEFAULTS["seed"]}


def ensure_book(keep: Path, words: int) -> tuple[Path, str]:
    """The book of `words` words in keep/<words>/, built unless a finished build is there."""
    arguments = book_arguments(words)
    root, marker = keep / str(words), keep / f"{words}.json"
    if marker.exists() and (root / "book.yaml").exists():
        made = json.loads(marker.read_text("utf-8"))
        if {k: made.get(k) for k in arguments} == arguments:
            return root, f"reused {root} (it took {made['seconds']:.1f} s to build)"
    marker.unlink(missing_ok=True)
    if root.exists():
        shutil.rmtree(root)
    keep.mkdir(parents=True, exist_ok=True)
    built = make_book(root, **arguments)
    marker.write_text(json.dumps({**arguments, "seconds": round(built.seconds, 1)}), "utf-8")
    return root, f"built {root} in {built.seconds:.1f} s"


# Peak memory ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Memory:
    python_mb: float  # the most memory the job's own Python allocations held at once
    programs_mb: float  # the largest program the job started (git, pandoc), 0 if none seen
    whole_row: bool = False  # the row was run whole (window rows): only programs_mb counts

    def __str__(self) -> str:
        if self.whole_row:
            return f"largest process {self.programs_mb:,.0f} MB"
        text = f"Python {self.python_mb:,.1f} MB"
        return text + (f", programs {self.programs_mb:,.0f} MB" if self.programs_mb else "")


def _status_kb(pid: int | str, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field_name} in /proc/{pid}/status")


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            parents[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return found - {root}


class _ProgramPeak:
    """Watches the programs this process starts (and theirs), every 5 ms, for their peak
    resident memory (each one's own VmHWM, read from /proc while it runs). Processes already
    running when the watch began (such as the row's busy processor) are not counted."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._before = _descendants(os.getpid())
        self._own = Path("/proc/self/cmdline").read_bytes()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _sample(self) -> None:
        for pid in _descendants(os.getpid()) - self._before:
            try:
                # Between starting and running its program, a child still shares this process's
                # memory (and command line): its peak then is ours, not the program's.
                if Path(f"/proc/{pid}/cmdline").read_bytes() != self._own:
                    self.peak_kb = max(self.peak_kb, _status_kb(pid, "VmHWM"))
            except (OSError, RuntimeError):  # ended, or a zombie without memory
                pass

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            self._sample()

    def __enter__(self) -> _ProgramPeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def measure_memory(job: Callable[[], object], whole_row: bool = False) -> Memory:
    """Run `job` once more and return its peak memory (see the module's notes)."""
    gc.collect()
    tracemalloc.start()
    try:
        with _ProgramPeak() as programs:
            job()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return Memory(peak / 2**20, programs.peak_kb / 1024, whole_row)


# Measuring ------------------------------------------------------------------------------------

def _label(benchmark: Callable[..., object]) -> str:
    """A benchmark's name: its function's, or for a lambda its source (`check_every_word(ctx,
    cold=True)`)."""
    if benchmark.__name__ != "<lambda>":
        return benchmark.__name__
    try:
        source = inspect.getsource(benchmark).strip().rstrip(",")
    except OSError:
        return run._names_of(benchmark)
    return source.removeprefix("lambda ctx: ")


def is_fixed(row: run.Row) -> bool:
    """A row whose raw side is a fixed time, not a raw tool."""
    return row.raw_what.startswith("a fixed")


@dataclass
class Growth:
    sizes: tuple[int, ...]
    # Each row by a key that stays the same at every size (its benchmark and its place in
    # what the benchmark returns; a row's title can hold a count that grows with the book).
    results: dict[str, dict[int, run.Row | str]] = field(default_factory=dict)  # str: an error
    names: dict[str, str] = field(default_factory=dict)  # key -> the row's title, newest
    memory: dict[str, tuple[Memory | None, Memory | None]] = field(default_factory=dict)
    table: str = ""

    def growth(self, key: str) -> float | None:
        found = self.results[key]
        before, after = found.get(self.sizes[-2]), found.get(self.sizes[-1])
        if not isinstance(before, run.Row) or not isinstance(after, run.Row):
            return None
        if is_fixed(after):
            return after.ours_ms / before.ours_ms if before.ours_ms else float("inf")
        return after.ratio / before.ratio if before.ratio else float("inf")

    def checked(self, key: str) -> bool | None:
        """True or False for a row whose growth is checked; None for a fixed-target row; False
        when one of the two sizes failed or was not measured."""
        if any(isinstance(row, run.Row) and is_fixed(row) for row in self.results[key].values()):
            return None
        value = self.growth(key)
        return value is not None and value <= GROWTH_LIMIT

    def row(self, title: str) -> str:
        """The key of the row with this title (as the row's newest title reads)."""
        return next(key for key, name in self.names.items() if name == title)

    @property
    def passed(self) -> bool:
        return all(self.checked(key) is not False for key in self.results)

    def render(self) -> str:
        heads = [f"{words:,} words" for words in self.sizes]
        last, before = f"{self.sizes[-1]:,}", f"{self.sizes[-2]:,}"
        lines = ["| What | " + " | ".join(heads) + f" | Growth ({last} ÷ {before}) | "
                 f"≤ {GROWTH_LIMIT:g}× | Peak memory at {last}: ours | "
                 f"Peak memory at {last}: raw |",
                 "|---|" + "---:|" * len(heads) + "---:|---|---|---|"]
        for key, found in self.results.items():
            cells = []
            for words in self.sizes:
                row = found.get(words)
                if row is None:
                    cells.append("—")
                elif isinstance(row, str):
                    cells.append("error")
                elif is_fixed(row):
                    cells.append(f"{row.ours_ms:,.1f} ms")
                else:
                    cells.append(f"{row.ratio:.2f}×")
            value, checked = self.growth(key), self.checked(key)
            shown = "—" if value is None else f"{value:.2f}×"
            verdict = ("not checked (fixed target; times)" if checked is None
                       else "—" if self.sizes[-1] not in found  # not measured yet
                       else "pass" if checked else "FAIL")
            ours, raw = self.memory.get(key, (None, None))
            lines.append(f"| {self.names[key]} | " + " | ".join(cells) + f" | {shown} | "
                         f"{verdict} | "
                         f"{ours or '—'} | {raw or '—'} |")
        return "\n".join(lines)


def _measure_rows(book: Path, words: int, repeat: int, profile: bool,
                  benchmarks: Sequence[Callable[[run.Context], run.Row | list[run.Row]]],
                  growth: Growth, memory: bool) -> None:
    """Every benchmark on one book, into `growth`; with `memory`, each side's peak too."""
    original = run.compare
    state = {"compared": False}
    measured: dict[str, tuple[Memory | None, Memory | None]] = {}  # by the row's title

    def compare(ctx: run.Context, what: str, target: float, ours: Callable[[], object],
                raw: Callable[[], object] | float, raw_what: str,
                setup: Callable[[], object] | None = None) -> run.Row:
        row = original(ctx, what, target, ours, raw, raw_what, setup=setup)
        state["compared"] = True
        if memory:
            if setup:
                setup()
            measured[row.what] = (measure_memory(ours),
                                       None if isinstance(raw, (int, float))
                                       else measure_memory(raw))
        return row

    run.compare = compare
    try:
        for benchmark in benchmarks:
            state["compared"] = False
            began = time.perf_counter()
            label = _label(benchmark)
            try:
                made = benchmark(run.Context(book, repeat, profile))
            except Exception as error:  # noqa: BLE001 - one failed row must not stop the rest
                keys = [k for k in growth.results if k.startswith(f"{label}#")] or [f"{label}#0"]
                for key in keys:
                    growth.names.setdefault(key, label)
                    growth.results.setdefault(key, {})[words] = type(error).__name__
                print(f"  {label}: failed: {type(error).__name__}: {error}", flush=True)
                continue
            rows = made if isinstance(made, list) else [made]
            if memory and not state["compared"]:
                whole = measure_memory(lambda b=benchmark: b(run.Context(book, 1, False)),
                                       whole_row=True)
                measured.update((row.what, (whole, None)) for row in rows)
            failed = growth.results.get(f"{label}#0", {})  # failures at smaller sizes
            for index, row in enumerate(rows):
                key = f"{label}#{index}"
                growth.names[key] = row.what
                found = growth.results.setdefault(key, {})
                found.update((size, error) for size, error in failed.items()
                             if isinstance(error, str) and size not in found)
                found[words] = row
                if row.what in measured:
                    growth.memory[key] = measured.pop(row.what)
                shown = (f"{row.ours_ms:,.1f} ms" if is_fixed(row)
                         else f"{row.ratio:.2f}× ({row.ours_ms:,.1f} ms ÷ {row.raw_ms:,.1f} ms)")
                print(f"  {row.what}: {shown}"
                      + (f"; memory: ours {growth.memory[key][0] or '—'}, raw "
                         f"{growth.memory[key][1] or '—'}" if key in growth.memory
                         else ""), flush=True)
                if row.profile:
                    print(f"\nProfile of ours, '{row.what}' (5 runs):\n{row.profile}",
                          flush=True)
            print(f"  ({time.perf_counter() - began:.0f} s)", flush=True)
    finally:
        run.compare = original


def run_sizes(repeat: int, profile: bool = False, only: str | None = None,
              keep: Path | None = None, sizes: Sequence[int] = SIZES) -> Growth:
    """Build (or reuse) a book of each size in `keep` (benchmarks/out/sizes), measure the rows
    on each, and print the table of ratios, growth and peak memory (see the module's notes)."""
    keep = KEEP if keep is None else Path(keep)
    sizes = tuple(sizes)
    benchmarks = [b for b in run.BENCHMARKS if not only or only in run._names_of(b)]
    growth = Growth(sizes)
    print("\n".join(run.machine()))
    print(f"Median of {repeat} runs after one warm-up, in-process (time.perf_counter); "
          f"growth = ratio at {sizes[-1]:,} words ÷ ratio at {sizes[-2]:,}, at most "
          f"{GROWTH_LIMIT:g}×.", flush=True)
    began = time.perf_counter()
    for words in sizes:
        print(flush=True)
        book, how = ensure_book(keep, words)
        print(f"{words:,} words: {how}", flush=True)
        print(run.book_size(book), flush=True)
        _measure_rows(book, words, repeat, profile, benchmarks, growth,
                      memory=words == sizes[-1])
        growth.table = growth.render()
        print(f"\nAfter {words:,} words ({time.perf_counter() - began:.0f} s so far):\n",
              flush=True)
        print(growth.table, flush=True)
    print("\nFixed-target rows show our time in milliseconds; their growth is the time at "
          f"{sizes[-1]:,} words ÷ the time at {sizes[-2]:,} and is not checked. Peak memory, "
          "each side's job run once more after its timed runs: Python N MB is the most its "
          "own Python allocations held at once (tracemalloc); programs N MB is the largest "
          "peak resident memory of a program it started (git, pandoc), read from /proc every "
          "5 ms; largest process N MB, for the rows that start their own processes (windows), "
          "is the largest of those.")
    print(f"Growth check: {'pass' if growth.passed else 'FAIL'}. "
          f"Total {time.perf_counter() - began:.0f} s.", flush=True)
    return growth
