"""Broken comment files are reported plainly, never shown as comments, and never changed.

Each folder under tests/corpus/broken_feedback/ holds the file(s) of one case, at the paths they
would have in a book folder, and a `case.yaml` saying:

  about   what is wrong, in a few words
  file    the file the message must name
  line    the line the message must name, or null when there is none
  words   a few plain words the message must say
  make    optional: a recipe of corpus.broken_books.RECIPES applied to `file` (files that
          should not be kept in the project as they are, such as Latin-1 text)

Each case is put into a real book folder with a real history (the small_book fixture, with
Sam's chapter written and one good question about it, all saved as versions), saved as a
version, and then:

(a) load_threads reports one problem naming the file (and line), in plain words, and none
    about any other file; the good question is still shown and the broken one is not;
(b) the terminal report lists it, plainly;
(c) answering or closing the broken comment is refused plainly;
(d) nothing in the folder changed, and git sees the same changes as before.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from corpus.broken_books import RECIPES

from coauthor_desk.comments.actions import reply, resolve, start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.comments.report import threads_report, threads_text
from coauthor_desk.history.versions import Identity, identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book

BROKEN_FEEDBACK = Path(__file__).parent.parent / "corpus" / "broken_feedback"
CASE_FILE = "case.yaml"
KEYS = {"about", "file", "line", "words", "make"}
CASES = sorted(path.name for path in BROKEN_FEEDBACK.iterdir() if (path / CASE_FILE).is_file())
EDITOR = Identity("Helen Marsh", "helen.marsh@example.org")
BODY = ("\n# Who am I?\n\nMy name is Sam. When I left care at eighteen, nobody at the council "
        "ever listened to me.\nI moved into a flat on my own.\n")

# What the issue names, each of which must have at least one case.
REQUIRED = {"yaml-unclosed-quote", "chapter-folder-unknown", "to-unknown", "by-unknown",
            "quote-missing", "outside-loose-file", "outside-too-deep", "outside-not-yaml",
            "status-unknown", "kind-unknown", "not-utf8", "id-not-file-name"}

NOT_PLAIN = [
    (re.compile(r"Traceback|File \"|, in <?\w+>?$|line \d+, in ", re.MULTILINE), "a traceback"),
    (re.compile(r"\b(None|True|False)\b|object at 0x|\b\w*(Error|Exception)\b|[\[{]'"),
     "Python's own words"),
    (re.compile(r"\b(commit|branch|merge|repositor(y|ies))\b", re.IGNORECASE), "git's words"),
]


def expectation(name: str) -> dict:
    data = yaml.safe_load((BROKEN_FEEDBACK / name / CASE_FILE).read_text("utf-8"))
    assert isinstance(data, dict) and {"about", "file", "line", "words"} <= set(data) <= KEYS, name
    return data


def case_files(name: str) -> list[str]:
    folder = BROKEN_FEEDBACK / name
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and path.name != CASE_FILE)


def git_status(folder: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain=v1", "--untracked-files=all"],
                          cwd=folder, capture_output=True, text=True, check=True).stdout


def snapshot(folder: Path) -> dict[str, bytes]:
    found = {}
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name not in (".git", ".coauthor")]
        for name in names:
            path = Path(parent, name)
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def assert_plain(text: str, label: str) -> None:
    for pattern, what in NOT_PLAIN:
        found = pattern.search(text)
        assert found is None, f"{label}: {what} ({found.group()!r}) in:\n{text}"


def base_book(folder: Path) -> str:
    """Sam's chapter and one good question about it, saved as versions; the question's id."""
    opened = open_book(folder)
    save_chapter(opened.book, "my-story", BODY)
    opened.history.save_files_as_version(identity_of(opened.book.people["sam-jones"]),
        "Sam's story")
    opened = open_book(folder)
    good = start_thread(opened, "my-story", "I moved into a flat", "sam-jones",
                        "On your own, at eighteen?", "helen-marsh", kind=ThreadKind.QUESTION)
    return good.id


def materialise(name: str, folder: Path) -> None:
    case = expectation(name)
    source = BROKEN_FEEDBACK / name
    for relative in case_files(name):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((source / relative).read_bytes())
    if case.get("make"):
        RECIPES[case["make"]](folder, case["file"])
    open_book(folder).history.save_files_as_version(EDITOR, f"Added {name}")


def test_the_corpus_covers_the_issue_and_is_safe_to_keep():
    assert len(CASES) >= 12
    assert REQUIRED <= set(CASES), sorted(REQUIRED - set(CASES))
    for name in CASES:
        case = expectation(name)
        assert case["file"] in case_files(name), name
        assert all(path.startswith("feedback/") for path in case_files(name)), name
        assert case["words"], name
        assert case.get("make") in (None, *RECIPES), name
        for relative in case_files(name):
            path = BROKEN_FEEDBACK / name / relative
            assert not path.is_symlink() and path.stat().st_size < 16 * 1024
            path.read_bytes().decode("utf-8")


def test_the_base_book_has_no_problems(small_book):
    good = base_book(small_book)
    threads, problems = load_threads(open_book(small_book).book)
    assert problems == [] and [t.id for t in threads] == [good]


@pytest.mark.parametrize("name", CASES)
def test_a_broken_comment_file_is_reported_plainly_and_left_alone(name, small_book):
    case = expectation(name)
    good = base_book(small_book)
    materialise(name, small_book)
    before, status_before = snapshot(small_book), git_status(small_book)

    # (a) one plain problem naming the file and line; the good question is still shown
    opened = open_book(small_book)
    threads, problems = load_threads(opened.book)
    assert [p.file for p in problems] == [case["file"]], [str(p) for p in problems]
    problem = problems[0]
    assert problem.line == case["line"], str(problem)
    text = str(problem)
    assert_plain(text, name)
    for words in case["words"]:
        assert words in text, f"does not say {words!r}: {text}"
    assert problem.todo.strip()
    assert good in [t.id for t in threads]
    assert case["file"] not in [t.file for t in threads]

    # (b) the report for a terminal lists it
    report = threads_text(threads_report(opened.book, threads, problems))
    assert_plain(report, name)
    where = case["file"] if case["line"] is None else f"{case['file']}, line {case['line']}"
    assert f"{where}: {problem.what}" in report

    # (c) answering or closing it is refused plainly
    stem = case["file"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for call, args in ((reply, ("sam-jones", "The housing team.")), (resolve, ("sam-jones",))):
        with pytest.raises(BookError) as refused:
            call(opened, stem, *args)
        assert_plain(refused.value.plain(), f"{name}: {call.__name__}")

    # (d) nothing changed
    assert snapshot(small_book) == before
    assert git_status(small_book) == status_before
