"""The one transaction every change goes through: a whole version, or everything as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError

SAM = Identity("Sam Jones", "sam.jones@example.org")
CHAPTER = "chapters/my-story.md"
NEW = "feedback/my-story/new-thread.yaml"


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", f"core.hooksPath={os.devnull}", *args], cwd=folder,
                          check=True, capture_output=True, text=True).stdout


def change_two_files(root: Path) -> None:
    chapter = files.read_text(root, CHAPTER)
    files.write_text(root, CHAPTER, chapter.text + "New words.\n", chapter.fingerprint)
    files.write_text(root, NEW, "id: new-thread\n", None)


def test_files_written_inside_are_saved_as_one_version(small_book: Path):
    history = History(small_book)
    before = len(history.versions())
    with history.transaction(SAM, "Sam wrote more") as saving:
        change_two_files(small_book)
    assert saving.version is not None and saving.version.description == "Sam wrote more"
    assert len(history.versions()) == before + 1
    assert sorted(saving.paths) == sorted([CHAPTER, NEW])
    assert history.unsaved_files() == []
    assert not (history.git_dir / "coauthor" / "journal.json").exists()


def test_nothing_written_saves_nothing(small_book: Path):
    history = History(small_book)
    with history.transaction(SAM, "Nothing") as saving:
        pass
    assert saving.version is None


def test_a_failure_inside_puts_every_file_back(small_book: Path):
    history = History(small_book)
    old = (small_book / CHAPTER).read_bytes()
    with pytest.raises(RuntimeError), history.transaction(SAM, "Half a change"):
        change_two_files(small_book)
        raise RuntimeError("stopped half-way")
    assert (small_book / CHAPTER).read_bytes() == old
    assert not (small_book / NEW).exists()
    assert history.unsaved_files() == []


def test_a_version_that_cannot_be_saved_puts_every_file_back(small_book: Path):
    history = History(small_book)
    old = (small_book / CHAPTER).read_bytes()
    versions = len(history.versions())
    with pytest.raises(BookError), history.transaction(Identity("", ""), "No name"):
        change_two_files(small_book)  # git refuses a version signed by nobody
    assert (small_book / CHAPTER).read_bytes() == old
    assert not (small_book / NEW).exists()
    assert history.unsaved_files() == [] and len(history.versions()) == versions


_STOP_INSIDE = """
import os, sys
from pathlib import Path
from coauthor_desk.history import transaction
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import files
root = Path(sys.argv[1])
history = History(root)
if sys.argv[2] == "after-saving":
    transaction._Journal.close = lambda self: os._exit(9)
with history.transaction(Identity("Sam Jones", "sam@example.org"), "Stopped"):
    chapter = files.read_text(root, "chapters/my-story.md")
    files.write_text(root, "chapters/my-story.md", chapter.text + "Half.\\n", chapter.fingerprint)
    files.write_text(root, "feedback/my-story/new-thread.yaml", "id: new-thread\\n", None)
    if sys.argv[2] == "before-saving":
        (history.git_dir / "index.lock").write_bytes(b"")  # as if git stopped holding it
        os._exit(9)
"""


def stop_a_save(root: Path, when: str) -> None:
    result = subprocess.run([sys.executable, "-c", _STOP_INSIDE, str(root), when],
                            capture_output=True, text=True)
    assert result.returncode == 9, result.stderr


def test_a_save_stopped_before_its_version_is_undone_at_the_next_opening(small_book: Path):
    old = (small_book / CHAPTER).read_bytes()
    versions = len(History(small_book).versions())
    stop_a_save(small_book, "before-saving")
    assert (small_book / NEW).exists()  # left half-way, with git's lock file too
    history = History(small_book)
    assert (small_book / CHAPTER).read_bytes() == old
    assert not (small_book / NEW).exists()
    assert not (history.git_dir / "index.lock").exists()
    assert history.unsaved_files() == [] and len(history.versions()) == versions
    with history.transaction(SAM, "Again") as saving:  # and the same change works again
        change_two_files(small_book)
    assert saving.version is not None


def test_a_save_stopped_after_its_version_is_finished_at_the_next_opening(small_book: Path):
    versions = len(History(small_book).versions())
    stop_a_save(small_book, "after-saving")
    assert (small_book / ".git" / "coauthor" / "journal.json").exists()
    history = History(small_book)
    assert not (history.git_dir / "coauthor" / "journal.json").exists()
    assert (small_book / CHAPTER).read_text("utf-8").endswith("Half.\n")
    assert history.unsaved_files() == [] and len(history.versions()) == versions + 1
    assert not history.outside_changes().any  # the version was the app's own


def test_a_lock_file_git_left_long_ago_is_cleared_without_asking(small_book: Path):
    history = History(small_book)
    lock = history.git_dir / "index.lock"
    lock.write_bytes(b"")
    old = time.time() - 60
    os.utime(lock, (old, old))
    with history.transaction(SAM, "Despite the old lock") as saving:
        change_two_files(small_book)
    assert saving.version is not None and not lock.exists()


def test_a_save_waits_for_another_and_says_so(small_book: Path):
    history = History(small_book)
    told: list[str] = []
    history.notice = told.append
    held = threading.Event()

    def another_save() -> None:
        with FileLock(history.git_dir / "coauthor" / "lock"):
            held.set()
            time.sleep(1.5)

    threading.Thread(target=another_save).start()
    held.wait()
    with history.transaction(SAM, "After the other") as saving:
        change_two_files(small_book)
    assert saving.version is not None
    assert told == ["Another save is under way in this book; waiting for it to finish."]


def test_a_link_planted_in_the_history_folder_is_refused(small_book: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (small_book / ".git" / "coauthor").symlink_to(outside)
    with pytest.raises(BookError, match="link or a special kind of file") as refused:
        History(small_book)
    assert refused.value.problems[0].file == ".git/coauthor"
    assert list(outside.iterdir()) == []


def test_a_named_pipe_in_the_history_folder_or_its_settings_never_hangs(small_book: Path,
                                                                         tmp_path: Path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    settings = small_book / ".git" / "config"
    kept = settings.read_text("utf-8")
    settings.write_text(f"{kept}[include]\n\tpath = {pipe}\n", "utf-8")  # (plain git hangs)
    started = time.monotonic()
    with pytest.raises(BookError, match="settings cannot be read"):
        History(small_book)
    assert time.monotonic() - started < 15
    settings.write_text(kept, "utf-8")
    os.mkfifo(small_book / ".git" / "info" / "exclude.pipe")
    with pytest.raises(BookError, match="special kind of file"):
        History(small_book)


def test_a_journal_left_in_a_copied_folder_changes_nothing_it_did_not_write(small_book: Path):
    """A journal is only ever acted on to undo files the same journal names."""
    history = History(small_book)
    folder = history.git_dir / "coauthor"
    folder.mkdir(exist_ok=True)
    (folder / "journal.json").write_text('{"head": "not a version", "files": []}', "utf-8")
    old = (small_book / CHAPTER).read_bytes()
    History(small_book)
    assert (small_book / CHAPTER).read_bytes() == old
    assert not (folder / "journal.json").exists()
    (folder / "journal.json").write_text("{broken", "utf-8")
    History(small_book)
    assert not (folder / "journal.json").exists()
    head = History(small_book).head()
    (folder / "journal.json").write_text(json.dumps({"head": head, "files": [
        {"path": "../outside.md", "kept": None}, {"kept": "0"},
        {"path": "chapters/my-story.md", "kept": "../../x"}, 7]}), "utf-8")
    History(small_book)  # nothing it names can be acted on: it is set aside
    assert (small_book / CHAPTER).read_bytes() == old
    assert not (folder / "journal.json").exists()
