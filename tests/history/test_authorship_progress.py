"""Who wrote what tells how far it has got all through the walk of the history, not only at
the end of it (real histories of saved versions)."""

from pathlib import Path

import pytest

from coauthor_desk.history import word_credit
from coauthor_desk.history.authorship import who_wrote_what
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.edit import add_chapter, save_chapter
from coauthor_desk.manuscript.loader import load_book

SAM = Identity("Sam Jones", "sam.jones@example.org")
HELEN = Identity("Helen Marsh", "helen.marsh@example.org")
CHAPTERS = ["my-story", "our-group", "what-i-learnt"]
VERSIONS = 40


@pytest.fixture
def long_book(small_book: Path) -> Path:
    """Three chapters, and many versions saved by two people in turn."""
    for title, chapter in [("Our group", "our-group"), ("What I learnt", "what-i-learnt")]:
        add_chapter(load_book(small_book), title, ["sam-jones"], chapter)
    history = History(small_book)
    history.save_files_as_version(HELEN, "Started two more chapters")
    for number in range(VERSIONS):
        chapter = CHAPTERS[number % len(CHAPTERS)]
        book = load_book(small_book)
        body = book.chapters[chapter].body.rstrip("\n")
        save_chapter(book, chapter, body=f"{body}\n\nParagraph {number} tells a little more.\n")
        history.save_files_as_version(SAM if number % 2 else HELEN, "Worked on the chapter")
    return small_book


def test_the_count_moves_during_the_walk_and_ends_at_the_total(long_book: Path):
    seen: list[tuple[int, int]] = []
    authorship = who_wrote_what(load_book(long_book), History(long_book),
                                progress=lambda done, total: seen.append((done, total)))
    assert all(chapter.measured for chapter in authorship.chapters)
    totals = {total for _, total in seen}
    assert totals == {300}  # hundredths of each of the three chapters
    done = [d for d, _ in seen]
    assert done[0] == 0 and done[-1] == 300
    assert done == sorted(set(done))  # never back, never told twice
    walk = [d for d in done if 0 < d < 270]  # before any chapter is finished (90 of each 100)
    assert len(walk) >= 10


def test_the_walk_itself_tells_a_hundred_times_at_most(long_book: Path):
    history = History(long_book)
    paths = [f"chapters/{chapter}.md" for chapter in CHAPTERS]
    seen: list[tuple[int, int]] = []
    told = word_credit.replay(history.git, history.head(), paths,
                              lambda done, total: seen.append((done, total)))
    quiet = word_credit.replay(history.git, history.head(), paths)
    assert told.texts == quiet.texts  # telling changes nothing that is worked out
    total = seen[-1][1]
    assert total >= 2 * VERSIONS and {t for _, t in seen} == {total}
    assert seen[-1][0] == total and len(seen) <= 101
    done = [d for d, _ in seen]
    assert done == sorted(set(done))
    assert any(0 < d < total for d in done)


def test_remembered_chapters_are_done_at_once(long_book: Path):
    who_wrote_what(load_book(long_book), History(long_book))
    seen: list[tuple[int, int]] = []
    who_wrote_what(load_book(long_book), History(long_book),
                   progress=lambda done, total: seen.append((done, total)))
    assert seen == [(300, 300)]
