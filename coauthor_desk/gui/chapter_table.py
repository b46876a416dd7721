"""The chapters table: chapters can be dragged to a new place in the book (or moved with
Alt+Up and Alt+Down, from the Chapter menu, for people who do not use a mouse)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget

from coauthor_desk.gui.tables import make_table


class ChapterTable(QTableWidget):
    """Says `moved(from_row, to_row)` when someone drags a chapter; the window changes the
    book's order and shows it anew."""

    moved = Signal(int, int)

    def __init__(self, name: str, headings: list[str]) -> None:
        super().__init__(0, len(headings))
        make_table(name, headings, self)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDropIndicatorShown(True)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        """Never let Qt move cells about: say which chapter goes where instead."""
        rows = self.selectionModel().selectedRows()
        target = self.indexAt(event.position().toPoint()).row()
        event.ignore()
        if rows and target >= 0 and target != rows[0].row():
            self.moved.emit(rows[0].row(), target)
