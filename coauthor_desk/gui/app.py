"""Start the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coauthor_desk.gui import comfort
from coauthor_desk.gui.main_window import APP_NAME, MainWindow
from coauthor_desk.review.acting import Acting


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


def run_review(folder: Path, acting: Acting) -> int:
    """Show one person's review window and run until it is closed."""
    from coauthor_desk.gui.review.window import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    window = ReviewWindow(folder, acting)
    window.show()
    return app.exec()


def smoke_test(folder: Path, limit: float = 120.0) -> int:
    """Open the window on a book, wait until the book has loaded, close the window and quit:
    0 when it loaded, 1 when it could not be opened or took longer than `limit` seconds. Used to
    check a built app (packaging/build.py) on a computer with no display."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    window = show_window(folder)
    app = QApplication.instance()
    assert app is not None
    clock = QElapsedTimer()
    clock.start()
    outcome: list[int] = []

    def look() -> None:
        if window.busy and clock.elapsed() < limit * 1000:
            return
        loaded = window.opened is not None and not window.busy
        print(f"{'Opened' if loaded else 'Could not open'} the book in the window: "
              f"{window.windowTitle()}. {window.message.text()}")
        outcome.append(0 if loaded else 1)
        timer.stop()
        window.close()
        app.quit()

    timer = QTimer(window)
    timer.timeout.connect(look)
    timer.start(100)
    app.exec()
    return outcome[0] if outcome else 1
