"""The whole review window, as a co-author meets it: it opens on their part of the book, fits
small screens and large text, goes by keyboard in a sensible order with focus visibly marked,
keeps its text size and contrast, and a whole review, done through the window itself, saves
each choice as a version under their name (or the editor's with them, saying so). Its pictures
in docs/screenshots/ are made by docs/make_screenshots.py, with the rest."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coauthor_desk.agreements.records import How
from coauthor_desk.comments.actions import start_thread
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.gui.review.agreements_page import AgreementsPage
from coauthor_desk.gui.review.chapters_page import ChaptersPage
from coauthor_desk.gui.review.credit_page import CreditPage
from coauthor_desk.gui.review.questions_page import QuestionsPage
from coauthor_desk.gui.review.suggestions_page import SuggestionsPage
from coauthor_desk.gui.review.window import DEFAULT_SIZE, ReviewWindow
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.model import CreditAs
from coauthor_desk.review.acting import Acting
from coauthor_desk.review.last_look import remember_look
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import open_book

JEAN, HELEN = "jean-thornton", "helen-marsh"
RON = "03-caring-for-ron"
EDITED = ("Then one morning he went out for the paper and could not find his way home.",
          "Then one morning he went out for the newspaper and could not find his way home.")
TREASURE = ("and the memory nurse was a treasure.", "and the memory nurse was wonderful.")
WELL = ("Ron understood well enough.", "Ron understood perfectly well.")
QUESTION = "Is Ron happy to be named in the book?"
DAY = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
PARTS = ["Your chapters", "Suggested changes", "Questions and comments", "Your agreements",
         "How you are named", "What happened to what you said"]


@pytest.fixture
def jean_book(example_book: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Jean read her chapter; Helen then changed one sentence of it straight away, suggested
    two more changes to her words, and asked her a question. Dates are fixed, so the pictures
    are the same from one day to the next."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", DAY.isoformat())
    monkeypatch.setenv("GIT_COMMITTER_DATE", DAY.isoformat())
    opened = open_book(example_book)
    remember_look(opened, JEAN, RON, when=DAY)
    body = opened.book.chapters[RON].body
    with opened.history.transaction(identity_of(opened.book.people[HELEN]),
                                    "Helen changed 'Caring for Ron'"):
        save_chapter(opened.book, RON, body.replace(*EDITED))
    opened = open_book(example_book)
    body = opened.book.chapters[RON].body
    save_edit(opened, RON, body.replace(*TREASURE).replace(*WELL), HELEN,
              reason="A little plainer?", when=DAY)
    opened = open_book(example_book)
    sentence = "I was offered a carer's assessment"
    start_thread(opened, RON, sentence, JEAN, QUESTION, HELEN, ThreadKind.QUESTION, when=DAY)
    return example_book


def _settle(qtbot: QtBot, window: ReviewWindow) -> None:
    qtbot.waitUntil(lambda: window.context is not None and not window.busy, timeout=30_000)
    for _ in range(5):
        QApplication.processEvents()


def _open(qtbot: QtBot, folder: Path, acting: Acting | None = None,
          area: QRect | None = None, points: int = DEFAULT_SIZE,
          speech: str = "mock") -> ReviewWindow:
    """The window as on a screen of `area`, its speech through Qt's own test voice."""
    window = ReviewWindow(folder, acting or Acting(JEAN), speech_engine=speech)
    qtbot.addWidget(window)
    window.fit_to(area or QRect(0, 0, 1280, 800))  # as on a screen this size
    window.show()
    _settle(qtbot, window)
    if window.size_points != points:
        window.set_text_size(points)
        _settle(qtbot, window)
    return window


def _go(qtbot: QtBot, window: ReviewWindow, page_type: type) -> QWidget:
    row = next(i for i, page in enumerate(window.pages) if isinstance(page, page_type))
    window.go_to_part(row)
    _settle(qtbot, window)
    return window.pages[row]


def _log(folder: Path, what: str = "%an|%s", since: str | None = None) -> list[str]:
    span = [f"{since}..HEAD"] if since else ["-1"]
    return subprocess.run(["git", "log", f"--format={what}", *span], cwd=folder,
                          capture_output=True, text=True, check=True).stdout.splitlines()


# (a) ---------------------------------------------------------------------------------------------
def test_it_opens_on_the_persons_own_review_with_six_parts(qtbot: QtBot,
                                                          jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    assert window.heading.text().startswith("<b>Hello, Jean.</b>")
    assert window.windowTitle().startswith("Jean Thornton's review of ")
    assert not window.behalf.isVisible()
    assert [window.parts.item(i).text().split("\n")[0] for i in range(6)] == PARTS
    assert window.parts.item(1).text() == "Suggested changes\n2 waiting"
    # The first part's news has the last word: what changed in her chapter.
    assert window.status.text() == "“Caring for Ron”: 1 change since you last looked."
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number in (3, 6, 1, 5, 2, 4):
        qtbot.keyClick(window.parts, Qt.Key.Key_0 + number,
                       Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == number - 1
        assert window.parts.currentRow() == number - 1
    window.parts.setFocus()
    window.parts.setCurrentRow(0)
    for row in range(1, 6):  # down the list with the arrow key
        qtbot.keyClick(window.parts, Qt.Key.Key_Down)
        assert window.stack.currentIndex() == row
        assert window.stack.currentWidget().accessibleName() == PARTS[row]


# (b) ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("width", "height", "points"), [(1024, 768, 18), (1280, 800, 24),
                                                         (1280, 800, 18)])
def test_every_part_fits_the_screen(qtbot: QtBot, jean_book: Path, width: int, height: int,
                                    points: int) -> None:
    area = QRect(0, 0, width, height)
    window = _open(qtbot, jean_book, area=area, points=points)
    assert area.contains(window.frameGeometry())
    for button in window.findChildren(QPushButton):  # the window's own row
        if button.isVisible() and not window.stack.isAncestorOf(button):
            assert window.rect().contains(QRect(button.mapTo(window, QPoint()),
                                                button.size())), button.text()
    for row, page in enumerate(window.pages):
        window.go_to_part(row)
        _settle(qtbot, window)
        scroll = window.stack.currentWidget()
        assert isinstance(scroll, QScrollArea)
        viewport = scroll.viewport()
        assert not scroll.horizontalScrollBar().isVisible(), page.title
        assert page.minimumSizeHint().width() <= viewport.width(), page.title
        assert page.width() <= viewport.width(), page.title
        for button in page.findChildren(QAbstractButton):
            if not button.isVisible():
                continue
            scroll.ensureWidgetVisible(button, 0, 0)
            QApplication.processEvents()
            place = QRect(button.mapTo(viewport, QPoint()), button.size())
            assert viewport.rect().contains(place), (page.title, button.text(), place)
            inside = QRect(button.mapTo(window, QPoint()), button.size())
            assert window.rect().contains(inside), (page.title, button.text())
            assert button.width() >= button.sizeHint().width(), (page.title, button.text())
        for label in page.findChildren(QLabel):
            if label.isVisible() and not label.wordWrap():
                assert label.width() >= label.sizeHint().width(), (page.title, label.text())
    chapters = window.pages[0]
    assert isinstance(chapters, ChaptersPage)
    lines = chapters.words.viewport().height() / chapters.words.fontMetrics().lineSpacing()
    assert lines >= 6, lines  # the chapter is what the part is for
    suggestions = window.pages[1]
    assert isinstance(suggestions, SuggestionsPage)
    assert suggestions.chapter.height() >= 6 * suggestions.chapter.fontMetrics().lineSpacing()
    window.close()


# (c) ---------------------------------------------------------------------------------------------
def _focus_ring(widget: QWidget, focus_colour: QColor) -> float:
    """How much of the widget's outer four pixels is the focus colour: nearly all of it when
    the thick focus border is drawn; a thin border (or a coloured line inside) is far less."""
    image = widget.grab().toImage()
    width, height = image.width(), image.height()
    ring = [(x, y) for x in range(0, width, 2) for y in range(0, height, 2)
            if min(x, y, width - 1 - x, height - 1 - y) < 4]
    coloured = sum(1 for x, y in ring if QColor(image.pixel(x, y)) == focus_colour)
    return coloured / max(len(ring), 1)


@pytest.mark.parametrize("page_type", [ChaptersPage, QuestionsPage, SuggestionsPage,
                                       AgreementsPage, CreditPage])
def test_tab_goes_from_the_list_of_parts_down_the_part(qtbot: QtBot, jean_book: Path,
                                                       page_type: type) -> None:
    window = _open(qtbot, jean_book)
    page = _go(qtbot, window, page_type)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert "*:focus" in window.styleSheet() and "4px solid" in window.styleSheet()
    focus_colour = QColor("#0b57d0")
    window.parts.setFocus()
    qtbot.waitUntil(window.parts.hasFocus)
    seen: list[QWidget] = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or not page.isAncestorOf(widget) or widget in seen:
            break
        seen.append(widget)
    assert len(seen) >= 2, [w.accessibleName() for w in seen]
    tops = []
    for widget in seen:
        assert widget.accessibleName().strip(), type(widget).__name__
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        tops.append(widget.mapTo(page, QPoint()).y())
    assert tops == sorted(tops), [(w.accessibleName(), y) for w, y in zip(seen, tops,
                                                                          strict=True)]
    # Focus is shown by a thick border, not by colour alone: the border is wider when focused.
    first = seen[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    focused = _focus_ring(first, focus_colour)
    window.parts.setFocus()
    qtbot.waitUntil(window.parts.hasFocus)
    unfocused = _focus_ring(first, focus_colour)
    assert focused > 0.8 and unfocused < 0.5, (first.accessibleName(), focused, unfocused)
    window.close()


# (d), (e) ----------------------------------------------------------------------------------------
def test_larger_text_grows_the_words_and_is_kept_for_the_next_window(qtbot: QtBot,
                                                                    jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    page = _go(qtbot, window, ChaptersPage)
    assert isinstance(page, ChaptersPage)
    label = page.changed_words
    before, words_before = label.fontInfo().pointSize(), page.words.fontInfo().pointSize()
    assert before == DEFAULT_SIZE
    window.larger.click()
    window.larger.click()
    _settle(qtbot, window)
    assert window.status.text() == f"Text size {DEFAULT_SIZE + 4} points."
    assert label.fontInfo().pointSize() == DEFAULT_SIZE + 4
    assert page.words.fontInfo().pointSize() > words_before
    window.close()
    again = _open(qtbot, jean_book, points=DEFAULT_SIZE + 4)
    assert again.size_points == DEFAULT_SIZE + 4
    assert again.pages[0].changed_words.fontInfo().pointSize() == DEFAULT_SIZE + 4
    again.smaller.click()
    assert again.pages[0].changed_words.fontInfo().pointSize() == DEFAULT_SIZE + 2
    again.close()


def _underlined(document_owner: QWidget, words: str) -> bool:
    document = document_owner.document()  # type: ignore[attr-defined]
    found = document.find(words)
    assert not found.isNull(), words
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat().fontUnderline()


def test_high_contrast_is_white_on_black_and_marks_are_still_underlined(
        qtbot: QtBot, jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    chapters = _go(qtbot, window, ChaptersPage)
    assert isinstance(chapters, ChaptersPage)
    window.contrast.click()
    _settle(qtbot, window)
    assert window.status.text() == "High contrast on."
    for widget in (chapters, chapters.changed_words, window.parts):
        palette = widget.palette()
        assert palette.color(QPalette.ColorRole.Window) == QColor("black")
        assert palette.color(QPalette.ColorRole.WindowText) == QColor("white")
    assert _underlined(chapters.words, EDITED[1][:40])
    assert chapters.places  # and the sentences above say what changed, in words
    suggestions = _go(qtbot, window, SuggestionsPage)
    assert isinstance(suggestions, SuggestionsPage)
    assert suggestions.palette().color(QPalette.ColorRole.Base) == QColor("black")
    assert _underlined(suggestions.suggested, "wonderful")
    assert suggestions.chapter.extraSelections()[0].format.fontUnderline()
    window.close()
    again = _open(qtbot, jean_book)
    assert again.high_contrast and again.contrast.isChecked()
    again.contrast.click()
    _settle(qtbot, again)
    assert again.palette().color(QPalette.ColorRole.Window) != QColor("black")
    again.close()


# (f) ---------------------------------------------------------------------------------------------
def test_jean_does_her_whole_review_in_the_window(qtbot: QtBot, jean_book: Path) -> None:
    start = _log(jean_book, "%H")[0]
    window = _open(qtbot, jean_book)

    chapters = _go(qtbot, window, ChaptersPage)
    assert isinstance(chapters, ChaptersPage)
    assert "Helen Marsh reworded a sentence" in chapters.changed_words.text()
    assert _underlined(chapters.words, EDITED[1][:40])
    qtbot.mouseClick(chapters.next_button, Qt.MouseButton.LeftButton)
    assert window.status.text().startswith("Change 1 of 1: Reworded a sentence.")
    qtbot.mouseClick(chapters.read_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text().startswith("Saved: you have read “Caring for Ron”.")

    questions = _go(qtbot, window, QuestionsPage)
    assert isinstance(questions, QuestionsPage)
    assert QUESTION in questions.thread_view.toPlainText()
    questions.reply_box.setFocus()
    qtbot.keyClicks(questions.reply_box, "Yes. Ron says he is proud of it.")
    qtbot.mouseClick(questions.send_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text() == "Your reply to Helen's question is saved."

    suggestions = _go(qtbot, window, SuggestionsPage)
    assert isinstance(suggestions, SuggestionsPage)
    assert suggestions.where.text().startswith("Suggestion 1 of 2")
    qtbot.mouseClick(suggestions.use, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text() == "Suggestion 1 of 2: used the new words. 1 still waiting."
    qtbot.mouseClick(suggestions.keep, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text() == ("Suggestion 2 of 2: kept your words. You have decided "
                                    "every suggestion.")
    qtbot.mouseClick(suggestions.undo, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text() == ("Suggestion 2 of 2: your choice is taken back. It waits "
                                    "for you again.")
    assert window.parts.item(1).text() == "Suggested changes\n1 waiting"

    agreements = _go(qtbot, window, AgreementsPage)
    assert isinstance(agreements, AgreementsPage)
    row = next(r for r in range(agreements.list.count())
               if "Your chapter 'Caring for Ron'" in agreements.list.item(r).text())
    agreements.list.setCurrentRow(row)
    assert "Needs checking again" in agreements.list.item(row).text()  # Helen's change
    withdraw = next(b for b in agreements.choice_buttons.values()
                    if b.isVisible() and b.text() == "I withdraw my agreement")
    records = set((jean_book / "agreements" / JEAN).glob("*.yaml"))
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    assert agreements.confirm_panel.isVisible()
    assert window.status.text().startswith("If you withdraw, your chapter 'Caring for Ron'")
    assert set((jean_book / "agreements" / JEAN).glob("*.yaml")) == records  # not yet
    qtbot.mouseClick(agreements.yes_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text() == "Saved: you withdrew your agreement for 'Caring for Ron'."

    credit = _go(qtbot, window, CreditPage)
    assert isinstance(credit, CreditPage)
    assert "“Caring for Ron”" in credit.bylines.text()
    qtbot.mouseClick(credit.radios[CreditAs.FIRST_NAME], Qt.MouseButton.LeftButton)
    assert credit.radios[CreditAs.FIRST_NAME].isChecked()
    qtbot.mouseClick(credit.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text().startswith("Saved: you will be named as 'Jean'.")
    qtbot.waitUntil(lambda: "'Jean'" in credit.bylines.text(), timeout=10_000)

    # On disk, and in the history: each choice a version under Jean's own name.
    body = (jean_book / "chapters" / f"{RON}.md").read_text("utf-8")
    assert TREASURE[1] in body and WELL[0] in body and WELL[1] not in body
    assert "first-name" in (jean_book / "people" / f"{JEAN}.yaml").read_text("utf-8")
    replies = [p.read_text("utf-8") for p in (jean_book / "feedback" / RON).glob("*.yaml")]
    assert any("Ron says he is proud of it." in text for text in replies)
    saved = _log(jean_book, since=start)
    assert len(saved) == 7, saved  # read, reply, use, keep, take back, withdraw, name
    assert {line.split("|")[0] for line in saved} == {"Jean Thornton"}, saved
    window.close()


# (g) ---------------------------------------------------------------------------------------------
def test_with_an_editor_present_choices_are_recorded_in_her_name(qtbot: QtBot,
                                                                 jean_book: Path) -> None:
    window = _open(qtbot, jean_book, Acting(JEAN, HELEN, How.IN_PERSON))
    assert window.behalf.isVisible()
    assert window.behalf.text() == ("Helen Marsh is with Jean Thornton and records Jean's "
                                    "choices for them (told in person).")
    suggestions = _go(qtbot, window, SuggestionsPage)
    assert isinstance(suggestions, SuggestionsPage)
    qtbot.mouseClick(suggestions.keep, Qt.MouseButton.LeftButton)
    _settle(qtbot, window)
    assert window.status.text().startswith("Suggestion 1 of 2: kept your words.")
    name, said = _log(jean_book)[0].split("|", 1)
    assert name == "Helen Marsh"
    assert said.endswith("(recorded by Helen Marsh, told in person)")
    window.close()


# Read aloud -------------------------------------------------------------------------------------
def _spoken_mark(box: QWidget) -> list[str]:
    """The words marked as being spoken in the box (the read-aloud mark is an extra
    selection with a background and an underline)."""
    return [mark.cursor.selectedText() for mark in box.extraSelections()  # type: ignore
            if mark.format.fontUnderline() and
            mark.format.background().style() != Qt.BrushStyle.NoBrush]


def test_read_aloud_marks_each_word_of_the_chapter_or_of_the_chosen_words(
        qtbot: QtBot, jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    chapters = _go(qtbot, window, ChaptersPage)
    assert isinstance(chapters, ChaptersPage)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.read_button.accessibleName() == "Read aloud"
    assert not window.stop_button.isEnabled()
    with qtbot.waitSignal(window.reader.word_reached, timeout=5000):
        qtbot.keyClick(window.parts, Qt.Key.Key_F5)
    assert window.status.text() == "Reading the chapter aloud."
    assert _spoken_mark(chapters.words) == ["Who"]
    assert window.stop_button.isEnabled()
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert window.status.text() == "Stopped reading."
    assert _spoken_mark(chapters.words) == [] and not window.reader.is_reading

    chapters.next_button.click()  # the changed sentence is chosen: only it is read
    sentence = chapters.words.textCursor().selectedText()
    assert sentence.startswith("Then one morning")
    with qtbot.waitSignal(window.reader.word_reached, timeout=5000):
        qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    assert window.status.text() == "Reading the words you chose aloud."
    assert _spoken_mark(chapters.words) == ["Then"]
    assert chapters.words.textCursor().selectedText() == sentence  # still chosen
    window.go_to_part(2)  # another part: the reading stops, quietly
    assert not window.reader.is_reading
    assert _spoken_mark(chapters.words) == []
    window.close()


def test_read_aloud_reads_the_suggestion_and_says_plainly_when_there_is_no_voice(
        qtbot: QtBot, jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    suggestions = _go(qtbot, window, SuggestionsPage)
    assert isinstance(suggestions, SuggestionsPage)
    words, box, what = suggestions.reading()
    assert box is None and what == "the suggestion"
    assert words.startswith("Suggestion 1 of 2")  # which one, both sentences, who and why
    assert TREASURE[0] in words and TREASURE[1] in words and "A little plainer?" in words
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    assert window.status.text() == "Reading the suggestion aloud."
    suggestions.chapter.setFocus()  # gone into the chapter below: that is what is read
    qtbot.waitUntil(suggestions.chapter.hasFocus)
    with qtbot.waitSignal(window.reader.word_reached, timeout=5000):
        qtbot.keyClick(suggestions.chapter, Qt.Key.Key_F5)
    assert window.status.text() == "Reading the chapter aloud."
    assert _spoken_mark(suggestions.chapter)
    window.close()  # closing stops the reading
    assert not window.reader.is_reading
    quiet = _open(qtbot, jean_book, speech="no-such-voice")
    quiet.read_button.click()
    assert quiet.status.text().startswith("Reading aloud is not available on this computer")
    assert not quiet.stop_button.isEnabled()
    quiet.close()


def test_going_to_a_part_puts_the_keys_on_its_first_control(qtbot: QtBot,
                                                              jean_book: Path) -> None:
    window = _open(qtbot, jean_book)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, window)
    page = window.pages[1]
    assert isinstance(page, SuggestionsPage)
    focused = QApplication.focusWidget()
    assert focused is not None and page.isAncestorOf(focused), focused
    window.close()
