"""Sharing a book: record where its shared copy lives, share and get the latest, copy it.

Versions are saved on this computer first, then shared. Getting the latest never uses git's
merge, rebase, pull or stash, so git is never left half-way through anything: the shared
copy's versions are fetched into a name of our own (refs/remotes/shared/…), combined here
(combine.py) and saved as one version with both parents through the book's transaction
(apply.py). If someone else shared meanwhile, the whole round is done again after a short
pause of random length, for up to a minute.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from coauthor_desk.history import transaction
from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing import apply, combine, shared_folder, transport
from coauthor_desk.history.sharing.address import FOLDER, WHERE, Address, check_address
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.problems import BookError, Problem

REMOTE = "shared"
STALE_SHARED_LOCK = 10.0  # seconds: updating a name in a shared copy takes milliseconds
# When others keep sharing meanwhile, rounds of "get the latest, share mine" go on for up to
# KEEP_TRYING seconds (a round alone is well under a second); ATTEMPTS only bounds the count.
KEEP_TRYING = 60.0
ATTEMPTS = 150
PAUSE = (0.05, 0.6)  # seconds between rounds: a random moment in this span
LINE_ENDINGS = "* text=auto eol=lf\n"
_ATTRIBUTES_TEXT = ("# Line endings are kept the same on every computer (Windows, macOS, "
                    "Linux), so an edit of one line is a change of one line.\n" + LINE_ENDINGS)
Progress = Callable[[str], None]


def _quiet(_words: str) -> None:
    pass


@dataclass
class SyncResult:
    """What one round of sharing did, in plain words."""

    sent: int = 0  # saved versions shared
    got: int = 0  # versions from others taken in
    clashes: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.sent and not self.got:
            return "Up to date: nothing new to share or to get."
        parts = []
        if self.got:
            parts.append("got the latest changes from the others")
        if self.sent:
            parts.append(f"shared {_count(self.sent, 'saved version')}")
        text = " and ".join(parts)
        return text[0].upper() + text[1:] + "."


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def line_of(history: History) -> str:
    """The name of the book's line of work (usually main)."""
    head = (history.git_dir / "HEAD").read_text("utf-8", "replace").strip()
    return head.removeprefix("ref: refs/heads/") if head.startswith("ref: refs/heads/") \
        else "main"


def recorded_address(history: History) -> str | None:
    value = history.git.run("config", "--get", f"remote.{REMOTE}.url", check=False).strip()
    return value or None


def share(root: Path, address: str, who: Identity, progress: Progress = _quiet) -> SyncResult:
    """Record where the shared copy lives (checked first), then share what is there."""
    checked = check_address(address)
    history = History(root)
    line = line_of(history)
    progress(f"Checking {checked.shown}…")
    if checked.kind == FOLDER:
        if shared_folder.prepare(history.git, Path(checked.text), line):
            progress(f"Made an empty shared copy in {checked.text}.")
    _reachable(history.git, checked.text)
    add_line_endings(history, who)
    history.git.run("config", f"remote.{REMOTE}.url", checked.text)
    history.git.run("config", f"remote.{REMOTE}.fetch",
                    f"+refs/heads/*:refs/remotes/{REMOTE}/*")
    result = sync(root, who, progress)
    result.warnings[:0] = checked.warnings
    return result


def add_line_endings(history: History, who: Identity) -> None:
    """A .gitattributes that keeps line endings the same everywhere, unless one says so."""
    path = history.root / ".gitattributes"
    old = path.read_text("utf-8", "replace") if path.is_file() else None
    if old is not None and LINE_ENDINGS.strip() in old.splitlines():
        return
    from coauthor_desk.manuscript import files

    with history.transaction(who, "Line endings kept the same on every computer"):
        current = files.read_text(history.root, ".gitattributes") if old is not None else None
        files.write_text(history.root, ".gitattributes",
                         (current.text.rstrip("\n") + "\n\n" if current else "")
                         + _ATTRIBUTES_TEXT, current.fingerprint if current else None)


def _reachable(runner: GitRunner, address: str) -> dict[str, str]:
    """The shared copy's lines of work (name → newest id), asked within the time limit."""
    answer = transport.call(runner, "ls-remote", "--heads", "--", address,
                            limit=transport.CHECK_LIMIT)
    if answer.status != 0:
        raise transport.problem_from(answer.err)
    tips = {}
    for row in answer.out.splitlines():
        tip, _, ref = row.partition("\t")
        tips[ref.removeprefix("refs/heads/")] = tip.strip()
    return tips


def checked_recorded_address(history: History) -> Address:
    """The recorded address, checked again (the settings file can be edited by hand)."""
    address = recorded_address(history)
    if address is None:
        raise BookError(Problem(WHERE, "Not connected: this book is not shared yet, so it is "
                                "kept on this computer only.", "Share it first: choose where "
                                "the shared copy lives (coauthor-desk share FOLDER --to "
                                "ADDRESS)."))
    checked = check_address(address, history.root)
    if checked.kind == FOLDER:
        shared_folder.check(history.git, Path(checked.text))
    return checked


def sync(root: Path, who: Identity, progress: Progress = _quiet) -> SyncResult:
    """Get the latest from the shared copy and share mine, combining where both changed."""
    history = History(root)
    address = checked_recorded_address(history)
    lock = FileLock(history.git_dir / "coauthor" / "sharing.lock")
    try:
        lock.acquire(timeout=transport.CHECK_LIMIT)
    except Timeout:
        raise BookError(Problem(WHERE, "The book is being shared already (by another window "
                                "or command).", "Wait for it to finish, then try again.")
                        ) from None
    try:
        result = SyncResult(warnings=list(address.warnings))
        save_unsaved(history, who, result)
        refused = ""
        started = time.monotonic()
        for _attempt in range(ATTEMPTS):
            clear_stale_locks(history, address)
            refused = _one_round(history, who, address.text, result, progress)
            if not refused or time.monotonic() - started > KEEP_TRYING:
                break
            progress("Someone else shared at the same moment; trying again…")
            # Random, so syncs refused at one moment come back at different ones; and no
            # longer after many refusals than after one, so a sync refused many times is not
            # overtaken again and again by syncs just starting (pauses that grew with each
            # refusal made the unluckiest give up under load).
            time.sleep(random.uniform(*PAUSE))
        if not refused:
            return result
        if "File exists" in refused:
            raise BookError(Problem(WHERE, "The shared copy stayed locked, as if a program "
                                    "that stopped while sharing had left it so; your changes "
                                    "were not shared this time.", "Nothing was lost: your "
                                    "work is saved on this computer. Try again in a minute; "
                                    "if it stays so, ask whoever keeps the shared copy."))
        raise BookError(Problem(WHERE, "Others kept sharing at the same moment, so your "
                                "changes were not shared this time.", "Nothing was lost: your "
                                "work is saved on this computer. Try again in a minute."))
    finally:
        lock.release()


def clear_stale_locks(history: History, address: Address) -> None:
    """Lock files left by a sync that was stopped would stop every later one. Ours (on the
    shared copy's names in this history) are leftovers, as this sync holds the sharing lock;
    a shared folder's are leftovers once older than any update takes."""
    folders = [(history.git_dir / "refs" / "remotes" / REMOTE, 0.0)]
    if address.kind == FOLDER:
        shared = Path(address.text)
        folders += [(shared / "refs", STALE_SHARED_LOCK), (shared, STALE_SHARED_LOCK)]
    now = time.time()
    for folder, older_than in folders:
        found = folder.rglob("*.lock") if folder.name == "refs" or older_than == 0.0 else \
            [folder / "packed-refs.lock", folder / "HEAD.lock"]
        for lock in found:
            try:
                if lock.is_file() and not lock.is_symlink() and \
                        now - lock.stat().st_mtime >= older_than:
                    lock.unlink()
            except OSError:
                continue


def _one_round(history: History, who: Identity, address: str, result: SyncResult,
               progress: Progress) -> str:
    """Get the latest, combine, share. Empty when done; what the shared copy said when it
    refused (it moved meanwhile, or was locked), to try again."""
    git = history.git
    line = line_of(history)
    tracking = f"refs/remotes/{REMOTE}/{line}"
    progress("Getting the latest…")
    # Into a name of our own; only a finished fetch moves it, so what it names is whole.
    answer = transport.call(git, "fetch", "--no-tags", "--quiet", "--progress", REMOTE,
                            f"+refs/heads/{line}:{tracking}")
    if answer.status != 0 and "couldn't find remote ref" not in answer.err:
        raise transport.problem_from(answer.err)
    theirs = None if answer.status != 0 else \
        git.run("rev-parse", "--verify", "--quiet", tracking, check=False).strip() or None
    mine = history.head()
    if mine is None:
        raise BookError(Problem(history.root.name, "This book has no saved version yet.",
                                "Save a version first, then share."))
    if theirs and theirs != mine:
        base = git.run("merge-base", mine, theirs, check=False).strip()
        if base == mine:
            progress("Taking in the latest changes…")
            result.got += _between(git, mine, theirs)
            apply.carry_out(history, who, "Got the latest changes", mine, theirs, None)
            return ""
        if base != theirs:
            _combine(history, who, base, mine, theirs, result, progress)
            mine = history.head() or mine
    if theirs == mine:
        return ""
    to_send = _between(git, theirs, mine)
    progress(f"Sharing {_count(to_send, 'saved version')}…")
    answer = transport.call(git, "push", "--porcelain", "--quiet", "--progress", REMOTE,
                            f"{mine}:refs/heads/{line}")
    if answer.status != 0:
        if transport.refused_push(answer.err + answer.out):
            return answer.err + answer.out or "refused"
        raise transport.problem_from(answer.err)
    result.sent += to_send
    return ""


def _combine(history: History, who: Identity, base: str, mine: str, theirs: str,
             result: SyncResult, progress: Progress) -> None:
    git = history.git
    if not base:
        raise BookError(Problem(WHERE, "The shared copy holds a different book (their saved "
                                "versions have nothing in common with this one's).",
                                "Check the address. To start sharing this book, choose an "
                                "empty folder or a new, empty shared copy on the server."))
    progress("Combining your changes with the others'…")
    plan = combine.plan(git, base, mine, theirs, who.name, datetime.now().astimezone())
    result.got += _between(git, base, theirs)
    result.clashes += plan.clash_count
    result.notes += plan.notes
    apply.carry_out(history, who, "Combined changes from the shared copy", mine, theirs, plan)


def _is_ancestor(git: GitRunner, older: str, newer: str) -> bool:
    return git.attempt("merge-base", "--is-ancestor", older, newer)[0] == 0


def _between(git: GitRunner, older: str | None, newer: str) -> int:
    span = [newer, f"^{older}"] if older else [newer]
    return int(git.run("rev-list", "--count", *span).strip() or 0)


def save_unsaved(history: History, who: Identity, result: SyncResult) -> None:
    """Files changed outside the app are saved as a version first, so nothing unsaved is
    ever overwritten by the latest from others. A file too large to share stays unsaved."""
    paths = []
    for relative in history.unsaved_files():
        path = history.root / relative
        if not path.is_file() or path.is_symlink():
            continue
        if path.stat().st_size > transaction.MAX_SHARED_FILE_BYTES:
            result.warnings.append(f"{relative} is too large to share (over "
                                   f"{transaction.MAX_SHARED_FILE_BYTES // 1_000_000} MB), so "
                                   "it was not saved or shared. Make it smaller.")
            continue
        paths.append(relative)
    if not paths:
        return
    with history.transaction(who, "Saved changes made outside the app, before sharing") as s:
        assert s.keep is not None
        for relative in paths:
            s.keep(relative)


def sharing_status(root: Path) -> str:
    """The sentence for the status line: connected or not, and what waits to be shared.
    From what this computer knows (no network), so it is instant."""
    history = History(root)
    if recorded_address(history) is None:
        return "Not connected: working on this computer"
    line = line_of(history)
    git = history.git
    mine = history.head()
    theirs = git.run("rev-parse", "--verify", "--quiet", f"refs/remotes/{REMOTE}/{line}",
                     check=False).strip() or None
    if mine is None:
        return "Up to date"
    ahead = _between(git, theirs, mine)
    if ahead:
        return f"{_count(ahead, 'change')} to share"
    if theirs and not _is_ancestor(git, theirs, mine):
        return "New changes to get"
    return "Up to date"
