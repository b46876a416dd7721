"""Write a long history in one go with `git fast-import`.

Saving hundreds of versions one by one takes minutes; streaming them into fast-import takes
seconds. Used to build the example book and the benchmark book. No code from the folder runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coauthor_desk.history.git_runner import GitFailed, GitRunner
from coauthor_desk.history.versions import MAIN_LINE, History, Identity


@dataclass(frozen=True)
class PlannedVersion:
    """One version to write: who, when, why, and the files it changes (None removes a file)."""

    who: Identity
    when: datetime
    description: str
    changes: dict[str, str | None]


def write_history(root: Path, versions: Iterable[PlannedVersion]) -> int:
    """Write `versions` as the history of a new, empty book folder and check out the result.

    Returns the number of versions written. The history is packed tightly at the end.
    """
    root.mkdir(parents=True, exist_ok=True)
    runner = GitRunner(root, new=True)
    runner.run("init", "--quiet", f"--initial-branch={MAIN_LINE}")
    process = runner.start("fast-import", "--quiet", "--done")
    stream = process.proc.stdin
    count = 0
    for count, version in enumerate(versions, start=1):
        stream.write(_commit(version, count))
    stream.write(b"done\n")
    stream.close()
    error = process.proc.stderr.read()
    if process.proc.wait() != 0:
        raise GitFailed("fast-import", error.decode("utf-8", "replace"))
    history = History(root)
    history.git.run("reset", "--hard", "--quiet")
    history.tidy()
    history.mark_seen()
    return count


def _commit(version: PlannedVersion, mark: int) -> bytes:
    stamp = f"{int(version.when.timestamp())} {version.when.strftime('%z') or '+0000'}"
    person = f"{version.who.name} <{version.who.email}> {stamp}"
    message = version.description.encode("utf-8")
    parts = [f"commit refs/heads/{MAIN_LINE}\nmark :{mark}\nauthor {person}\n"
             f"committer {person}\ndata {len(message)}\n".encode(), message, b"\n"]
    if mark > 1:
        parts.append(f"from :{mark - 1}\n".encode())
    for path, text in version.changes.items():
        if text is None:
            parts.append(f"D {path}\n".encode())
            continue
        data = text.encode("utf-8")
        parts += [f"M 100644 inline {path}\ndata {len(data)}\n".encode(), data, b"\n"]
    parts.append(b"\n")
    return b"".join(parts)
