from pathlib import Path

from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Status
from coauthor_desk.session import open_book
from coauthor_desk.status import status_report, status_text, waiting_on


def test_whose_turn_follows_each_chapters_status(small_book: Path):
    book = load_book(small_book)
    assert waiting_on(book) == {"sam-jones": ["my-story"]}
    save_chapter(book, "my-story", status=Status.WITH_EDITORS)
    assert waiting_on(load_book(small_book)) == {"helen-marsh": ["my-story"]}
    save_chapter(load_book(small_book), "my-story", status=Status.READY)
    assert waiting_on(load_book(small_book)) == {}


def test_the_example_books_report(example_book: Path):
    report = status_report(open_book(example_book))
    assert len(report["chapters"]) == 16 and len(report["people"]) == 20
    assert report["words"] == sum(c["words"] for c in report["chapters"]) > 8000
    waiting = {entry["person"]: entry["chapters"] for entry in report["waiting"]}
    assert waiting["lorraine-baxter"] == ["07-my-son-the-system-and-me"]
    assert "10-after-the-stroke" in waiting["priya-raman"]
    assert report["unsaved_files"] == []
    text = status_text(report)
    assert "Waiting on" in text and "Robin Ashby" in text
    assert "not named (anonymous)" in text


def test_hand_edits_show_as_not_yet_saved(example_book: Path):
    (example_book / "chapters" / "02-leaving-care.md").write_text(
        (example_book / "chapters" / "02-leaving-care.md").read_text() + "\nOne more line.\n")
    report = status_report(open_book(example_book))
    assert report["unsaved_files"] == ["chapters/02-leaving-care.md"]
    assert "not yet saved as a version" in status_text(report)
