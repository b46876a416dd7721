"""Reading the history: which saved versions there are, what each changed, and old texts.

Everything that reads saved versions comes through here, so git's output is parsed in one
place and each question costs one git process however many versions or texts it covers: one
`git log` for versions, one `git cat-file --batch` for any number of texts.

The log is asked for with NUL between fields (`-z`), and NUL is the one character that cannot
be part of a name, an e-mail, a description or a file name, so none of those can be mistaken
for the next field, whatever they contain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.history.git_runner import GitRunner
    from coauthor_desk.history.versions import Version

# A version as %H, who saved it, %aI, %s (the first paragraph of its description, on one line).
_FORMAT = "--format=%H%x00{name}%x00{email}%x00%aI%x00%s"
_AS_SAVED = _FORMAT.format(name="%an", email="%ae")
_AS_MAILMAP = _FORMAT.format(name="%aN", email="%aE")  # names as the book's .mailmap gives
_HEADER_FIELDS = 5
_PLAIN_FILE_MODES = (b"100644", b"100755")

# What to ask for: a content id, or (version, path) for a file as saved in that version.
Wanted = str | tuple[str, str]


@dataclass(frozen=True)
class FileChange:
    """What one saved version did to one file, by content id (None: the file was not there)."""

    path: str
    old: str | None
    new: str | None
    status: str  # git's letter: A added, M changed, D removed, T changed kind


@dataclass(frozen=True)
class LoggedVersion:
    """A saved version with the file changes it made (empty unless they were asked for)."""

    version: Version
    changes: tuple[FileChange, ...] = ()


# Versions ------------------------------------------------------------------------------------

def versions(git: GitRunner, revisions: Sequence[str], paths: Sequence[str] = (),
             limit: int | None = None) -> list[Version]:
    """Saved versions in `revisions` (newest first) that changed any of `paths`, if given."""
    options = [f"--max-count={limit}"] if limit else []
    return [logged.version for logged in _log(git, options, revisions, paths)]


def listed_versions(git: GitRunner, ids: Sequence[str]) -> list[Version]:
    """Exactly the versions named by `ids` (whole or the start of them), in the order given.
    Empty when any of them is unknown or ambiguous, since git then lists none of them."""
    try:
        return [logged.version for logged in _log(git, ["--no-walk=unsorted"], ids, ())]
    except BookError:
        return []


def versions_with_changes(git: GitRunner, revisions: Sequence[str], paths: Sequence[str], *,
                          limit: int | None = None, oldest_first: bool = False,
                          every_line: bool = False, merges: bool = True,
                          mailmap: bool = False) -> list[LoggedVersion]:
    """Versions in `revisions` that changed `paths`, each with its changes to those paths.

    `every_line` also walks lines of work that were combined later (git's --full-history),
    so a change made and undone on a side line is still seen. Versions that combine two lines
    have no changes of their own listed (they are told where they were made); `merges=False`
    leaves them out altogether. `mailmap` gives names and e-mails as the book's .mailmap maps
    them.
    """
    options = ["--raw", "--no-renames", "--no-abbrev"]
    options += [f"--max-count={limit}"] if limit else []
    options += ["--reverse"] if oldest_first else []
    options += ["--full-history"] if every_line else []
    options += [] if merges else ["--no-merges"]
    return _log(git, options, revisions, paths, mailmap)


def _log(git: GitRunner, options: list[str], revisions: Sequence[str], paths: Sequence[str],
         mailmap: bool = False) -> list[LoggedVersion]:
    for revision in revisions:
        _refuse_option(revision)
    # A person's own log.showSignature would put gpg's words in the middle of the fields.
    out = git.run_bytes("log", "-z", "--no-color", "--no-show-signature",
                        _AS_MAILMAP if mailmap else _AS_SAVED, *options, *revisions, "--",
                        *(f":(literal){path}" for path in paths))
    return parse_log(out)


def _refuse_option(revision: str) -> None:
    """A version id read from a file could start with '-' and be taken as an instruction."""
    if not revision or revision.startswith("-"):
        raise BookError(Problem(revision or "(nothing)", "This is not a saved version.",
                                "Choose a version from the history."))


def parse_log(out: bytes) -> list[LoggedVersion]:
    """Read `git log -z` output in the format above, with or without `--raw` changes.

    The fields come one after another, NUL between them: five for each version, then two
    (":modes ids status", path) for each file it changed. A version id is hexadecimal, and
    a change always starts with ':', so where one version ends is never in doubt.
    """
    from coauthor_desk.history.versions import Version  # versions.py uses this module

    # One decoding of the whole output is much faster than one per field, and the same, as
    # NUL is never part of a character.
    fields = out.decode("utf-8", "replace").split("\0")
    found = []
    at, end = 0, len(fields)
    while at + _HEADER_FIELDS <= end and fields[at].strip():
        version_id, name, email, when, description = fields[at:at + _HEADER_FIELDS]
        at += _HEADER_FIELDS
        changes = []
        while at + 1 < end and (fields[at][:1] == ":" or fields[at][:2] == "\n:"):
            changes.append(_change(fields[at].lstrip("\n"), fields[at + 1]))
            at += 2
        found.append(LoggedVersion(Version(version_id.strip(), name, email,
                                           datetime.fromisoformat(when), description),
                                   tuple(changes)))
    return found


def _change(meta: str, path: str) -> FileChange:
    """One `--raw` line: ':old-mode new-mode old-id new-id status' and the path."""
    _old_mode, _new_mode, old, new, status = meta[1:].split(" ", 4)
    return FileChange(path, _id_or_none(old), _id_or_none(new), status[:1])


def _id_or_none(content_id: str) -> str | None:
    return None if not content_id.strip("0") else content_id


# Texts ---------------------------------------------------------------------------------------

def contents(git: GitRunner, wanted: Iterable[Wanted]) -> dict[Wanted, bytes | None]:
    """The saved bytes of each thing asked for, in one call to git; None for what the history
    does not hold as a file (never saved, not part of that version, or a folder)."""
    asked = list(dict.fromkeys(wanted))
    names = {request: _object_name(request) for request in asked}
    sendable = [request for request in asked if names[request] is not None]
    result: dict[Wanted, bytes | None] = dict.fromkeys(asked)
    if sendable:
        data = git.run_bytes("cat-file", "--batch", input_bytes=b"".join(
            f"{names[request]}\n".encode() for request in sendable))
        result.update(zip(sendable, _parse_batch(data, len(sendable)), strict=True))
    return result


def _object_name(request: Wanted) -> str | None:
    """git's name for what is asked for, or None when it cannot be asked for on one line."""
    name = f"{request[0]}:{request[1]}" if isinstance(request, tuple) else request
    return None if not name or "\n" in name or "\r" in name else name


def _parse_batch(data: bytes, count: int) -> list[bytes | None]:
    """Read `cat-file --batch` output: for each name, '<id> <kind> <size>' and the bytes, or
    '<name> missing' (or 'ambiguous') alone."""
    found: list[bytes | None] = []
    position = 0
    for _ in range(count):
        end = data.index(b"\n", position)
        header = data[position:end]
        position = end + 1
        if header.endswith((b" missing", b" ambiguous")):
            found.append(None)
            continue
        _id, kind, size = header.rsplit(b" ", 2)
        body = data[position:position + int(size)]
        position += int(size) + 1
        found.append(body if kind == b"blob" else None)
    return found


def file_ids(git: GitRunner, version: str, paths: Sequence[str]) -> dict[str, str]:
    """The content id of each of `paths` as saved in `version`, in one call. Files that are
    not there, or are not plain files (a link, a folder), are left out."""
    if not paths:
        return {}
    _refuse_option(version)
    wanted = set(paths)
    found: dict[str, str] = {}
    for entry in git.run_bytes("ls-tree", "-r", "-z", version, "--", *paths).split(b"\0"):
        info, _, name = entry.partition(b"\t")
        parts = info.split(b" ")
        path = name.decode("utf-8", "replace")
        if len(parts) == 3 and parts[1] == b"blob" and parts[0] in _PLAIN_FILE_MODES \
                and path in wanted:
            found[path] = parts[2].decode("ascii")
    return {path: found[path] for path in paths if path in found}
