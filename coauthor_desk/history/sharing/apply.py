"""Carrying out a combination: the working files and the new version, all or nothing.

Everything happens inside the book's one transaction: each file is kept in the journal before
it changes, the combined version is built on a temporary list of files (a temporary index, so
git's own list is untouched until the end), saved with two parents, and the book's newest
version moved to it in one step that checks nobody else moved it meanwhile. A program stopped
at any moment leaves a journal: before that last step the files are put back, after it the
new version is kept. Nothing is ever half-way, and git's merge is never used.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing.combine import Plan
from coauthor_desk.history.versions import Version
from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.history.versions import History, Identity

_PLAIN = ("100644", "100755")
_TEMPORARY_INDEX = "combine-index"


def with_index(runner: GitRunner, index: Path) -> GitRunner:
    """The same runner with git's list of files kept in `index` instead of the book's own."""
    other = copy.copy(runner)
    other._environment = {**runner._environment, "GIT_INDEX_FILE": str(index)}  # noqa: SLF001
    return other


def carry_out(history: History, who: Identity, said: str, mine: str, theirs: str,
              plan: Plan | None) -> Version | None:
    """Move the book from `mine` to the combination of `mine` and `theirs` (`plan`), or to
    `theirs` itself when `plan` is None (only the shared copy had new versions)."""
    git = history.git
    with history.transaction(who, said) as saving:
        entries: list[str] = []
        if plan is None:
            from coauthor_desk.history.sharing.combine import changes

            plan = Plan(writes={path: None if entry.id is None else (entry.mode, entry.id)
                                for path, entry in changes(git, mine, theirs).items()})
            fast_forward = True
        else:
            fast_forward = False
        stored = _stored_bytes(history, plan)
        for path, change in sorted(plan.writes.items()):
            _refuse_history_path(path)
            target = files.inside_book(history.root, path)
            assert saving.keep is not None
            saving.keep(path)
            if change is None:
                target.unlink(missing_ok=True)
                entries.append(f"0 {'0' * 40}\t{path}")
                continue
            mode, content = change
            data = content if isinstance(content, bytes) else stored[content]
            content_id = _store(git, data) if isinstance(content, bytes) else content
            entries.append(f"{mode} {content_id}\t{path}")
            if mode in _PLAIN:
                files.write_bytes(target, data, durable=False)
                if mode == "100755":
                    target.chmod(target.stat().st_mode | 0o111)
        saving.save = lambda paths, new_paths: _save(history, who, said, mine, theirs, entries,
                                                     paths, fast_forward)
    return saving.version


def _refuse_history_path(path: str) -> None:
    """A shared copy could name a file inside the history folder itself (.git, in any
    spelling): such a file is never written."""
    if any(part.lower().rstrip(". ") in (".git", "git~1") for part in path.split("/")):
        raise BookError(Problem(path, "The shared copy holds a file inside the book's history "
                                "folder, which is never taken from another computer, so "
                                "nothing was changed.", "Ask whoever keeps the shared copy "
                                "to remove that file from it."))


def _stored_bytes(history: History, plan: Plan) -> dict[str, bytes]:
    """The bytes of every file the plan takes as stored, in one call."""
    ids = [change[1] for change in plan.writes.values()
           if change is not None and isinstance(change[1], str)]
    found = history.contents(ids)
    return {key: value or b"" for key, value in found.items() if isinstance(key, str)}


def _store(git: GitRunner, data: bytes) -> str:
    """Keep new bytes in the history; their content id."""
    return git.run("hash-object", "-w", "--no-filters", "--stdin", input_bytes=data).strip()


def _save(history: History, who: Identity, said: str, mine: str, theirs: str,
          entries: list[str], paths: list[str], fast_forward: bool) -> Version | None:
    """Save the combined version with both parents (or take the shared one as it is), then
    move the book's newest version to it, checking it is still `mine`."""
    git = history.git
    if fast_forward:
        new = theirs
    else:
        index = history.git_dir / "coauthor" / _TEMPORARY_INDEX
        # Left by a combination that was stopped: ours alone, and the book's lock is held.
        index.unlink(missing_ok=True)
        index.with_name(f"{_TEMPORARY_INDEX}.lock").unlink(missing_ok=True)
        temporary = with_index(git, index)
        temporary.run("read-tree", mine)
        if entries:
            temporary.run("update-index", "--index-info",
                          input_bytes="".join(f"{e}\n" for e in entries).encode("utf-8"))
        tree = temporary.run("write-tree").strip()
        index.unlink(missing_ok=True)
        new = git.run("-c", f"user.name={who.name}", "-c", f"user.email={who.email}",
                      "commit-tree", tree, "-p", mine, "-p", theirs,
                      input_bytes=said.encode("utf-8")).strip()
    when = datetime.now().astimezone().replace(microsecond=0)
    git.run("update-ref", "-m", "sharing: combined", "HEAD", new, mine)
    if paths:
        history.unstage(paths)
    history.mark_seen(new)
    if fast_forward:
        found = history.listed_versions([new])
        return found[0] if found else None
    return Version(new, who.name, who.email, when, said)
