"""The dialog for recording someone's decision: who, about what, what they decided, and how."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from coauthor_desk.agreements.records import Decision, How, Use
from coauthor_desk.gui.tables import make_combo
from coauthor_desk.manuscript.model import Book

USE_WORDS = {
    Use.CHAPTER: "A chapter being published",
    Use.NAMED: "Being named in the book as they chose",
    Use.QUOTE: "A quote used outside the chapters",
    Use.SELF_DESCRIPTION: "Being counted in the authorship statement",
}
DECISION_WORDS = {
    Decision.AGREED: "Agreed",
    Decision.NOT_AGREED: "Did not agree",
    Decision.WITHDRAWN: "Withdrew their agreement",
}


class DecisionDialog(QDialog):
    """Asks for one decision; `choice()` gives the details for `record_decision`."""

    def __init__(self, book: Book, parent: QWidget | None = None, person: str | None = None,
                 chapter: str | None = None, me: str | None = None) -> None:
        """`person` or `chapter` chooses whose or which agreement to begin with; `me` is who
        is writing it down (someone can then record a decision on another's behalf)."""
        super().__init__(parent)
        self.book = book
        self.setWindowTitle("Record a decision")
        self.setAccessibleName("Record a decision")
        people = sorted(book.people.values(), key=lambda p: p.name)
        self.person = make_combo("Whose decision", [(p.name, p.id) for p in people])
        self.use = make_combo("What it is about", [(w, u.value) for u, w in USE_WORDS.items()])
        self.chapter = make_combo("Which chapter",
                                  [(c.title, c.id) for c in book.ordered_chapters()])
        self.quote = make_combo("Which quote", [])
        self.decision = make_combo("What they decided",
                               [(words, d.value) for d, words in DECISION_WORDS.items()])
        editors = [p for p in people if p.is_editor] + [p for p in people if not p.is_editor]
        self.recorder = make_combo("Who is writing it down",
                               [("They are, themself", None)] + [(p.name, p.id) for p in editors])
        self.how = make_combo("How they told you", [(h.words.capitalize(), h.value) for h in How])
        self.ends = QCheckBox("The agreement ends on a date")
        self.ends.setAccessibleName("The agreement ends on a date")
        self.end_date = QDateEdit(QDate.currentDate().addYears(5))
        self.end_date.setAccessibleName("Last day of the agreement")
        self.end_date.setCalendarPopup(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record it")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        for label, widget in (("&Whose decision:", self.person), ("&About:", self.use),
                              ("&Chapter:", self.chapter), ("&Quote:", self.quote),
                              ("&Decision:", self.decision),
                              ("&Written down by:", self.recorder), ("&How they told you:",
                                                                      self.how),
                              ("", self.ends), ("&Last day:", self.end_date)):
            form.addRow(label, widget)
        form.addRow(buttons)
        for combo in (self.person, self.use, self.decision, self.recorder):
            combo.currentIndexChanged.connect(self._update)
        self.ends.toggled.connect(self._update)
        if chapter in book.chapters:
            self.use.setCurrentIndex(self.use.findData(Use.CHAPTER.value))
            self.chapter.setCurrentIndex(self.chapter.findData(chapter))
            person = person or next(iter(book.chapters[chapter].authors), None)
        for combo, value in ((self.person, person), (self.recorder, me)):
            if value is not None and combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))
        self._update()

    def _update(self) -> None:
        """Offer only what makes sense for the choices so far."""
        person = self.person.currentData()
        use = Use(self.use.currentData())
        self.chapter.setEnabled(use is Use.CHAPTER)
        own = [c for c in self.book.ordered_chapters() if person in c.authors]
        if use is Use.CHAPTER and own and self.chapter.currentData() not in [c.id for c in own]:
            self.chapter.setCurrentIndex(self.chapter.findData(own[0].id))
        self.quote.clear()
        for quote in self.book.quotes.values():
            if quote.person == person:
                self.quote.addItem(f"For {quote.used_for}", quote.id)
        self.quote.setEnabled(use is Use.QUOTE)
        recorder = self.recorder.currentData()
        self.how.setEnabled(recorder is not None and recorder != person)
        agreeing = self.decision.currentData() == Decision.AGREED
        self.ends.setEnabled(agreeing)
        self.end_date.setEnabled(agreeing and self.ends.isChecked())

    def choice(self) -> dict[str, Any]:
        """The keyword arguments for `record_decision`."""
        use = Use(self.use.currentData())
        person = self.person.currentData()
        recorder = self.recorder.currentData()
        target = self.chapter.currentData() if use is Use.CHAPTER else \
            self.quote.currentData() if use is Use.QUOTE else None
        on_behalf = recorder if recorder not in (None, person) else None
        expires = None
        if self.end_date.isEnabled():
            day = self.end_date.date()
            expires = date(day.year(), day.month(), day.day())
        return {"person": person, "use": use, "decision": Decision(self.decision.currentData()),
                "target": target, "on_behalf_by": on_behalf,
                "how": How(self.how.currentData()) if on_behalf else None, "expires": expires}
