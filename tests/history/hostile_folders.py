"""Hostile book folders: every way git finds a setting, each carrying settings that name a trap.

A trap is a small program outside the book that leaves a file behind if it ever runs. Each case
takes a copy of a good book, commits a `.gitattributes` (and a version with a signature, so
signature checks have something to check) and then plants settings where git will read them:
the folder's own settings file, files it includes (plainly or on a condition), a shared settings
folder named by `commondir`, a `.git` file or link pointing elsewhere, work-tree settings, a
nested history (plain, as a bare gitlink, as a submodule), borrowed objects, and settings whose
names hold odd characters. Everything is built with plain git before the traps are set, so
building never springs one.

Used by tests/history/test_hostile_folders.py (every command) and
tests/gui/test_hostile_folders_window.py (the window).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GIT_IDENTITY = ["-c", "user.name=Helen Marsh", "-c", "user.email=helen.marsh@example.org"]
# Plain git for building, with nothing from the folder run (the traps are set last anyway).
SAFE = ["-c", f"core.hooksPath={os.devnull}", "-c", "core.fsmonitor=false",
        "-c", "protocol.file.allow=always", "-c", "commit.gpgSign=false", *GIT_IDENTITY]
HOOK_NAMES = ("applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit",
              "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
              "pre-rebase", "post-checkout", "post-merge", "pre-push", "pre-receive", "update",
              "proc-receive", "post-receive", "post-update", "reference-transaction",
              "push-to-checkout", "pre-auto-gc", "post-rewrite", "sendemail-validate",
              "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
              "p4-post-changelist", "p4-pre-submit", "post-index-change")
# What every hostile folder commits first: every file gets the drivers named "evil".
ATTRIBUTES = "* diff=evil merge=evil\n*.md filter=evil\n*.yaml filter=evilproc\n"


def git(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Plain git with nothing from the folder run, for building cases."""
    return subprocess.run(["git", *SAFE, *args], cwd=folder, check=True, capture_output=True,
                          text=True, encoding="utf-8", env=env).stdout


# The trap ----------------------------------------------------------------------------------------
@dataclass
class Trap:
    """A program outside the book that leaves a file in `markers` each time it runs."""

    folder: Path

    def __post_init__(self) -> None:
        self.markers.mkdir(parents=True, exist_ok=True)
        self._script(self.program)
        self._script(self.odd_program)
        for name in HOOK_NAMES:
            self._script(self.hooks / name)

    def _script(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$0 $*\" >> '{self.markers}/ran'\n"
                        "exit 0\n", "utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    @property
    def program(self) -> Path:
        return self.folder / "trap"

    @property
    def odd_program(self) -> Path:
        """The same trap at a path with a space, `=`, a quote-free odd name and non-ASCII."""
        return self.folder / "odd dir=ü" / "tr ap;ß"

    @property
    def hooks(self) -> Path:
        return self.folder / "hooks"

    @property
    def markers(self) -> Path:
        return self.folder / "ran"

    def sprung(self) -> list[str]:
        """What the trap left behind: each run it logged, and any file a setting made."""
        found = []
        for path in sorted(self.markers.iterdir()):
            text = path.read_text("utf-8", "replace") if path.is_file() else ""
            found.append(f"{path.name}: {text.strip()[:500]}")
        return found


# Settings ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    section: str
    subsection: str | None
    key: str
    value: str | None  # None: the key alone (git reads it as true)

    @property
    def name(self) -> str:
        """How git lists it (section and key in lower case)."""
        middle = f".{self.subsection}" if self.subsection is not None else ""
        return f"{self.section.lower()}{middle}.{self.key.lower()}"


def quote(text: str) -> str:
    """A value or subsection in double quotes, with git's escapes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\t", "\\t") + '"'


def render(settings: list[Setting]) -> str:
    """A settings file, one section header per setting (git merges repeated headers)."""
    lines = []
    for setting in settings:
        header = setting.section if setting.subsection is None else \
            f"{setting.section} {quote(setting.subsection)}"
        lines.append(f"[{header}]")
        lines.append(f"\t{setting.key}" if setting.value is None else
                     f"\t{setting.key} = {quote(setting.value)}")
    return "\n".join(lines) + "\n"


def program_settings(trap: Trap, *, remotes: bool = True) -> list[Setting]:
    """Every setting in `git help config` that runs a program, or makes git run one, or makes
    a file git writes, each pointing at the trap."""
    t = str(trap.program)
    s = Setting
    found = [
        s("core", None, "fsmonitor", t), s("core", None, "hooksPath", str(trap.hooks)),
        s("core", None, "pager", t), s("core", None, "editor", t),
        s("core", None, "sshCommand", t), s("core", None, "askPass", t),
        s("core", None, "gitProxy", t), s("core", None, "alternateRefsCommand", t),
        s("core", None, "fsmonitorHookVersion", "1"),
        s("diff", None, "external", t), s("diff", "evil", "textconv", t),
        s("diff", "evil", "command", t), s("diff", None, "tool", "evil"),
        s("difftool", "evil", "cmd", t), s("diff", None, "guitool", "evil"),
        s("merge", "evil", "driver", f"{t} %O %A %B %L %P"), s("merge", None, "tool", "evil"),
        s("mergetool", "evil", "cmd", t),
        s("filter", "evil", "clean", t), s("filter", "evil", "smudge", t),
        s("filter", "evilproc", "process", t),
        s("credential", None, "helper", t), s("credential", "https://example.org", "helper", t),
        s("gpg", None, "program", t), s("gpg", "openpgp", "program", t),
        s("gpg", "x509", "program", t), s("gpg", "ssh", "program", t),
        s("gpg", "ssh", "defaultKeyCommand", t),
        s("commit", None, "gpgSign", "true"), s("tag", None, "gpgSign", "true"),
        s("tag", None, "forceSignAnnotated", "true"), s("push", None, "gpgSign", "true"),
        s("log", None, "showSignature", "true"), s("sequence", None, "editor", t),
        s("url", f"ext::{t} #", "insteadOf", "https://"),
        s("protocol", None, "allow", "always"), s("protocol", "ext", "allow", "always"),
        s("alias", None, "st", f"!{t}"), s("alias", None, "log", f"!{t}"),
        s("pager", None, "log", t), s("pager", None, "status", t),
        s("interactive", None, "diffFilter", t), s("submodule", "notes", "update", f"!{t}"),
        s("hook", "trap", "command", t), s("hook", "trap", "event", "pre-commit"),
        s("uploadpack", None, "packObjectsHook", t), s("web", None, "browser", "evil"),
        s("browser", "evil", "cmd", t), s("man", "evil", "cmd", t),
        s("guitool", "evil", "cmd", t), s("sendemail", None, "smtpServer", t),
        s("instaweb", None, "httpd", t), s("ssh", None, "variant", "simple"),
        s("core", None, "attributesFile", str(trap.folder / "attributes")),
        s("trace2", None, "normalTarget", str(trap.markers / "trace2-normal")),
        s("trace2", None, "eventTarget", str(trap.markers / "trace2-event")),
        s("trace2", None, "perfTarget", str(trap.markers / "trace2-perf")),
    ]
    if remotes:  # (a file included on `hasconfig:remote.*.url:` may not name remotes)
        found += [
            s("remote", "evil", "url", f"ext::{t}"), s("remote", "evil", "uploadpack", t),
            s("remote", "evil", "receivepack", t), s("remote", "evil", "vcs", "trap"),
            s("remote", "evil", "fetch", "+refs/heads/*:refs/remotes/evil/*"),
        ]
    return found


def bundle(trap: Trap, *, remotes: bool = True) -> str:
    return render(program_settings(trap, remotes=remotes))


# Cases ------------------------------------------------------------------------------------------
@dataclass
class Built:
    """A hostile folder once built: the book, the other folders it leads to, what may be named."""

    book: Path
    around: list[Path] = field(default_factory=list)  # outside folders the case relies on
    names: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path, Path, Trap, Built], None]  # (book, outside, trap, built)
    expect: str = "refused"  # "refused", "opens", or "either"
    names: tuple[str, ...] = ()  # besides the program settings, what a refusal may name
    live: tuple[tuple[str, ...], ...] = ()  # plain git commands that do spring this trap
    base: str = "small"  # which good book it starts from: "small" or "example"
    attributes: str = ATTRIBUTES


def prepare(book: Path, attributes: str) -> None:
    """Commit `.gitattributes` as a version that carries a (made-up) signature."""
    (book / ".gitattributes").write_text(attributes, "utf-8")
    git(book, "add", ".gitattributes")
    tree = git(book, "write-tree").strip()
    parent = git(book, "rev-parse", "HEAD").strip()
    when = f"{int(time.time())} +0000"
    commit = (f"tree {tree}\nparent {parent}\n"
              f"author Helen Marsh <helen.marsh@example.org> {when}\n"
              f"committer Helen Marsh <helen.marsh@example.org> {when}\n"
              "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEdGhpcyBpcyBub3QgYSBzaWc\n"
              " =AAAA\n -----END PGP SIGNATURE-----\n\nKept the drivers for every file\n")
    made = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=book,
                          input=commit, capture_output=True, text=True, check=True).stdout.strip()
    git(book, "update-ref", "HEAD", made)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as settings:
        settings.write("\n" + text)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def settings_case(settings: Callable[[Trap], list[Setting]]) -> Callable[..., None]:
    """Settings written straight into the book's own .git/config."""
    def build(book: Path, outside: Path, trap: Trap, built: Built) -> None:
        chosen = settings(trap)
        append(book / ".git" / "config", render(chosen))
        built.names |= {s.name for s in chosen}
    return build


def _single(index: int) -> Callable[[Trap], list[Setting]]:
    return lambda trap: [program_settings(trap)[index]]


def _one_key_cases() -> list[Case]:
    probe = Trap.__new__(Trap)  # names only: no folder is made
    probe.folder = Path("/trap")
    cases = []
    for index, setting in enumerate(program_settings(probe)):
        live: tuple[tuple[str, ...], ...] = ()
        if setting.name in ("filter.evil.clean", "diff.evil.textconv", "diff.evil.command",
                            "diff.external"):
            live = (("diff", "HEAD~1", "HEAD"), ("add", "--renormalize", "."))
        if setting.name == "core.fsmonitor":
            live = (("status",),)
        harmless = setting.name == "remote.evil.fetch"  # on the list of harmless settings
        cases.append(Case(f"key-{setting.name}", settings_case(_single(index)), live=live,
                          expect="opens" if harmless else "refused"))
    return cases


# Ways git finds settings ----------------------------------------------------------------------
def _bundled(book: Path, outside: Path, trap: Trap, built: Built, *,
             remotes: bool = True) -> str:
    built.names |= {s.name for s in program_settings(trap, remotes=remotes)}
    return bundle(trap, remotes=remotes)


def direct(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    append(book / ".git" / "config", _bundled(book, outside, trap, built))


def include_absolute(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    target = write(outside / "a.cfg", _bundled(book, outside, trap, built))
    append(book / ".git" / "config", render([Setting("include", None, "path", str(target))]))


def include_relative(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    target = write(outside / "a.cfg", _bundled(book, outside, trap, built))
    relative = os.path.relpath(target, book / ".git")
    append(book / ".git" / "config", render([Setting("include", None, "path", relative)]))


def include_odd_path(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    target = write(outside / "dir with space=ü" / "a \"b\".cfg", _bundled(book, outside, trap,
                                                                            built))
    append(book / ".git" / "config", "[Include]\n\tPATH = " + quote(str(target)) + "\n")


def include_chain(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    write(outside / "c.cfg", _bundled(book, outside, trap, built))
    write(outside / "deeper" / "b.cfg", '[includeIf "onbranch:*"]\n\tpath = ../c.cfg\n')
    first = write(outside / "a.cfg", "[include]\n\tpath = deeper/b.cfg\n")
    append(book / ".git" / "config", render([Setting("include", None, "path", str(first))]))


def include_from_book(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The included file travels inside the book itself (committed)."""
    write(book / "notes.cfg", _bundled(book, outside, trap, built))
    git(book, "add", "notes.cfg")
    git(book, "commit", "-qm", "Notes")
    append(book / ".git" / "config", "[include]\n\tpath = ../notes.cfg\n")


def include_if(condition: Callable[[Path], str], *, remotes: bool = True) -> Callable[..., None]:
    def build(book: Path, outside: Path, trap: Trap, built: Built) -> None:
        target = write(outside / "a.cfg", _bundled(book, outside, trap, built, remotes=remotes))
        append(book / ".git" / "config",
               render([Setting("includeIf", condition(book), "path", str(target))]))
    return build


def include_if_hasconfig(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    target = write(outside / "a.cfg", _bundled(book, outside, trap, built, remotes=False))
    append(book / ".git" / "config", render([
        Setting("remote", "origin", "url", "https://example.org/our-book.git"),
        Setting("includeIf", "hasconfig:remote.*.url:https://example.org/**", "path",
                str(target))]))


def commondir(relative: bool) -> Callable[..., None]:
    """`.git/commondir` names a shared git folder outside the book, whose settings git reads."""
    def build(book: Path, outside: Path, trap: Trap, built: Built) -> None:
        common = outside / "common"
        shutil.copytree(book / ".git", common, symlinks=True)
        append(common / "config", _bundled(book, outside, trap, built))
        where = os.path.relpath(common, book / ".git") if relative else str(common)
        write(book / ".git" / "commondir", where + "\n")
        built.around.append(common)
    return build


def commondir_inside(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The shared git folder is inside the book, but its settings name the trap."""
    common = book / ".shared-history"
    shutil.copytree(book / ".git", common, symlinks=True)
    append(common / "config", _bundled(book, outside, trap, built))
    write(book / ".git" / "commondir", "../.shared-history\n")
    built.names |= {".shared-history"}


def git_file_outside(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """`.git` is a file (`gitdir: ...`) naming a git folder outside the book."""
    elsewhere = outside / "history"
    shutil.move(book / ".git", elsewhere)
    append(elsewhere / "config", _bundled(book, outside, trap, built))
    write(book / ".git", f"gitdir: {elsewhere}\n")
    built.around.append(elsewhere)


def git_file_inside(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """`.git` is a file naming a git folder kept inside the book, whose settings name the trap."""
    shutil.move(book / ".git", book / ".history")
    append(book / ".history" / "config", _bundled(book, outside, trap, built))
    write(book / ".git", "gitdir: .history\n")
    built.names |= {".history"}


def git_link_outside(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """`.git` is a symbolic link to a git folder outside the book."""
    elsewhere = outside / "history"
    shutil.move(book / ".git", elsewhere)
    append(elsewhere / "config", _bundled(book, outside, trap, built))
    (book / ".git").symlink_to(elsewhere, target_is_directory=True)
    built.around.append(elsewhere)


def config_link_outside(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """`.git/config` is a link to a settings file outside the book."""
    settings = outside / "config"
    shutil.move(book / ".git" / "config", settings)
    append(settings, _bundled(book, outside, trap, built))
    (book / ".git" / "config").symlink_to(settings)
    built.around.append(settings)


def worktree_settings(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The book's own work-tree settings (`config.worktree`), switched on by the extension."""
    append(book / ".git" / "config", "[extensions]\n\tworktreeConfig = true\n")
    write(book / ".git" / "config.worktree", _bundled(book, outside, trap, built))
    built.names |= {"config.worktree"}


def _linked(book: Path, outside: Path) -> tuple[Path, Path]:
    """Make the book a linked work tree of a clone outside it; returns (main .git, its entry)."""
    main = outside / "main"
    git(book.parent, "clone", "-q", str(book), str(main))
    linked = book.parent / "linked-book"
    git(main, "worktree", "add", "-q", "-b", "book-line", str(linked))
    return main / ".git", main / ".git" / "worktrees" / "linked-book"


def linked_worktree(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The book is a linked work tree; the main history outside has the trap."""
    main_git, _ = _linked(book, outside)
    append(main_git / "config", _bundled(book, outside, trap, built))
    built.book = book.parent / "linked-book"
    built.around.append(outside / "main")


def linked_worktree_settings(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The book is a linked work tree whose own `config.worktree` has the trap."""
    main_git, entry = _linked(book, outside)
    append(main_git / "config", "[extensions]\n\tworktreeConfig = true\n")
    write(entry / "config.worktree", _bundled(book, outside, trap, built))
    built.book = book.parent / "linked-book"
    built.around.append(outside / "main")
    built.names |= {"config.worktree"}


def _notes_repository(folder: Path) -> None:
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "--initial-branch=main")
    write(folder / ".gitattributes", ATTRIBUTES)
    write(folder / "notes.md", "Some notes.\n")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "Notes")


def nested_repository(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A history of its own under chapters/, never saved in the book's history."""
    _notes_repository(book / "chapters" / "notes")
    append(book / "chapters" / "notes" / ".git" / "config", _bundled(book, outside, trap, built))
    (book / "chapters" / "notes" / "notes.md").write_text("Changed notes.\n", "utf-8")
    built.names |= {"chapters/notes/.git", "chapters/notes"}


def nested_gitlink(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A nested history saved in the book's history as a gitlink, with no .gitmodules."""
    _notes_repository(book / "chapters" / "notes")
    git(book, "add", "chapters/notes")
    git(book, "commit", "-qm", "Notes")
    append(book / "chapters" / "notes" / ".git" / "config", _bundled(book, outside, trap, built))
    (book / "chapters" / "notes" / "notes.md").write_text("Changed notes.\n", "utf-8")
    built.names |= {"chapters/notes/.git", "chapters/notes"}


def nested_gitlink_in_local_folder(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A nested history saved as a gitlink inside .coauthor/ (the folder kept on this computer
    only, ignored by git: but a gitlink in the history is followed all the same)."""
    _notes_repository(book / ".coauthor" / "notes")
    git(book, "add", "-f", ".coauthor/notes")
    git(book, "commit", "-qm", "Notes")
    append(book / ".coauthor" / "notes" / ".git" / "config", _bundled(book, outside, trap, built))
    (book / ".coauthor" / "notes" / "notes.md").write_text("Changed notes.\n", "utf-8")
    built.names |= {".coauthor/notes/.git", ".coauthor/notes"}


def submodule(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A real submodule: .gitmodules, a gitlink, and its history in .git/modules."""
    _notes_repository(outside / "notes-source")
    git(book, "submodule", "add", "-q", str(outside / "notes-source"), "chapters/notes")
    git(book, "commit", "-qm", "Notes")
    append(book / ".git" / "modules" / "chapters" / "notes" / "config",
           _bundled(book, outside, trap, built))
    (book / "chapters" / "notes" / "notes.md").write_text("Changed notes.\n", "utf-8")
    built.names |= {".gitmodules", "chapters/notes/.git", "chapters/notes", "submodule."}
    built.around.append(outside / "notes-source")


def gitmodules_only(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A .gitmodules naming the trap, saved in the history, with no submodule at all."""
    write(book / ".gitmodules", f'[submodule "notes"]\n\tpath = chapters/notes\n'
          f'\turl = ext::{trap.program}\n\tupdate = !{trap.program}\n')
    git(book, "add", ".gitmodules")
    git(book, "commit", "-qm", "Modules")
    built.names |= {".gitmodules"}


def alternates(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The history borrows objects from a repository outside (whose settings name the trap)."""
    other = outside / "other"
    git(book.parent, "clone", "-q", "--bare", str(book), str(other))
    append(other / "config", bundle(trap))
    write(book / ".git" / "objects" / "info" / "alternates", f"{other / 'objects'}\n")
    built.names |= {"alternates"}
    built.around.append(other)


def info_attributes(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """Drivers named through .git/info/attributes instead of a committed .gitattributes."""
    write(book / ".git" / "info" / "attributes", '* filter=hidden diff=hidden\n')
    hidden = [Setting("filter", "hidden", "clean", str(trap.program)),
              Setting("diff", "hidden", "textconv", str(trap.program))]
    target = write(outside / "a.cfg", render(hidden))
    append(book / ".git" / "config", render([Setting("include", None, "path", str(target))]))
    built.names |= {s.name for s in hidden}


def other_worktree(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """core.worktree sends git to a copy of the files outside the book."""
    elsewhere = outside / "files"
    shutil.copytree(book, elsewhere, ignore=shutil.ignore_patterns(".git"))
    append(book / ".git" / "config", render([Setting("core", None, "worktree", str(elsewhere))]))
    built.names |= {"core.worktree"}
    built.around.append(elsewhere)


def hooks_path_in_book(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """Hooks that travel inside the book, switched on by core.hooksPath."""
    shutil.copytree(trap.hooks, book / ".githooks")
    git(book, "add", ".githooks")
    git(book, "commit", "-qm", "Hooks")
    append(book / ".git" / "config", "[core]\n\thooksPath = .githooks\n")
    built.names |= {"core.hookspath"}


def trap_in_book(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The program travels inside the book too, named by a path relative to the book."""
    write(book / "tools" / "check.sh", trap.program.read_text("utf-8")).chmod(0o755)
    git(book, "add", "tools")
    git(book, "commit", "-qm", "Tools")
    relative = [Setting("core", None, "fsmonitor", "tools/check.sh"),
                Setting("filter", "evil", "clean", "tools/check.sh"),
                Setting("diff", "evil", "textconv", "./tools/check.sh"),
                Setting("diff", None, "external", "sh tools/check.sh")]
    append(book / ".git" / "config", render(relative))
    built.names |= {s.name for s in relative}


def odd_program_path(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The program's own path has a space, `=`, `;` and non-ASCII (quoted for the shell)."""
    program = f"'{trap.odd_program}'"
    odd = [Setting("core", None, "fsmonitor", program),
           Setting("filter", "evil", "clean", program),
           Setting("diff", "evil", "textconv", program)]
    append(book / ".git" / "config", render(odd))
    built.names |= {s.name for s in odd}


def hooks_only(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """Every hook git knows, in .git/hooks: files, not settings; never run."""
    hooks = book / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in trap.hooks.iterdir():
        shutil.copy2(hook, hooks / hook.name)


def attributes_only(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """The committed .gitattributes names drivers that no setting defines: harmless."""


def broken_included_settings(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """An included settings file, at a path with spaces, that git itself cannot read."""
    target = write(outside / "dir with space" / "b c.cfg", f"[core]\n\tpager = {trap.program}\n"
                   "[core\n")
    append(book / ".git" / "config", render([Setting("include", None, "path", str(target))]))
    built.names |= {"b c.cfg", "include.path", ".git/config"}


def broken_settings(book: Path, outside: Path, trap: Trap, built: Built) -> None:
    """A settings file git itself cannot read (after a line naming the trap)."""
    append(book / ".git" / "config", f"[filter \"evil\"]\n\tclean = {trap.program}\n[core\n")
    built.names |= {".git/config", "config"}


def settings_text(text: Callable[[Trap], str], *names: str) -> Callable[..., None]:
    """Settings written as raw text, for spellings render() never produces."""
    def build(book: Path, outside: Path, trap: Trap, built: Built) -> None:
        append(book / ".git" / "config", text(trap))
        built.names |= set(names)
    return build


def _drivers(name: str, trap: Trap) -> str:
    t = trap.program
    return (f"[filter {quote(name)}]\n\tclean = {t}\n\tsmudge = {t}\n"
            f"[diff {quote(name)}]\n\ttextconv = {t}\n\tcommand = {t}\n"
            f"[merge {quote(name)}]\n\tdriver = {t} %O %A %B\n")


def odd_driver_case(label: str, name: str) -> Case:
    """Drivers whose name holds odd characters, used by the committed .gitattributes."""
    names = tuple(f"{kind}.{name}.{key}".lower() for kind, key in (
        ("filter", "clean"), ("filter", "smudge"), ("diff", "textconv"), ("diff", "command"),
        ("merge", "driver")))
    return Case(f"odd-name-{label}", settings_text(lambda trap: _drivers(name, trap), *names),
                attributes=f"* filter={name} diff={name} merge={name}\n",
                # (.gitattributes cannot name a driver with control characters: plain git
                # never picks it, so only the message is checked)
                live=() if re.search(r"[\x00-\x1f]", name) else
                (("diff", "HEAD~1", "HEAD"), ("add", "--renormalize", ".")))


ODD_DRIVER_NAMES = {
    "equals": "a=b", "equals-twice": "a=b.clean=c", "only-equals": "=", "dot": "x.y",
    "dots-and-equals": "x.y=z.textconv", "quote": 'q"uote', "backslash": "back\\slash",
    "non-ascii": "ünïcødé-名前", "semicolon": "semi;colon", "hash": "hash#tag",
    "capitals": "EvIl", "brackets": "a]b[c", "minus": "-evil",
    "terminal-escapes": "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x08\r",
}


def _spellings() -> list[Case]:
    """The same settings written the many ways git's grammar allows."""
    cases = []
    for label, text, names in (
        ("capital-section-and-key", lambda t: f"[Core]\n\tFSMonitor = {t.program}\n",
         ("core.fsmonitor",)),
        ("all-capitals-filter", lambda t: f'[FILTER "evil"]\n\tCLEAN = {t.program}\n',
         ("filter.evil.clean",)),
        ("old-style-subsection", lambda t: f"[filter.EVIL]\n\tclean = {t.program}\n"
         f"[diff.Evil]\n\ttextconv = {t.program}\n", ("filter.evil.clean",
                                                      "diff.evil.textconv")),
        ("continuation-line", lambda t: f"[filter \"evil\"]\n\tclean = {str(t.program)[:4]}\\\n"
         f"{str(t.program)[4:]}\n", ("filter.evil.clean",)),
        ("comments-and-quotes", lambda t: f"; a comment\n[diff \"evil\"] # another\n"
         f"\ttextconv=\"{t.program}\" ; after\n", ("diff.evil.textconv",)),
        ("same-line-as-header", lambda t: f"[diff \"evil\"] textconv = {t.program}\n",
         ("diff.evil.textconv",)),
        ("tabs-and-spaces", lambda t: f"  [filter \"evil\"]\n  \t clean\t=\t{t.program}\n",
         ("filter.evil.clean",)),
        ("space-in-subsection", lambda t: f'[credential "https://exa mple.org"]\n'
         f'\thelper = {t.program}\n[remote "with space"]\n\turl = ext::{t.program}\n'
         f"\tuploadpack = {t.program}\n",
         ("credential.https://exa mple.org.helper", "remote.with space.url",
          "remote.with space.uploadpack")),
        ("url-with-spaces-and-quotes", lambda t: f'[url "ext::sh -c \\"{t.program}\\" #"]\n'
         "\tinsteadOf = https://\n\tpushInsteadOf = git@\n", ("insteadof", "pushinsteadof")),
        ("key-without-value", lambda t: "[log]\n\tshowSignature\n[commit]\n\tgpgSign\n"
         f"[gpg]\n\tprogram = {t.program}\n",
         ("log.showsignature", "commit.gpgsign", "gpg.program")),
        ("repeated-sections", lambda t: "[core]\n\tbare = false\n[core]\n\tfilemode = true\n"
         f"[core]\n\tpager = {t.program}\n", ("core.pager",)),
    ):
        live = (("status",),) if "fsmonitor" in names[0] else \
            (("diff", "HEAD~1", "HEAD"), ("add", "--renormalize", ".")) \
            if names[0] in ("filter.evil.clean", "diff.evil.textconv") else ()
        cases.append(Case(f"spelling-{label}", settings_text(text, *names), live=live))
    return cases


def _bad_addresses() -> list[Case]:
    """Settings on the harmless list, with addresses that make git run a program."""
    cases = []
    for label, name, value in (
        ("ext", "origin", "ext::{t}"), ("helper", "origin", "trap::https://example.org/b.git"),
        ("dash", "origin", "-u{t}"), ("ext-capitals", "Origin", "EXT::{t}"),
        ("control", "origin", "https://example.org/\n[core]\n\tpager = {t}"),
        ("fd", "origin", "fd::3"), ("odd-name", 'a=b."c"', "ext::{t}"),
        ("pushurl", "origin", "ext::{t}"),
    ):
        key = "pushurl" if label == "pushurl" else "url"
        cases.append(Case(f"address-{label}", settings_case(
            lambda trap, n=name, v=value, k=key: [Setting("remote", n, k, v.format(
                t=trap.program))]), names=(f"remote.{name}.{key}".lower(),)))
    # Addresses git itself refuses, or in settings that name a remote rather than hold an
    # address: the book may open, but nothing may run.
    for label, section, name, key, value in (
        ("ssh-option-host", "remote", "origin", "url", "ssh://-oProxyCommand={t}/book.git"),
        ("scp-option-host", "remote", "origin", "url", "-oProxyCommand={t}:book.git"),
        ("branch-remote-ext", "branch", "main", "remote", "ext::{t}"),
        ("branch-pushremote-helper", "branch", "main", "pushRemote", "trap::x"),
    ):
        cases.append(Case(f"address-{label}", settings_case(
            lambda trap, s=section, n=name, k=key, v=value: [Setting(s, n, k, v.format(
                t=trap.program))]), expect="either", names=(f"{section}.{name}.{key}".lower(),)))
    return cases


LIVE_BUNDLE = (("status",), ("diff", "HEAD~1", "HEAD"))


def _routes() -> list[Case]:
    return [
        Case("route-config", direct, live=LIVE_BUNDLE),
        Case("route-config-example-book", direct, base="example", live=LIVE_BUNDLE),
        Case("route-include-absolute", include_absolute, names=("include.path",),
             live=LIVE_BUNDLE),
        Case("route-include-relative", include_relative, names=("include.path",),
             live=LIVE_BUNDLE),
        Case("route-include-odd-path", include_odd_path, names=("include.path",),
             live=LIVE_BUNDLE),
        Case("route-include-chain", include_chain, names=("include.path", "includeif"),
             live=LIVE_BUNDLE),
        Case("route-include-from-book", include_from_book, names=("include.path",),
             live=LIVE_BUNDLE),
        Case("route-includeif-gitdir", include_if(lambda book: "gitdir:/"),
             names=("includeif",), live=LIVE_BUNDLE),
        Case("route-includeif-gitdir-i", include_if(
            lambda book: f"gitdir/i:{str(book).upper()}/"), names=("includeif",),
             live=LIVE_BUNDLE),
        Case("route-includeif-gitdir-glob", include_if(lambda book: f"gitdir:**/{book.name}/"),
             names=("includeif",), live=LIVE_BUNDLE),
        Case("route-includeif-onbranch", include_if(lambda book: "onbranch:main"),
             names=("includeif",), live=LIVE_BUNDLE),
        Case("route-includeif-onbranch-glob", include_if(lambda book: "onbranch:**"),
             names=("includeif",), live=LIVE_BUNDLE),
        Case("route-includeif-hasconfig", include_if_hasconfig, names=("includeif",),
             live=LIVE_BUNDLE),
        Case("route-commondir", commondir(relative=False), names=("commondir",),
             live=LIVE_BUNDLE),
        Case("route-commondir-relative", commondir(relative=True), names=("commondir",),
             live=LIVE_BUNDLE),
        Case("route-commondir-example-book", commondir(relative=False), names=("commondir",),
             live=LIVE_BUNDLE, base="example"),
        Case("route-commondir-inside", commondir_inside, names=("commondir",),
             live=LIVE_BUNDLE),
        Case("route-git-file-outside", git_file_outside, names=(".git",), live=LIVE_BUNDLE),
        Case("route-git-file-inside", git_file_inside, names=(".git",), live=LIVE_BUNDLE),
        Case("route-git-link-outside", git_link_outside, names=(".git",), live=LIVE_BUNDLE),
        Case("route-config-link-outside", config_link_outside, names=(".git/config",),
             live=LIVE_BUNDLE),
        Case("route-worktree-settings", worktree_settings, live=LIVE_BUNDLE),
        Case("route-linked-worktree", linked_worktree, names=(".git",), live=LIVE_BUNDLE),
        Case("route-linked-worktree-settings", linked_worktree_settings, names=(".git",),
             live=LIVE_BUNDLE),
        Case("route-nested-repository", nested_repository),
        Case("route-nested-gitlink", nested_gitlink),
        Case("route-nested-gitlink-in-local-folder", nested_gitlink_in_local_folder,
             live=LIVE_BUNDLE),
        Case("route-submodule", submodule, live=LIVE_BUNDLE),
        Case("route-submodule-example-book", submodule, base="example", live=LIVE_BUNDLE),
        Case("route-gitmodules-only", gitmodules_only),
        Case("route-alternates", alternates),
        Case("route-info-attributes", info_attributes, names=("include.path",),
             live=(("diff", "HEAD~1", "HEAD"),)),
        Case("route-core-worktree", other_worktree),
        Case("route-hookspath-in-book", hooks_path_in_book),
        Case("route-trap-in-book", trap_in_book, live=(("status",),)),
        Case("route-odd-program-path", odd_program_path, live=(("status",),)),
        Case("route-broken-settings", broken_settings),
        Case("route-broken-included-settings", broken_included_settings),
        Case("control-hooks-only", hooks_only, expect="either"),
        Case("control-attributes-only", attributes_only, expect="opens"),
    ]


CASES: list[Case] = [*_routes(), *_one_key_cases(),
                     *(odd_driver_case(label, name) for label, name in ODD_DRIVER_NAMES.items()),
                     *_spellings(), *_bad_addresses()]
BY_ID = {case.id: case for case in CASES}
assert len(BY_ID) == len(CASES), "two cases with one id"


def build_case(case: Case, good_book: Path, tmp_path: Path) -> tuple[Built, Trap]:
    """Build the case from a private copy of `good_book`, with its trap in tmp_path/trap."""
    trap = Trap(tmp_path / "trap")
    write(trap.folder / "attributes", "* filter=evil diff=evil\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    book = tmp_path / "book"
    shutil.copytree(good_book, book, symlinks=True)
    prepare(book, case.attributes)
    built = Built(book, [outside], set(case.names))
    case.build(book, outside, trap, built)
    return built, trap


def names_one_of(message: str, names: set[str]) -> bool:
    """Whether the message names one of the settings or files (git lists names in lower
    case, so capitals do not matter)."""
    lowered = message.lower()
    return any(spelled_out(name).lower() in lowered for name in names)


def spelled_out(name: str) -> str:
    """A name as a message shows it: control characters written as \\xNN, never sent raw."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda found: f"\\x{ord(found.group()):02x}", name)
