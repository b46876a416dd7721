"""The first window fits the screen it opens on: measured on the real widgets, at four screen
sizes and at 150% text size, with a picture of each saved in docs/screenshots/ to look at."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QTabWidget, QWidget

from coauthor_desk.gui import comfort, first_layout
from coauthor_desk.gui.main_window import MainWindow

SCREENS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture
def text_size() -> Iterator[Callable[[int], int]]:
    """Sets the window's text size (as View › Larger text does), put back afterwards."""
    normal = QApplication.font()
    yield comfort.apply_text_size
    QApplication.setFont(normal)


def _settled(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
    for _ in range(5):
        QApplication.processEvents()


def _every_tab_reachable(tabs: QTabWidget, chooser: QComboBox | None = None) -> None:
    """Every tab is in view with its whole name, or (in a narrow pane) the list chooser in
    their place names every one."""
    bar = tabs.tabBar()
    if chooser is not None and chooser.isVisible():
        assert not bar.isVisible()
        assert [chooser.itemText(i) for i in range(chooser.count())] == \
            [bar.tabText(i) for i in range(bar.count())]
        return
    assert not tabs.usesScrollButtons()
    for index in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(index)), (bar.tabText(index), bar.width())
        whole = bar.fontMetrics().horizontalAdvance(bar.tabText(index))
        assert bar.tabRect(index).width() > whole, bar.tabText(index)  # not cut short


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _buttons_whole(window: MainWindow) -> None:
    """On every tab of the book's lists, each button is wholly inside its pane and its words
    fit on it."""
    pane = window.lists_pane
    for index in range(window.lists.count()):
        window.lists.setCurrentIndex(index)
        QApplication.processEvents()
        for button in window.lists.currentWidget().findChildren(QPushButton):
            if not button.isVisible():
                continue
            place = QRect(button.mapTo(pane, QPoint(0, 0)), button.size())
            assert pane.rect().contains(place), (button.text(), place, pane.rect())
            assert button.width() >= button.sizeHint().width(), button.text()
    window.lists.setCurrentIndex(0)


def _measure(window: MainWindow, screen: QRect) -> float:
    """Check the window against `screen`; the characters a line of chapter text has."""
    frame = window.frameGeometry()
    assert screen.contains(frame), (frame, screen)
    for pane in (window.lists, window.reader.text, window.reader.comments, window.reader.below):
        assert _shown(pane), pane.accessibleName()
    _every_tab_reachable(window.lists, window.lists_chooser)
    _every_tab_reachable(window.reader.below)
    _buttons_whole(window)
    chars = first_layout.chars_across(window.reader.text)
    assert chars >= first_layout.CHAPTER_CHARS, chars
    text = window.reader.text
    lines = text.viewport().height() / text.fontMetrics().lineSpacing()
    assert lines >= 8, lines  # the chapter is what the window is for
    waiting = window.waiting
    last = waiting.columnWidth(1) / waiting.fontMetrics().averageCharWidth()
    assert last >= 20, last  # who is waiting is read as sentences, not a word a line
    return chars


def _open_at(qtbot, book: Path, screen: QRect) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_folder(book)
    _settled(qtbot, window)
    first_layout.settle(window, restored=False, available=screen)  # as on a screen this size
    _settled(qtbot, window)
    return window


@pytest.mark.parametrize(("width", "height", "points"), [
    (1024, 768, comfort.NORMAL), (1280, 800, comfort.NORMAL), (1366, 768, comfort.NORMAL),
    (1920, 1080, comfort.NORMAL), (1280, 800, math.ceil(comfort.NORMAL * 1.5))])
def test_the_first_window_fits_its_screen(qtbot, example_book: Path, width: int, height: int,
                                          points: int, text_size) -> None:
    text_size(points)
    screen = QRect(0, 0, width, height)
    window = _open_at(qtbot, example_book, screen)
    chars = _measure(window, screen)
    print(f"{width}x{height} at {points} pt: {chars:.0f} characters a line")
    SCREENS.mkdir(parents=True, exist_ok=True)
    name = f"first-window-{width}x{height}" + ("" if points == comfort.NORMAL else "-150")
    assert window.grab().save(str(SCREENS / f"{name}.png"))
    window.close()


def test_a_new_window_places_itself_on_the_screen_it_opens_on(qtbot,
                                                               example_book: Path) -> None:
    window = MainWindow()  # nothing kept from before: the offscreen screen here (800 wide)
    qtbot.addWidget(window)
    window.show()
    window.open_folder(example_book)
    _settled(qtbot, window)
    screen = window.screen().availableGeometry()
    assert screen.contains(window.geometry().topLeft())
    assert window.width() >= screen.width() - 30  # it takes the screen's width
    assert first_layout.chars_across(window.reader.text) >= first_layout.CHAPTER_CHARS
    for pane in (window.lists, window.reader.text, window.reader.comments):
        assert _shown(pane), pane.accessibleName()
    assert all(window.lists.tabToolTip(i) for i in range(window.lists.count()))


def test_larger_text_keeps_the_chapter_readable_and_the_window_on_its_screen(
        qtbot, example_book: Path, text_size) -> None:
    text_size(comfort.NORMAL)
    screen = QRect(0, 0, 1280, 800)
    window = _open_at(qtbot, example_book, screen)
    for _ in range(3):  # View › Larger text, three times
        window.change_text_size(2)
    _settled(qtbot, window)
    _measure(window, screen)
    window.close()


def test_a_window_kept_from_an_older_smaller_layout_hides_no_pane(qtbot,
                                                                  example_book: Path) -> None:
    window = _open_at(qtbot, example_book, QRect(0, 0, 1280, 800))
    outer = window.lists_pane.parentWidget()
    beside = window.reader.text.parentWidget()
    outer.setSizes([1200, 0])  # as an older window might have been left
    beside.setSizes([70, 900])
    window.resize(700, 500)
    window.close()  # keeps its place and size
    again = _open_at(qtbot, example_book, QRect(0, 0, 1280, 800))
    first_layout.settle(again, restored=True, available=QRect(0, 0, 1280, 800))
    _settled(qtbot, again)
    _measure(again, QRect(0, 0, 1280, 800))
    again.close()


def test_a_window_kept_from_a_larger_screen_is_brought_inside_this_one(
        qtbot, example_book: Path) -> None:
    window = _open_at(qtbot, example_book, QRect(0, 0, 1920, 1080))
    window.close()
    window = MainWindow()  # restores the 1920 x 1080 window
    qtbot.addWidget(window)
    window.show()
    _settled(qtbot, window)
    screen = QRect(0, 0, 1024, 768)
    first_layout.settle(window, restored=True, available=screen)
    _settled(qtbot, window)
    assert screen.contains(window.frameGeometry())


def test_below_the_text_a_chapter_without_comments_gives_the_room_to_its_words(
        qtbot, example_book: Path, text_size) -> None:
    text_size(comfort.NORMAL)
    window = _open_at(qtbot, example_book, QRect(0, 0, 1024, 768))  # comments below the text
    comments = window.reader.comments
    assert not comments.threads and not comments.table.isVisible()
    assert not comments.buttons["reply"].isVisible()
    assert comments.height() <= 3 * comments.summary.fontMetrics().lineSpacing() + 10
    lines_calm = window.reader.text.height()
    window.show_list(1)
    window.chapters.selectRow(9)
    _settled(qtbot, window)
    text = window.reader.text
    words = text.toPlainText().index("reablement")
    cursor = text.textCursor()
    cursor.setPosition(words)
    cursor.setPosition(words + len("reablement"), cursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    window.comment("10-after-the-stroke", "reablement", 1,
                   {"by": "priya-raman", "to": "kwame-mensah", "kind": "question",
                    "text": "What did the team do for you?"})
    _settled(qtbot, window)
    assert len(comments.threads) == 1
    assert comments.table.isVisible() and comments.buttons["reply"].isVisible()
    assert comments.height() > 3 * comments.summary.fontMetrics().lineSpacing() + 10
    assert text.height() < lines_calm
