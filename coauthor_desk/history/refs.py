"""The id of the newest saved version, read from git's own small files where that is simple.

Asking git costs a program start; saving a version needs the newest id twice, so reading it
here keeps a save close to git's own speed. Whenever the files are not in the simple shape
(a history shared with other work trees, an unusual ref), the caller asks git instead.
"""

from __future__ import annotations

import re
from pathlib import Path

_ID = re.compile(r"[0-9a-f]{40}")


class AskGit(Exception):
    """The files are not in a shape read here: ask git."""


def newest_id(git_dir: Path) -> str | None:
    """The id HEAD stands for, or None when nothing is saved yet."""
    if (git_dir / "commondir").exists():
        raise AskGit
    head = _read(git_dir / "HEAD")
    if _ID.fullmatch(head):
        return head
    if not head.startswith("ref: refs/heads/"):
        raise AskGit
    name = head[len("ref: "):]
    loose = git_dir / name
    if loose.exists():
        tip = _read(loose)
        if not _ID.fullmatch(tip):
            raise AskGit
        return tip
    packed = git_dir / "packed-refs"
    if packed.exists():
        for line in _read(packed).splitlines():
            tip, _, ref = line.partition(" ")
            if ref == name and _ID.fullmatch(tip):
                return tip
    return None


def _read(path: Path) -> str:
    try:
        if path.is_symlink() or path.stat().st_size > 10_000_000:
            raise AskGit
        return path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise AskGit from None
