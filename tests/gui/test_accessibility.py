"""Every interactive control in every window and dialog has a name a screen reader can say,
and none of the app's own words are the inside words DESIGN.md keeps off the screen. The whole
widget tree is walked, shown or not (a tab not chosen yet, a banner not needed yet)."""

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from test_main_window import INTERACTIVE, shown_window

from coauthor_desk.gui.clash_dialog import ClashDialog
from coauthor_desk.gui.comment_dialog import CommentDialog
from coauthor_desk.gui.decision_dialog import DecisionDialog
from coauthor_desk.gui.export_dialogs import ExportDialog, ImportDialog, ReviewCopyDialog
from coauthor_desk.gui.menus import show_shortcuts
from coauthor_desk.gui.person_dialog import PersonDialog
from coauthor_desk.gui.save_version_dialog import SaveVersionDialog


def clash_dialogs(book, window: QWidget) -> list[QDialog]:
    """The choice between two people's words, for a sentence and for a whole file."""
    from coauthor_desk.history.sharing.clashes import FILE, SENTENCE, ClashRecord

    sentence = ClashRecord("clashes/a.yaml", SENTENCE, "chapters/x.md", 2, "Kept words.",
                           "Other words.", "Priya Shah", "Sam Jones", "", line=5)
    whole = ClashRecord("clashes/b.yaml", FILE, "book.yaml", None, "", "", "Priya Shah",
                        "Sam Jones", "", other_copy="book.yaml.other-0123456789")
    return [ClashDialog(book, sentence, None, window), ClashDialog(book, whole, None, window)]


def nameless(parent: QWidget) -> list[str]:
    """Every interactive control under `parent` with no accessible name (a button may be
    named by its words), shown or not; Qt's own inner parts are left to Qt."""
    return [f"{type(w).__name__} in {type(w.parent()).__name__}"
            for w in [parent, *parent.findChildren(QWidget)]
            if any(w.inherits(kind) for kind in INTERACTIVE) and not w.accessibleName()
            and not (isinstance(w, QAbstractButton) and w.text())
            and not w.objectName().startswith("qt_")
            and not w.parent().inherits("QComboBoxPrivateContainer")]  # a list's own pop-up


def test_every_control_in_every_window_and_dialog_has_a_name(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    assert nameless(window) == [], nameless(window)
    book, me = window.opened.book, window.view.me
    dialogs: list[QDialog] = [
        SaveVersionDialog(book, me, window),
        DecisionDialog(book, window, chapter="01-introduction", me=me),
        CommentDialog(book, "the words", me, None, window),
        PersonDialog(None, window),
        PersonDialog(book.people["kwame-mensah"], window),
        ExportDialog(window.opened, window),
        ReviewCopyDialog(window.opened, window),
        ImportDialog(window.opened, window),
        show_shortcuts(window),
        *clash_dialogs(book, window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.accessibleName(), type(dialog).__name__
        assert nameless(dialog) == [], type(dialog).__name__


INSIDE_WORDS = re.compile(r"\b(commit\w*|push\w*|pull\w*|fetch\w*|merg\w*|branch\w*|"
                          r"repositor\w*|consent\w*|git|service users?)\b", re.IGNORECASE)


def own_words(parent: QWidget) -> list[str]:
    """The words the app itself puts on screen: titles, names, labels, buttons, tabs, column
    headings, hints and menus (not the book's own text)."""
    words = [parent.windowTitle()]
    for widget in [parent, *parent.findChildren(QWidget)]:
        words += [widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            words.append(widget.text())
        if isinstance(widget, QLineEdit):
            words.append(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            words += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            words += [widget.horizontalHeaderItem(i).text()
                      for i in range(widget.columnCount())]
        words += [action.text() for action in widget.actions()]
    for menu in parent.findChildren(QMenu):
        words += [menu.title(), *(action.text() for action in menu.actions())]
    return words


def test_no_words_from_inside_the_app_on_screen(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    said = own_words(window)
    for dialog in (SaveVersionDialog(window.opened.book, None, window),
                   DecisionDialog(window.opened.book, window), PersonDialog(None, window),
                   ExportDialog(window.opened, window), ReviewCopyDialog(window.opened, window),
                   ImportDialog(window.opened, window), show_shortcuts(window),
                   *clash_dialogs(window.opened.book, window)):
        qtbot.addWidget(dialog)
        said += own_words(dialog)
    assert len(said) > 500
    assert [w for w in said if INSIDE_WORDS.search(w)] == []
