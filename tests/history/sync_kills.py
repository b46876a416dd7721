"""A sync killed at random moments loses nothing and leaves nothing half-way.

Two computers share a book through a bare shared copy in a folder. Again and again: Helen saves
an edit to a sentence; every other round Sam saves an edit to another sentence of the same
paragraphs (now and then the same sentence as Helen) and shares it, so Helen's sync has to
combine; Helen's `coauthor-desk sync` is started as its own program and killed (with every
program it started) after a random moment. After each kill the book opens with nothing
half-way: no merge or rebase in progress, no journal, no lock held, the files as saved and
`git fsck` clean. At the end both computers sync, reach the same newest version, and every
edit is in the text or in a clash record.

Short form in the test suite (tests/history/test_sharing_kills.py: 20 kills); long form:

    python tests/history/sync_kills.py --kills 100
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PARAGRAPHS = 70
SLOTS_PER_PARAGRAPH = 3
CLASH_EVERY = 7


@dataclass
class Report:
    kills: int = 0
    mid_sync: int = 0  # kills that landed while the sync was still running
    edits: int = 0
    clashes: int = 0


def sentence(paragraph: int, slot: int) -> str:
    return f"Sentence {paragraph}.{slot} as first written."


def chapter_body() -> str:
    return "\n".join(" ".join(sentence(p, s) for s in range(SLOTS_PER_PARAGRAPH)) + "\n"
                     for p in range(PARAGRAPHS))


def run(work: Path, kills: int, seed: int, say=print) -> Report:
    from coauthor_desk.history.sharing import get, open_clashes, share, sync
    from coauthor_desk.history.versions import History, Identity, start_history
    from coauthor_desk.manuscript import files
    from coauthor_desk.manuscript.edit import add_chapter, write_new_book
    from coauthor_desk.manuscript.loader import load_book

    chance = random.Random(seed)
    helen_id, sam_id = Identity("Helen Marsh", "helen@example.org"), \
        Identity("Sam Jones", "sam@example.org")
    helen, sam, shared = work / "helen", work / "sam", work / "shared"
    write_new_book(helen, "Kills", "Helen Marsh")
    add_chapter(load_book(helen), "Story", [], "story")
    chapter = "chapters/story.md"
    (helen / chapter).write_text((helen / chapter).read_text("utf-8") + "\n" + chapter_body(),
                                 "utf-8")
    start_history(helen, helen_id, "Started")
    for key, value in (("user.name", helen_id.name), ("user.email", helen_id.email)):
        _git(helen, "config", key, value)
    share(helen, str(shared), helen_id)
    get(str(shared), sam)

    def edit(root: Path, who: Identity, old: str, new: str) -> None:
        with History(root).transaction(who, "edit"):
            text = files.read_text(root, chapter)
            files.write_text(root, chapter, text.text.replace(old, new, 1), text.fingerprint)

    report = Report()
    wanted: list[str] = []
    slots = [(p, s) for p in range(PARAGRAPHS) for s in range(SLOTS_PER_PARAGRAPH)]
    chance.shuffle(slots)
    # How long one sync that has to combine takes on this computer now, so the kills land
    # anywhere in one (from the program's start to its last step), however fast it is.
    for root, who, name in ((sam, sam_id, "Sam"), (helen, helen_id, "Helen")):
        paragraph, slot = slots.pop()
        edit(root, who, sentence(paragraph, slot), f"{name} warming up.")
    sync(sam, sam_id)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "coauthor_desk.cli", "sync", str(helen)], check=True,
                   capture_output=True)
    one_sync = time.monotonic() - started
    for round_ in range(kills):
        if len(slots) < 2:
            break
        paragraph, slot = slots.pop()
        mine = f"Helen's words number h{round_}x."
        edit(helen, helen_id, sentence(paragraph, slot), mine)
        wanted.append(f"h{round_}x")
        report.edits += 1
        if round_ % 2 == 0:
            if round_ % CLASH_EVERY == 0:
                theirs_place = (paragraph, slot)  # the very sentence Helen changed
                report.clashes += 1
            else:
                theirs_place = slots.pop()
            old = sentence(*theirs_place)
            sam_text = (sam / chapter).read_text("utf-8")
            if old in sam_text:
                edit(sam, sam_id, old, f"Sam's words number s{round_}x.")
                wanted.append(f"s{round_}x")
                sync(sam, sam_id)
        report.mid_sync += _sync_and_kill(helen, chance, one_sync)
        report.kills += 1
        _check_settled(helen)
    for root, who in ((helen, helen_id), (sam, sam_id), (helen, helen_id)):
        sync(root, who)
    for root in (helen, sam):
        _check_settled(root)
    assert _git(helen, "rev-parse", "HEAD") == _git(sam, "rev-parse", "HEAD")
    text = (helen / chapter).read_text("utf-8")
    kept = " ".join(r.other + " " + r.kept for r in open_clashes(helen)[0])
    lost = [token for token in wanted if token not in text and token not in kept]
    assert not lost, f"lost edits: {lost}"
    assert "<<<<<<<" not in text
    subprocess.run(["git", "--git-dir", str(shared), "fsck", "--no-progress"], check=True,
                   capture_output=True)
    say(f"one sync: {one_sync:.2f} s; {report.kills} kills ({report.mid_sync} while a sync was "
        "running), "
        f"{len(wanted)} edits, {report.clashes} same-sentence clashes: nothing lost, "
        "nothing half-way.")
    return report


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", f"core.hooksPath={os.devnull}", *args], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, (args, done.stderr, done.stdout)
    return done.stdout


def _sync_and_kill(root: Path, chance: random.Random, one_sync: float) -> bool:
    """Start the command line's sync, kill it and everything it started at a random moment;
    whether it was still running."""
    process = subprocess.Popen([sys.executable, "-m", "coauthor_desk.cli", "sync", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(chance.uniform(0.02, one_sync * 1.1))
    running = process.poll() is None
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    return running


def _check_settled(root: Path) -> None:
    """The book opens (finishing or undoing what was stopped) with nothing half-way."""
    from filelock import FileLock

    from coauthor_desk.history.versions import History

    git_dir = root / ".git"
    # A program the killed sync had just started may still hold the locks for a moment (it
    # was being started in a group of its own); the next start waits for it, as the app does.
    for lock in ("lock", "sharing.lock"):
        FileLock(git_dir / "coauthor" / lock).acquire(timeout=10).lock.release()
    history = History(root)
    for left in ("MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD",
                 "coauthor/journal.json"):
        assert not (git_dir / left).exists(), left
    assert history.unsaved_files() == [], history.unsaved_files()
    _git(root, "fsck", "--no-progress")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=16)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sync-kills-") as folder:
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = os.path.join(folder, name.lower())
        started = time.monotonic()
        run(Path(folder), options.kills, options.seed)
        print(f"took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
