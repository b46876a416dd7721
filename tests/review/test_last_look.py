"""The last look: remembered in the book folder as an ordinary saved version, readable by hand,
and the start of "what changed since you last looked"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.plain.changes import chapter_changes
from coauthor_desk.problems import BookError
from coauthor_desk.review.last_look import (
    look_path,
    newest_version_of,
    read_looks,
    remember_look,
)
from coauthor_desk.session import OpenBook, open_book

CHAPTER = "02-leaving-care"
OLD = "I love the patients."
NEW = "I really love the patients and the team."


def editor_changes(opened: OpenBook, body: str, editor: str = "helen-marsh") -> None:
    """An editor saves new words straight into the chapter (as the editor's window may)."""
    first = opened.book.name_of(editor).split()[0]
    with opened.history.transaction(identity_of(opened.book.people[editor]),
                                    f"{first} changed 'Leaving care at eighteen'"):
        save_chapter(opened.book, CHAPTER, body)


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_look_is_a_saved_version_under_the_persons_name(example_book: Path) -> None:
    opened = open_book(example_book)
    before = _git(example_book, "rev-list", "--count", "HEAD")
    look = remember_look(opened, "amira-yusuf", CHAPTER)
    assert look is not None
    assert look.version == newest_version_of(opened, CHAPTER)
    assert int(_git(example_book, "rev-list", "--count", "HEAD")) == int(before) + 1
    assert _git(example_book, "log", "-1", "--format=%an|%s") == \
        "Amira Yusuf|Amira read 'Leaving care at eighteen'"
    assert _git(example_book, "status", "--porcelain") == ""
    text = (example_book / look_path("amira-yusuf")).read_text("utf-8")
    assert "person: amira-yusuf" in text
    assert f"{CHAPTER}: {{version: {look.version}, when: '" in text
    assert text.startswith("# What Amira Yusuf last read")
    # The book still opens without a note about the new file, and it reads back the same.
    book = load_book(example_book)
    assert not [n for n in book.notes if "review" in n.file]
    assert read_looks(book, "amira-yusuf").of(CHAPTER) == look


def test_the_same_look_again_saves_nothing_new(example_book: Path) -> None:
    opened = open_book(example_book)
    first = remember_look(opened, "amira-yusuf", CHAPTER)
    head = _git(example_book, "rev-parse", "HEAD")
    assert remember_look(opened, "amira-yusuf", CHAPTER) == first
    assert _git(example_book, "rev-parse", "HEAD") == head


def test_looks_at_two_chapters_are_one_line_each(example_book: Path) -> None:
    opened = open_book(example_book)
    remember_look(opened, "helen-marsh", "05-getting-out")
    remember_look(opened, "helen-marsh", "01-introduction")
    looks = read_looks(opened.book, "helen-marsh")
    assert set(looks.looks) == {"01-introduction", "05-getting-out"}
    lines = (example_book / look_path("helen-marsh")).read_text("utf-8").splitlines()
    # in book order, one line per chapter: two computers' looks at different chapters
    # change different lines
    assert [line.split(":")[0].strip() for line in lines if "{version" in line] == \
        ["01-introduction", "05-getting-out"]


def test_an_editor_recording_for_someone_signs_and_says_so(example_book: Path) -> None:
    opened = open_book(example_book)
    helen = identity_of(opened.book.people["helen-marsh"])
    remember_look(opened, "amira-yusuf", CHAPTER,
                  signer=lambda said: (helen, f"{said} (recorded by Helen Marsh, told in "
                                              "person)"))
    assert _git(example_book, "log", "-1", "--format=%an|%s") == \
        "Helen Marsh|Amira read 'Leaving care at eighteen' (recorded by Helen Marsh, told in " \
        "person)"


def test_what_changed_starts_from_the_last_look(example_book: Path) -> None:
    opened = open_book(example_book)
    look = remember_look(opened, "amira-yusuf", CHAPTER)
    assert look is not None
    body = opened.book.chapters[CHAPTER].body
    editor_changes(opened, body.replace(OLD, NEW), "helen-marsh")
    report = chapter_changes(open_book(example_book), CHAPTER, since=look.version)
    assert [c.label for c in report.changes] == ["Reworded a sentence"]
    assert report.changes[0].new == (NEW,)
    assert report.summary[0].startswith("Helen Marsh reworded a sentence")


def test_a_broken_file_is_refused_in_plain_words(example_book: Path) -> None:
    (example_book / "review").mkdir()
    (example_book / look_path("amira-yusuf")).write_text(
        "person: amira-yusuf\nlooked:\n  02-leaving-care: {version: yesterday}\n", "utf-8")
    with pytest.raises(BookError) as refused:
        read_looks(load_book(example_book), "amira-yusuf")
    problem = refused.value.problems[0]
    assert problem.file == "review/amira-yusuf.yaml"
    assert problem.line == 3
    assert "does not say which saved version" in problem.what
    assert "remove it" in problem.todo


def test_nobody_and_no_chapter_are_refused(example_book: Path) -> None:
    opened = open_book(example_book)
    with pytest.raises(BookError, match="nobody called 'no-one'"):
        remember_look(opened, "no-one", CHAPTER)
    with pytest.raises(BookError, match="no chapter 'nothing'"):
        remember_look(opened, "amira-yusuf", "nothing")
    assert _git(example_book, "status", "--porcelain") == ""
