"""A crash soak for saving: `kill -9` at random moments during every kind of save, then check
that the book heals itself with no step by hand.

    python tests/history/crash_soak.py --kills 2000 [--seed N] [--keep DIR]
        [--kinds chapter,agree,...] [--worker-only SHARE]

A copy of the example book is changed over and over by a long-running worker process (started
once, so many kills cost little), which is killed with SIGKILL at a random moment while it
saves: a chapter version, bringing back an old version, an agreement and a withdrawal, a
comment, a suggested change, a reply, marking a comment done, using a suggested change, a
person's details (changed and added), the chapter order, and a Word file brought in (into a
chapter and as a new chapter). The delay before each kill is drawn evenly from the time that
kind of save takes on this computer (measured as the soak goes): a quarter of the time from its
start, otherwise from a little before the earliest moment a kill has found anything changed,
so that kills land inside every step of the save rather than mostly while the book is read.
The summary tells where the kills landed, as far as can be seen from outside. Most kills end
the worker and every git it started at once (as when a computer loses power); one in five ends
the worker alone, so a git it started may still be finishing when the next command runs (as
when the app itself crashes).

After each kill:
- the next command (`status --json`) succeeds, with no step by hand: usually in a warm checker
  process, every tenth time as a fresh `python -m coauthor_desk.cli` process;
- `git fsck --no-dangling` is clean;
- nothing is left written but unsaved (`git status --porcelain` shows nothing), and the history
  either is as it was, with every file as it was, or has exactly one new version on top, which
  holds only the files that kind of save changes;
- running the same command again succeeds (or, when the killed save had in fact finished, says
  plainly that there is nothing more to do), and every file changed by the kill then holds its
  old text or its new text (records, whose names and times are new on each run, must be
  complete records);
- no message tells anyone to delete a lock, and none is a traceback.

A failed kill is described, the book is put back to a fresh copy, and the soak goes on, so one
run reports every kind of failure it meets. tests/history/test_crash_soak.py runs a short form.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve()
EDITOR = "helen-marsh"
CHAPTER_SAVES = ["02-leaving-care", "03-caring-for-ron", "04-finding-my-way-back",
                 "05-getting-out"]
BRING_BACKS = ["06-breathing-space", "07-my-son-the-system-and-me",
               "08-therapy-in-a-second-language"]
FEEDBACK_CHAPTERS = ["09-keeping-my-independence", "10-after-the-stroke",
                     "11-growing-up-caring", "12-caring-across-cultures"]
IMPORT_CHAPTER = "soak-word"  # brought in from a Word file before the soak starts
IMPORT_AUTHOR = "lorraine-baxter"
PEOPLE = ["jean-thornton", "kwame-mensah", "amira-yusuf", "colin-fraser"]
KINDS = ["chapter", "bring-back", "agree", "withdraw", "comment", "suggest", "reply", "resolve",
         "accept", "person", "person-new", "order", "import", "import-new"]
# Kinds whose files get new names or times each time they run: a repeat writes another file,
# so "its new text" is a complete record rather than the repeat's exact bytes.
RECORD_KINDS = {"agree", "withdraw", "comment", "suggest", "reply", "resolve", "import",
                "import-new"}
# What a repeat may say, changing nothing, when the killed save had in fact finished.
ALREADY_DONE = {"bring-back": ("same as the words now",), "resolve": ("already resolved",),
                "accept": ("already resolved", "already accepted"),
                "person-new": ("already in the book",)}
GIT = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"]
GIT_ENV = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


# Finding the app's functions wherever they live now -----------------------------------------

def _first(*places: tuple[str, str]) -> Any:
    """The first of these (module, name) that can be imported, from the copy of the app in
    use (an editable install would otherwise find a module of another copy)."""
    import importlib

    import coauthor_desk

    home = Path(coauthor_desk.__file__).parent
    for module, name in places:
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        if Path(found.__file__ or "").is_relative_to(home) and hasattr(found, name):
            return getattr(found, name)
    raise ImportError(f"none of {places} can be imported")


def _open_book(folder: Path) -> Any:
    return _first(("coauthor_desk.session", "open_book"),
                  ("coauthor_desk.status", "open_book"))(folder)


def _book_action(name: str) -> Callable[..., Any]:
    return _first(("coauthor_desk.book_changes", name), ("coauthor_desk.gui.book_actions", name))


def _chapter_versions(name: str) -> Callable[..., Any]:
    return _first(("coauthor_desk.book_changes", name),
                  ("coauthor_desk.history.chapter_versions", name))


# The worker: one process that saves whatever it is asked to, over and over ------------------

def _cli(argv: list[str]) -> int:
    from coauthor_desk.cli import main

    return main(argv)


def _person_choice(opened: Any, request: dict[str, Any]) -> dict[str, Any]:
    if request.get("new"):
        return {"name": request["name"], "credit_as": "full-name", "credit_name": None,
                "roles": ["co-author"], "access_needs": [], "about": request["about"],
                "person_id": None}
    person = opened.book.people[request["person"]]
    return {"name": person.name, "credit_as": person.credit_as.value,
            "credit_name": person.credit_name, "roles": list(person.roles),
            "access_needs": list(person.access_needs), "about": request["about"],
            "person_id": person.id}


def _perform(request: dict[str, Any]) -> int:
    """Do one save (or the status command) the way the window or the command line does it."""
    op, book = request["op"], request["book"]
    if op == "status":
        return _cli(["status", "--json", book])
    if op in ("agree", "withdraw"):
        return _cli([op, book, "--person", request["person"], "--use", "named",
                     *request.get("extra", [])])
    if op in ("comment", "suggest"):
        return _cli(["comment", book, request["chapter"], "--quote", request["quote"], "--to",
                     request["to"], "--text", request["text"], "--by", request["by"],
                     *(["--kind", "suggestion", "--proposed", request["proposed"]]
                       if op == "suggest" else [])])
    if op in ("import", "import-new"):
        return _cli(["import", book, request["docx"], "--chapter", request["chapter"],
                     "--person", request["person"]])
    opened = _open_book(Path(book))
    if op == "chapter":
        _chapter_versions("save_chapter_version")(opened, request["chapter"], request["body"],
                                                  request["who"], request["said"])
    elif op == "bring-back":
        _chapter_versions("bring_back")(opened, request["chapter"], request["version"],
                                        request["who"])
    elif op in ("reply", "resolve", "accept"):
        act = {"reply": "reply", "resolve": "done", "accept": "accept"}[op]
        _book_action("act_on_thread")(opened, act, request["thread"], request["who"],
                                      request.get("text", ""))
    elif op in ("person", "person-new"):
        _book_action("save_person_details")(opened, _person_choice(opened, request),
                                            request["who"])
    elif op == "order":
        chapter = opened.book.chapters[request["chapter"]]
        _book_action("move")(opened, chapter, request["row"], request["who"])
    else:
        raise ValueError(f"unknown operation {op}")
    return 0


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    from coauthor_desk.problems import BookError

    out, err = io.StringIO(), io.StringIO()
    answer: dict[str, Any] = {"ok": False, "crash": False, "error": ""}
    began = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _perform(request)
        answer["ok"] = code == 0
        answer["error"] = err.getvalue()
        answer["crash"] = "Something went wrong" in answer["error"]
        logged = re.search(r"Details for the developers are in (.+?)\.\s*$", answer["error"])
        if answer["crash"] and logged:  # the command's own log of what went wrong
            with contextlib.suppress(OSError):
                answer["error"] += Path(logged.group(1)).read_text("utf-8")[-1500:]
    except BookError as error:
        answer["error"] = "\n".join(str(problem) for problem in error.problems)
    except Exception:  # noqa: BLE001 (told back to the soak, which counts it as a failure)
        answer["crash"] = True
        answer["error"] = traceback.format_exc()
    answer["seconds"] = time.perf_counter() - began
    answer["stdout"] = out.getvalue()[-2000:]
    return answer


def _preload() -> None:
    """Import everything a save needs, so a kill lands in the save, not in an import."""
    import coauthor_desk.agreements.decide  # noqa: F401
    import coauthor_desk.cli  # noqa: F401
    import coauthor_desk.comments.actions  # noqa: F401
    import coauthor_desk.word_import  # noqa: F401

    _first(("coauthor_desk.session", "open_book"), ("coauthor_desk.status", "open_book"))
    for name in ("act_on_thread", "save_person_details", "move"):
        _book_action(name)
    _chapter_versions("save_chapter_version")
    import git

    git.Git().version()


def serve() -> None:
    """Answer one JSON request per line on standard input, one JSON answer per line."""
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # anything else printed goes where errors go, never into the answers
    _preload()
    answers.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        answers.write(json.dumps(_answer(json.loads(line))) + "\n")


class Server:
    """A worker (or checker) process, started in a session of its own so that it and every git
    it starts can be killed together."""

    def __init__(self, log: Path) -> None:
        with log.open("ab") as errors:
            self.process = subprocess.Popen(
                [sys.executable, str(HERE), "--serve"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=errors, start_new_session=True)
        self._buffer = b""
        self._ready = False

    def _line(self, timeout: float) -> dict[str, Any] | None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def ready(self, timeout: float = 60) -> None:
        if not self._ready:
            if self._line(timeout) is None:
                raise RuntimeError("the soak's worker process did not start; see its log")
            self._ready = True

    def send(self, request: dict[str, Any]) -> None:
        self.ready()
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.process.stdin.flush()

    def answer(self, timeout: float) -> dict[str, Any] | None:
        return self._line(timeout)

    def call(self, request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
        self.send(request)
        began = time.perf_counter()
        answer = self.answer(timeout)
        if answer is None:
            return {"ok": False, "crash": False, "hung": True,
                    "error": f"no answer after {timeout:.0f} s", "elapsed": timeout}
        answer["elapsed"] = time.perf_counter() - began
        return answer

    def kill(self, whole_group: bool = True) -> None:
        """SIGKILL the worker (and, by default, every process it started)."""
        with contextlib.suppress(ProcessLookupError):
            if whole_group:
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]

    def close(self) -> None:
        self.kill()


def _group_alive(group: int) -> bool:
    """Whether any process of this process group is still running (not a zombie)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(group) and fields[0] != "Z":
            return True
    return False


def _wait_for_group(group: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.01)


# Looking at the book from outside -----------------------------------------------------------

def git(book: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run([*GIT, *args], cwd=book, capture_output=True, env=GIT_ENV,
                          check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode("utf-8", "replace")


def head(book: Path) -> str:
    return git(book, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()


def snapshot(book: Path) -> dict[str, bytes]:
    """Every file of the book as a person sees it: not .git, not the local .coauthor folder,
    not the temporary files of an unfinished safe write (git ignores those)."""
    found = {}
    for folder, names, files in os.walk(book):
        if folder == str(book):
            names[:] = [n for n in names if n not in (".git", ".coauthor")]
        for name in files:
            if name.endswith(".coauthor-tmp"):
                continue
            path = Path(folder, name)
            found[path.relative_to(book).as_posix()] = path.read_bytes()
    return found


def git_locks(book: Path) -> list[str]:
    dot_git = book / ".git"
    return sorted(p.relative_to(book).as_posix() for p in dot_git.rglob("*.lock")
                  if "objects" not in p.parts)


def git_folder_state(book: Path) -> dict[str, tuple[int, int]]:
    """The size and time of every file in .git but its objects and logs: what a save changes
    there (the index, HEAD and the branch, lock files, the app's own journal)."""
    found = {}
    dot_git = book / ".git"
    for folder, names, files in os.walk(dot_git):
        if folder == str(dot_git):
            names[:] = [n for n in names if n not in ("objects", "logs")]
        for name in files:
            with contextlib.suppress(OSError):
                status = Path(folder, name).stat()
                found[os.path.join(folder, name)] = (status.st_size, status.st_mtime_ns)
    return found


def _body(relative: str, text: str) -> str:
    from coauthor_desk.manuscript import front_matter

    return front_matter.split_text(relative, text)[1]


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return data if isinstance(data, dict) else {}


# Planning the next save ---------------------------------------------------------------------

_WORD = re.compile(r"^[A-Za-z][A-Za-z']*[,.]?$")


class Planner:
    """Picks each save's details from the book as it is now, so every request makes sense."""

    def __init__(self, book: Path, work: Path, rng: random.Random) -> None:
        self.book, self.work, self.rng = book, work, rng
        self.number = 0
        self.docx = [work / "soak-a.docx", work / "soak-b.docx"]

    def chapter_body(self, chapter: str) -> str:
        relative = f"chapters/{chapter}.md"
        return _body(relative, (self.book / relative).read_text("utf-8"))

    def threads(self, **wanted: str) -> list[tuple[str, dict[str, Any]]]:
        found = []
        for chapter in FEEDBACK_CHAPTERS:
            for path in sorted((self.book / "feedback" / chapter).glob("*.yaml")):
                data = _yaml(path)
                if all(data.get(k) == v for k, v in wanted.items()):
                    found.append((f"{chapter}/{path.stem}", data))
        return found

    def quote(self, body: str) -> str | None:
        """Six plain words in a row that are in the chapter exactly once, in the author's own
        words (not in a box such as an editor's commentary, whose words are the editor's)."""
        lines, boxes = [], 0
        for line in body.split("\n"):
            if line.startswith(":::"):
                boxes += 1 if line.strip() != ":::" else -1
            elif boxes == 0 and line[:1].isalpha():
                lines.append(line)
        for _ in range(50):
            words = self.rng.choice(lines).split()
            if len(words) < 8:
                continue
            start = self.rng.randrange(len(words) - 6)
            window = words[start:start + 6]
            quote = " ".join(window)
            if all(_WORD.match(w) for w in window) and body.count(quote) == 1:
                return quote
        return None

    def plan(self, kind: str) -> dict[str, Any]:
        """A request for this kind of save (or a close kind when this one cannot be done now:
        nothing to reply to, say)."""
        self.number += 1
        n, rng = self.number, self.rng
        request: dict[str, Any] = {"op": kind, "book": str(self.book)}
        if kind == "chapter":
            chapter = rng.choice(CHAPTER_SAVES)
            paragraphs = self.chapter_body(chapter).rstrip("\n").split("\n\n")
            soak = [i for i, p in enumerate(paragraphs) if p.startswith("Soak paragraph")]
            if len(soak) > 2:
                del paragraphs[soak[0]]
            words = " ".join(rng.choice(["we", "waited", "again", "for", "the", "letter",
                                         "and", "nobody", "rang"]) for _ in range(40))
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1),
                              f"Soak paragraph {n}: {words}.")
            request.update(chapter=chapter, body="\n\n".join(paragraphs) + "\n", who=EDITOR,
                           said=f"Soak save {n}")
        elif kind == "bring-back":
            chapter = rng.choice(BRING_BACKS)
            relative = f"chapters/{chapter}.md"
            now = self.chapter_body(chapter)
            versions = git(self.book, "log", "--format=%H", "--", relative).split()
            choices = [v for v in versions[:12]
                       if _body(relative, git(self.book, "show", f"{v}:{relative}")) != now]
            request.update(chapter=chapter, version=rng.choice(choices), who=EDITOR)
        elif kind in ("agree", "withdraw"):
            person = rng.choice(PEOPLE)
            extra = ["--note", f"Soak {n}"]
            if rng.random() < 0.5:
                extra += ["--on-behalf-by", EDITOR, "--how", "phone"]
            request.update(person=person, extra=extra)
        elif kind in ("comment", "suggest"):
            chapter = rng.choice(FEEDBACK_CHAPTERS)
            body = self.chapter_body(chapter)
            quote = self.quote(body)
            if quote is None:
                return self.plan("chapter")
            author = _yaml_front(self.book / f"chapters/{chapter}.md")["authors"][0]
            request.update(chapter=chapter, quote=quote, to=author, by="david-lowe",
                           text=f"Soak comment {n}: is this right?",
                           proposed=f"{quote} (soak {n})")
        elif kind == "reply":
            threads = self.threads()
            if not threads:
                return self.plan("comment")
            thread, data = rng.choice(threads)
            request.update(thread=thread, who=data["to"], text=f"Soak reply {n}.")
        elif kind == "resolve":
            threads = [t for t in self.threads(status="open") if t[1].get("kind") != "suggestion"]
            if not threads:
                return self.plan("comment")
            request.update(thread=rng.choice(threads)[0], who="david-lowe")
        elif kind == "accept":
            usable = []
            for thread, data in self.threads(status="open", kind="suggestion"):
                chapter = thread.split("/")[0]
                quote = (data.get("anchor") or {}).get("quote", "")
                if quote and self.chapter_body(chapter).count(quote) == 1:
                    usable.append((thread, chapter))
            if not usable:
                return self.plan("suggest")
            thread, chapter = rng.choice(usable)
            author = _yaml_front(self.book / f"chapters/{chapter}.md")["authors"][0]
            request.update(thread=thread, who=author)
        elif kind == "person":
            request.update(person=rng.choice(PEOPLE), about=f"Soak words {n} about me.",
                           who=EDITOR)
        elif kind == "person-new":
            request.update(new=True, name=f"Soak Person {_letters(n)}",
                           about=f"Soak person {n}.", who=EDITOR)
        elif kind == "order":
            order = _yaml(self.book / "book.yaml")["chapters"]
            chapter = rng.choice(order)
            row = rng.choice([i for i in range(len(order)) if order[i] != chapter])
            request.update(chapter=chapter, row=row, who=EDITOR)
        elif kind == "import":  # a new version from the chapter's author, whose words they are
            request.update(chapter=IMPORT_CHAPTER, docx=str(rng.choice(self.docx)),
                           person=IMPORT_AUTHOR)
        elif kind == "import-new":
            request.update(chapter=f"soak-import-{n}", docx=str(rng.choice(self.docx)),
                           person="lorraine-baxter")
        else:
            raise ValueError(kind)
        request["kind"] = kind
        return request


def _letters(number: int) -> str:
    """A number as letters (a person's name may hold no digits): 1 a, 2 b, 27 aa."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text.capitalize()


def _yaml_front(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def make_word_files(work: Path) -> None:
    """Two Word files for the imports, each with a comment, made by pandoc's docx writer."""
    from coauthor_desk.export.pandoc import run_pandoc

    for name, words in (("soak-a.docx", "the nurse rang back"), ("soak-b.docx",
                                                                  "the letter came late")):
        paragraphs = [f"I remember when {words}, and I wrote it down {i} times."
                      for i in range(60)]
        paragraphs[3] = ('[Is this the right year?]{.comment-start id="0" author="Helen Marsh" '
                         'date="2025-03-01T10:00:00Z"}' + paragraphs[3] +
                         '[]{.comment-end id="0"}')
        markdown = "# Who am I?\n\n" + "\n\n".join(paragraphs[:30]) + \
            "\n\n# What have I learnt?\n\n" + "\n\n".join(paragraphs[30:]) + "\n"
        (work / name).write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"],
                                             text=markdown))


# The soak -----------------------------------------------------------------------------------

@dataclass
class Result:
    kills: int = 0
    seconds: float = 0.0
    seed: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    landed: Counter[str] = field(default_factory=Counter)  # what the kill interrupted
    repeats: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failure_kinds: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        lines = [f"{self.kills} kills in {self.seconds:.0f} s (seed {self.seed}); "
                 f"{len(self.failures)} failed.",
                 "Kills by kind of save: " + ", ".join(f"{k} {v}" for k, v in
                                                       sorted(self.by_kind.items())),
                 "Where the kill landed: " + ", ".join(f"{k} {v}" for k, v in
                                                       sorted(self.landed.items())),
                 "The same command again: " + ", ".join(f"{k} {v}" for k, v in
                                                        sorted(self.repeats.items()))]
        if self.failures:
            lines.append("Failures by what went wrong: " + ", ".join(
                f"{k} {v}" for k, v in self.failure_kinds.most_common()))
            lines += [f"  {failure}" for failure in self.failures[:40]]
            if len(self.failures) > 40:
                lines.append(f"  ... and {len(self.failures) - 40} more")
        return "\n".join(lines)


class _Failed(Exception):
    def __init__(self, what: str, detail: str) -> None:
        detail = " ".join(detail.split())
        super().__init__(f"{what}: {detail if len(detail) < 600 else '...' + detail[-600:]}")
        self.what = what


def _told_to_delete_a_lock(text: str) -> bool:
    lowered = text.lower()
    return "delete" in lowered and "lock" in lowered


def _judge(answer: dict[str, Any], step: str) -> None:
    """A command's answer must not be a crash, a hang or an instruction to delete a lock."""
    text = answer.get("error", "") + answer.get("stdout", "")
    if answer.get("hung"):
        raise _Failed(f"{step} hung", answer["error"])
    if answer.get("crash") or "Traceback" in text:
        raise _Failed(f"{step} crashed", text.strip()[-600:])
    if _told_to_delete_a_lock(text):
        raise _Failed(f"{step} told to delete a lock", text.strip()[-300:])


def _allowed(kind: str, request: dict[str, Any], path: str) -> bool:
    """Whether this kind of save may change the file at `path`."""
    chapter = request.get("chapter", "")
    if kind in ("chapter", "bring-back"):  # an editor's changes to an author's words are
        # kept aside as suggestions for the author, in the same version
        return path == f"chapters/{chapter}.md" or path.startswith(f"feedback/{chapter}/")
    if kind in ("agree", "withdraw"):
        return path.startswith(f"agreements/{request['person']}/")
    if kind in ("comment", "suggest"):
        return path.startswith(f"feedback/{chapter}/")
    if kind in ("reply", "resolve", "accept"):
        thread_chapter, thread = request["thread"].split("/")
        return path == f"feedback/{thread_chapter}/{thread}.yaml" or (
            kind == "accept" and path == f"chapters/{thread_chapter}.md")
    if kind in ("person", "person-new"):
        return path.startswith("people/")
    if kind == "order":
        return path == "book.yaml"
    if kind in ("import", "import-new"):
        return path in (f"chapters/{chapter}.md", "book.yaml") or \
            path.startswith(f"feedback/{chapter}/")
    return False


def _complete_record(data: bytes) -> bool:
    try:
        parsed = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(parsed, dict) and bool(parsed.get("id"))


class Soak:
    def __init__(self, work: Path, seed: int, say: Callable[[str], None],
                 kinds: list[str] | None = None, worker_only: float = 0.2) -> None:
        from coauthor_desk.example_book import make_example_book

        self.work, self.say = work, say
        self.kinds, self.worker_only = kinds or list(KINDS), worker_only
        self.rng = random.Random(seed)
        self.result = Result(seed=seed)
        self.template = work / "template"
        make_example_book(self.template)
        make_word_files(work)
        # A chapter of one person's words to bring new versions of, and comments and
        # suggestions on every chapter that has them, to reply to, mark done or use.
        seeding = Planner(self.template, work, self.rng)
        for request in [{"op": "import-new", "book": str(self.template), "chapter":
                         IMPORT_CHAPTER, "docx": str(work / "soak-a.docx"),
                         "person": IMPORT_AUTHOR}] + \
                [seeding.plan(kind) for kind in ("comment", "suggest") * 6]:
            answer = _answer(request)
            if not answer["ok"]:
                raise RuntimeError(f"could not prepare the book: {answer['error']}")
        self.book = work / "book"
        shutil.copytree(self.template, self.book, symlinks=True)
        self.log = work / "workers.log"
        self.planner = Planner(self.book, work, self.rng)
        self.checker = Server(self.log)
        self.worker = Server(self.log)
        self.took: dict[str, list[float]] = {}  # how long each kind of save takes
        self.first_change: dict[str, float] = {}  # the earliest kill that found a change
        self.group = 0

    # One kill ----------------------------------------------------------------------------
    def measure(self, kind: str, seconds: float) -> None:
        self.took.setdefault(kind, []).append(seconds)
        del self.took[kind][:-9]

    def kill_one(self, kind: str, number: int) -> None:
        request = self.planner.plan(kind)
        kind = request["kind"]
        if kind not in self.took:  # first of its kind: how long it takes, with no kill
            answer = self.worker.call(request)
            _judge(answer, "an uninterrupted save")
            if not answer["ok"]:
                raise _Failed("an uninterrupted save was refused", answer["error"][-300:])
            self.measure(kind, answer["elapsed"])
            request = self.planner.plan(kind)
            kind = request["kind"]
        before, old_head = snapshot(self.book), head(self.book)
        dot_git = git_folder_state(self.book)
        whole_group = self.rng.random() >= self.worker_only
        delay = self.delay(kind)

        worker = self.worker
        worker.send(request)
        began = time.perf_counter()
        finished = worker.answer(delay)  # waits `delay` at most; an answer means it finished
        if finished is not None:
            self.measure(kind, time.perf_counter() - began)
        self.group = worker.process.pid
        worker.kill(whole_group)
        self.worker = Server(self.log)  # starts while the book is checked
        self.result.kills += 1
        self.result.by_kind[kind] += 1
        landed = self.landed(before, old_head, dot_git, finished)
        self.result.landed[landed] += 1
        if landed.startswith("part-way"):
            self.first_change[kind] = min(delay, self.first_change.get(kind, delay))
        how = "worker and its git" if whole_group else "worker only"
        if finished is not None and not finished["ok"]:
            _judge(finished, "a save")
            raise _Failed("a save was refused before it was killed",
                          f"{kind}: {finished['error'].strip()[-300:]}")

        # The next command, with no step by hand.
        if number % 10 == 0:
            answer = _fresh_status(self.book)
        else:
            answer = self.checker.call({"op": "status", "book": str(self.book)})
        _judge(answer, "the next command")
        if not answer["ok"]:
            raise _Failed("the next command failed", answer["error"].strip()[-400:])
        _wait_for_group(self.group)  # a git the killed app started may still be finishing
        self.check_after_kill(kind, request, before, old_head, how)

        # The same command again.
        after_kill, new_head = snapshot(self.book), head(self.book)
        began = time.perf_counter()
        answer = self.checker.call(request)
        _judge(answer, "the same command again")
        if answer["ok"]:
            self.measure(kind, time.perf_counter() - began)
            self.result.repeats["succeeded"] += 1
        elif new_head != old_head and any(words in answer["error"]
                                          for words in ALREADY_DONE.get(kind, ())):
            self.result.repeats["nothing left to do"] += 1
        else:
            raise _Failed("the same command again failed",
                          f"{kind} ({how}): {answer['error'].strip()[-400:]}")
        again = snapshot(self.book)
        for path in sorted(set(before) | set(after_kill)):
            if before.get(path) == after_kill.get(path):
                continue
            if after_kill.get(path) == again.get(path):
                continue  # its new text
            if kind in RECORD_KINDS and path.startswith(("agreements/", "feedback/")) and \
                    path in after_kill and _complete_record(after_kill[path]):
                continue  # a complete record, saved (its twin from the repeat is another)
            raise _Failed("a file holds neither its old nor its new text",
                          f"{kind} ({how}): {path}")
        unsaved = git(self.book, "status", "--porcelain", "--untracked-files=all")
        if unsaved.strip():
            raise _Failed("files left unsaved after the same command again",
                          f"{kind}: {unsaved.strip()[:300]}")

    def delay(self, kind: str) -> float:
        """When to kill: anywhere in the whole time this kind of save takes, and three times
        in four from a little before the earliest moment a kill has found something changed
        (opening the book and checking the request come first, and a kill there is cheap
        but tests little)."""
        took = statistics.median(self.took.get(kind) or [0.3])
        start = 0.9 * self.first_change.get(kind, 0.0)
        if self.rng.random() < 0.25 or start >= took:
            start = 0.0
        return self.rng.uniform(start, took)

    def landed(self, before: dict[str, bytes], old_head: str,
               dot_git: dict[str, tuple[int, int]],
               finished: dict[str, Any] | None) -> str:
        """What the kill interrupted, as far as can be seen from outside."""
        if finished is not None:
            return "after the save finished"
        now, new_head = snapshot(self.book), head(self.book)
        if now != before or new_head != old_head:
            return "part-way: files or history changed"
        if git_folder_state(self.book) != dot_git:
            return "part-way: only in .git (a journal, the index, a lock)"
        return "before anything changed"

    def check_after_kill(self, kind: str, request: dict[str, Any], before: dict[str, bytes],
                         old_head: str, how: str) -> None:
        fsck = subprocess.run([*GIT, "fsck", "--no-dangling", "--no-progress"], cwd=self.book,
                              capture_output=True, env=GIT_ENV, check=False)
        if fsck.returncode != 0 or fsck.stdout.strip() or fsck.stderr.strip():
            raise _Failed("git fsck is not clean", (fsck.stdout + fsck.stderr).decode(
                errors="replace").strip()[:300])
        unsaved = git(self.book, "status", "--porcelain", "--untracked-files=all").strip()
        if unsaved:
            records = [line for line in unsaved.splitlines()
                       if line[3:].startswith(("agreements/", "feedback/"))]
            raise _Failed("a record is left written but unsaved" if records else
                          "a file is left changed but unsaved", f"{kind} ({how}): "
                          f"{unsaved[:300]}")
        if git_locks(self.book):  # not wrong in itself: the next save must clear it
            self.result.landed["(a git lock file still there after the next command)"] += 1
        now, new_head = snapshot(self.book), head(self.book)
        if new_head == old_head:
            changed = sorted(p for p in set(before) | set(now) if before.get(p) != now.get(p))
            if changed:
                raise _Failed("files changed with no new version", f"{kind} ({how}): "
                              f"{changed}")
            return
        parent = git(self.book, "rev-parse", "--verify", "--quiet", f"{new_head}^",
                     check=False).strip()
        if parent != old_head:
            raise _Failed("the history moved by more than one version",
                          f"{kind} ({how}): {old_head[:8]} -> {new_head[:8]}")
        changed = git(self.book, "diff-tree", "-r", "--no-renames", "--name-only", old_head,
                      new_head).split()
        wrong = [path for path in changed if not _allowed(kind, request, path)]
        if wrong:
            raise _Failed("the new version holds files this save does not change",
                          f"{kind} ({how}): {wrong}")

    # The whole run -----------------------------------------------------------------------
    def restore(self) -> None:
        """A fresh copy of the book, after a failure, so the soak can go on."""
        shutil.rmtree(self.book)
        shutil.copytree(self.template, self.book, symlinks=True)

    def run(self, kills: int) -> Result:
        began = time.perf_counter()
        kinds: list[str] = []
        number = 0
        while self.result.kills < kills:
            if not kinds:
                kinds = list(self.kinds)
                self.rng.shuffle(kinds)
            kind = kinds.pop()
            number += 1
            try:
                self.kill_one(kind, number)
            except _Failed as failure:
                self.result.failures.append(f"kill {self.result.kills}: {failure}")
                self.result.failure_kinds[failure.what] += 1
                self.say(f"FAILED kill {self.result.kills}: {failure}")
                self.checker.close()
                self.checker = Server(self.log)
                _wait_for_group(self.group)
                self.restore()
            if number % 50 == 0:
                self.say(f"{self.result.kills} kills, {len(self.result.failures)} failed, "
                         f"{time.perf_counter() - began:.0f} s")
        self.checker.close()
        self.worker.close()
        self.result.seconds = time.perf_counter() - began
        return self.result


def _fresh_status(book: Path) -> dict[str, Any]:
    """`status --json` in a new process, exactly as a person would run it."""
    try:
        done = subprocess.run([sys.executable, "-m", "coauthor_desk.cli", "status", "--json",
                               str(book)], capture_output=True, text=True, timeout=120,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"ok": False, "hung": True, "error": "no answer after 120 s"}
    return {"ok": done.returncode == 0, "crash": "Something went wrong" in done.stderr,
            "error": done.stderr, "stdout": ""}


def soak(kills: int, work: Path, seed: int | None = None,
         say: Callable[[str], None] = lambda _: None, kinds: list[str] | None = None,
         worker_only: float = 0.2) -> Result:
    """Kill saves `kills` times in a copy of the example book made in `work`: of every kind,
    or of `kinds`; the worker alone (its git left running) `worker_only` of the time."""
    seed = random.randrange(1 << 30) if seed is None else seed
    return Soak(work, seed, say, kinds, worker_only).run(kills)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=2000, help="how many kills (2000)")
    parser.add_argument("--seed", type=int, help="for the same plan of saves and delays")
    parser.add_argument("--kinds", help=f"kill only these kinds of save, with commas between "
                        f"(of: {', '.join(KINDS)})")
    parser.add_argument("--worker-only", type=float, default=0.2, metavar="SHARE",
                        help="the share of kills that end the worker alone, leaving a git it "
                        "started to finish (0.2)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the book, "
                        "the workers' log); by default a temporary folder is removed")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    kinds = args.kinds.split(",") if args.kinds else None
    if kinds and set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(set(kinds) - set(KINDS)))}")
    options = {"say": print, "kinds": kinds, "worker_only": args.worker_only}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = soak(args.kills, args.keep, args.seed, **options)
    else:
        with tempfile.TemporaryDirectory(prefix="coauthor-soak-") as folder:
            result = soak(args.kills, Path(folder), args.seed, **options)
    print(result.summary())
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
