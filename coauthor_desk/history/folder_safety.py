"""A book folder someone hands you can never make this computer run a program.

git can be told to run programs by settings in many places (the folder's own settings file,
files it includes, a shared settings folder named by `commondir`, settings for one work tree,
a history nested inside the book). Blanking dangerous settings one by one can never be complete,
so the rule is the other way round: before anything else, git itself lists every setting the
folder brings, and the book opens only when each of them is on a short list of settings that
run nothing. A person's own settings (their name, e-mail, passwords helper) stay theirs.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem

# Settings that run nothing, by their full name (git gives section and key in lower case).
_HARMLESS = frozenset({
    "core.repositoryformatversion", "core.bare", "core.filemode", "core.ignorecase",
    "core.logallrefupdates", "core.symlinks", "core.precomposeunicode", "core.autocrlf",
    "core.eol", "core.safecrlf", "core.quotepath", "core.longpaths", "core.protectntfs",
    "core.protecthfs", "core.checkstat", "core.trustctime", "core.sharedrepository",
    "core.untrackedcache", "user.name", "user.email", "init.defaultbranch",
    "extensions.worktreeconfig", "pull.rebase", "pull.ff", "push.default", "fetch.prune",
    "merge.ff", "merge.conflictstyle",
})
# Settings with a name of their own in the middle (a line of work, a shared copy).
_HARMLESS_NAMED = re.compile(
    r"(branch\..+\.(merge|rebase|description)"
    r"|remote\..+\.(fetch|push|prune|tagopt|mirror)"
    r"|gc\.[^.]+|gc\..+\.(reflogexpire|reflogexpireunreachable))", re.DOTALL)
# Addresses of a shared copy: a URL of a plain protocol, user@host:path, or a folder. Other
# protocols, and anything with "::", ask git to run a helper program named by the address.
_ADDRESS_SETTING = re.compile(r"remote\..+\.(url|pushurl)|branch\..+\.(remote|pushremote)",
                              re.DOTALL)
_PLAIN_PROTOCOLS = ("https", "http", "ssh", "git", "file")
# Files git reads from the book's own folders as it works.
_READ_BY_GIT = frozenset({".gitignore", ".gitattributes", ".mailmap"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHOWN_AT_MOST = 5  # refused settings named one by one; the rest are counted
# Which rules a folder's settings were checked by: a change of rules checks every book again.
_RULES = files.fingerprint(repr((sorted(_HARMLESS), _HARMLESS_NAMED.pattern,
                                 _ADDRESS_SETTING.pattern, _PLAIN_PROTOCOLS)).encode())
_TODO = ("If you trust where this book folder came from, remove that setting (the line in the "
         "file named) and open the book again; otherwise ask whoever shared it for a fresh copy.")


def harmless(name: str, value: str | None) -> bool:
    """Whether a setting the book folder brings is on the list of settings that run nothing."""
    if name in _HARMLESS or _HARMLESS_NAMED.fullmatch(name):
        return True
    if _ADDRESS_SETTING.fullmatch(name):
        address = value or ""
        protocol, separator, rest = address.partition("://")
        return bool(address) and "::" not in address and not address.startswith("-") and \
            not _CONTROL.search(address) and \
            (not separator or (protocol.lower() in _PLAIN_PROTOCOLS and
                               not rest.split("@")[-1].startswith("-")))
    return False


def locate_git_folder(root: Path) -> Path:
    """The folder where the book's history is kept, refusing one that leads outside the book.

    A `.git` file (a linked work tree) and a `commondir` are followed only while they stay
    inside the book folder, so no settings or programs from elsewhere can come with them.
    """
    dot_git = root / ".git"
    if dot_git.is_symlink():
        raise BookError(Problem(".git", "The book's history (.git) is a link to another place, "
                                "so the book was not opened.", "Ask whoever shared the book "
                                "for a copy with its history inside the book folder."))
    if dot_git.is_file():
        text = _small_text(dot_git, ".git")
        if not text.startswith("gitdir:"):
            raise BookError(_missing_history())
        git_dir = _inside(root, root, text[len("gitdir:"):].strip(), ".git")
        if not (git_dir / "HEAD").is_file():
            raise BookError(Problem(".git", "This folder's .git file points to a history of "
                                    "saved versions that is not there any more.", "Put the "
                                    "history back where it was, or ask whoever shared the book "
                                    "for a fresh copy that includes its history."))
    elif dot_git.is_dir():
        git_dir = dot_git
    else:
        raise BookError(Problem(root.name or str(root), "This folder does not keep a history of "
                                "saved versions yet (it has no .git folder).",
                                "Make a new book with 'coauthor-desk new', or ask whoever shared "
                                "the book for a copy that includes its history."))
    commondir = git_dir / "commondir"
    if commondir.exists() or commondir.is_symlink():
        _inside(root, git_dir, _small_text(commondir, ".git/commondir"), ".git/commondir")
    for alternates in ("objects/info/alternates", "objects/info/http-alternates"):
        if (git_dir / alternates).exists():
            raise BookError(Problem(f".git/{alternates}", "The book's history borrows saved "
                                    "versions from another place on this computer, so the book "
                                    "was not opened.", "Ask whoever shared the book for a "
                                    "complete copy of its history."))
    if not (git_dir / "HEAD").is_file() or not (git_dir / "objects").is_dir():
        raise BookError(_missing_history())
    return git_dir


def refuse_special_files(git_dir: Path) -> None:
    """git reads many files in its own folder as it works: a named pipe there would make it wait
    for ever, and a link could lead it outside the book. Only plain files and folders may be
    there (the stored versions themselves are only read when asked for, so they are skipped)."""
    for folder, folders, names in os.walk(git_dir):
        if Path(folder) == git_dir / "objects":
            folders[:] = [f for f in folders if f in ("info", "pack")]
        for name in (*folders, *names):
            path = os.path.join(folder, name)
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                continue  # a lock file of a git program just finishing
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                where = Path(path).relative_to(git_dir).as_posix()
                raise BookError(Problem(f".git/{where}", "This part of the book's history is a "
                                        "link or a special kind of file instead of a plain file, "
                                        "so the book was not opened.", "Ask whoever shared the "
                                        "book for a fresh copy that includes its history."))


def check_book_files(root: Path) -> None:
    """One look through the book's files for what git would trip on before it runs.

    A history inside the book (a nested .git, or other books listed in .gitmodules) has settings
    of its own that git would obey when it steps inside: it is refused, never entered. A named
    pipe where git reads its lists (.gitignore, .gitattributes, .mailmap) would make git wait
    for ever: it is refused too.
    """
    if (root / ".gitmodules").exists():
        raise BookError(Problem(".gitmodules", "This book folder lists other folders with "
                                "histories of their own (.gitmodules), which CoAuthor Desk does "
                                "not open.", "Remove .gitmodules and those folders from the "
                                "book, then open it again."))
    top = os.fspath(root)
    for folder, folders, names in os.walk(top):
        for name in (*folders, *names):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, top).replace(os.sep, "/")
            if name.lower() == ".git" and folder != top:
                raise BookError(Problem(relative, "This folder inside the book keeps a history "
                                        "of its own, which CoAuthor Desk does not open.",
                                        "Move it out of the book folder, then open the book "
                                        "again."))
            if name.lower() in _READ_BY_GIT:
                try:
                    files.refuse_special(relative, os.stat(path).st_mode)
                except OSError:  # a link to nowhere: git skips it too
                    continue
        if folder == top:
            folders[:] = [f for f in folders if f != ".git"]


def settings_fingerprint(git_dir: Path) -> str | None:
    """The fingerprint of every setting the folder brings, when they all sit in one settings
    file (no includes, no shared or work-tree settings), with the rules they were checked by;
    None when git must be asked. A folder whose settings were checked and have not changed
    since need not be asked again."""
    if (git_dir / "commondir").exists() or (git_dir / "config.worktree").exists():
        return None
    try:
        data = (git_dir / "config").read_bytes()
    except OSError:
        return None
    if b"include" in data.lower():
        return None
    return f"{files.fingerprint(data)}:{_RULES}"


def check_settings(root: Path, listing: bytes) -> None:
    """Refuse the book when any setting from the folder itself is not a harmless one.

    `listing` is `git config --list --show-scope --show-origin -z`: scope, origin, and
    "name\\nvalue" (or just the name, for a setting written without a value), each ending in NUL.
    """
    fields = listing.decode("utf-8", "replace").split("\0")
    refused = []
    for scope, origin, entry in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
        if scope not in ("local", "worktree"):
            continue  # the computer's and the person's own settings, not the book's
        name, newline, value = entry.partition("\n")
        if not harmless(name, value if newline else None):
            refused.append(Problem(_origin(root, origin), f"The book folder's settings include "
                                   f"'{_shown(name)}', which could make this computer run a "
                                   "program, so the book was not opened.", _TODO))
    if len(refused) > _SHOWN_AT_MOST:
        more = len(refused) - _SHOWN_AT_MOST
        refused[_SHOWN_AT_MOST:] = [Problem(refused[_SHOWN_AT_MOST].file, f"{more} more settings "
                                            "like these are there too.", _TODO)]
    if refused:
        raise BookError(refused)


def _shown(name: str) -> str:
    """A setting's name as it may be shown: control characters spelled out, never sent raw."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", name)


def unreadable_settings(detail: str) -> BookError:
    """git could not read the folder's settings at all."""
    line = re.search(r"line (\d+) in file (.+?)\s*$", detail, re.M)
    return BookError(Problem(".git/config" if not line else _relative_name(line.group(2)),
                             "The book folder's settings cannot be read, so the book was not "
                             "opened.", "Ask whoever shared the book for a fresh copy.",
                             int(line.group(1)) if line else None))


def _origin(root: Path, origin: str) -> str:
    kind, _, where = origin.partition(":")
    if kind != "file":
        return ".git/config"
    return _relative_name(where, root)


def _relative_name(where: str, root: Path | None = None) -> str:
    where = _shown(os.path.normpath(where))
    path = Path(where)
    if root is not None and path.is_absolute():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return where
    return where


def _inside(root: Path, base: Path, target: str, name: str) -> Path:
    """`target` (absolute, or relative to `base`) when it stays inside the book folder."""
    path = Path(target)
    path = (path if path.is_absolute() else base / path).resolve()
    real_root = root.resolve()
    if path != real_root and real_root not in path.parents:
        raise BookError(Problem(name, "The book's history is kept in a place outside the book "
                                "folder, so the book was not opened.", "Ask whoever shared the "
                                "book for a copy with its history inside the book folder."))
    return path


def _small_text(path: Path, name: str) -> str:
    try:
        if not path.is_file() or path.stat().st_size > 4096:
            raise OSError
        return path.read_text("utf-8", "replace").strip()
    except OSError:
        raise BookError(_missing_history()) from None


def _missing_history() -> Problem:
    return Problem(".git", "The .git folder, where the history of saved versions is kept, is "
                   "empty or damaged.", "Your chapter files are untouched. Ask whoever shared "
                   "the book for a fresh copy that includes its history.")
