"""The who-wrote-what bar moves while the history is walked, before the result is shown
(real Qt, offscreen; real book folders with real histories)."""

from pathlib import Path

from coauthor_desk.gui.authorship_panel import AuthorshipPanel
from coauthor_desk.gui.main_window import MainWindow
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.edit import add_chapter, save_chapter
from coauthor_desk.manuscript.loader import load_book

SAM = Identity("Sam Jones", "sam.jones@example.org")


def test_the_bar_is_busy_until_something_is_done_then_counts(qtbot):
    panel = AuthorshipPanel()
    qtbot.addWidget(panel)
    panel.working()
    panel.progress.emit(0, 400)  # as the worker does, from its own thread
    qtbot.wait(10)
    assert panel.bar.maximum() == 0  # busy: nothing done yet, so no bar stuck at 0
    panel.progress.emit(130, 400)
    qtbot.waitUntil(lambda: panel.bar.value() == 130)
    assert panel.bar.maximum() == 400
    assert panel.bar.accessibleName() == "Progress working out who wrote what"
    panel.progress.emit(400, 400)
    qtbot.waitUntil(lambda: panel.bar.value() == 400)


def test_the_window_shows_the_bar_moving_before_the_result(qtbot, small_book: Path):
    add_chapter(load_book(small_book), "Our group", ["sam-jones"], "our-group")
    history = History(small_book)
    for number in range(30):
        chapter = ("my-story", "our-group")[number % 2]
        book = load_book(small_book)
        body = book.chapters[chapter].body.rstrip("\n")
        save_chapter(book, chapter, body=f"{body}\n\nParagraph {number} of my words.\n")
        history.save_files_as_version(SAM, "Worked on the chapter")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    panel = window.authorship
    events: list[tuple[str, int]] = []
    panel.bar.valueChanged.connect(lambda value: events.append(("bar", value)))
    show_report = panel.show_report

    def shown(report: dict) -> None:
        events.append(("result", panel.bar.maximum()))
        show_report(report)

    panel.show_report = shown  # type: ignore[method-assign]
    window.open_folder(small_book)
    qtbot.waitUntil(lambda: any(kind == "result" for kind, _ in events), timeout=20000)
    result_at = events.index(next(e for e in events if e[0] == "result"))
    before = [value for kind, value in events[:result_at] if kind == "bar"]
    total = events[result_at][1]
    assert total == 200  # hundredths of each of the two chapters
    assert any(0 < value < 180 for value in before)  # during the walk (90 of each 100)
    assert before == sorted(before) and before[-1] == total
    assert not panel.bar.isVisible() and "Sam Jones" in panel.people.item(0, 0).text()
