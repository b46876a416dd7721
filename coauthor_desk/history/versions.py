"""Saved versions of a book folder: start its history, save versions, read them back.

"Save a version" is a git commit made as the person doing the work. Reading goes straight to
git's own commands so that large histories stay fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coauthor_desk.history import reading, refs, transaction
from coauthor_desk.history.git_runner import GitFailed, GitRunner, require_git
from coauthor_desk.manuscript import cache, files
from coauthor_desk.manuscript.model import Person
from coauthor_desk.problems import BookError, Problem

MAIN_LINE = "main"
IGNORE_TEXT = (f"# Kept on this computer only: caches, recovery copies, window state\n"
               f"{files.LOCAL_FOLDER}/\n*{files.TEMP_SUFFIX}\n")
_SEEN_FILE = "seen.json"
# What git says (with LC_ALL=C) when the files to save are the same as the newest version.
_NOTHING_TO_SAVE = re.compile(r"^(nothing (added )?to commit|no changes added to commit)", re.M)


@dataclass(frozen=True)
class Identity:
    """Who saved a version, as git records it."""

    name: str
    email: str


@dataclass(frozen=True)
class Version:
    """One saved version: its id, who saved it, when, and the short description they gave."""

    id: str
    name: str
    email: str
    when: datetime
    description: str


@dataclass(frozen=True)
class OutsideChanges:
    """What changed in the folder without the app: unsaved edits and versions saved elsewhere."""

    unsaved_files: list[str]
    new_versions: list[Version]
    changed_files: list[str]

    @property
    def any(self) -> bool:
        return bool(self.unsaved_files or self.new_versions)


def identity_of(person: Person) -> Identity:
    """How a person's saved versions are signed: their name and their first e-mail identity."""
    email = next((i for i in person.git_identities if "@" in i), f"{person.id}@people.invalid")
    return Identity(person.name, email)


def start_history(root: Path, who: Identity | None, description: str) -> History:
    """Make `root` a book folder with history and save everything in it as the first version.

    Without `who`, the version is signed with this computer's git name, if it has one.
    """
    require_git(str(root))
    if (root / ".git").exists():
        raise BookError(Problem(".git", "This folder already keeps a history.",
                                "Open it as it is, or choose an empty folder for a new book."))
    runner = GitRunner(root, new=True)
    runner.run("init", "--quiet", f"--initial-branch={MAIN_LINE}")
    ignore = root / ".gitignore"
    if not ignore.exists():
        files.write_text(root, ".gitignore", IGNORE_TEXT, None)
    history = History(root)
    if who is None:
        own = history.own_identity()
        who = Identity(own.name or "Editor", own.email or "editor@people.invalid")
    history.save_files_as_version(who, description)
    return history


class History:
    """The saved versions of one book folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git = GitRunner(root)  # refuses a folder that could run a program, before all else
        self.git_dir = self.git.git_dir
        # Told when a save has to wait for another: on the terminal unless the window says
        # where else to show it.
        self.notice: Callable[[str], None] = _say_on_terminal
        _check_state(self.git_dir)
        transaction.recover(self)

    # Saving ----------------------------------------------------------------------------------
    def transaction(self, who: Identity, description: str
                    ) -> AbstractContextManager[transaction.Saving]:
        """Every change to the book: files written inside the `with` are saved as one version
        signed by `who` (`.version` afterwards; None when nothing changed), or all put back."""
        # (the notice is looked up when it is needed: the window sets its own once the save
        # has started, which may be after this is called)
        return transaction.transaction(self, who, description, lambda said: self.notice(said))

    def unstage(self, paths: list[str]) -> None:
        """Make git's list of files (its index) match the newest version again for `paths`."""
        self.git.run("reset", "--quiet", "--", *paths)

    def save_files_as_version(self, who: Identity, description: str,
                              paths: list[str] | None = None,
                              new_paths: list[str] | None = None) -> Version | None:
        """Save the current files (or just `paths`, of which `new_paths` did not exist before)
        as a new version. None if nothing changed. Only the transaction (and the first version
        of a new book) calls this; it runs as few git programs as it can, for speed."""
        if paths is None:
            self.git.run("add", "--all", "--", ".")
        elif new_paths:
            self.git.run("add", "--", *new_paths)
        said = " ".join(description.split()) or "Saved a version"  # as git will keep it
        when = datetime.now().astimezone().replace(microsecond=0)
        status, out, err = self._commit(who, said, when, paths)
        if status != 0 and paths and "did not match any file" in err:
            self.git.run("add", "--all", "--", *paths)  # a file git did not know yet
            status, out, err = self._commit(who, said, when, paths)
        if status != 0:
            if _NOTHING_TO_SAVE.search(out.decode("utf-8", "replace")):
                return None
            raise GitFailed("commit", err)
        if "GIT_AUTHOR_DATE" in os.environ:  # the person's own date for versions: git's word
            version = reading.versions(self.git, ["HEAD"], [], 1)[0]
        else:
            version = Version(self.head() or "", who.name, who.email, when, said)
        self.mark_seen(version.id)
        return version

    def _commit(self, who: Identity, said: str, when: datetime,
                paths: list[str] | None) -> tuple[int, bytes, str]:
        date = [] if "GIT_AUTHOR_DATE" in os.environ else [f"--date={when.isoformat()}"]
        return self.git.attempt(
            "-c", f"user.name={who.name}", "-c", f"user.email={who.email}", "commit", "--quiet",
            "--no-verify", f"--author={who.name} <{who.email}>", *date,
            "--message", said, *(["--", *paths] if paths else []))

    def own_identity(self) -> Identity:
        """The name and e-mail this computer saves versions with (the person's git settings)."""
        return Identity(self.git.run("config", "user.name", check=False).strip(),
                        self.git.run("config", "user.email", check=False).strip())

    # Reading ---------------------------------------------------------------------------------
    def head(self) -> str | None:
        """The id of the newest saved version, or None when nothing is saved yet."""
        try:
            return refs.newest_id(self.git_dir)
        except refs.AskGit:
            out = self.git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
            return out or None

    def versions(self, relative: str | None = None, limit: int | None = None,
                 since: str | None = None) -> list[Version]:
        """Saved versions, newest first; of one file when `relative` is given."""
        if self.head() is None:
            return []
        if relative:
            files.inside_book(self.root, relative)
        return reading.versions(self.git, [f"{since}..HEAD" if since else "HEAD"],
                                [relative] if relative else [], limit)

    def listed_versions(self, ids: list[str]) -> list[Version]:
        """The versions with these ids (or the start of them), in the order given; empty when
        any of them is not in the history."""
        return reading.listed_versions(self.git, ids)

    def file_changes(self, relative: str, since: str | None = None,
                     limit: int | None = None) -> list[reading.LoggedVersion]:
        """The versions (newest first, after `since` if given) that changed one file, each
        with the file's content id before and after."""
        return reading.versions_with_changes(
            self.git, [f"{since}..HEAD" if since else "HEAD"], [relative], limit=limit)

    def folder_changes(self, folder: str) -> list[reading.LoggedVersion]:
        """Every change ever saved to the files in `folder`, oldest first, with names as the
        book's .mailmap gives them. Lines of work combined later are walked too, so a file
        changed or removed on one of them is never missed."""
        if self.head() is None:
            return []
        return reading.versions_with_changes(self.git, ["HEAD"], [folder], oldest_first=True,
                                             every_line=True, mailmap=True)

    def text_at(self, version: str, relative: str) -> str:
        """A file's text as it was saved in `version`."""
        files.inside_book(self.root, relative)
        data = reading.contents(self.git, [(version, relative)])[(version, relative)]
        if data is None:
            raise BookError(Problem(relative, "This file was not part of that saved version.",
                                    "Choose a later version in the history."))
        return files.decode_text(relative, data)

    def contents(self, wanted: Sequence[reading.Wanted]) -> dict[reading.Wanted, bytes | None]:
        """Saved bytes by content id or (version, path), all in one call to git; None for
        what the history does not hold."""
        return reading.contents(self.git, wanted)

    def texts(self, wanted: Sequence[reading.Wanted], where: str
              ) -> dict[reading.Wanted, str | None]:
        """Like `contents`, as text; a file that is not text is a plain problem about `where`."""
        return {request: None if data is None else files.decode_text(where, data)
                for request, data in self.contents(wanted).items()}

    def file_ids(self, version: str, paths: list[str]) -> dict[str, str]:
        """The content id of each of these plain files as saved in `version` (missing: left
        out)."""
        return reading.file_ids(self.git, version, paths)

    def unsaved_files(self) -> list[str]:
        """Files that differ from the newest saved version (edited by hand, new or removed)."""
        try:
            out = self.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all")
        except GitFailed as error:
            if "index" not in error.detail:
                raise
            raise BookError(Problem(".git/index", "The list that git keeps of this book's files "
                                    "is damaged.", "Your chapters themselves are not lost. "
                                    "Delete .git/index, run 'git reset' in the book folder, and "
                                    "open the book again.")) from None
        entries = out.split("\0")
        result = []
        index = 0
        while index < len(entries):
            entry = entries[index]
            if entry:
                result.append(entry[3:])
                if entry[0] in "RC":
                    index += 1  # a rename names the old path next
            index += 1
        return result

    # Noticing outside changes ----------------------------------------------------------------
    def outside_changes(self) -> OutsideChanges:
        """What changed since the app last looked: hand edits and versions saved with plain git."""
        seen = self._seen_head()
        head = self.head()
        new_versions: list[Version] = []
        changed: list[str] = []
        if head and seen != head:
            if seen and self._is_known(seen):
                new_versions = self.versions(since=seen)
                changed = self.git.run("diff", "--name-only", "--no-renames", seen,
                                       head).split()
            elif seen:
                new_versions = self.versions(limit=1)
        return OutsideChanges(self.unsaved_files(), new_versions, changed)

    def mark_seen(self, head: str | None = None) -> None:
        """Remember the newest version (`head`, when known) as seen, so later outside changes
        can be told apart. Kept in this computer's own cache folder for the book, never in the
        book folder."""
        cache.store(self.root, _SEEN_FILE, {"head": head or self.head()})

    def mark_seen_if(self, seen: str | None) -> None:
        """Mark the newest version as seen when `seen` was the last one seen (a version the app
        saved itself, then stopped before it could say so)."""
        if self._seen_head() == seen:
            self.mark_seen()

    def _seen_head(self) -> str | None:
        seen = cache.load(self.root, _SEEN_FILE)
        head = seen.get("head") if isinstance(seen, dict) else None
        return head if isinstance(head, str) and head.isalnum() and head.isascii() else None

    def _is_known(self, version: str) -> bool:
        return self.git.attempt("cat-file", "-e", f"{version}^{{commit}}")[0] == 0

    # Keeping the history in good shape -------------------------------------------------------
    def tidy(self) -> None:
        """Pack the history tightly; who-wrote-what is several times faster afterwards."""
        self.git.run("gc", "--quiet")


def _say_on_terminal(words: str) -> None:
    print(words, file=sys.stderr, flush=True)


def _check_state(git_dir: Path) -> None:
    """Refuse folders left half-way through something, before anything touches them."""
    for marker, what, cancel in (
            ("MERGE_HEAD", "combining two people's changes", "git merge --abort"),
            ("rebase-merge", "replaying saved versions", "git rebase --abort"),
            ("rebase-apply", "replaying saved versions", "git rebase --abort"),
            ("CHERRY_PICK_HEAD", "copying a saved version", "git cherry-pick --abort"),
            ("REVERT_HEAD", "undoing a saved version", "git revert --abort")):
        if (git_dir / marker).exists():
            raise BookError(Problem(f".git/{marker}", f"Someone started {what} with git and did "
                                    "not finish, so two versions of some text may be mixed up.",
                                    f"Finish it in git, or cancel it with '{cancel}', then open "
                                    "the book again."))
    head = git_dir / "HEAD"
    try:
        head_text = head.read_text("utf-8", "replace").strip()
    except OSError:
        head_text = ""
    if not head_text.startswith("ref:"):
        raise BookError(Problem(".git/HEAD", "The book folder is showing an older saved version "
                                "instead of the latest line of work, so new versions could be "
                                "lost.", "Go back to the latest with 'git switch main' (or your "
                                "usual line of work), then open the book again."))
