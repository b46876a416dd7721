"""Small pieces every part of the review window uses, so each part fits a small screen with
large text the same way: named buttons, headings that wrap, and lists only as tall as their
few rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QSizePolicy, QWidget


def button(text: str, description: str, act: Callable[[], object]) -> QPushButton:
    """A button a screen reader names by its words (without the '&' of its key) and describes
    with what it does, which also shows when the mouse rests on it."""
    made = QPushButton(text)
    made.setAccessibleName(text.replace("&", ""))
    made.setAccessibleDescription(description)
    made.setToolTip(description)
    made.clicked.connect(lambda _=False: act())
    return made


def heading(words: str, name: str, level: int = 2) -> QLabel:
    """A heading that goes on to a second line rather than widening its part."""
    label = QLabel(f"<h{level}>{words}</h{level}>")
    label.setAccessibleName(name)
    label.setWordWrap(True)
    return label


class ShortList(QListWidget):
    """A list as tall as its rows, up to `most` of them (then it scrolls), so what it lists
    (usually one chapter, a few questions) leaves the rest of the part to the words."""

    def __init__(self, most: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.most = most
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.dataChanged):
            signal.connect(self._rows_changed)

    def _rows_changed(self, *_: object) -> None:
        self.updateGeometry()

    def _rows_height(self) -> int:
        rows = max(1, min(self.count(), self.most))
        height = sum(max(self.sizeHintForRow(row), self.fontMetrics().lineSpacing())
                     for row in range(min(self.count(), rows)))
        if self.count() == 0:
            height = self.fontMetrics().lineSpacing()
        return height + 2 * self.frameWidth() + 8

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self._rows_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._rows_height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # wrapped rows: new heights
            self.updateGeometry()
