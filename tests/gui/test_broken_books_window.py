"""Every broken book in the corpus gives the window the same plain message as the command line."""

from pathlib import Path

import pytest
from corpus.broken_books import CASES, materialise

from coauthor_desk.gui.main_window import MainWindow
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book


@pytest.mark.parametrize("case", CASES)
def test_the_window_shows_the_problem_and_opens_nothing(qtbot, tmp_path: Path, case: str):
    folder = materialise(case, tmp_path)
    with pytest.raises(BookError) as caught:
        open_book(folder)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_folder(folder)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    shown = window.message.text()
    assert shown.startswith("This book could not be opened.")
    for problem in caught.value.problems:
        assert str(problem) in shown
    assert "Traceback" not in shown
    assert window.chapters.rowCount() == 0 and window.opened is None
