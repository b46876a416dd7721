"""Sharing under load, through git daemon on 127.0.0.1 (bounded in time, loopback only).

    python benchmarks/sharing_load.py [--contributors 20] [--versions 25] [--seconds 240]

Each contributor has their own copy of the book and saves versions, each changing a sentence
of their own in a paragraph every contributor is changing too (and every fifth one also the one
sentence everybody changes), sharing after each, all at once. Afterwards two rounds of syncing:
every copy must reach the same newest version, every edit must be in the text (or, for the
sentence everybody changes, in the text, a clash record or the history), no file may hold a
clash marker, and `git fsck` must be clean. Prints syncs per second, and one sync's time against
raw `git pull --rebase && git push` of the same change.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "history"))

from sharing_servers import bare, git, git_daemon  # noqa: E402

CHAPTER = "chapters/story.md"
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
    that gave up because others kept sharing at the same moment)."""
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
            continue
        times.append(time.monotonic() - started)
    return person, times, clashes, failed


def _replace_hot(text: str, words: str) -> str:
    """The sentence everybody changes, wherever it is now (the last word of paragraph 0)."""
    start = text.index("Hot p") if "Hot p" in text else -1
    if start < 0:
        return text
    end = text.index(".", start) + 1
    return text[:start] + words + text[end:]


def raw_against_ours(work: Path, address: str, rounds: int) -> tuple[float, float]:
    """Median time of one sync of one change, after someone else shared a change to another
    paragraph: raw `git pull --rebase && git push` against ours."""
    from coauthor_desk.history.sharing import get, share, sync
    from coauthor_desk.history.versions import History, Identity
    from coauthor_desk.manuscript import files

    me, other = Identity("Me", "me@example.org"), Identity("Other", "other@example.org")
    source = work / "compare-source"
    make_book(source, 4, rounds)  # a sentence of its own for each round
    bare(work / "served", "ours.git")
    bare(work / "served", "raw.git")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributors", type=int, default=20)
    parser.add_argument("--versions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=240.0)
    parser.add_argument("--compare-rounds", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sharing-load-") as folder:
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = os.path.join(folder, name.lower())
        work = Path(folder)
        (work / "served").mkdir()
        with git_daemon(work / "served") as address:
            raw, ours = raw_against_ours(work, address, options.compare_rounds)
            print(f"one sync of one change: raw pull --rebase && push {raw * 1000:.0f} ms, "
                  f"ours {ours * 1000:.0f} ms, ratio {ours / raw:.2f}x (target <= 1.5x)")
            load(work, address, options)
    return 0


def load(work: Path, address: str, options: argparse.Namespace) -> None:
    from coauthor_desk.history.sharing import get, open_clashes, share, sync
    from coauthor_desk.history.versions import Identity

    people, versions = options.contributors, options.versions
    source = work / "source"
    make_book(source, versions, people)
    bare(work / "served", "book.git")
    share(source, f"{address}/book.git", Identity("Helen Marsh", "helen@example.org"))
    copies = [work / f"person-{n}" for n in range(people)]
    for copy in copies:
        get(f"{address}/book.git", copy)
    started = time.monotonic()
    deadline = started + options.seconds
    with multiprocessing.get_context("spawn").Pool(people) as pool:
        results = pool.map(contributor, [(n, str(copies[n]), versions, deadline)
                                         for n in range(people)])
    took = time.monotonic() - started
    times = [t for _, each, _, _ in results for t in each]
    made = {n: len(each) + failed for n, each, _, failed in results}
    print(f"{people} contributors, {sum(made.values())} versions saved and shared in "
          f"{took:.0f} s: {len(times) / took:.2f} syncs per second; one sync: median "
          f"{statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms; "
          f"{sum(c for _, _, c, _ in results)} same-sentence clashes kept; "
          f"{sum(f for _, _, _, f in results)} syncs left their versions to the next one "
          "(others kept sharing at the same moment)")
    for _round in range(2):
        for n, copy in enumerate(copies):
            sync(copy, Identity(f"Person {n}", f"p{n}@example.org"))
    heads = {git(copy, "rev-parse", "HEAD").strip() for copy in copies}
    assert len(heads) == 1, f"{len(heads)} different newest versions after two rounds"
    text = (copies[0] / CHAPTER).read_text("utf-8")
    records = " ".join(r.kept + " " + r.other for r in open_clashes(copies[0])[0])
    history = git(copies[0], "log", "-p", "--all", "--", CHAPTER)
    lost = [f"p{n}v{v}x" for n, count in made.items() for v in range(count)
            if f"Edit p{n}v{v}x here." not in text]
    hot_lost = [f"p{n}v{v}x" for n, count in made.items() for v in range(0, count, 5)
                if f"Hot p{n}v{v}x." not in text + records + history]
    assert not lost and not hot_lost, (lost, hot_lost)
    assert "<<<<<<<" not in text
    for copy in copies[:3]:
        git(copy, "fsck", "--no-progress")
    subprocess.run(["git", "--git-dir", str(work / "served" / "book.git"), "fsck",
                    "--no-progress"], check=True, capture_output=True)
    print("every copy reached the same newest version within two rounds; every edit is in "
          "the text, a clash record or the history; no clash markers; fsck clean")


if __name__ == "__main__":
    sys.exit(main())
