"""Make the pictures of the main screens shown in the README, offscreen, from a fresh copy of
the example book.

    python docs/make_screenshots.py [FOLDER]    (default: docs/screenshots)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1400, 860)


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    ends = time.monotonic() + seconds
    while not done():
        if time.monotonic() > ends:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not save {path}")
    return path


def make_screenshots(folder: Path) -> list[Path]:
    """Open the example book and save a picture of each main screen into `folder`."""
    from coauthor_desk.example_book import make_example_book
    from coauthor_desk.gui import first_layout
    from coauthor_desk.gui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="coauthor-screens-") as work:
        # The person's own settings (text size, window place) are never read or changed.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, work)
        book = Path(work) / "example"
        make_example_book(book)
        window = MainWindow()
        window.show()
        first_layout.settle(window, restored=False, available=QRect(0, 0, *SIZE))  # a screen
        _wait(app, lambda: not window.busy)
        made.append(_save(window, folder, "welcome"))  # no book open yet

        window.open_folder(book)
        _wait(app, lambda: not window.busy)
        first_layout.reshare(window)
        app.processEvents()
        made.append(_save(window, folder, "waiting"))

        window.show_list(1)  # Chapters: "After the stroke", with a comment beside its text
        window.chapters.selectRow(9)
        _wait(app, lambda: not window.busy)
        text = window.reader.text
        words = text.toPlainText().index("reablement")
        cursor = text.textCursor()
        cursor.setPosition(words)
        cursor.setPosition(words + len("reablement team"), cursor.MoveMode.KeepAnchor)
        text.setTextCursor(cursor)
        window.comment("10-after-the-stroke", "reablement team", 1,
                       {"by": "priya-raman", "to": "kwame-mensah", "kind": "question",
                        "text": "What did the team do for you, day to day?"})
        _wait(app, lambda: not window.busy)
        window.reader.text.check_now()
        window.reader.comments.table.selectRow(0)
        made.append(_save(window, folder, "chapter"))

        window.reader.below.setCurrentWidget(window.reader.history)
        window.reader.history.table.selectRow(1)
        window.reader.history.show_version()
        made.append(_save(window, folder, "history"))

        window.show_list(3)
        made.append(_save(window, folder, "agreements"))

        export = window.ask_to_export()
        assert export is not None
        export.where.setText("/home/helen/Documents/our-words-our-care.docx")  # (not /tmp/…)
        made.append(_save(export, folder, "export"))
        export.close()
        window.close()
        made += _review_pictures(app, book, folder)
    return made


def _review_pictures(app: QApplication, book: Path, folder: Path) -> list[Path]:
    """A co-author's review window: Jean, with two changes to her words suggested by Helen,
    in the usual look and in high contrast, and her chapter."""
    from coauthor_desk.gui.review.window import ReviewWindow
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.suggest import save_edit
    from coauthor_desk.session import open_book

    opened = open_book(book)
    chapter = "03-caring-for-ron"
    body = opened.book.chapters[chapter].body
    save_edit(opened, chapter, body.replace("the memory nurse was a treasure",
                                            "the memory nurse was wonderful").replace(
        "Ron understood well enough.", "Ron understood perfectly well."), "helen-marsh",
              reason="A little plainer?")
    window = ReviewWindow(book, Acting("jean-thornton"), speech_engine="mock")
    window.fit_to(QRect(0, 0, 1280, 800))
    window.show()
    _wait(app, lambda: window.context is not None and not window.busy)
    made = []
    for row, name in ((1, "review-suggestions"), (0, "review-chapters")):
        window.go_to_part(row)
        _wait(app, lambda: not window.busy)
        window.parts.setFocus()
        app.processEvents()
        made.append(_save(window, folder, name))
    window.go_to_part(1)
    window.set_high_contrast(True)
    _wait(app, lambda: not window.busy)
    window.parts.setFocus()
    app.processEvents()
    made.append(_save(window, folder, "review-high-contrast"))
    window.close()
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "screenshots"
    for path in make_screenshots(target):
        print(path)
