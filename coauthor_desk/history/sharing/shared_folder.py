"""A shared copy kept in a folder (on a network drive, say), instead of on a server.

git sends versions to a folder by running its receiving side in that folder, with the folder's
own settings and automatic programs (hooks): a folder someone else can write to must not make
this computer run a program either. So the folder is checked like a book folder each time: only
harmless settings, no hooks, nothing but plain files and folders in its history.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from coauthor_desk.history import folder_safety
from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing.address import WHERE
from coauthor_desk.problems import BookError, Problem

_HOOKS_ALLOWED = (".sample",)


def bare_runner(runner: GitRunner, folder: Path) -> GitRunner:
    """A runner for the shared copy in `folder` (which has no working files)."""
    other = copy.copy(runner)
    environment = dict(runner._environment)  # noqa: SLF001
    environment.pop("GIT_WORK_TREE", None)
    environment["GIT_DIR"] = os.path.abspath(folder)
    other._environment = environment  # noqa: SLF001
    return other


def is_bare_copy(folder: Path) -> bool:
    return (folder / "HEAD").is_file() and (folder / "objects").is_dir() and \
        (folder / "refs").is_dir()


def prepare(runner: GitRunner, folder: Path, line: str) -> bool:
    """Make an empty shared copy in `folder` when it is empty (True), or check the one there."""
    if folder.exists() and not folder.is_dir():
        raise BookError(Problem(WHERE, f"{folder} is a file, not a folder.",
                                "Choose a folder for the shared copy."))
    if not folder.exists() or not any(folder.iterdir()):
        folder.mkdir(exist_ok=True)
        bare = bare_runner(runner, folder)
        bare.run("init", "--bare", "--quiet", f"--initial-branch={line}")
        return True
    check(runner, folder)
    return False


def check(runner: GitRunner, folder: Path) -> None:
    """Refuse a shared folder that is not a shared copy, or that could run a program."""
    if not folder.is_dir():
        raise BookError(Problem(WHERE, f"The shared folder {folder} cannot be found.",
                                "Check that the shared drive is connected, then try again. "
                                "Your work is kept on this computer meanwhile."))
    if not is_bare_copy(folder):
        raise BookError(Problem(WHERE, f"{folder} already holds other files, and is not a "
                                "shared copy of a book.", "Choose an empty folder (a shared "
                                "copy is made there), or the folder of an existing shared "
                                "copy."))
    folder_safety.refuse_special_files(folder)
    hooks = folder / "hooks"
    if hooks.is_dir() and any(not name.endswith(_HOOKS_ALLOWED) for name in os.listdir(hooks)):
        raise BookError(Problem(str(hooks), "The shared folder holds programs that would run "
                                "on this computer while sharing, so it was not used.",
                                "Ask whoever keeps the shared folder to remove them (the "
                                "'hooks' folder), or choose another folder."))
    bare = bare_runner(runner, folder)
    status, listing, _error = bare.attempt("config", "--list", "--show-scope", "--show-origin",
                                           "-z", timeout=10.0)
    if status != 0:
        raise BookError(Problem(WHERE, "The shared folder's settings cannot be read.",
                                "Ask whoever keeps the shared folder for a fresh copy."))
    folder_safety.check_settings(folder, listing)
