"""Start the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coauthor_desk.gui import comfort
from coauthor_desk.gui.main_window import APP_NAME, MainWindow


def show_window(folder: Path | None) -> MainWindow:
    """The main window, shown with the person's comfort settings; `folder`, if given, opens
    just after the window first appears."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    comfort.apply_text_size(comfort.text_size())
    comfort.apply_high_contrast(comfort.high_contrast())
    window = MainWindow()
    window.show()
    if folder is not None:
        window.open_when_shown(folder)
    return window


def run_window(folder: Path | None) -> int:
    """Show the main window and run until it is closed."""
    window = show_window(folder)  # held here: a window nobody holds would be deleted
    app = QApplication.instance()
    assert app is not None and window.isVisible()
    return app.exec()
