"""The corpus of broken book folders, and how to turn one into a real book folder for a test.

Each folder under `broken/` is a small book broken in exactly one way, with a `case.yaml` saying
what is broken and what the message about it must name. `case.yaml` is not part of the book.

Some breakages cannot (or should not) be kept in the project's own repository: files that are not
UTF-8, binary files, symbolic links, named pipes, a 10 MB chapter, two files whose names differ
only in capital letters. Those are made at test time by the case's `make` recipe (see RECIPES),
applied to the case's `file`. The history states (`git`, see GIT_STATES) are always made at test
time with the real git program: normal (one saved version), none, detached, merge, rebase and
cherry-pick (each a real conflict left unfinished), empty-git-folder, git-file-to-nowhere and
corrupt-index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

BROKEN = Path(__file__).parent / "broken"
CASE_FILE = "case.yaml"
BOOK_FOLDER = "book"        # materialise() makes tmp_path/book
OUTSIDE_FOLDER = "outside"  # ... and puts anything "outside the book" in tmp_path/outside
KEYS = {"about", "file", "line", "words", "git", "make"}

CASES: list[str] = sorted(
    path.name for path in BROKEN.iterdir() if (path / CASE_FILE).is_file())

# The smallest book that opens without a problem; every case is a copy of it broken one way.
VALID_BOOK: dict[str, str] = {
    "book.yaml": (
        "title: A Small Book\n"
        "editors: [helen-marsh]\n"
        "chapters:\n"
        "  - one\n"
        "  - two\n"
    ),
    "people/helen-marsh.yaml": (
        "id: helen-marsh\n"
        "name: Helen Marsh\n"
        "roles: [editor]\n"
    ),
    "people/amira-yusuf.yaml": (
        "id: amira-yusuf\n"
        "name: Amira Yusuf\n"
        "credit:\n"
        "  as: first-name\n"
        "roles: [co-author]\n"
        "contact:\n"
        "  prefers: email\n"
    ),
    "chapters/one.md": (
        "---\n"
        "id: one\n"
        "title: Why this book\n"
        "authors: [helen-marsh]\n"
        "status: drafting\n"
        "---\n"
        "\n"
        "# Why this book\n"
        "\n"
        "We asked people who use care services to write about their own lives.\n"
    ),
    "chapters/two.md": (
        "---\n"
        "id: two\n"
        "title: Leaving care\n"
        "authors: [amira-yusuf]\n"
        "status: with-editors\n"
        "---\n"
        "\n"
        "# Who am I?\n"
        "\n"
        "I'm Amira. I work on the front desk at a dental surgery.\n"
    ),
}


def expectation(case: str) -> dict[str, Any]:
    """What `case.yaml` says about the case, with the optional keys filled in."""
    data = yaml.safe_load((BROKEN / case / CASE_FILE).read_text("utf-8"))
    if not isinstance(data, dict) or not {"about", "file"} <= set(data) <= KEYS:
        raise ValueError(f"{case}/{CASE_FILE} must hold 'about' and 'file' and only {KEYS}")
    data.setdefault("line", None)
    data["words"] = list(data.get("words") or [])
    data["git"] = data.get("git") or "normal"
    data.setdefault("make", None)
    if data["git"] not in GIT_STATES:
        raise ValueError(f"{case}: unknown git state {data['git']!r}")
    if data["make"] is not None and data["make"] not in RECIPES:
        raise ValueError(f"{case}: unknown make recipe {data['make']!r}")
    return data


def materialise(case: str, tmp_path: Path) -> Path:
    """Build the case as a real book folder in tmp_path and return the folder.

    The case is copied (without case.yaml), its `make` recipe is applied, git makes it a book
    folder with a saved version, and then the case's `git` state is applied.
    """
    expected = expectation(case)
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = tmp_path / BOOK_FOLDER
    shutil.copytree(BROKEN / case, folder, symlinks=True)
    (folder / CASE_FILE).unlink()
    if expected["make"] is not None:
        RECIPES[expected["make"]](folder, expected["file"])
    GIT_STATES[expected["git"]](folder)
    return folder


def write_valid_book(tmp_path: Path) -> Path:
    """The valid small book as a real book folder with one saved version (the control case)."""
    folder = tmp_path / BOOK_FOLDER
    for relative, text in VALID_BOOK.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    _saved(folder)
    return folder


# Real git, kept away from this computer's own git settings -----------------------------------
_GIT_ENVIRONMENT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
                    "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true"}


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
         "-c", "commit.gpgSign=false", "-c", "core.autocrlf=false", *args],
        cwd=folder, capture_output=True, text=True, check=check,
        env={**os.environ, **_GIT_ENVIRONMENT})


def _saved(folder: Path) -> None:
    git(folder, "init", "--quiet", "--initial-branch=main")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--message", "First version")


def _no_history(folder: Path) -> None:
    pass


def _detached(folder: Path) -> None:
    """Someone looked at an older saved version with 'git checkout' and stayed there."""
    _saved(folder)
    git(folder, "commit", "--quiet", "--allow-empty", "--message", "Second version")
    git(folder, "checkout", "--quiet", "--detach", "HEAD~1")


def _two_lines_of_work(folder: Path) -> Path:
    """Two branches that change the same line of the same chapter differently."""
    _saved(folder)
    chapter = sorted((folder / "chapters").glob("*.md"))[0]
    original = chapter.read_bytes()
    git(folder, "branch", "other")
    chapter.write_bytes(original + b"\nA last line written on main.\n")
    git(folder, "commit", "--quiet", "--all", "--message", "Changed on main")
    git(folder, "checkout", "--quiet", "other")
    chapter.write_bytes(original + b"\nA last line written on the other line of work.\n")
    git(folder, "commit", "--quiet", "--all", "--message", "Changed on other")
    return chapter


def _merge(folder: Path) -> None:
    _two_lines_of_work(folder)
    git(folder, "checkout", "--quiet", "main")
    result = git(folder, "merge", "--no-edit", "other", check=False)
    if result.returncode == 0 or not (folder / ".git" / "MERGE_HEAD").exists():
        raise AssertionError(f"the merge should have stopped on a conflict: {result}")


def _rebase(folder: Path) -> None:
    _two_lines_of_work(folder)
    result = git(folder, "rebase", "main", check=False)
    if result.returncode == 0 or not (folder / ".git" / "rebase-merge").is_dir():
        raise AssertionError(f"the rebase should have stopped on a conflict: {result}")


def _cherry_pick(folder: Path) -> None:
    _two_lines_of_work(folder)
    git(folder, "checkout", "--quiet", "main")
    result = git(folder, "cherry-pick", "other", check=False)
    if result.returncode == 0 or not (folder / ".git" / "CHERRY_PICK_HEAD").exists():
        raise AssertionError(f"the cherry-pick should have stopped on a conflict: {result}")


def _empty_git_folder(folder: Path) -> None:
    """A .git folder with nothing in it (a copy or sync tool that skipped its contents)."""
    (folder / ".git").mkdir()


def _git_file_to_nowhere(folder: Path) -> None:
    """A .git file pointing at a history that was moved away (as a 'git worktree' leaves)."""
    (folder / ".git").write_text("gitdir: ../moved-away/.git/worktrees/book\n", "utf-8")


def _corrupt_index(folder: Path) -> None:
    _saved(folder)
    (folder / ".git" / "index").write_bytes(b"DIRC this is not an index any more")


GIT_STATES: dict[str, Callable[[Path], None]] = {
    "normal": _saved,
    "none": _no_history,
    "detached": _detached,
    "merge": _merge,
    "rebase": _rebase,
    "cherry-pick": _cherry_pick,
    "empty-git-folder": _empty_git_folder,
    "git-file-to-nowhere": _git_file_to_nowhere,
    "corrupt-index": _corrupt_index,
}


# Special files made at test time, each applied to the case's `file` --------------------------
def _not_utf8(folder: Path, relative: str) -> None:
    """The same text saved as Latin-1, as older Windows editors do."""
    path = folder / relative
    text = path.read_text("utf-8")
    if text.isascii():
        raise AssertionError(f"{relative} needs a letter outside ASCII for 'not-utf8'")
    path.write_bytes(text.encode("latin-1"))


def _utf16(folder: Path, relative: str) -> None:
    """The same text saved as UTF-16 with a byte order mark (Notepad's old 'Unicode')."""
    path = folder / relative
    path.write_bytes(path.read_text("utf-8").encode("utf-16"))


def _binary(folder: Path, relative: str) -> None:
    """A picture saved under a chapter's name."""
    (folder / relative).write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00"
        b"\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82")


def _symlink_outside(folder: Path, relative: str) -> None:
    """Move the file out of the book folder and leave a link to it in its place."""
    path = folder / relative
    outside = folder.parent / OUTSIDE_FOLDER / path.name
    outside.parent.mkdir(parents=True, exist_ok=True)
    path.replace(outside)
    _symlink(os.path.relpath(outside, path.parent), path)


def _symlink_loop(folder: Path, relative: str) -> None:
    """A link that points at itself."""
    path = folder / relative
    path.unlink()
    _symlink(path.name, path)


def _symlink(target: str, path: Path) -> None:
    try:
        path.symlink_to(target)
    except OSError as error:  # Windows without the right to make links
        pytest.skip(f"this computer cannot make symbolic links ({error})")


def _huge_line(folder: Path, relative: str) -> None:
    """Ten megabytes on a single line after the chapter's details (a pasted-in blob)."""
    path = folder / relative
    sentence = b"All of this was pasted in without a single line break. "
    size = 10 * 1024 * 1024
    path.write_bytes(path.read_bytes() + (sentence * (size // len(sentence) + 1))[:size] + b"\n")


def _named_pipe(folder: Path, relative: str) -> None:
    """A named pipe in the file's place: reading it would wait for ever for a writer. (git
    cannot keep one, and leaves it out of the saved version.)"""
    if not hasattr(os, "mkfifo"):
        pytest.skip("this computer cannot make named pipes")
    path = folder / relative
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _case_twin(folder: Path, relative: str) -> None:
    """A second person file whose name and id differ from `relative` only in capital letters."""
    path = folder / relative
    twin = path.with_name(path.stem.capitalize() + path.suffix)
    if twin.exists():
        pytest.skip("this file system does not tell capital letters apart in file names")
    text = path.read_text("utf-8")
    twin.write_bytes(text.replace(f"id: {path.stem}", f"id: {twin.stem}", 1).encode("utf-8"))


RECIPES: dict[str, Callable[[Path, str], None]] = {
    "not-utf8": _not_utf8,
    "utf16": _utf16,
    "binary": _binary,
    "symlink-outside": _symlink_outside,
    "symlink-loop": _symlink_loop,
    "huge-line": _huge_line,
    "case-twin": _case_twin,
    "named-pipe": _named_pipe,
}
