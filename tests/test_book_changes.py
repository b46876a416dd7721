"""Saving a chapter as a version and bringing back an older one, with real git history."""

from pathlib import Path

import pytest

from coauthor_desk.book_changes import bring_back, save_chapter_version
from coauthor_desk.manuscript import recovery
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book


def test_saving_a_version_keeps_the_words_and_who_saved_them(small_book: Path):
    opened = open_book(small_book)
    recovery.keep(small_book, opened.book.chapters["my-story"], "Draft one.\n")
    version = save_chapter_version(opened, "my-story", "Draft one.\n", "sam-jones",
                                   "First go at my story")
    assert version.description == "First go at my story" and version.name == "Sam Jones"
    assert open_book(small_book).book.chapters["my-story"].body == "Draft one.\n"
    assert recovery.recoveries(open_book(small_book).book) == []
    assert not recovery.copy_file(small_book, "my-story").exists()
    plain = save_chapter_version(open_book(small_book), "my-story", "Draft two.\n", "sam-jones")
    assert plain.description == "Sam changed 'My story'"
    assert save_chapter_version(open_book(small_book), "my-story", "Draft two.\n",
                                "sam-jones") is None


def test_bringing_back_an_old_version_saves_it_anew_and_loses_nothing(small_book: Path):
    opened = open_book(small_book)
    first = save_chapter_version(opened, "my-story", "The words I liked.\n", "sam-jones")
    save_chapter_version(open_book(small_book), "my-story", "Words I regret.\n", "sam-jones")
    opened = open_book(small_book)
    before = len(opened.history.versions())
    version = bring_back(opened, "my-story", first.id, "sam-jones")
    after = open_book(small_book)
    assert after.book.chapters["my-story"].body == "The words I liked.\n"
    assert after.book.chapters["my-story"].title == "My story"
    assert len(after.history.versions()) == before + 1
    assert version.description.startswith("Sam brought back the words of 'My story' as saved")
    regretted = after.history.versions(relative="chapters/my-story.md")[1]
    assert "Words I regret." in after.history.text_at(regretted.id, "chapters/my-story.md")


def test_bringing_back_says_plainly_what_is_wrong(small_book: Path):
    opened = open_book(small_book)
    first = save_chapter_version(opened, "my-story", "Only words.\n", "sam-jones")
    for args, said in ((("my-story", first.id, "sam-jones"), "the same as the words now"),
                       (("my-story", "0" * 40, "sam-jones"), "not in this chapter's history"),
                       (("nope", first.id, "sam-jones"), "no chapter called 'nope'"),
                       (("my-story", first.id, "nobody"), "no one called 'nobody'")):
        with pytest.raises(BookError) as refused:
            bring_back(open_book(small_book), *args)
        assert said in refused.value.plain()
