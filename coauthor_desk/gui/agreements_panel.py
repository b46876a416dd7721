"""The agreements tab: what stops the book being published, and where every agreement stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.tables import fill, make_combo, make_table
from coauthor_desk.manuscript.fields import day_words

if TYPE_CHECKING:
    from coauthor_desk.agreements.publish import PublishCheck
    from coauthor_desk.agreements.rules import Standing
    from coauthor_desk.manuscript.model import Book

EVERYTHING = "everything/"  # what is shown: "everything/", "person/<id>" or "chapter/<id>"


class AgreementsPanel(QWidget):
    """Shows the publish check, and every agreement or one person's or one chapter's; the
    button asks the window to record a new decision about what is shown."""

    record_requested = Signal(str, str)  # ("person" or "chapter" or "everything", its id)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Agreements")
        self.summary = QLabel("Open a book to see its agreements.")
        self.summary.setAccessibleName("Can the book be published")
        self.summary.setWordWrap(True)
        self.blockers = QListWidget()
        self.blockers.setAccessibleName("What stops the book being published")
        self.blockers.setWordWrap(True)
        self.showing = make_combo("Show the agreements of", [("Everyone", EVERYTHING)])
        self.showing.currentIndexChanged.connect(self._show_chosen)
        self.table = make_table("Agreements shown", ["Person", "About", "Where it stands",
                                                     "Decided on", "Written down by"])
        self.record_button = QPushButton("Record a decision…")
        self.record_button.setAccessibleName("Record a decision")
        self.record_button.setEnabled(False)
        self.record_button.clicked.connect(
            lambda: self.record_requested.emit(*self.showing.currentData().split("/", 1)))
        buttons = FlowRow(QLabel("Show:"), self.showing, self.record_button)
        self._book: Book | None = None
        self._standings: list[Standing] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.blockers, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 2)

    def show_check(self, book: Book, check: PublishCheck) -> None:
        from coauthor_desk.agreements.publish import HEADINGS

        count = len(check.blockers)
        self.summary.setText(
            "Every agreement is in place and no hidden name would be printed: the book can be "
            "published." if check.ready else
            f"{'One thing stops' if count == 1 else f'{count} things stop'} the book being "
            "published:")
        self.blockers.clear()
        for kind, heading in HEADINGS.items():
            found = [b for b in check.blockers if b.kind == kind]
            if found:
                self.blockers.addItem(f"{heading}:")
                self.blockers.addItems([f"    {b}" for b in found])
        self._book, self._standings = book, list(check.standings.values())
        kept = self.showing.currentData()
        self.showing.blockSignals(True)
        self.showing.clear()
        self.showing.addItem("Everyone", EVERYTHING)
        for person in sorted(book.people.values(), key=lambda p: p.name):
            self.showing.addItem(person.name, f"person/{person.id}")
        for number, chapter in enumerate(book.ordered_chapters(), 1):
            self.showing.addItem(f"Chapter {number}, '{chapter.title}'", f"chapter/{chapter.id}")
        self.showing.setCurrentIndex(max(self.showing.findData(kept), 0))
        self.showing.blockSignals(False)
        self._show_chosen()
        self.record_button.setEnabled(True)

    def show_only(self, kind: str, key: str) -> None:
        """Show one person's agreements ("person") or one chapter's ("chapter")."""
        self.showing.setCurrentIndex(max(self.showing.findData(f"{kind}/{key}"), 0))

    def _show_chosen(self) -> None:
        from coauthor_desk.agreements.publish import about_words
        from coauthor_desk.agreements.records import Use
        from coauthor_desk.agreements.rules import State

        book = self._book
        if book is None:
            return
        kind, key = (self.showing.currentData() or EVERYTHING).split("/", 1)
        rows = []
        for standing in self._standings:
            if (kind == "person" and standing.person != key) or (kind == "chapter" and (
                    standing.use is not Use.CHAPTER or standing.target != key)):
                continue
            record = standing.record
            state = standing.state.label
            if standing.state is State.NEEDS_CHECKING and standing.change:
                state += f" ({standing.change} since)"
            rows.append([book.name_of(standing.person), about_words(book, standing), state,
                         day_words(record.when) if record else "",
                         "" if record is None else "Themself" if record.self_recorded else
                         f"{book.name_of(record.recorded_by)}, {record.how.words}"
                         if record.how else book.name_of(record.recorded_by)])
        fill(self.table, rows)

    def clear(self) -> None:
        self.summary.setText("Open a book to see its agreements.")
        self.blockers.clear()
        self.table.setRowCount(0)
        self._book, self._standings = None, []
        self.record_button.setEnabled(False)
