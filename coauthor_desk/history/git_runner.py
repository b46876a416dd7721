"""The one place that runs git.

A book folder comes from other people, so nothing in it may run code on this computer: hooks,
filters, diff and merge programs, credential helpers and the like are switched off for every call.
Problems come back as plain-language `BookError`s, never as git's own messages.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    import git

log = logging.getLogger(__name__)

# GitPython must not fail at import when git is missing; it is imported when first needed, so
# the window can appear before it has loaded.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

# Settings that name a program to run. Local copies of them are blanked for our calls.
_PROGRAM_SETTINGS = re.compile(
    r"^(filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command)|merge\..+\.driver"
    r"|core\.(sshcommand|askpass|pager|editor|gitproxy|fsmonitor|hookspath)|diff\.external"
    r"|gpg(\..+)?\.program|credential(\..+)?\.helper|sequence\.editor"
    r"|remote\..+\.(uploadpack|receivepack|vcs))$",
    re.IGNORECASE,
)
_ALWAYS = [
    f"core.hooksPath={os.devnull}",
    "core.fsmonitor=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "protocol.ext.allow=never",
    "safe.bareRepository=explicit",
]
_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C",
                "GIT_EDITOR": ":", "GIT_PAGER": "cat"}


# Words one of whose settings must contain for the folder's own settings to name a program.
_PROGRAM_WORDS = ("include", "clean", "smudge", "process", "textconv", "command", "driver",
                  "ssh", "askpass", "pager", "editor", "proxy", "fsmonitor", "hookspath",
                  "external", "program", "helper", "pack", "vcs")


def _may_name_programs(dot_git: Path) -> bool:
    """Whether the folder's own git settings might name a program. Reading them as text is
    much cheaper than asking git, and asking git is only needed when one of the words is there."""
    if dot_git.is_file():
        return True  # a linked work tree: ask git, which knows where its settings are
    texts = []
    for name in ("config", "config.worktree"):
        try:
            texts.append((dot_git / name).read_text("utf-8", "replace").lower())
        except OSError:
            continue
    return any(word in text for text in texts for word in _PROGRAM_WORDS)


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
    """Runs git commands in one book folder with every way to run book-folder code switched off."""

    def __init__(self, root: Path) -> None:
        self.root = root
        import git

        self._program = require_git(root.name or str(root))
        self._git = git.Git(str(root))
        self._options: list[str] = []
        for setting in _ALWAYS:
            self._options += ["-c", setting]
        if _may_name_programs(root / ".git"):
            for name in self._local_program_settings():
                self._options += ["-c", f"{name}="]

    def _local_program_settings(self) -> list[str]:
        listing = self.run("config", "--list", "--show-scope", "--name-only", check=False)
        names = []
        for line in listing.splitlines():
            scope, _, name = line.partition("\t")
            if scope in ("local", "worktree") and _PROGRAM_SETTINGS.match(name):
                names.append(name)
        return names

    def run(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> str:
        """Run git and return what it printed, as text."""
        return self.run_bytes(*args, input_bytes=input_bytes, check=check).decode(
            "utf-8", "replace")

    def run_bytes(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> bytes:
        import git

        command = [self._program, *self._options, *args]
        try:
            if input_bytes is None:
                status, out, err = self._git.execute(
                    command, with_extended_output=True, with_exceptions=False,
                    stdout_as_string=False, strip_newline_in_stdout=False, env=_ENVIRONMENT)
            else:
                process = self.start(*args)
                out, err = process.proc.communicate(input_bytes)
                status = process.proc.returncode
        except git.GitCommandNotFound:
            raise BookError(git_missing_problem(self.root.name)) from None
        if check and status != 0:
            raise GitFailed(_subcommand(args), err if isinstance(err, str) else err.decode("utf-8",
                                                                                "replace"))
        return out

    def start(self, *args: str) -> git.cmd.Git.AutoInterrupt:
        """Start git with its input and output open as pipes (to stream data in and out)."""
        command = [self._program, *self._options, *args]
        return self._git.execute(command, as_process=True, istream=subprocess.PIPE,
                                 env=_ENVIRONMENT)


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
    """git's lock file `name` (like .git/index.lock) is there: another git is at work, or one
    stopped half-way."""
    return Problem(name, "Another program is saving a version of this book, or stopped while "
                   f"doing so and left {name} behind.", "Close other programs that use the "
                   f"book (git, editors). If none is running, delete {name} and try again.")
