"""The names of a set of tabs as a list to choose from, shown in place of the tabs when the
pane is too narrow for them all in one row, so none is hidden, cut short or turned on its side."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QTabWidget


class TabChooser(QComboBox):
    """Follows the tabs and leads them: choosing a name here shows that tab's page."""

    def __init__(self, tabs: QTabWidget, name: str) -> None:
        super().__init__()
        self.tabs = tabs
        self.setAccessibleName(name)
        for index in range(tabs.count()):
            self.addItem(tabs.tabText(index).replace("&", ""))
        self.currentIndexChanged.connect(tabs.setCurrentIndex)
        tabs.currentChanged.connect(self.setCurrentIndex)
        self.use(False)

    def use(self, instead_of_tabs: bool) -> None:
        """Show this list, or the tabs."""
        self.setVisible(instead_of_tabs)
        self.tabs.tabBar().setVisible(not instead_of_tabs)

    def tabs_width(self) -> int:
        """The width every tab takes in a row, with its whole name."""
        bar = self.tabs.tabBar()
        return sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
