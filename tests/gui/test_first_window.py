"""The first window fits the screen it opens on: measured on the real widgets, at four screen
sizes and at 150% text size, with a picture of each saved in docs/screenshots/ to look at."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from coauthor_desk.gui import comfort, first_layout
from coauthor_desk.gui.main_window import MainWindow

SCREENS = Path(__file__).parents[2] / "docs" / "screenshots"


def _settled(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
    for _ in range(5):
        QApplication.processEvents()


def _tabs_all_in_view(tabs: QTabWidget) -> None:
    bar = tabs.tabBar()
    assert not tabs.usesScrollButtons()
    for index in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(index)), (bar.tabText(index), bar.width())


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _measure(window: MainWindow, screen: QRect) -> float:
    """Check the window against `screen`; the characters a line of chapter text has."""
    frame = window.frameGeometry()
    assert screen.contains(frame), (frame, screen)
    for pane in (window.lists, window.reader.text, window.reader.comments, window.reader.below):
        assert _shown(pane), pane.accessibleName()
    for tabs in (window.lists, window.reader.below):
        _tabs_all_in_view(tabs)
    chars = first_layout.chars_across(window.reader.text)
    assert chars >= first_layout.CHAPTER_CHARS, chars
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
                                          points: int) -> None:
    normal = QApplication.font()
    comfort.apply_text_size(points)
    try:
        screen = QRect(0, 0, width, height)
        window = _open_at(qtbot, example_book, screen)
        chars = _measure(window, screen)
        print(f"{width}x{height} at {points} pt: {chars:.0f} characters a line")
        SCREENS.mkdir(parents=True, exist_ok=True)
        name = f"first-window-{width}x{height}" + ("" if points == comfort.NORMAL else "-150")
        assert window.grab().save(str(SCREENS / f"{name}.png"))
        window.close()
    finally:
        QApplication.setFont(normal)


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


def test_larger_text_keeps_the_chapter_readable(qtbot, example_book: Path) -> None:
    normal = QApplication.font()
    try:
        screen = QRect(0, 0, 1280, 800)
        window = _open_at(qtbot, example_book, screen)
        for _ in range(3):  # View › Larger text, three times
            window.change_text_size(2)
        _settled(qtbot, window)
        assert first_layout.chars_across(window.reader.text) >= first_layout.CHAPTER_CHARS
        window.close()
    finally:
        QApplication.setFont(normal)


def test_a_window_kept_from_an_older_smaller_layout_hides_no_pane(qtbot,
                                                                  example_book: Path) -> None:
    window = _open_at(qtbot, example_book, QRect(0, 0, 1280, 800))
    outer = window.lists.parentWidget()
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
