"""Read-only tables and choice lists, made the same way everywhere in the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)


def make_table(name: str, headings: list[str], table: QTableWidget | None = None,
               wrap: bool = False) -> QTableWidget:
    """A table people can read and choose rows from, with an accessible name (set up afresh,
    or `table` set up the same way), that Tab enters and leaves like any other control. With
    `wrap`, the last column fills the width and its long sentences wrap onto more lines,
    rather than being cut short."""
    table = table if table is not None else QTableWidget(0, len(headings))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab moves on to the next control (arrows move in it);
    # otherwise Tab goes from cell to cell and round again, and the keyboard is trapped here
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setAccessibleName(f"{name}: row numbers")
    table.setWordWrap(wrap)
    table.horizontalHeader().setStretchLastSection(True)
    if wrap:
        table.horizontalHeader().setSectionResizeMode(len(headings) - 1,
                                                      QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setAccessibleName(f"{name}: column headings")
    return table


def fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole of it, even where the column cuts it short
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    if table.wordWrap():  # the last column's sentences have the room; the others wrap short
        metrics = table.fontMetrics()
        for column in range(table.columnCount() - 1):
            words = {word for values in rows for word in values[column].split()}
            widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
            narrow = max(12 * metrics.averageCharWidth(), widest + 12)  # (the cell's margins)
            table.setColumnWidth(column, min(table.columnWidth(column), narrow))


def make_combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    """A list to choose one item from: (words shown, value) pairs, with an accessible name."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    return combo
