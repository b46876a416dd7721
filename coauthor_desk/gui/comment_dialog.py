"""The dialog for leaving a comment on chosen words: for whom, what kind, and the words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from coauthor_desk.checks.style import Style
from coauthor_desk.checks.text_checks import check_words
from coauthor_desk.manuscript.model import Book

KIND_WORDS = {"comment": "A comment", "question": "A question",
              "suggestion": "A suggested change to the words"}


class CommentDialog(QDialog):
    """Asks for one comment; the comment's own words are checked for plain language as they
    are typed, so an editor's feedback is as readable as they ask the book to be."""

    def __init__(self, book: Book, quote: str, by: str | None, to: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Comment on the chosen words")
        self.setAccessibleName("Comment on the chosen words")
        self.style_ = Style.from_house_style(book.house_style)
        people = sorted(book.people.values(), key=lambda p: p.name)
        self.quote = QLabel(f"“{quote}”")
        self.quote.setAccessibleName("The chosen words")
        self.quote.setWordWrap(True)
        self.by = QComboBox()
        self.by.setAccessibleName("Who is writing")
        self.to = QComboBox()
        self.to.setAccessibleName("Who it is for")
        for person in people:
            self.by.addItem(person.name, person.id)
            self.to.addItem(person.name, person.id)
        for combo, chosen in ((self.by, by), (self.to, to)):
            if chosen and combo.findData(chosen) >= 0:
                combo.setCurrentIndex(combo.findData(chosen))
        self.kind = QComboBox()
        self.kind.setAccessibleName("What kind")
        for value, words in KIND_WORDS.items():
            self.kind.addItem(words, value)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("The comment")
        self.proposed = QLineEdit(quote)
        self.proposed.setAccessibleName("The words to put instead")
        self.advice = QLabel("")
        self.advice.setAccessibleName("Suggestions for the comment's own words")
        self.advice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Leave the comment")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        for label, widget in (("About:", self.quote), ("&From:", self.by), ("&For:", self.to),
                              ("&Kind:", self.kind), ("&Comment:", self.text),
                              ("&Instead:", self.proposed), ("", self.advice)):
            form.addRow(label, widget)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.proposed.setEnabled(self.kind.currentData() == "suggestion")
        findings = check_words(self.text.toPlainText(), self.style_)
        self.advice.setText("" if not findings else "About your comment's words: " + " ".join(
            f"{f.what} {f.suggestion}" for f in findings[:3]))

    def choice(self) -> dict[str, Any]:
        """The keyword arguments for `start_thread` (all but the book, chapter and quote)."""
        suggestion = self.kind.currentData() == "suggestion"
        return {"to": self.to.currentData(), "text": self.text.toPlainText().strip(),
                "by": self.by.currentData(), "kind": self.kind.currentData(),
                "proposed": self.proposed.text() if suggestion else None}
