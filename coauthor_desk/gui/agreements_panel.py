"""The agreements tab: what stops the book being published, and where every agreement stands."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.agreements.publish import HEADINGS, PublishCheck, about_words
from coauthor_desk.agreements.rules import State
from coauthor_desk.gui.tables import fill, make_table
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Book


class AgreementsPanel(QWidget):
    """Shows the publish check; the button asks the window to record a new decision."""

    record_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Agreements")
        self.summary = QLabel("Open a book to see its agreements.")
        self.summary.setAccessibleName("Can the book be published")
        self.summary.setWordWrap(True)
        self.blockers = QListWidget()
        self.blockers.setAccessibleName("What stops the book being published")
        self.blockers.setWordWrap(True)
        self.table = make_table("Every agreement", ["Person", "About", "Where it stands",
                                                    "Decided on", "Written down by"])
        self.record_button = QPushButton("&Record a decision…")
        self.record_button.setAccessibleName("Record a decision")
        self.record_button.setEnabled(False)
        self.record_button.clicked.connect(self.record_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.blockers, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 2)

    def show_check(self, book: Book, check: PublishCheck) -> None:
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
        rows = []
        for standing in check.standings.values():
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
        self.record_button.setEnabled(True)

    def clear(self) -> None:
        self.summary.setText("Open a book to see its agreements.")
        self.blockers.clear()
        self.table.setRowCount(0)
        self.record_button.setEnabled(False)
