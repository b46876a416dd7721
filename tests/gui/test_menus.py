"""Every menu item has its own keys, Help lists them all, and the keys do what they say."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from test_main_window import shown_window, unnamed_controls

from coauthor_desk.gui.menus import shortcuts, show_shortcuts


def test_every_menu_item_has_keys_of_its_own(qtbot):
    window = shown_window(qtbot)
    menus = [a.menu() for a in window.menuBar().actions()]
    assert [m.title().replace("&", "") for m in menus] == [
        "File", "Edit", "Chapter", "People", "Go", "View", "Help"]
    items = [a for m in menus for a in m.actions()
             if not a.isSeparator() and a.menu() is None]  # (Recent books is a list of books)
    assert items and all(not a.shortcut().isEmpty() for a in items), \
        [a.text() for a in items if a.shortcut().isEmpty()]
    keys = [a.shortcut().toString() for a in items]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    listed = shortcuts(window)
    assert len(listed) == len(items)
    assert ("Chapter", "Save a version", "Ctrl+S") in listed


def test_the_list_of_keys_is_shown_under_help(qtbot):
    window = shown_window(qtbot)
    dialog = show_shortcuts(window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(type(window.waiting))
    assert table.rowCount() == len(shortcuts(window))
    assert unnamed_controls(dialog) == []


def _key(qtbot, window, key: Qt.Key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifiers)


def test_moving_about_the_window_by_keyboard(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    window.activateWindow()
    _key(qtbot, window, Qt.Key.Key_4)
    assert window.lists.currentWidget() is window.agreements
    _key(qtbot, window, Qt.Key.Key_2)
    assert window.chapters.hasFocus()
    window.chapters.selectRow(0)
    _key(qtbot, window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.chapter_title.text() == window.chapters.item(1, 0).text()
    _key(qtbot, window, Qt.Key.Key_T)
    assert window.reader.text.hasFocus()
    _key(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
         | Qt.KeyboardModifier.AltModifier)
    assert window.reader.below.currentWidget() is window.reader.history


def test_undo_and_redo_in_the_chapter_text(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    text = window.reader.text
    saved = text.toPlainText()
    text.setFocus()
    text.moveCursor(text.textCursor().MoveOperation.End)
    qtbot.keyClicks(text, " More")
    assert text.toPlainText() == saved + " More"
    edit = window.menuBar().actions()[1].menu()
    undo, redo = (next(a for a in edit.actions() if a.text().replace("&", "") == words)
                  for words in ("Undo", "Redo"))
    assert isinstance(undo, QAction)
    while text.document().isUndoAvailable():
        undo.trigger()  # the menu's Undo, as a mouse would choose it
    assert text.toPlainText() == saved and not text.has_changes
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # the keys for Redo
    assert text.toPlainText() != saved
    redo.trigger()
    assert text.toPlainText() == saved + " More" and text.has_changes


def test_no_two_things_in_the_window_share_an_alt_letter(qtbot, example_book: Path):
    from PySide6.QtWidgets import QAbstractButton, QTabWidget

    window = shown_window(qtbot, example_book)
    words = [a.text() for a in window.menuBar().actions()]
    words += [b.text() for b in window.findChildren(QAbstractButton)]
    words += [t.tabText(i) for t in window.findChildren(QTabWidget) for i in range(t.count())]
    letters = [w[w.index("&") + 1].lower() for w in words if "&" in w]
    assert len(letters) >= 10
    assert sorted(letters) == sorted(set(letters)), sorted(letters)


def test_the_edit_menu_acts_where_the_keyboard_is(qtbot, small_book: Path):
    from PySide6.QtWidgets import QApplication

    window = shown_window(qtbot, small_book)
    saved = window.reader.text.toPlainText()
    QApplication.clipboard().setText("Thank you")
    window.lists.setCurrentWidget(window.comments)  # (a chapter with no comments: no reply box)
    reply = window.comments.reply_text
    window.activateWindow()
    reply.setFocus()
    paste = next(a for a in window.menuBar().actions()[1].menu().actions()
                 if a.text() == "&Paste")
    paste.trigger()
    assert reply.text() == "Thank you"
    assert window.reader.text.toPlainText() == saved and not window.reader.save_button.isEnabled()


def test_copying_from_a_list(qtbot, example_book: Path):
    from PySide6.QtWidgets import QApplication

    window = shown_window(qtbot, example_book)
    window.activateWindow()
    window.show_list(1)
    window.chapters.selectRow(2)
    window.chapters.setCurrentCell(2, 0)
    QApplication.clipboard().setText("nothing")
    qtbot.keyClick(window.chapters, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "Caring for Ron"
    QApplication.clipboard().setText("nothing")
    copy = next(a for a in window.menuBar().actions()[1].menu().actions()
                if a.text() == "&Copy")
    copy.trigger()  # the same from the menu
    assert QApplication.clipboard().text() == "Caring for Ron"
