"""The window benchmarks, each run in a fresh process so nothing is warm that a person's
first start would not have warm.

    python benchmarks/window_jobs.py start-bare
    python benchmarks/window_jobs.py start-ours BOOK
    python benchmarks/window_jobs.py open BOOK
    python benchmarks/window_jobs.py typing BOOK
    python benchmarks/window_jobs.py start-review BOOK PERSON
    python benchmarks/window_jobs.py next-suggestion BOOK

start-*: prints the seconds from the process starting to the first painted window (the
time before Python ran is added by run.py, which measures from outside).
open: prints the milliseconds the window's own thread was blocked while the book opened.
typing: prints the median milliseconds per keystroke in a 20,000-word chapter.
start-review: as start-*, for one person's review window (as `coauthor-desk review BOOK --as
PERSON` starts it); then prints the seconds until their review is shown in full.
next-suggestion: prints the median milliseconds from "Next" to the next suggestion painted, in
a copy of BOOK where an editor suggested changes to a co-author's words in every chapter.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class _FirstPaint(QObject):
    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def start(book: Path | None) -> None:
    app = QApplication(sys.argv[:1])
    if book is None:
        window = QMainWindow()
        window.show()
    else:  # just as `coauthor-desk open BOOK` starts
        from coauthor_desk.gui.app import show_window

        window = show_window(book)
    painted = _FirstPaint()
    window.installEventFilter(painted)
    app.exec()


def start_review(book: Path, person: str) -> None:
    """The review window started by the command itself, `coauthor-desk review BOOK --as
    PERSON`, with the window watched for its first paint and for the review shown in full."""
    began = time.perf_counter()
    from coauthor_desk.cli import main
    from coauthor_desk.gui.review.window import ReviewWindow

    shown_by_command = ReviewWindow.show

    def show_and_watch(window: ReviewWindow) -> None:
        painted = _FirstPaintOnly()
        window.first_paint = painted  # type: ignore[attr-defined]  # held with the window
        for widget in (window, window.heading):  # the first words a person sees
            widget.installEventFilter(painted)
        shown_by_command(window)

        def look() -> None:
            if window.context is not None and not window.busy:
                print(f"shown {time.perf_counter() - began:.3f}", flush=True)
                QApplication.quit()

        timer = QTimer(window)
        timer.timeout.connect(look)
        timer.start(5)

    ReviewWindow.show = show_and_watch  # type: ignore[method-assign]
    main(["review", str(book), "--as", person])


class _FirstPaintOnly(QObject):
    """Says when the window is first painted, and goes on running."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.said:
            print("painted", flush=True)
            self.said = True
        return False

    said = False


def next_suggestion(book: Path, moves: int = 60) -> float:
    """Median milliseconds to show the next suggestion, painted, on the Suggested changes part
    of a co-author's review (in a copy of the book with suggestions made first, untimed)."""
    import shutil
    import tempfile

    from coauthor_desk.gui.review.suggestions_page import SuggestionsPage
    from coauthor_desk.gui.review.window import ReviewWindow
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.suggest import save_edit
    from coauthor_desk.session import open_book

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="coauthor-next-") as folder:
        root = Path(folder) / "book"
        shutil.copytree(book, root, symlinks=True)
        opened = open_book(root)
        editor = opened.book.editors[0]
        owner = next(c.authors[0] for c in opened.book.ordered_chapters()
                     if c.authors and not set(c.authors) & set(opened.book.editors))
        for chapter in [c for c in opened.book.ordered_chapters() if owner in c.authors]:
            paragraphs = chapter.body.split("\n\n")
            changed = [p.replace(" the ", " THE ", 1) if i % 3 == 1 and p[:1].isalpha() else p
                       for i, p in enumerate(paragraphs)]
            save_edit(opened, chapter.id, "\n\n".join(changed), editor)
        window = ReviewWindow(root, Acting(owner))
        window.resize(1280, 800)
        window.show()
        while window.context is None or window.busy:
            app.processEvents()
            time.sleep(0.005)
        page = next(p for p in window.pages if isinstance(p, SuggestionsPage))
        window.go_to_part(window.pages.index(page))
        app.processEvents()
        count = len(page.found)
        assert count > 10, f"only {count} suggestions were made"
        times = []
        for index in range(min(moves, count - 1)):
            began = time.perf_counter()
            page.next.click()
            page.repaint()  # painted now, not at some later turn of the loop
            app.processEvents()
            times.append((time.perf_counter() - began) * 1000)
            assert page.index == index + 1
        window.close()
    return statistics.median(times)


def blocked_while_opening(book: Path) -> float:
    """Milliseconds the event loop could not run while the book opened: a 5 ms timer's
    delays beyond 5 ms, summed."""
    from coauthor_desk.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    app.processEvents()
    blocked = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        blocked[0] += max(0.0, now - last[0] - 0.005)
        last[0] = now
        if not window.busy:
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    last[0] = time.perf_counter()
    window.open_folder(book)
    app.exec()
    return blocked[0] * 1000


def typing(book: Path, keys: int = 200) -> float:
    """Median milliseconds per keystroke, typed into the middle of a 20,000-word chapter shown
    in the whole window (a new book of one chapter, made from the benchmark book's words)."""
    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from coauthor_desk.gui.main_window import MainWindow
    from coauthor_desk.history.versions import Identity, start_history
    from coauthor_desk.manuscript.edit import add_chapter, write_new_book
    from coauthor_desk.manuscript.loader import load_book

    words = "\n\n".join(c.body for c in load_book(book).ordered_chapters())
    body = " ".join(words.split(" ")[:20000])
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="coauthor-typing-") as folder:
        root = Path(folder) / "book"
        write_new_book(root, "Typing", "Helen Marsh")
        add_chapter(load_book(root), "Long", [], "long")
        chapter = load_book(root).chapters["long"]
        text = (root / chapter.file).read_text("utf-8")
        (root / chapter.file).write_text(text + "\n" + body + "\n", "utf-8")
        start_history(root, Identity("Helen Marsh", "helen@example.org"), "Started")
        window = MainWindow()
        window.resize(1200, 800)
        window.show()
        window.open_folder(root)
        while window.busy:
            app.processEvents()
            time.sleep(0.005)
        editor = window.reader.text
        assert editor.toPlainText().count(" ") > 19000
        cursor = editor.textCursor()
        cursor.setPosition(len(editor.toPlainText()) // 2)
        editor.setTextCursor(cursor)
        editor.setFocus()
        times = []
        for index in range(keys):
            began = time.perf_counter()
            QTest.keyClick(editor, Qt.Key.Key_A if index % 5 else Qt.Key.Key_Space)
            app.processEvents()
            times.append((time.perf_counter() - began) * 1000)
            if index % 40 == 39:  # a pause, as people make, so the suggestions catch up
                QTest.qWait(450)
        window.close()  # (keeps the typed words as a recovery copy, in the temporary book)
    return statistics.median(times)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "start-bare":
        start(None)
    elif what == "start-ours":
        start(Path(sys.argv[2]))
    elif what == "open":
        print(f"{blocked_while_opening(Path(sys.argv[2])):.1f}")
    elif what == "typing":
        print(f"{typing(Path(sys.argv[2])):.2f}")
    elif what == "start-review":
        start_review(Path(sys.argv[2]), sys.argv[3])
    elif what == "next-suggestion":
        print(f"{next_suggestion(Path(sys.argv[2])):.2f}")
