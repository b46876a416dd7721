"""Who is waiting on what, on the example book and its real history."""

from datetime import UTC, datetime
from pathlib import Path

from coauthor_desk.agreements.publish import publish_check
from coauthor_desk.book_changes import save_chapter_version
from coauthor_desk.cli import main
from coauthor_desk.comments.actions import reply, start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.export.review_copy import review_copies
from coauthor_desk.session import open_book
from coauthor_desk.waiting import waiting_report

SUMMER = datetime(2025, 6, 10, tzinfo=UTC)


def _report(folder: Path, now: datetime = SUMMER) -> dict[str, list[str]]:
    opened = open_book(folder)
    found = waiting_report(opened, publish_check(opened), load_threads(opened.book)[0], now)
    kinds: dict[str, list[str]] = {}
    for item in found:
        kinds.setdefault(item.kind, []).append(item.words)
    return kinds


def test_chapters_and_agreements_waiting_on_people(example_book: Path):
    report = _report(example_book)
    assert ("'What carers told us' is waiting for Margaret Ellis, Sandra Pike and Alan Brooks: "
            "being written.") in report["chapter"]
    agreements = " ".join(report["agreement"])
    assert "Ask Tomasz to look again." in agreements
    assert "Jean Thornton withdrew their agreement to the quote" in agreements
    assert "Lorraine Baxter has not been asked yet" in agreements  # her chapter is with her
    assert "Margaret Ellis has not been asked" not in agreements  # still being written


def test_a_question_waits_until_it_is_answered(example_book: Path):
    opened = open_book(example_book)
    thread = start_thread(opened, "10-after-the-stroke", "the number 36", "kwame-mensah",
                          "Which town was that?", "david-lowe", "question")
    assert any("Kwame Mensah has not answered David Lowe about “the number 36”" in words
               for words in _report(example_book)["answer"])
    reply(open_book(example_book), thread, "kwame-mensah", "Leeds.")
    assert "answer" not in _report(example_book)


def test_people_not_heard_from_for_longer_than_the_house_style_allows(example_book: Path):
    quiet = _report(example_book)["not-heard-from"]
    assert "Amira Yusuf has not been heard from since 19 March 2025, more than 4 weeks ago." \
        in quiet
    assert not any(line.startswith("Helen Marsh") for line in quiet)  # busy in June


def test_a_review_copy_meets_an_access_need_until_the_words_change(example_book: Path,
                                                                   tmp_path: Path):
    line = ("Colin Fraser has no large-print copy of the newest words of 'Learning to live "
            "with diabetes'.")
    assert line in _report(example_book)["access"]
    review_copies(open_book(example_book), "colin-fraser", output=tmp_path)
    assert line not in _report(example_book)["access"]
    opened = open_book(example_book)
    chapter = opened.book.chapters["13-learning-to-live-with-diabetes"]
    save_chapter_version(opened, chapter.id, chapter.body + "\nOne more thing.\n",
                         "colin-fraser")
    assert line in _report(example_book)["access"]


def test_the_command_line_tells_it_under_headings(example_book: Path, capsys):
    assert main(["waiting", str(example_book)]) == 0
    out = capsys.readouterr().out
    for heading in ("Chapters waiting on someone", "Agreements to ask for",
                    "Not heard from lately", "Access needs not yet met"):
        assert heading in out
