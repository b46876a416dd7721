"""Finding words in the chapter on screen, by keyboard, going round at the end."""

from pathlib import Path

from PySide6.QtCore import Qt
from test_main_window import shown_window

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_finding_words_in_the_chapter(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    window.chapters.selectRow(9)  # After the stroke
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    window.activateWindow()
    window.reader.text.setFocus()
    bar = window.reader.find_bar
    assert not bar.isVisible()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.words.hasFocus()
    qtbot.keyClicks(bar.words, "six weeks")
    text = window.reader.text
    total = text.toPlainText().lower().count("six weeks")
    assert total >= 2
    assert text.textCursor().selectedText().lower() == "six weeks"
    assert bar.found.text() == f"1 of {total}"
    first = text.textCursor().selectionStart()
    qtbot.keyClick(bar.words, Qt.Key.Key_F3)
    assert bar.found.text() == f"2 of {total}" and text.textCursor().selectionStart() > first
    qtbot.keyClick(bar.words, Qt.Key.Key_F3, SHIFT)
    qtbot.keyClick(bar.words, Qt.Key.Key_F3, SHIFT)  # round from the start to the end
    assert bar.found.text() == f"{total} of {total}"
    bar.words.setText("a word nobody wrote")
    assert bar.found.text() == "Not in this chapter"
    qtbot.keyClick(bar.words, Qt.Key.Key_Escape)
    assert not bar.isVisible() and text.hasFocus()
    assert not window.reader.save_button.isEnabled()  # finding changes no words


def test_counting_goes_the_way_finding_goes(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    text, bar = window.reader.text, window.reader.find_bar
    text.setPlainText("Straße 🙂 haha hahaha. Haha!")
    bar.start()
    bar.words.setText("haha")
    seen = [bar.found.text()]
    for _ in range(3):
        bar.step(forward=True)
        seen.append(bar.found.text())
    assert seen == ["1 of 3", "2 of 3", "3 of 3", "1 of 3"]  # "hahaha" holds one, not two
    window.chapters.selectRow(0)
    window.reader.show_chapter(window.view, window.reader.chapter)
    assert bar.found.text() == ""  # another chapter shown: nothing counted from before
