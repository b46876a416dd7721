"""What is one person's in a review: their chapters and the conversations meant for them."""

from __future__ import annotations

from pathlib import Path

from coauthor_desk.comments.actions import resolve, start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.review.mine import my_chapters, my_threads, questions_for
from coauthor_desk.session import open_book


def test_a_co_author_has_only_the_chapters_they_wrote(example_book: Path) -> None:
    book = open_book(example_book).book
    assert [c.id for c in my_chapters(book, "amira-yusuf")] == ["02-leaving-care"]
    assert [c.id for c in my_chapters(book, "sandra-pike")] == ["16-what-carers-told-us"]
    assert my_chapters(book, "nobody-at-all") == []


def test_an_editor_has_their_chapters_and_those_with_their_commentary(example_book: Path
                                                                      ) -> None:
    book = open_book(example_book).book
    helen = [c.id for c in my_chapters(book, "helen-marsh")]
    assert helen[0] == "01-introduction"  # an author of it
    assert helen[1:] == [c.id for c in book.ordered_chapters()
                         if 'author="helen-marsh"' in c.body]
    assert "03-caring-for-ron" not in helen  # David's commentary, Jean's words
    assert helen == [c for c in book.chapter_order if c in helen]  # book order


def test_threads_for_and_from_a_person(example_book: Path) -> None:
    opened = open_book(example_book)
    asked = start_thread(opened, "02-leaving-care", "I love the patients.", "amira-yusuf",
                         "Which patients do you mean?", "helen-marsh", ThreadKind.QUESTION)
    start_thread(opened, "02-leaving-care", "I hate the phone system.", "amira-yusuf",
                 "Shorter?", "helen-marsh", ThreadKind.SUGGESTION, proposed="I hate the phones.")
    noted = start_thread(opened, "02-leaving-care", "I was in care from eleven to eighteen.",
                         "amira-yusuf", "Thank you for this.", "david-lowe")
    start_thread(opened, "03-caring-for-ron", "Ron", "jean-thornton", "Is Ron happy to be "
                 "named?", "helen-marsh", ThreadKind.QUESTION, occurrence=1)
    mine_started = start_thread(opened, "02-leaving-care", "I love the patients.",
                                "helen-marsh", "Can we talk about this part?", "amira-yusuf")
    resolve(opened, noted, "amira-yusuf")
    threads = load_threads(opened.book)[0]

    assert {t.id for t in my_threads(threads, "amira-yusuf")} == \
        {t.id for t in threads if t.chapter == "02-leaving-care"}
    assert mine_started.id in {t.id for t in my_threads(threads, "amira-yusuf")}
    waiting, answered = questions_for(threads, "amira-yusuf")
    assert [t.id for t in waiting] == [asked.id]
    assert [t.id for t in answered] == [noted.id]
    assert questions_for(threads, "colin-fraser") == ([], [])
    assert [t.chapter for t in questions_for(threads, "jean-thornton")[0]] == \
        ["03-caring-for-ron"]
