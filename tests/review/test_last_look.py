"""The last look: remembered in the book folder as an ordinary saved version, readable by hand,
and the start of "what changed since you last looked"."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coauthor_desk.changes.story import chapter_changes
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError
from coauthor_desk.review.last_look import (
    look_folder,
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
    saved = list((example_book / look_folder("amira-yusuf", CHAPTER)).iterdir())
    assert len(saved) == 1 and saved[0].suffix == ".yaml"
    assert saved[0].read_text("utf-8") == (
        "# Amira Yusuf read 'Leaving care at eighteen' as saved in this version.\n"
        f"person: amira-yusuf\nchapter: {CHAPTER}\nversion: {look.version}\n"
        f"when: '{look.when}'\n")
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


def test_the_newest_look_counts(example_book: Path) -> None:
    opened = open_book(example_book)
    first = remember_look(opened, "amira-yusuf", CHAPTER,
                          when=datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    editor_changes(opened, opened.book.chapters[CHAPTER].body.replace(OLD, NEW))
    second = remember_look(opened, "amira-yusuf", CHAPTER,
                           when=datetime(2025, 3, 3, 14, 0, tzinfo=UTC))  # the same second
    assert first is not None and second is not None and first.version != second.version
    folder = example_book / look_folder("amira-yusuf", CHAPTER)
    assert sorted(p.name for p in folder.iterdir()) == ["20250303-140000-2.yaml",
                                                        "20250303-140000.yaml"]
    assert read_looks(load_book(example_book), "amira-yusuf").of(CHAPTER) == second
    assert read_looks(load_book(example_book), "jean-thornton").looks == {}


def test_looks_on_two_computers_combine_without_a_clash(example_book: Path, tmp_path: Path
                                                        ) -> None:
    """Amira reads with Helen on Helen's computer, and again on her own, before they share:
    two files are added, so git combines them without a clash."""
    own = tmp_path / "amiras-copy"
    subprocess.run(["git", "clone", "-q", str(example_book), str(own)], check=True)
    remember_look(open_book(example_book), "amira-yusuf", CHAPTER,
                  when=datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    remember_look(open_book(own), "amira-yusuf", CHAPTER,
                  when=datetime(2025, 3, 4, 9, 30, tzinfo=UTC))
    _git(own, "-c", "user.name=Amira Yusuf", "-c", "user.email=amira@example.org", "pull",
         "-q", "--no-rebase", "--no-edit", "origin", "HEAD")
    assert _git(own, "status", "--porcelain") == ""
    assert read_looks(load_book(own), "amira-yusuf").of(CHAPTER).when.startswith(  # type: ignore
        "2025-03-04")


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
    folder = example_book / look_folder("amira-yusuf", CHAPTER)
    folder.mkdir(parents=True)
    (folder / "20250303-140000.yaml").write_text(
        "person: amira-yusuf\nchapter: 02-leaving-care\nversion: yesterday\n", "utf-8")
    with pytest.raises(BookError) as refused:
        read_looks(load_book(example_book), "amira-yusuf")
    problem = refused.value.problems[0]
    assert problem.file == f"review/amira-yusuf/{CHAPTER}/20250303-140000.yaml"
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
