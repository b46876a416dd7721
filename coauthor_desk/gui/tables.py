"""Read-only tables and choice lists, made the same way everywhere in the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem


def make_table(name: str, headings: list[str], table: QTableWidget | None = None
               ) -> QTableWidget:
    """A table people can read and choose rows from, with an accessible name (set up afresh,
    or `table` set up the same way)."""
    table = table if table is not None else QTableWidget(0, len(headings))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setAccessibleName(f"{name}: row numbers")
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setAccessibleName(f"{name}: column headings")
    return table


def fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeColumnsToContents()


def make_combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    """A list to choose one item from: (words shown, value) pairs, with an accessible name."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    return combo
