"""Copying a shared book to a new computer: afterwards it opens like any other book.

git's clone is not used: it would check out files with whatever the shared copy brings. The new
folder gets an empty history of its own, the shared copy's versions are fetched into it, and
the newest version's files are written; then the folder is opened as a book, with every check
a book folder gets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing import shared_folder, transport
from coauthor_desk.history.sharing.address import FOLDER, WHERE, check_address
from coauthor_desk.history.sharing.engine import REMOTE, Progress, _quiet
from coauthor_desk.problems import BookError, Problem


def get(address: str, folder: Path, progress: Progress = _quiet) -> int:
    """Copy the shared book at `address` into the new (or empty) `folder`; the number of
    saved versions it came with."""
    checked = check_address(address)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BookError(Problem(str(folder), "This folder is not empty, so the shared book was "
                                "not copied into it.", "Choose a new folder (it is made for "
                                "you) or an empty one."))
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _get(checked.text, checked.kind == FOLDER, folder, progress)
    except BaseException:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def _get(address: str, is_folder: bool, folder: Path, progress: Progress) -> int:
    runner = GitRunner(folder, new=True)
    if is_folder:
        shared_folder.check(runner, Path(address))
    progress(f"Looking at the shared copy at {address}…")
    answer = transport.call(runner, "ls-remote", "--symref", "--", address, "HEAD",
                            limit=transport.CHECK_LIMIT)
    if answer.status != 0:
        raise transport.problem_from(answer.err)
    line = next((row.split()[1].removeprefix("refs/heads/") for row in answer.out.splitlines()
                 if row.startswith("ref: refs/heads/")), None)
    if line is None or not any("\tHEAD" in row and not row.startswith("ref:")
                               for row in answer.out.splitlines()):
        raise BookError(Problem(WHERE, "The shared copy is empty: nobody has shared a book "
                                "there yet.", "Check the address, or share the book from the "
                                "computer that has it first."))
    runner.run("init", "--quiet", f"--initial-branch={line}")
    runner.run("config", f"remote.{REMOTE}.url", address)
    runner.run("config", f"remote.{REMOTE}.fetch", f"+refs/heads/*:refs/remotes/{REMOTE}/*")
    progress("Copying the book and its history…")
    answer = transport.call(runner, "fetch", "--no-tags", "--quiet", REMOTE,
                            f"+refs/heads/{line}:refs/remotes/{REMOTE}/{line}")
    if answer.status != 0:
        raise transport.problem_from(answer.err)
    runner.run("update-ref", f"refs/heads/{line}", f"refs/remotes/{REMOTE}/{line}")
    runner.run("read-tree", "--reset", "-u", "HEAD")
    from coauthor_desk.history.versions import History

    history = History(folder)  # every check a book folder gets, before it is used
    history.mark_seen()
    return int(history.git.run("rev-list", "--count", "HEAD").strip())
