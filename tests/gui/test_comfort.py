"""Comfort: text size for the whole window, high contrast, and what is remembered."""

from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from test_main_window import open_and_wait, shown_window

from coauthor_desk.gui import comfort


def test_larger_text_scales_every_word_in_the_window(qtbot):
    window = shown_window(qtbot)
    assert window.change_text_size(+6) == comfort.NORMAL + 6
    qtbot.waitUntil(lambda: window.message.font().pointSize() == comfort.NORMAL + 6)
    assert window.chapters.font().pointSize() == comfort.NORMAL + 6
    assert window.reader.text.font().pointSize() == comfort.NORMAL + 6
    assert comfort.text_size() == comfort.NORMAL + 6  # remembered for next time
    assert window.change_text_size(+100) == comfort.LARGEST
    assert window.change_text_size(0) == comfort.NORMAL


def test_high_contrast_is_white_on_black_and_remembered(qtbot):
    window = shown_window(qtbot)
    window.contrast_action.setChecked(True)
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert comfort.high_contrast()
    window.contrast_action.setChecked(False)
    assert not comfort.high_contrast()


def test_recent_books_and_the_window_are_remembered(qtbot, example_book: Path):
    window = shown_window(qtbot)
    open_and_wait(qtbot, window, example_book)
    assert comfort.recent_books()[0] == example_book.resolve()
    window.resize(720, 620)  # the offscreen screen is 800 wide
    size = window.size()
    window.close()
    again = shown_window(qtbot)
    assert again.size().height() == size.height() == 620  # the width is held by the screen
    again.fill_recent()
    assert [a.text() for a in again.recent_menu.actions()] == [str(example_book.resolve())]
