"""Making the book and review copies from the window: real exports, in the background."""

from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from test_main_window import shown_window, unnamed_controls

from coauthor_desk.agreements.publish import publish_check
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.export.assemble import assemble_chapters
from coauthor_desk.export.chapter_text import for_output
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.session import open_book


def _run(qtbot, dialog) -> str:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60000)
    return dialog.status.text()


def test_making_a_draft_pdf_from_theshown_window(qtbot, example_book: Path, tmp_path: Path):
    window = shown_window(qtbot, example_book)
    dialog = window.ask_to_export()
    assert unnamed_controls(dialog) == []
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.draft.setChecked(True)
    assert dialog.where.text().endswith("our-words-our-care-draft.pdf")
    dialog.where.setText(str(tmp_path / "proof.pdf"))
    seen: list[int] = []
    dialog.progress.connect(lambda _what, done, _total: seen.append(done))
    said = _run(qtbot, dialog)
    assert said == f"Saved a draft of the book in {tmp_path / 'proof.pdf'}."
    assert seen == [0, 1, 2, 3, 4]
    text = pypdf.PdfReader(str(tmp_path / "proof.pdf")).pages[0].extract_text()
    assert "DRAFT" in text


def test_a_book_not_ready_is_refused_in_the_dialog_with_what_blocks_it(qtbot, example_book,
                                                                       tmp_path: Path):
    window = shown_window(qtbot, example_book)
    dialog = window.ask_to_export()
    dialog.where.setText(str(tmp_path / "book.docx"))
    said = _run(qtbot, dialog)
    assert said.startswith("That could not be done.")
    assert "Tomasz Nowak agreed to the version of 18 April 2025" in said
    assert not (tmp_path / "book.docx").exists()
    assert dialog.start_button.isEnabled()


def test_a_review_copy_follows_the_persons_needs_from_theshown_window(qtbot, example_book,
                                                                 tmp_path: Path):
    window = shown_window(qtbot, example_book)
    dialog = window.ask_for_review_copy()
    assert unnamed_controls(dialog) == []
    dialog.person.setCurrentIndex(dialog.person.findData("colin-fraser"))
    assert dialog.kind.itemText(0) == "What they need (large print): large-print PDF"
    dialog.where.setText(str(tmp_path))
    said = _run(qtbot, dialog)
    assert said == ("Made a copy for Colin Fraser: a large-print PDF "
                    f"({tmp_path / 'colin-fraser-review-copy-large-print.pdf'}).")


def test_the_review_copy_dialog_offers_easy_read_and_says_what_it_made(qtbot, example_book,
                                                                       tmp_path: Path):
    window = shown_window(qtbot, example_book)
    dialog = window.ask_for_review_copy()
    dialog.person.setCurrentIndex(dialog.person.findData("donna-whitfield"))
    assert dialog.kind.itemText(0) == ("What they need (easy read, audio (read aloud)): "
                                       "Easy Read PDF and recording, read aloud")
    dialog.kind.setCurrentIndex(dialog.kind.findData("easy-read"))
    assert dialog.kind.currentText() == "Easy Read PDF"
    dialog.where.setText(str(tmp_path))
    said = _run(qtbot, dialog)
    copy = tmp_path / "donna-whitfield-review-copy-easy-read.pdf"
    assert said.startswith(f"Made a copy for Donna Whitfield: an Easy Read PDF ({copy}).")
    assert "sentences of more than 15 words, marked in the copy" in said
    assert "Hard words in this chapter" in pypdf.PdfReader(str(copy)).pages[2].extract_text()


def test_an_empty_save_place_is_explained_without_starting(qtbot, example_book):
    window = shown_window(qtbot, example_book)
    dialog = window.ask_to_export()
    dialog.where.setText("  ")
    dialog.start()
    assert not dialog.busy
    assert "the file to save is missing" in dialog.status.text()


def test_bringing_in_a_word_file_asks_who_an_unknown_name_is(qtbot, example_book: Path,
                                                             tmp_path: Path):
    chapter = "08-therapy-in-a-second-language"
    opened = open_book(example_book)
    copy = assemble_chapters(opened, publish_check(opened), [chapter], "Your review copy.",
                             "Review copy").markdown
    commented = copy.replace("I nodded a lot.", '[Nodding along, or agreeing?]{.comment-start '
                             'id="0" author="H. M." date="2025-03-01T10:00:00Z"}I nodded a lot.'
                             '[]{.comment-end id="0"}', 1)
    word = tmp_path / "tomasz.docx"
    word.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"],
                                text=for_output(commented, "docx")))
    window = shown_window(qtbot, example_book)
    window.chapters.selectRow(7)
    dialog = window.ask_to_import()
    assert dialog.chapter.currentData() == chapter
    assert dialog.person.currentData() == "tomasz-nowak"
    dialog.file.setText(str(word))
    dialog.read_names()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert unnamed_controls(dialog) == []
    assert dialog.names.rowCount() == 1 and dialog.names.item(0, 0).text() == "H. M."
    dialog.start()
    assert not dialog.busy and "Nobody has said who 'H. M.'" in dialog.status.text()
    helen = dialog.names.cellWidget(0, 1)
    helen.setCurrentIndex(helen.findData("helen-marsh"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy and "Imported" in window.message.text(),
                    timeout=30000)
    assert not dialog.isVisible()
    threads = [t for t in load_threads(window.opened.book)[0] if t.chapter == chapter]
    assert [(t.started_by, t.to, t.anchor.quote, t.messages[0].text) for t in threads] == [
        ("helen-marsh", "tomasz-nowak", "I nodded a lot.", "Nodding along, or agreeing?")]
