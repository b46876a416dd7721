"""Asking who is saving a version of a chapter, and for a few words about the change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from coauthor_desk.gui.tables import make_combo

if TYPE_CHECKING:
    from coauthor_desk.manuscript.model import Book, Chapter


class SaveVersionDialog(QDialog):
    """`choice()` gives (who, description) for `save_chapter_version`, and `reason()` the few
    words for the authors when someone else saves their chapter; `me`, the person this computer
    saves as, is chosen to begin with."""

    def __init__(self, book: Book, me: str | None, parent: QWidget | None = None,
                 chapter: Chapter | None = None) -> None:
        """With `chapter`, saving it as someone who is not its author says that their changes
        to the authors' words will wait for the authors, and asks why."""
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
        self.why = QLineEdit()
        self.why.setAccessibleName("Why, for the authors")
        self.why.setPlaceholderText("for example: a little plainer?")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("What happens to changes to others' words")
        form = QFormLayout(self)
        form.addRow("Who is saving:", self.person)
        form.addRow("What changed:", self.description)
        form.addRow(self.note)
        form.addRow("Why, for the authors:", self.why)
        form.addRow(buttons)
        self.form = form
        self.authors = [book.name_of(a) for a in chapter.authors] if chapter else []
        self.author_ids = list(chapter.authors) if chapter else []
        self.person.currentIndexChanged.connect(self._say_whose)
        self._say_whose()

    def _say_whose(self) -> None:
        """Someone saving another's chapter is told that changes to those words will wait for
        the authors to decide, and can say why."""
        others = bool(self.author_ids) and self.person.currentData() not in self.author_ids
        if others:
            self.note.setText(f"Changes to the words of {' and '.join(self.authors)} will be "
                              "kept as suggested changes for them to decide; their words stay "
                              "as they are until they do.")
        self.form.setRowVisible(self.note, others)
        self.form.setRowVisible(self.why, others)

    def choice(self) -> tuple[str, str]:
        return self.person.currentData(), self.description.text().strip()

    def reason(self) -> str:
        """Why, in the saver's words, for the authors ("" when it is their own chapter)."""
        return self.why.text().strip() if self.why.isVisibleTo(self) else ""
