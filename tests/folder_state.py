"""Helpers for tests that must show nothing changed on disk, and nothing waited for ever."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def snapshot(*roots: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under each root, by its whole path: kind, time, size and bytes (links are
    listed, never followed; a named pipe is never read, since reading it would wait)."""
    entries: dict[str, tuple[object, ...]] = {}
    for root in roots:
        if not os.path.lexists(root):
            continue
        paths = [root]
        if root.is_dir() and not root.is_symlink():
            for folder, subfolders, names in os.walk(root):
                paths += [Path(folder, name) for name in [*subfolders, *names]]
        for path in paths:
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                content: object = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                content = "folder"
            elif not stat.S_ISREG(info.st_mode):
                content = "special"
            else:
                content = path.read_bytes()
            entries[str(path)] = (info.st_mode, info.st_mtime_ns, info.st_size, content)
    return entries


def changed(before: dict[str, tuple[object, ...]], after: dict[str, tuple[object, ...]]
            ) -> list[str]:
    """The entries added, removed or changed between two snapshots."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop an in-process call that runs too long (where the platform allows it), so a test
    fails instead of hanging the whole run."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
