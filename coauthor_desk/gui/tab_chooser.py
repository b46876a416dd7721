"""The names of a set of tabs as a list to choose from, shown in place of the tabs when the
pane is too narrow for them all in one row, so none is hidden, cut short or turned on its side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QTabWidget


class TabChooser(QComboBox):
    """Follows the tabs and leads them: choosing a name here shows that tab's page. A label
    with its name goes before it: on Linux a screen reader takes a list's name from the label
    it belongs to (Qt gives the list itself the name of its chosen item)."""

    def __init__(self, tabs: QTabWidget, name: str) -> None:
        super().__init__()
        self.tabs = tabs
        self.setAccessibleName(name)
        self.label = QLabel(f"{name}:")
        self.label.setBuddy(self)
        for index in range(tabs.count()):
            self.addItem(tabs.tabText(index).replace("&", ""))
        self.currentIndexChanged.connect(tabs.setCurrentIndex)
        tabs.currentChanged.connect(self.setCurrentIndex)
        self.use(False)

    def use(self, instead_of_tabs: bool) -> None:
        """Show this list, or the tabs. The hidden row of tabs takes no focus, or Tab would go
        to it and straight back here, and never on."""
        self._place_label()
        self.setVisible(instead_of_tabs)
        self._show_label(instead_of_tabs)
        bar = self.tabs.tabBar()
        bar.setVisible(not instead_of_tabs)
        bar.setFocusPolicy(Qt.FocusPolicy.NoFocus if instead_of_tabs
                           else Qt.FocusPolicy.StrongFocus)

    def _place_label(self) -> None:
        """Once this list is in a box layout, put its label just before it, in a row with it
        (the label must share its parent for a screen reader to find it)."""
        parent = self.parentWidget()
        if parent is None or self.label.parentWidget() is parent:
            return
        layout = parent.layout()
        index = layout.indexOf(self) if isinstance(layout, QBoxLayout) else -1
        if index < 0:
            return
        layout.removeWidget(self)
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self, 1)
        layout.insertLayout(index, row)
        self._show_label(not self.isHidden())

    def _show_label(self, shown: bool) -> None:
        if self.label.parentWidget() is not None:  # (never as a window of its own)
            self.label.setVisible(shown)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self._place_label()  # (if it was put in a layout without use() called since)
        super().showEvent(event)

    def tabs_width(self) -> int:
        """The width every tab takes in a row, with its whole name."""
        bar = self.tabs.tabBar()
        return sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
