"""Every interactive control in every window and dialog has a name a screen reader can say:
the whole widget tree is walked, shown or not (a tab not chosen yet, a banner not needed yet)."""

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget
from test_main_window import INTERACTIVE, shown_window

from coauthor_desk.gui.comment_dialog import CommentDialog
from coauthor_desk.gui.decision_dialog import DecisionDialog
from coauthor_desk.gui.export_dialogs import ExportDialog, ImportDialog, ReviewCopyDialog
from coauthor_desk.gui.menus import show_shortcuts
from coauthor_desk.gui.person_dialog import PersonDialog
from coauthor_desk.gui.save_version_dialog import SaveVersionDialog


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
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.accessibleName(), type(dialog).__name__
        assert nameless(dialog) == [], type(dialog).__name__
