"""Sharing under load, through git daemon and through git's smart HTTP behind apache2 with a
password, on 127.0.0.1 (bounded in time, loopback only, servers started and stopped here).

    python benchmarks/sharing_load.py [--contributors 20] [--versions 25] [--seconds 240]
                                      [--servers daemon,http]

Each contributor has their own copy of the book and saves versions, each changing a sentence
of their own in a paragraph every contributor is changing too (and every fifth one also the one
sentence everybody changes), sharing after each, all at once. Afterwards two rounds of syncing:
every copy must reach the same newest version, every edit must be in the text (or, for the
sentence everybody changes, in the text, a clash record or the history), no file may hold a
clash marker, and `git fsck` must be clean. Prints one table, a column for each server: syncs
per second, the median and slowest sync, syncs that gave up (others kept sharing first), and
one sync's time against raw `git pull --rebase && git push` of the same change (target 1.5x).
The password for the HTTP server is the person's own, in git's credential store under a
temporary home folder, never in a book folder. Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "history"))

from sharing_servers import (  # noqa: E402
    HAS_APACHE,
    bare,
    git,
    git_daemon,
    http_server,
    served_copy,
)

CHAPTER = "chapters/story.md"
USER, PASSWORD = "loader", "tide-and-lantern-42"
MakeCopy = Callable[[str], Path]  # makes an empty served copy by name; its folder
HOT = "Everybody changes this sentence."


def own(paragraph: int, person: int) -> str:
    return f"Paragraph {paragraph} sentence {person} as first written."


def body(paragraphs: int, people: int) -> str:
    return "\n".join(" ".join([own(p, c) for c in range(people)] + ([HOT] if p == 0 else []))
                     + "\n" for p in range(paragraphs))


def make_book(folder: Path, paragraphs: int, people: int) -> None:
    from coauthor_desk.history.versions import Identity, start_history
    from coauthor_desk.manuscript.edit import add_chapter, write_new_book
    from coauthor_desk.manuscript.loader import load_book

    write_new_book(folder, "Load", "Helen Marsh")
    add_chapter(load_book(folder), "Story", [], "story")
    path = folder / CHAPTER
    path.write_text(path.read_text("utf-8") + "\n" + body(paragraphs, people), "utf-8")
    start_history(folder, Identity("Helen Marsh", "helen@example.org"), "Started")


def contributor(args: tuple[int, str, int, float]) -> tuple[int, list[float], int, int]:
    """One person: save a version, share it, again; (who, each sync's time, clashes, syncs
    that gave up because others kept sharing at the same moment; those are timed too)."""
    person, root, versions, deadline = args
    from coauthor_desk.history.sharing import sync
    from coauthor_desk.history.versions import History, Identity
    from coauthor_desk.manuscript import files
    from coauthor_desk.problems import BookError

    who = Identity(f"Person {person}", f"p{person}@example.org")
    folder = Path(root)
    times, clashes, failed = [], 0, 0
    for version in range(versions):
        if time.monotonic() > deadline:
            break
        with History(folder).transaction(who, f"version {version}"):
            text = files.read_text(folder, CHAPTER)
            new = text.text.replace(own(version, person), f"Edit p{person}v{version}x here.")
            if version % 5 == 0:
                new = new.replace(HOT, f"Hot p{person}v{version}x.", 1) if HOT in new else \
                    _replace_hot(new, f"Hot p{person}v{version}x.")
            files.write_text(folder, CHAPTER, new, text.fingerprint)
        started = time.monotonic()
        try:
            clashes += sync(folder, who).clashes
        except BookError:  # everyone shared at the same moment: shared with the next one
            failed += 1
        times.append(time.monotonic() - started)
    return person, times, clashes, failed


def _replace_hot(text: str, words: str) -> str:
    """The sentence everybody changes, wherever it is now (the last word of paragraph 0)."""
    start = text.index("Hot p") if "Hot p" in text else -1
    if start < 0:
        return text
    end = text.index(".", start) + 1
    return text[:start] + words + text[end:]


def raw_against_ours(work: Path, address: str, make: MakeCopy,
                     rounds: int) -> tuple[float, float]:
    """Median time of one sync of one change, after someone else shared a change to another
    paragraph: raw `git pull --rebase && git push` against ours."""
    from coauthor_desk.history.sharing import get, share, sync
    from coauthor_desk.history.versions import History, Identity
    from coauthor_desk.manuscript import files

    me, other = Identity("Me", "me@example.org"), Identity("Other", "other@example.org")
    source = work / "compare-source"
    make_book(source, 4, rounds)  # a sentence of its own for each round
    make("ours.git")
    make("raw.git")
    share(source, f"{address}/ours.git", me)
    git(source, "push", "--quiet", f"{address}/raw.git", "HEAD:refs/heads/main")
    ours_me, ours_other = work / "ours-me", work / "ours-other"
    get(f"{address}/ours.git", ours_me)
    get(f"{address}/ours.git", ours_other)
    raw_me, raw_other = work / "raw-me", work / "raw-other"
    for folder in (raw_me, raw_other):
        subprocess.run(["git", "clone", "--quiet", f"{address}/raw.git", str(folder)],
                       check=True)
        git(folder, "config", "user.name", "Raw")
        git(folder, "config", "user.email", "raw@example.org")

    def change(folder: Path, old: str, new: str) -> None:
        path = folder / CHAPTER
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")

    raw_times, our_times = [], []
    for number in range(rounds):
        theirs, mine = own(0, number), own(2, number)
        change(raw_other, theirs, f"Other {number}.")
        git(raw_other, "commit", "--quiet", "-am", "other")
        git(raw_other, "pull", "--quiet", "--rebase")
        git(raw_other, "push", "--quiet")
        change(raw_me, mine, f"Mine {number}.")
        git(raw_me, "commit", "--quiet", "-am", "mine")
        started = time.monotonic()
        git(raw_me, "pull", "--quiet", "--rebase")
        git(raw_me, "push", "--quiet")
        raw_times.append(time.monotonic() - started)

        for folder, who, old, new in ((ours_other, other, theirs, f"Other {number}."),
                                      (ours_me, me, mine, f"Mine {number}.")):
            with History(folder).transaction(who, "change"):
                text = files.read_text(folder, CHAPTER)
                files.write_text(folder, CHAPTER, text.text.replace(old, new, 1),
                                 text.fingerprint)
            if folder == ours_other:
                sync(folder, who)
        started = time.monotonic()
        sync(ours_me, me)
        our_times.append(time.monotonic() - started)
    return statistics.median(raw_times), statistics.median(our_times)


@dataclass
class Row:
    """One server's figures and checks."""

    server: str
    contributors: int = 0
    saved: int = 0
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    gave_up: int = 0
    clashes: int = 0
    raw: float = 0.0
    ours: float = 0.0
    lost: int = 0
    rounds_to_same: int = 0  # 0: not the same after two rounds
    markers: int = 0
    fsck: bool = False
    password_in_book: int = 0  # book folders whose files or settings hold the password

    def good(self) -> bool:
        return not self.lost and self.rounds_to_same > 0 and not self.markers and \
            self.fsck and not self.password_in_book


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributors", type=int, default=20)
    parser.add_argument("--versions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=240.0,
                        help="the longest the saving and sharing may go on, for each server")
    parser.add_argument("--compare-rounds", type=int, default=7)
    parser.add_argument("--servers", default="daemon,http",
                        help="daemon, http or both (http needs apache2 and root)")
    options = parser.parse_args()
    kinds = [kind.strip() for kind in options.servers.split(",") if kind.strip()]
    if "http" in kinds and not HAS_APACHE:
        print("the HTTP server needs Debian's apache2 and root; running through git daemon only")
        kinds.remove("http")
    rows = []
    with tempfile.TemporaryDirectory(prefix="sharing-load-") as folder:
        work = Path(folder)
        own_settings(work)
        for kind in kinds:
            with serve(kind, work) as (address, make):
                rows.append(run(kind, work / kind, address, make, options))
    print(table(rows))
    return 0 if all(row.good() for row in rows) else 1


def own_settings(work: Path) -> None:
    """A home folder and git settings of this run's own, with git's credential store holding
    the person's password for the HTTP server (as the system's password store would)."""
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(work / name.lower())
    os.environ["HOME"] = str(work / "home")
    os.environ.pop("GIT_CONFIG_GLOBAL", None)
    (work / "home").mkdir()
    settings = work / "xdg_config_home" / "git" / "config"
    settings.parent.mkdir(parents=True)
    store = work / "home" / "saved-passwords"
    store.touch(0o600)
    settings.write_text(f"[credential]\n\thelper = store --file={store}\n")


@contextmanager
def serve(kind: str, work: Path) -> Iterator[tuple[str, MakeCopy]]:
    """The server of this kind, started and stopped here: (its address, makes a copy)."""
    if kind == "daemon":
        served = work / "daemon-served"
        served.mkdir()
        with git_daemon(served) as address:
            yield address, lambda name: bare(served, name)
    elif kind == "http":
        with http_server(USER, PASSWORD) as (address, repos):
            store = Path(os.environ["HOME"]) / "saved-passwords"
            store.write_text(address.replace("http://", f"http://{USER}:{PASSWORD}@") + "\n")
            try:
                yield address, lambda name: served_copy(repos, name)
            finally:
                store.write_text("")
    else:
        raise SystemExit(f"no such server: {kind} (daemon or http)")


def run(kind: str, work: Path, address: str, make: MakeCopy,
        options: argparse.Namespace) -> Row:
    work.mkdir()
    row = Row(kind)
    row.raw, row.ours = raw_against_ours(work, address, make, options.compare_rounds)
    load(work, address, make, options, row)
    return row


def load(work: Path, address: str, make: MakeCopy, options: argparse.Namespace,
         row: Row) -> None:
    from coauthor_desk.history.sharing import get, open_clashes, share, sync
    from coauthor_desk.history.versions import Identity

    people, versions = options.contributors, options.versions
    source = work / "source"
    make_book(source, versions, people)
    served = make("book.git")
    share(source, f"{address}/book.git", Identity("Helen Marsh", "helen@example.org"))
    copies = [work / f"person-{n}" for n in range(people)]
    for copy in copies:
        get(f"{address}/book.git", copy)
    started = time.monotonic()
    deadline = started + options.seconds
    with multiprocessing.get_context("spawn").Pool(people) as pool:
        results = pool.map(contributor, [(n, str(copies[n]), versions, deadline)
                                         for n in range(people)])
    row.seconds = time.monotonic() - started
    row.contributors = people
    row.times = [t for _, each, _, _ in results for t in each]
    made = {n: len(each) for n, each, _, _ in results}
    row.saved = sum(made.values())
    row.gave_up = sum(f for _, _, _, f in results)
    row.clashes = sum(c for _, _, c, _ in results)
    for number in (1, 2):
        for n, copy in enumerate(copies):
            sync(copy, Identity(f"Person {n}", f"p{n}@example.org"))
        if len({git(copy, "rev-parse", "HEAD").strip() for copy in copies}) == 1:
            row.rounds_to_same = number
            break
    records = " ".join(r.kept + " " + r.other for r in open_clashes(copies[0])[0])
    history = git(copies[0], "log", "-p", "--all", "--", CHAPTER)
    for copy in copies:
        text = (copy / CHAPTER).read_text("utf-8")
        lost = [f"p{n}v{v}x" for n, count in made.items() for v in range(count)
                if f"Edit p{n}v{v}x here." not in text]
        hot_lost = [f"p{n}v{v}x" for n, count in made.items() for v in range(0, count, 5)
                    if f"Hot p{n}v{v}x." not in text + records + history]
        row.lost = max(row.lost, len(lost) + len(hot_lost))
        row.markers += sum("<<<<<<<" in path.read_text("utf-8", "replace")
                           for path in copy.rglob("*") if path.is_file() and ".git" not in
                           path.relative_to(copy).parts)
        row.password_in_book += any(PASSWORD in path.read_text("utf-8", "replace")
                                    for path in [copy / ".git" / "config", *copy.rglob("*")]
                                    if path.is_file() and path.suffix != ".pack")
    # The served copy belongs to the server's account (www-data for apache2).
    checks = [["git", "-c", "safe.directory=*", "--git-dir", str(served), "fsck",
               "--no-progress"]] + [["git", "-C", str(copy), "fsck", "--no-progress"]
                                    for copy in copies[:3]]
    row.fsck = all(subprocess.run(check, capture_output=True).returncode == 0
                   for check in checks)


def table(rows: list[Row]) -> str:
    """The figures, one column for each server."""
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    lines: list[tuple[str, Callable[[Row], str]]] = [
        ("contributors x versions saved", lambda r: f"{r.contributors} x {r.saved}"),
        ("saving and sharing took", lambda r: f"{r.seconds:.0f} s"),
        ("syncs per second", lambda r: f"{len(r.times) / r.seconds:.2f}"),
        ("one sync: median", lambda r: ms(statistics.median(r.times))),
        ("one sync: slowest", lambda r: ms(max(r.times))),
        ("syncs that gave up (others first)",
         lambda r: f"{r.gave_up} of {len(r.times)} ({100 * r.gave_up / len(r.times):.1f}%)"),
        ("same-sentence clashes kept", lambda r: str(r.clashes)),
        ("one change: raw pull --rebase && push", lambda r: ms(r.raw)),
        ("one change: ours", lambda r: ms(r.ours)),
        ("ours against raw (target <= 1.5x)",
         lambda r: f"{r.ours / r.raw:.2f}x " + ("met" if r.ours <= 1.5 * r.raw else "MISSED")),
        ("edits lost", lambda r: str(r.lost)),
        ("same newest version everywhere after",
         lambda r: f"{r.rounds_to_same} round(s)" if r.rounds_to_same else "NOT within 2"),
        ("files with <<<<<<<", lambda r: str(r.markers)),
        ("git fsck", lambda r: "clean" if r.fsck else "FAILED"),
        ("book folders holding the password", lambda r: str(r.password_in_book)),
    ]
    width = max(len(name) for name, _ in lines)
    out = [" " * width + "".join(f" | {row.server:>22}" for row in rows)]
    for name, value in lines:
        out.append(name.ljust(width) + "".join(f" | {value(row):>22}" for row in rows))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
