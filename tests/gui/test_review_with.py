"""From the editor's window: an editor's changes to a co-author's words become suggestions, and
"Review with someone…" opens the co-author's review, where the choices are recorded by the
editor present."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QThreadPool
from test_main_window import shown_window

from coauthor_desk.gui.review.suggestions_page import SuggestionsPage
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.review.decide import Choice

CHAPTER = "03-caring-for-ron"
SENTENCE = "About six years ago he began to forget things."


def _choose(window, chapter_id: str) -> None:
    order = window.view.opened.book.chapter_order
    window.chapters.selectRow(order.index(chapter_id))


def test_an_editors_save_keeps_the_coauthors_words_and_offers_the_change(qtbot,
                                                                         example_book: Path):
    window = shown_window(qtbot, example_book)
    _choose(window, CHAPTER)
    text = window.reader.text
    assert SENTENCE in text.toPlainText()
    text.setPlainText(text.toPlainText().replace(SENTENCE, "He forgot things."))
    window.save_version("helen-marsh", "")
    qtbot.waitUntil(lambda: not window.busy and "kept as a suggested change" in
                    window.message.text(), timeout=15000)
    assert "One change to Jean Thornton's words" in window.message.text()
    # The words on screen are Jean's again, and nothing is kept aside as unsaved typing.
    qtbot.waitUntil(lambda: SENTENCE in window.reader.text.toPlainText(), timeout=5000)
    assert not window.reader.text.has_changes
    assert SENTENCE in load_book(example_book).chapters[CHAPTER].body


def test_reviewing_with_someone_records_their_choice_in_the_editors_name(qtbot,
                                                                          example_book: Path):
    from coauthor_desk.review.suggest import save_edit
    from coauthor_desk.session import open_book

    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    save_edit(opened, CHAPTER, body.replace(SENTENCE, "He forgot things."), "helen-marsh")
    window = shown_window(qtbot, example_book)
    dialog = window.ask_to_review_with()
    assert dialog is not None
    dialog.person.setCurrentIndex(dialog.person.findData("jean-thornton"))
    dialog.present.setCurrentIndex(dialog.present.findData("helen-marsh"))
    dialog.accept()
    assert len(window.reviews) == 1
    review = window.reviews[0]
    qtbot.waitUntil(lambda: review.context is not None and not review.busy, timeout=15000)
    assert review.behalf.isVisible()
    assert "Helen Marsh is with Jean Thornton" in review.behalf.text()
    page = next(p for p in review.pages if isinstance(p, SuggestionsPage))
    review.go_to_part(review.pages.index(page))
    assert page.count() == 1
    page.choose(Choice.KEEP)
    qtbot.waitUntil(lambda: "kept your words" in review.status.text(), timeout=15000)
    QThreadPool.globalInstance().waitForDone(5000)
    newest = subprocess.run(["git", "-C", str(example_book), "log", "-1", "--format=%an|%s"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert newest.startswith("Helen Marsh|Jean kept their own words")
    assert newest.endswith("(recorded by Helen Marsh, told in person)")
    review.close()
    qtbot.waitUntil(lambda: not window.reviews and not window.busy and
                    "review is closed" in window.message.text(), timeout=15000)


def test_saving_someone_elses_chapter_says_what_will_happen_and_asks_why(qtbot,
                                                                         example_book: Path):
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.gui.save_version_dialog import SaveVersionDialog

    window = shown_window(qtbot, example_book)
    _choose(window, CHAPTER)
    dialog = SaveVersionDialog(window.view.opened.book, "helen-marsh", window,
                               window.reader.chapter)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.note.isVisible() and dialog.why.isVisible()
    assert "Changes to the words of Jean Thornton will be kept as suggested changes" in \
        dialog.note.text()
    dialog.person.setCurrentIndex(dialog.person.findData("jean-thornton"))
    assert not dialog.note.isVisible() and not dialog.why.isVisible()
    assert dialog.reason() == ""
    dialog.person.setCurrentIndex(dialog.person.findData("helen-marsh"))
    dialog.why.setText("Shorter, I think")
    assert dialog.reason() == "Shorter, I think"
    text = window.reader.text
    text.setPlainText(text.toPlainText().replace(SENTENCE, "He forgot things."))
    window.save_version(*dialog.choice(), reason=dialog.reason())
    qtbot.waitUntil(lambda: not window.busy and "kept as a suggested change" in
                    window.message.text(), timeout=15000)
    [made] = [t for t in load_threads(load_book(example_book))[0] if t.chapter == CHAPTER
              and t.proposed == "He forgot things."]
    assert made.messages[0].text == "Shorter, I think" and made.to == "jean-thornton"
