"""Asking who is saving a version of a chapter, and for a few words about the change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from coauthor_desk.gui.tables import make_combo

if TYPE_CHECKING:
    from coauthor_desk.manuscript.model import Book


class SaveVersionDialog(QDialog):
    """`choice()` gives (who, description) for `save_chapter_version`; `me`, the person this
    computer saves as, is chosen to begin with."""

    def __init__(self, book: Book, me: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save a version")
        self.setAccessibleName("Save a version")
        people = sorted(book.people.values(), key=lambda p: p.name)
        self.person = make_combo("Who is saving", [(p.name, p.id) for p in people])
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
