"""Start the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coauthor_desk.gui import comfort
from coauthor_desk.gui.main_window import APP_NAME, MainWindow


def run_window(folder: Path | None) -> int:
    """Show the main window, opening `folder` if given, and run until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    comfort.apply_text_size(comfort.text_size())
    comfort.apply_high_contrast(comfort.high_contrast())
    window = MainWindow()
    window.show()
    if folder is not None:
        window.open_folder(folder)
    return app.exec()
