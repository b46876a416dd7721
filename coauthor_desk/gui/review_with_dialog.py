"""Asking whose review to open when an editor sits with someone: who they are, who is with
them (and so records their choices), and how the person tells them their choices."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from coauthor_desk.agreements.records import How
from coauthor_desk.gui.tables import make_combo
from coauthor_desk.manuscript.model import Book
from coauthor_desk.review.acting import Acting


class ReviewWithDialog(QDialog):
    """`choice()` gives the Acting for the review window. `me`, when known, is the editor
    chosen as the one present."""

    def __init__(self, book: Book, me: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review with someone")
        self.setAccessibleName("Review with someone")
        people = sorted(book.people.values(), key=lambda p: (p.is_editor, p.name))
        self.person = make_combo("Whose review", [(p.name, p.id) for p in people])
        editors = [p for p in sorted(book.people.values(), key=lambda p: p.name)
                   if p.is_editor]
        self.present = make_combo("Who is with them", [(p.name, p.id) for p in editors])
        if me is not None and self.present.findData(me) >= 0:
            self.present.setCurrentIndex(self.present.findData(me))
        self.how = make_combo("How they tell you their choices",
                              [(h.words.capitalize(), h.value) for h in How])
        explained = QLabel("Their review opens in its own window, in large text. Every choice "
                           "they make there is saved under your name, saying that you wrote it "
                           "down for them and how they told you.")
        explained.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open their review")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Whose review:", self.person)
        form.addRow("Who is with them:", self.present)
        form.addRow("How they tell you:", self.how)
        form.addRow(explained)
        form.addRow(buttons)

    def choice(self) -> Acting:
        return Acting(self.person.currentData(), self.present.currentData(),
                      How(self.how.currentData()))
