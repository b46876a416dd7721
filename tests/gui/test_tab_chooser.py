"""In a narrow pane the book's tabs become a list of their names, which leads and follows."""

from PySide6.QtWidgets import QLabel, QTabWidget

from coauthor_desk.gui.tab_chooser import TabChooser


def _tabs(qtbot) -> QTabWidget:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    for words in ("Waiting", "Chapters", "Who wrote what"):
        tabs.addTab(QLabel(words), words)
    return tabs


def test_choosing_a_name_shows_its_tab_and_the_tabs_lead_the_list(qtbot) -> None:
    tabs = _tabs(qtbot)
    chooser = TabChooser(tabs, "Show in this pane")
    assert [chooser.itemText(i) for i in range(chooser.count())] == \
        ["Waiting", "Chapters", "Who wrote what"]
    chooser.setCurrentIndex(2)
    assert tabs.currentIndex() == 2
    tabs.setCurrentIndex(1)
    assert chooser.currentText() == "Chapters"


def test_only_one_of_the_list_and_the_tabs_is_shown(qtbot) -> None:
    tabs = _tabs(qtbot)
    chooser = TabChooser(tabs, "Show in this pane")
    tabs.show()
    chooser.show()
    chooser.use(True)
    assert chooser.isVisible() and not tabs.tabBar().isVisible()
    chooser.use(False)
    assert not chooser.isVisible() and tabs.tabBar().isVisible()
    bar = tabs.tabBar()
    assert chooser.tabs_width() == sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
