"""The people tab: everyone in the book, how they are named, their roles and access needs, and
when each was last heard from; with adding a person, changing their details, and seeing their
agreements."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.tables import fill, make_table
from coauthor_desk.manuscript.fields import day_words

if TYPE_CHECKING:
    from coauthor_desk.manuscript.model import Book


class PeoplePanel(QWidget):
    """Asks the window to add a person (`add_requested`), or to change the chosen person or
    show their agreements (with their id)."""

    add_requested = Signal()
    change_requested = Signal(str)
    agreements_requested = Signal(str)
    said = Signal(str)  # for the window's messages

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("People")
        self.table = make_table("People", ["Name", "Named in the book as", "Role",
                                           "Access needs", "Last heard from"])
        self.ids: list[str] = []
        buttons = FlowRow()
        for words, name, signal in (
                ("Add a person…", "Add a person", None),
                ("Change their details…", "Change the chosen person's details",
                 self.change_requested),
                ("Their agreeme&nts", "Show the chosen person's agreements",
                 self.agreements_requested)):
            button = QPushButton(words)
            button.setAccessibleName(name)
            button.clicked.connect(self.add_requested.emit if signal is None else
                                   lambda _=False, s=signal: self._ask(s))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def show_people(self, book: Book, heard: dict[str, datetime]) -> None:
        from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS

        people = sorted(book.people.values(), key=lambda p: p.name)
        self.ids = [p.id for p in people]
        fill(self.table, [[p.name, p.credited_as or "Not named (anonymous)",
                           ", ".join(r.replace("-", " ") for r in p.roles),
                           ", ".join(ACCESS_NEED_LABELS.get(n, n) for n in p.access_needs),
                           day_words(heard[p.id]) if p.id in heard else "Not yet"]
                          for p in people])

    def chosen(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _ask(self, signal: SignalInstance) -> None:
        chosen = self.chosen()
        if chosen is not None:
            signal.emit(chosen)
        else:
            self.said.emit("Choose a person in the list first.")

    def clear(self) -> None:
        self.ids = []
        self.table.setRowCount(0)
