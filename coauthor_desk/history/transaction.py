"""Every change to a book saves one complete version, or leaves everything as it was.

A change takes the book's own lock (one save at a time, across windows and commands), writes a
small journal before any file changes (which files, and the bytes each had), writes the files,
and saves them as one version. If anything fails, every file is put back. If the computer or
the program stops half-way, the journal is still there: the next time the book is opened, or
the next command runs, the change is finished (when its version was saved) or undone.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.history.versions import History, Identity, Version

log = logging.getLogger(__name__)

NOTICE_AFTER = 1.0  # seconds of waiting before saying another save is under way
GIVE_UP_AFTER = 60.0
STALE_AFTER = 5.0  # a lock file of git's this old, with no save of ours under way, is left over
LEFT_BY_A_STOPPED_SAVE = 1.0  # the same, once a save of ours is known to have stopped
# A file larger than this is refused before it is saved: git servers refuse them (GitHub at
# 100 MB, and others lower), and one in the history blocks sharing for everybody.
MAX_SHARED_FILE_BYTES = 50_000_000
_FOLDER = "coauthor"  # inside the history folder: never shared, never saved in a version
_JOURNAL = "journal.json"
# git's own lock files; each is left behind when git is stopped while it holds it.
_GIT_LOCKS = ("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock")


@dataclass
class Saving:
    """One change under way: the files it wrote, and the version it saved at the end."""

    paths: list[str] = field(default_factory=list)
    version: Version | None = None
    # Set by the transaction: call before removing a file, so the journal keeps its bytes.
    keep: Callable[[str], None] | None = None
    # Set inside the `with` by a change that saves its own version (combining two people's
    # versions): called with the files written and the new ones, even when there are none.
    save: Callable[[list[str], list[str]], Version | None] | None = None


def _work_folder(history: History) -> Path:
    """The folder for the lock and the journal, in the history folder (a link is replaced)."""
    folder = history.git_dir / _FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def book_lock(history: History, notice: Callable[[str], None]) -> Iterator[None]:
    """Hold the book's lock. It is the operating system's, so it goes with a stopped program:
    a lock is never left behind, and one still in use is waited for."""
    lock = FileLock(_work_folder(history) / "lock")
    try:
        lock.acquire(timeout=NOTICE_AFTER)
    except Timeout:
        notice("Another save is under way in this book; waiting for it to finish.")
        try:
            lock.acquire(timeout=GIVE_UP_AFTER - NOTICE_AFTER)
        except Timeout:
            raise BookError(Problem(".git", "Another save in this book has been under way for "
                                    f"{GIVE_UP_AFTER:.0f} seconds, so this one was not made.",
                                    "Nothing was changed. Wait for the other window or command "
                                    "to finish, then try again.")) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def transaction(history: History, who: Identity, description: str,
                notice: Callable[[str], None]) -> Iterator[Saving]:
    """Write files inside the `with` (through manuscript.files), then they are saved as one
    version signed by `who`; on any failure every file is put back as it was."""
    saving = Saving()
    with book_lock(history, notice):
        finish_or_undo(history)
        journal = _Journal(history)
        saving.keep = journal.keep
        try:
            with files.observe_writes(journal.keep):
                yield saving
            saving.paths = list(journal.paths)
            if saving.paths or saving.save is not None:
                refuse_too_large(history.root, saving.paths)
                _wait_for_git_locks(history)
                saving.version = saving.save(saving.paths, journal.new_paths) if saving.save \
                    else history.save_files_as_version(who, description, saving.paths,
                                                       journal.new_paths)
        except BaseException:
            _settle(journal)
            raise
        journal.close()


def refuse_too_large(root: Path, paths: list[str]) -> None:
    """A file larger than git servers accept would stop the book being shared, by anyone,
    until it is taken out of the history again: it is refused before it is saved."""
    for relative in paths:
        try:
            size = os.lstat(files.inside_book(root, relative)).st_size
        except OSError:
            continue  # removed: nothing to send
        if size > MAX_SHARED_FILE_BYTES:
            raise BookError(Problem(relative, f"This file is {size / 1e6:.0f} MB, larger than "
                                    "servers that share books accept (at most "
                                    f"{MAX_SHARED_FILE_BYTES // 1_000_000} MB), so it was not "
                                    "saved.", "Make it smaller (a picture can be saved at a "
                                    "lower size or resolution), or keep it outside the book "
                                    "folder, then save again."))


def recover(history: History) -> None:
    """At opening: finish or undo a change that stopped half-way, unless it is still under way
    in another window or command (whose lock is then held)."""
    if not (history.git_dir / _FOLDER / _JOURNAL).exists():
        return
    lock = FileLock(_work_folder(history) / "lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return  # a save is under way right now; it will finish by itself
    try:
        finish_or_undo(history)
    finally:
        lock.release()


def finish_or_undo(history: History) -> None:
    """With the lock held: deal with a journal left by a change that stopped half-way."""
    journal = _Journal.left_behind(history)
    if journal is None:
        return
    log.warning("finishing a change that stopped half-way")
    # Whoever left the journal held the lock we now hold, so it has stopped; a git program it
    # started may still be finishing for a moment, and then its lock files are leftovers.
    _wait_for_git_locks(history, stale_after=LEFT_BY_A_STOPPED_SAVE)
    _settle(journal)


def _settle(journal: _Journal) -> None:
    """Finish a change that did not complete when its version was saved, else undo it."""
    history = journal.history
    if journal.entries and journal.head_before != history.head():
        # The files hold its new words; git's list of files (its index) may have been left
        # behind, and the new version is the app's own.
        history.unstage(journal.paths)
        history.mark_seen_if(journal.head_before)
        journal.close()
    else:
        journal.undo()


class _Journal:
    """What a change is about to write: each file's path and the bytes it had before."""

    def __init__(self, history: History, head_before: str | None = None,
                 entries: list[dict[str, object]] | None = None) -> None:
        self.history = history
        self.folder = _work_folder(history)
        self.head_before = head_before  # the newest version when the first file was kept
        self.entries: list[dict[str, object]] = entries or []

    @classmethod
    def left_behind(cls, history: History) -> _Journal | None:
        path = history.git_dir / _FOLDER / _JOURNAL
        try:
            data = json.loads(path.read_text("utf-8"))
            entries = [e for e in data["files"] if _sound(e)]
            head = data["head"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("a journal that cannot be read was left behind; removing it")
            shutil.rmtree(history.git_dir / _FOLDER / "kept", ignore_errors=True)
            path.unlink(missing_ok=True)
            return None
        return cls(history, head if isinstance(head, str) else None, entries)

    @property
    def paths(self) -> list[str]:
        """The files the change wrote (or was about to), in the order it wrote them."""
        return [str(entry["path"]) for entry in self.entries]

    @property
    def new_paths(self) -> list[str]:
        """The files that did not exist before the change."""
        return [str(entry["path"]) for entry in self.entries if entry.get("kept") is None]

    def keep(self, relative: str) -> None:
        """Before `relative` is first written: keep its bytes, then name it in the journal."""
        if relative in self.paths:
            return
        if not self.entries:
            self.head_before = self.history.head()
        path = files.inside_book(self.history.root, relative)
        kept = None
        # Not waited onto the disk: a program that stops leaves them with the system, and after
        # a power cut without them the book's files are only new words not yet saved as a
        # version, the old ones being in the history already.
        if path.is_file():
            kept = str(len(self.entries))
            files.write_bytes(self.folder / "kept" / kept, path.read_bytes(), durable=False)
        self.entries.append({"path": relative, "kept": kept})
        files.write_bytes(self.folder / _JOURNAL, json.dumps(
            {"head": self.head_before, "files": self.entries}).encode("utf-8"), durable=False)

    def undo(self) -> None:
        """Put every file back as it was, and the list of files git keeps (its index) too."""
        root = self.history.root
        for entry in self.entries:
            relative, kept = str(entry["path"]), entry.get("kept")
            try:
                path = files.inside_book(root, relative)
                if kept is None:
                    path.unlink(missing_ok=True)
                else:
                    old = self.folder / "kept" / str(kept)
                    if old.is_file() and not old.is_symlink():
                        files.write_bytes(path, old.read_bytes())
            except (OSError, BookError) as error:
                log.error("could not put back a file after a failed save: %s", error)
        if self.entries and self.head_before is not None:
            try:
                self.history.unstage(self.paths)
            except BookError as error:
                log.error("could not bring git's list of files back after a failed save: %s",
                          error)
        self.close()

    def close(self) -> None:
        (self.folder / _JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(self.folder / "kept", ignore_errors=True)


def _sound(entry: object) -> bool:
    """Whether a journal entry left behind is one this app could have written: a path inside
    the book, and the number of its kept bytes (or none, for a new file)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        return False
    kept = entry.get("kept")
    try:
        files.check_relative(entry["path"])
    except BookError:
        return False
    return kept is None or (isinstance(kept, str) and kept.isdigit())


def _wait_for_git_locks(history: History, stale_after: float = STALE_AFTER) -> None:
    """Wait while another git program holds one of its lock files; clear one left over."""
    waited = 0.0
    while _remove_git_locks(history, older_than=stale_after):
        if waited >= GIVE_UP_AFTER:
            raise BookError(Problem(".git", "Another program has been saving a version of "
                                    f"this book for {GIVE_UP_AFTER:.0f} seconds, so this one "
                                    "was not made.", "Nothing was changed. Close other "
                                    "programs that use the book (git, editors), then try "
                                    "again."))
        time.sleep(0.1)
        waited += 0.1


def _remove_git_locks(history: History, older_than: float) -> list[str]:
    """Remove git's lock files older than `older_than` seconds; the ones still in use."""
    git_dir = history.git_dir
    heads = git_dir / "refs" / "heads"
    candidates = [git_dir / name for name in _GIT_LOCKS]
    candidates += [p for p in git_dir.glob("next-index-*.lock")]
    candidates += list(heads.rglob("*.lock")) if heads.is_dir() else []
    in_use = []
    now = time.time()
    for path in candidates:
        try:
            status = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue  # not a lock file git made: git will say it cannot save
        age = now - status.st_mtime
        if age >= older_than:
            log.warning("removed %s, left behind by a git program that stopped",
                        path.relative_to(git_dir))
            path.unlink(missing_ok=True)
        else:
            in_use.append(path.name)
    return in_use
