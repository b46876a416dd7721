"""A row of buttons that goes on to a second line when the pane is too narrow for it, as words
do, so no button is ever cut off at the edge of a small screen or with large text."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

_GAP = 6  # pixels between buttons, across and down


class FlowRow(QLayout):
    """Lays its widgets out left to right at their natural size, wrapping onto more rows."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            self.addWidget(widget)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All on one row."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown) + _GAP * max(len(shown) - 1, 0)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        """One button to a row, at the narrowest."""
        shown = self._shown()
        return QSize(max((item.minimumSize().width() for item in shown), default=0),
                     max((item.minimumSize().height() for item in shown), default=0))

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Put each widget after the one before, or at the start of a new row if it would
        cross the right edge; the height all the rows take."""
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._shown():
            size = item.sizeHint()
            if x > rect.x() and x + size.width() > rect.right() + 1:
                x, y, row_height = rect.x(), y + row_height + _GAP, 0
            if place:
                item.setGeometry(QRect(QPoint(x, y),
                                       QSize(min(size.width(), rect.width()), size.height())))
            x += size.width() + _GAP
            row_height = max(row_height, size.height())
        return y + row_height - rect.y()
