"""The one place that runs git.

A book folder comes from other people, so nothing in it may run code on this computer. Before
git does anything else in a folder, `folder_safety` checks every setting the folder brings
against a short list of harmless ones; on top of that, hooks, the file monitor, signing and
helper protocols are switched off for every call. Problems come back as plain-language
`BookError`s, never as git's own messages.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_desk.history import folder_safety
from coauthor_desk.manuscript import cache
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    import git

log = logging.getLogger(__name__)

# GitPython must not fail at import when git is missing; it is imported when first needed, so
# the window can appear before it has loaded.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

_ALWAYS = [
    f"core.hooksPath={os.devnull}",
    "core.fsmonitor=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "protocol.ext.allow=never",
    "safe.bareRepository=explicit",
    "submodule.recurse=false",
    "diff.ignoreSubmodules=all",
]
_CHECKED = "settings-checked.json"
SETTINGS_TIMEOUT = 10.0  # seconds: reading settings takes milliseconds when nothing is wrong
_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C",
                "GIT_EDITOR": ":", "GIT_PAGER": "cat"}


def git_missing_problem(where: str) -> Problem:
    return Problem(where, "Git, the program that keeps the book's history, cannot be found on "
                   "this computer.", "Install git (from git-scm.com or your system's software "
                   "centre) and try again.")


def require_git(where: str) -> str:
    """The path of the git program, or a plain problem when it is not installed."""
    program = shutil.which("git")
    if program is None:
        raise BookError(git_missing_problem(where))
    return program


class GitRunner:
    """Runs git commands in one book folder, once the folder is known to run nothing.

    git is pointed at the checked history folder and the book folder explicitly, so it never
    goes looking for a history elsewhere (a folder above the book, say).
    """

    def __init__(self, root: Path, new: bool = False) -> None:
        """`new`: the history is about to be made by `git init`, so there is nothing to check."""
        self.root = root
        import git

        self._program = require_git(root.name or str(root))
        self._git = git.Git(str(root))
        self._options: list[str] = []
        for setting in _ALWAYS:
            self._options += ["-c", setting]
        self.git_dir = root / ".git" if new else folder_safety.locate_git_folder(root)
        # Whole paths: git runs inside the book folder, where a relative one would mislead it.
        self._environment = {**_ENVIRONMENT, "GIT_DIR": os.path.abspath(self.git_dir),
                             "GIT_WORK_TREE": os.path.abspath(root)}
        if not new:
            folder_safety.refuse_special_files(self.git_dir)
            folder_safety.check_book_files(root)
            self.check_settings()

    def check_settings(self) -> None:
        """Refuse the folder unless every setting it brings is harmless (see folder_safety).
        Settings checked before and unchanged since are not listed again (it costs a program
        start); that fact is kept sealed in this computer's own cache, never in the folder."""
        checked = folder_safety.settings_fingerprint(self.git_dir)
        if checked is not None and cache.load(self.root, _CHECKED) == checked:
            return
        # A settings file can name a named pipe to include, which git would wait on for ever.
        status, listing, error = self.attempt("config", "--list", "--show-scope",
                                              "--show-origin", "-z", timeout=SETTINGS_TIMEOUT)
        if status != 0:
            raise folder_safety.unreadable_settings(error)
        folder_safety.check_settings(self.root, listing)
        if checked is not None:
            cache.store(self.root, _CHECKED, checked)

    def run(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> str:
        """Run git and return what it printed, as text."""
        return self.run_bytes(*args, input_bytes=input_bytes, check=check).decode(
            "utf-8", "replace")

    def run_bytes(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> bytes:
        status, out, err = self.attempt(*args, input_bytes=input_bytes)
        if check and status != 0:
            raise GitFailed(_subcommand(args), err)
        return out

    def attempt(self, *args: str, input_bytes: bytes | None = None,
                timeout: float | None = None) -> tuple[int, bytes, str]:
        """Run git (stopped after `timeout` seconds, if given); its exit status, what it
        printed, and what it said went wrong."""
        import git

        command = [self._program, *self._options, *args]
        try:
            if input_bytes is None:
                status, out, err = self._git.execute(
                    command, with_extended_output=True, with_exceptions=False,
                    stdout_as_string=False, strip_newline_in_stdout=False,
                    env=self._environment, kill_after_timeout=timeout)
            else:
                process = self.start(*args)
                out, err = process.proc.communicate(input_bytes)
                status = process.proc.returncode
        except git.GitCommandNotFound:
            raise BookError(git_missing_problem(self.root.name)) from None
        return status, out, err if isinstance(err, str) else err.decode("utf-8", "replace")

    def run_streamed(self, *args: str, seen: Callable[[bytes], None]) -> bytes:
        """Run git and return what it printed, handing each piece to `seen` as it comes (to
        show progress). What it says went wrong is read alongside, so that however much it
        says, it never waits for us."""
        import git

        try:
            started = self.start(*args)  # kept: git is stopped when this is let go
        except git.GitCommandNotFound:
            raise BookError(git_missing_problem(self.root.name)) from None
        process = started.proc
        process.stdin.close()
        complaints: list[bytes] = []
        listener = threading.Thread(target=lambda: complaints.append(process.stderr.read()),
                                    daemon=True)
        listener.start()
        pieces = []
        try:
            while piece := process.stdout.read(1 << 16):
                pieces.append(piece)
                seen(piece)
        except BaseException:
            process.kill()
            raise
        finally:
            status = process.wait()
            listener.join()
        if status != 0:
            raise GitFailed(_subcommand(args), b"".join(complaints).decode("utf-8", "replace"))
        return b"".join(pieces)

    def start(self, *args: str) -> git.cmd.Git.AutoInterrupt:
        """Start git with its input and output open as pipes (to stream data in and out)."""
        command = [self._program, *self._options, *args]
        return self._git.execute(command, as_process=True, istream=subprocess.PIPE,
                                 env=self._environment)


# What git's own words mean, for the causes people meet: (words git uses, what, what to do).
# Permission and space come first: git names its lock file in those messages too.
_CAUSES = (
    ("Permission denied", "CoAuthor Desk is not allowed to change the history of saved versions "
     "(the .git folder).", "Check that you can change files in the book folder, then try "
     "again."),
    ("No space left", "The disk is full, so no more versions can be kept.",
     "Make some room on the disk, then try again."),
)
_LOCKED = re.compile(r"'([^']*\.lock)': File exists")


def _subcommand(args: tuple[str, ...] | list[str]) -> str:
    """The git command in a call's arguments ("commit" in "-c user.name=… commit …")."""
    words = iter(args)
    for word in words:
        if word == "-c":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return "git"


class GitFailed(BookError):
    """git refused to do something. The plain message is for people; git's own words (which
    name its steps in its own terms, and may name files) stay in `detail`, out of the log."""

    def __init__(self, action: str, detail: str) -> None:
        self.action, self.detail = action, detail.strip()
        log.warning("git %s failed", action)
        what, todo = next(((what, todo) for words, what, todo in _CAUSES if words in detail),
                          ("The history of saved versions could not be kept just now.",
                           "Nothing was lost. Close other programs that use this book and "
                           "try again."))
        locked = _LOCKED.search(detail)
        if locked and what.startswith("The history"):
            super().__init__(lock_left_behind(
                ".git/" + locked.group(1).replace("\\", "/").split("/.git/")[-1]))
        else:
            super().__init__(Problem(".git", what, todo))


def lock_left_behind(name: str) -> Problem:
    """git's lock file `name` (like .git/index.lock) is there: another git is at work. One
    left behind by a program that stopped is cleared by the next save, so nobody deletes it."""
    return Problem(name, "Another program was saving a version of this book at the same time, "
                   "so this version was not saved.", "Nothing was lost. Close other programs "
                   "that use the book (git, editors) and try again.")
