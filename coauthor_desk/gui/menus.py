"""The window's menus, each item with a keyboard shortcut, and the list of shortcuts shown
under Help (made from the menus themselves, so it is always right)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from coauthor_desk.gui import comfort
from coauthor_desk.gui.help_guide import help_window, show_guide
from coauthor_desk.gui.tables import fill, make_table

if TYPE_CHECKING:
    from coauthor_desk.gui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _add(menu: QMenu, words: str, shortcut: str | Key, then: Callable[[], object]) -> QAction:
    action = QAction(words, menu)
    action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: then())
    menu.addAction(action)
    return action


def make_menus(window: MainWindow) -> None:
    """File, Edit, Chapter, People, Go, View and Help, in that order."""
    bar = window.menuBar()
    bar.setAccessibleName("Menus")
    text = window.reader.text

    file = bar.addMenu("&File")
    _add(file, "Make a &new book…", "Ctrl+N", window.ask_for_new_book)
    _add(file, "&Open a book folder…", Key.Open, window.choose_folder)
    window.recent_menu = file.addMenu("Recent &books")
    window.recent_menu.aboutToShow.connect(window.fill_recent)
    file.addSeparator()
    _add(file, "&Make the book (Word, PDF, e-book)…", "Ctrl+E", window.ask_to_export)
    _add(file, "Make a &review copy for someone…", "Ctrl+R", window.ask_for_review_copy)
    _add(file, "&Bring in a Word file…", "Ctrl+I", window.ask_to_import)
    sharing = file.addMenu("S&haring")
    _add(sharing, "&Share this book…", "", window.sharing.ask_to_share)
    _add(sharing, "Share my changes and get the &latest", "F5", window.sharing.sync_now)
    _add(sharing, "&Get a shared book…", "", window.sharing.ask_to_get)
    _add(sharing, "&Choose between them…", "", window.ask_to_choose)
    file.addSeparator()
    _add(file, "&Close the book", "Ctrl+W", window.close_book)
    _add(file, "&Quit", "Ctrl+Q", window.close)

    edit = bar.addMenu("&Edit")
    for words, key, what in (("&Undo", Key.Undo, "undo"), ("&Redo", Key.Redo, "redo"),
                             ("Cu&t", Key.Cut, "cut"), ("&Copy", Key.Copy, "copy"),
                             ("&Paste", Key.Paste, "paste"),
                             ("Select &all", Key.SelectAll, "selectAll")):
        # Shown with their keys, but the keys go to what has the keyboard (the chapter text,
        # a reply, a list), which does them itself; choosing these in the menu does the same.
        _add(edit, words, key, lambda w=what: _in_focus(w)).setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut)
        if what == "redo":
            edit.addSeparator()
    edit.addSeparator()
    find = window.reader.find_bar
    _add(edit, "&Find in this chapter…", "Ctrl+F", find.start)
    _add(edit, "Find the &next", "F3", lambda: find.step(forward=True))
    _add(edit, "Find the one &before", "Shift+F3", lambda: find.step(forward=False))

    chapter = bar.addMenu("&Chapter")
    _add(chapter, "&Save a version…", Key.Save, window.ask_to_save)
    _add(chapter, "&Comment on the chosen words…", "Ctrl+Shift+M", window.ask_for_comment)
    chapter.addSeparator()
    for words, key, step in (("Move the chosen chapter &up", "Alt+Up", -1),
                             ("Move the chosen chapter &down", "Alt+Down", 1)):
        action = _add(chapter, words, key, lambda s=step: window.move_chosen_chapter(s))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # in the chapters list
        window.chapters.addAction(action)
    chapter.addSeparator()
    _add(chapter, "&Next chapter", "Ctrl+PgDown", lambda: window.step_chapter(1))
    _add(chapter, "&Previous chapter", "Ctrl+PgUp", lambda: window.step_chapter(-1))

    people = bar.addMenu("&People")
    _add(people, "&Add a person…", "Ctrl+Shift+N", lambda: window.ask_about_person(None))
    _add(people, "&Change the chosen person's details…", "Ctrl+Shift+E",
         lambda: window.ask_about_person(window.people.chosen()))
    _add(people, "&Record a decision about an agreement…", "Ctrl+D",
         lambda: window.ask_for_decision("everything", ""))
    _add(people, "Review &with someone…", "Ctrl+Shift+R", window.ask_to_review_with)

    go = bar.addMenu("&Go")
    for number in range(window.lists.count()):
        words = window.lists.tabText(number).replace("&", "")
        _add(go, f"&{number + 1} {words}", f"Ctrl+{number + 1}",
             lambda n=number: window.show_list(n))
    go.addSeparator()
    _add(go, "The chapter's &text", "Ctrl+T", text.setFocus)
    for number in range(window.reader.below.count()):
        words = window.reader.below.tabText(number).replace("&", "")
        _add(go, f"{words} for this chapter", f"Ctrl+Alt+{number + 1}",
             lambda n=number: window.reader.below.setCurrentIndex(n))
    _add(go, "Comments on this chapter", "Ctrl+Alt+K", window.reader.comments.table.setFocus)

    view = bar.addMenu("&View")
    for words, key, by in (("&Larger text", Key.ZoomIn, 2), ("&Smaller text", Key.ZoomOut, -2),
                           ("&Normal text size", "Ctrl+0", 0)):
        _add(view, words, key, lambda b=by: window.change_text_size(b))
    window.contrast_action = _add(view, "&High contrast", "Ctrl+Shift+H", lambda: None)
    window.contrast_action.setCheckable(True)
    window.contrast_action.setChecked(comfort.high_contrast())
    window.contrast_action.toggled.connect(comfort.apply_high_contrast)

    help_menu = bar.addMenu("&Help")
    _add(help_menu, "&Getting started", "Shift+F1", lambda: show_guide(window))
    _add(help_menu, "&Keyboard shortcuts", Key.HelpContents, lambda: show_shortcuts(window))


def _in_focus(what: str) -> None:
    """Undo, copy, paste... in whatever has the keyboard: the chapter text, a reply, a list."""
    widget = QApplication.focusWidget()
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        getattr(widget, what)()
    elif isinstance(widget, QAbstractItemView) and what == "copy":
        QApplication.clipboard().setText(widget.currentIndex().data() or "")
    elif isinstance(widget, QAbstractItemView) and what == "selectAll":
        widget.selectAll()


def shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, what it does, keys) for every menu item that has keys."""
    found = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if isinstance(menu, QMenu) else []:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                found.append((menu_action.text().replace("&", ""),
                              action.text().replace("&", "").rstrip("…"), keys))
    return found


def show_shortcuts(window: QWidget) -> QDialog:
    """A window listing every keyboard shortcut."""
    table = make_table("Keyboard shortcuts", ["Menu", "What it does", "Keys"])
    fill(table, [list(row) for row in shortcuts(window)])
    return help_window(window, "Keyboard shortcuts", table, (560, 520))
