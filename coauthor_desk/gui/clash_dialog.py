"""Choosing between two people's words that clashed: both shown in full, with who wrote each;
use one, use the other, or write it again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.tables import make_combo
from coauthor_desk.history.sharing.choose import KEPT, OTHER, choice_names, question
from coauthor_desk.history.sharing.clashes import FILE

if TYPE_CHECKING:
    from coauthor_desk.history.sharing.clashes import ClashRecord
    from coauthor_desk.manuscript.model import Book


def _first_up(words: str) -> str:
    return words[:1].upper() + words[1:]


class ClashDialog(QDialog):
    """`choice()` gives (record file, who, use, words) for `choose`; `me`, the person this
    computer saves as, is chosen to begin with."""

    def __init__(self, book: Book, record: ClashRecord, me: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        title = "Choose between two people's words"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        kept_name, other_name = choice_names(record)
        layout = QVBoxLayout(self)
        asked = QLabel(question(record))
        asked.setWordWrap(True)
        asked.setAccessibleName(question(record))
        layout.addWidget(asked)
        what = "version" if record.kind == FILE else "words"
        self.kept = self._words(layout, _first_up(f"{kept_name} {what}, in the book now"),
                                record.kept if record.kind != FILE else record.about)
        self.other = self._words(layout, _first_up(f"{other_name} {what}"),
                                 record.other if record.kind != FILE else
                                 f"{record.other_copy}, kept beside it")
        self.use_kept = QRadioButton(f"Use {kept_name} {what}")
        self.use_other = QRadioButton(f"Use {other_name} {what}")
        self.write_again = QRadioButton("Write it again:")
        self.words = QPlainTextEdit(record.kept)
        self.words.setAccessibleName("The sentence written again")
        self.words.setTabChangesFocus(True)
        self.words.textChanged.connect(lambda: self.write_again.setChecked(True))
        self.group = QButtonGroup(self)
        for button in (self.use_kept, self.use_other, self.write_again):
            button.setAccessibleName(button.text().rstrip(":"))
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addWidget(self.words)
        if record.kind == FILE:  # a whole file is changed as usual once one copy is chosen
            self.write_again.hide()
            self.words.hide()
        self.use_kept.setChecked(True)
        self.person = make_combo("Who is choosing", [(p.name, p.id) for p in sorted(
            book.people.values(), key=lambda p: p.name)])
        if me is not None:
            self.person.setCurrentIndex(max(self.person.findData(me), 0))
        who = QLabel("Who is choosing:")
        who.setBuddy(self.person)
        layout.addWidget(who)
        layout.addWidget(self.person)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout.addWidget(buttons)
        self.resize(560, 420)

    @staticmethod
    def _words(layout: QVBoxLayout, whose: str, words: str) -> QPlainTextEdit:
        """One person's words in full, to read (and copy from), not to change."""
        label = QLabel(f"{whose}:")
        label.setWordWrap(True)
        shown = QPlainTextEdit(words)
        shown.setReadOnly(True)
        shown.setTabChangesFocus(True)
        shown.setAccessibleName(whose)
        shown.setMaximumHeight(90)
        label.setBuddy(shown)
        layout.addWidget(label)
        layout.addWidget(shown)
        return shown

    def choice(self) -> tuple[str, str, str | None, str | None]:
        """(record file, who, use, words): `use` is KEPT or OTHER, or `words` is given."""
        who = self.person.currentData()
        if self.write_again.isChecked():
            return self.record.file, who, None, self.words.toPlainText()
        return self.record.file, who, KEPT if self.use_kept.isChecked() else OTHER, None
