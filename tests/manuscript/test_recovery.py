"""Recovery copies: unsaved typing survives a crash and is offered back, never applied."""

import json
import shutil
from pathlib import Path

from coauthor_desk.manuscript import recovery
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book


def test_unsaved_typing_is_offered_back_after_a_crash(small_book: Path):
    book = load_book(small_book)
    chapter = book.chapters["my-story"]
    recovery.keep(small_book, chapter, chapter.body + "Words typed just before the crash.\n")
    recovery.keep(small_book, chapter, chapter.body + "Words typed just before the crash, "
                  "and a few more.\n")
    [copy] = recovery.recoveries(load_book(small_book))  # the window opens the book again
    assert copy.chapter == "my-story" and copy.body.endswith("and a few more.\n")
    assert not copy.chapter_changed
    assert load_book(small_book).chapters["my-story"].body == chapter.body  # not applied


def test_a_copy_of_words_already_saved_is_not_offered(small_book: Path):
    book = load_book(small_book)
    chapter = book.chapters["my-story"]
    recovery.keep(small_book, chapter, "New words.\n")
    save_chapter(book, "my-story", "New words.\n")
    assert recovery.recoveries(load_book(small_book)) == []


def test_a_chapter_changed_elsewhere_since_is_said(small_book: Path):
    book = load_book(small_book)
    chapter = book.chapters["my-story"]
    recovery.keep(small_book, chapter, "Typed here.\n")
    save_chapter(book, "my-story", "Changed by a co-author meanwhile.\n")
    [copy] = recovery.recoveries(load_book(small_book))
    assert copy.chapter_changed and copy.body == "Typed here.\n"


def test_a_damaged_copy_is_left_alone_and_not_offered(small_book: Path):
    book = load_book(small_book)
    recovery.keep(small_book, book.chapters["my-story"], "Typed.\n")
    damaged = recovery.copy_file(small_book, "my-story")
    damaged.write_text("{not json", "utf-8")
    assert recovery.recoveries(load_book(small_book)) == []
    assert damaged.read_text("utf-8") == "{not json"
    recovery.discard(small_book, "my-story")
    assert not damaged.exists()


def test_copies_are_kept_on_this_computer_never_in_the_book_folder(small_book: Path):
    before = sorted(p.relative_to(small_book) for p in small_book.rglob("*"))
    book = load_book(small_book)
    recovery.keep(small_book, book.chapters["my-story"], "Typed.\n")
    assert sorted(p.relative_to(small_book) for p in small_book.rglob("*")) == before
    assert not recovery.copy_file(small_book, "my-story").is_relative_to(small_book)


def test_a_copy_of_the_book_folder_is_not_offered_the_first_ones_words(small_book: Path,
                                                                       tmp_path: Path):
    book = load_book(small_book)
    recovery.keep(small_book, book.chapters["my-story"], "Typed in the first.\n")
    copy = tmp_path / "copy"
    shutil.copytree(small_book, copy)
    assert recovery.recoveries(load_book(copy)) == []
    assert len(recovery.recoveries(load_book(small_book))) == 1


def test_a_copy_left_in_the_book_folder_is_never_offered(small_book: Path):
    old = small_book / ".coauthor" / "recovery" / "my-story.json"  # where copies used to be
    old.parent.mkdir(parents=True)
    old.write_text(json.dumps({"chapter": "my-story", "based_on": "0" * 40,
                               "body": "Words someone else put here.\n",
                               "when": "2025-01-01T00:00:00+00:00"}), "utf-8")
    assert recovery.recoveries(load_book(small_book)) == []
