"""Asking who is saving a version of a chapter, and for a few words about the change."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from coauthor_desk.gui.tables import make_combo
from coauthor_desk.problems import BookError
from coauthor_desk.status import OpenBook, this_computers_person


class SaveVersionDialog(QDialog):
    """`choice()` gives (who, description) for `save_chapter_version`."""

    def __init__(self, opened: OpenBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save a version")
        self.setAccessibleName("Save a version")
        book = opened.book
        people = sorted(book.people.values(), key=lambda p: p.name)
        self.person = make_combo("Who is saving", [(p.name, p.id) for p in people])
        try:
            me = this_computers_person(opened)
        except BookError:
            me = next(iter(book.editors), None)
        if me is not None:
            self.person.setCurrentIndex(max(self.person.findData(me), 0))
        self.description = QLineEdit()
        self.description.setAccessibleName("What changed, in a few words")
        self.description.setPlaceholderText("for example: finished the part about my father")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        form = QFormLayout(self)
        form.addRow("Who is saving:", self.person)
        form.addRow("What changed:", self.description)
        form.addRow(buttons)

    def choice(self) -> tuple[str, str]:
        return self.person.currentData(), self.description.text().strip()
