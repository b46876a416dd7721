"""With no book open the window welcomes: make a new book, open a book folder, try the example
book, or open a book opened lately; each really makes or opens a book, which is then shown."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from test_accessibility import INSIDE_WORDS, nameless, own_words
from test_main_window import shown_window

from coauthor_desk.gui import comfort, welcome
from coauthor_desk.gui.welcome import NewBookDialog
from coauthor_desk.history.versions import History
from coauthor_desk.manuscript.loader import load_book


def wait(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=30000)


def test_the_window_starts_with_the_welcome(qtbot):
    window = shown_window(qtbot)
    page = window.welcome
    assert page.isVisible() and not window.reader.isVisible()
    for button in (page.new_book, page.open_book, page.example):
        assert button.isVisible() and button.accessibleName()
        assert button.height() >= welcome.TARGET_HEIGHT
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert nameless(window) == []
    said = own_words(window)
    assert "Make a new book…" in [w.replace("&", "") for w in said]
    assert [w for w in said if INSIDE_WORDS.search(w)] == []
    assert page.no_recent.isVisible() and not page.recent.isVisible()


def test_making_a_new_book_from_the_welcome(qtbot, tmp_path: Path):
    window = shown_window(qtbot)
    window.welcome.new_book.click()
    dialog = window.findChild(NewBookDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and nameless(dialog) == []
    assert [w for w in own_words(dialog) if INSIDE_WORDS.search(w)] == []
    dialog.make_button.click()  # no title yet: it says so and waits
    assert dialog.isVisible() and "title" in dialog.problem.text()
    qtbot.keyClicks(dialog.title, "Voices of Care")
    assert dialog.folder.text().endswith("voices-of-care")
    folder = tmp_path / "voices"
    dialog.folder.setText(str(folder))
    qtbot.keyClicks(dialog.editor, "Helen Marsh")
    dialog.make_button.click()
    wait(qtbot, window)
    assert window.opened is not None and window.opened.book.root == folder.resolve()
    assert "Voices of Care" in window.windowTitle()
    assert not window.welcome.isVisible() and window.reader.isVisible()
    book = load_book(folder)
    assert book.title == "Voices of Care" and "helen-marsh" in book.people
    versions = History(folder).versions()
    assert len(versions) == 1 and versions[0].name == "Helen Marsh"


def test_a_new_book_needs_an_empty_folder(qtbot, tmp_path: Path):
    window = shown_window(qtbot)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", "utf-8")
    dialog = window.ask_for_new_book()
    qtbot.addWidget(dialog)
    dialog.title.setText("A Book")
    dialog.folder.setText(str(tmp_path / "full"))
    dialog.make_button.click()
    assert dialog.isVisible() and "empty" in dialog.problem.text()
    assert (tmp_path / "full" / "notes.txt").read_text("utf-8") == "mine"


def test_opening_a_book_folder_from_the_welcome(qtbot, small_book: Path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(small_book))
    window = shown_window(qtbot)
    window.welcome.open_book.click()
    wait(qtbot, window)
    assert window.opened is not None and "A Small Book" in window.windowTitle()
    assert window.chapters.rowCount() == 1 and window.reader.isVisible()


def test_trying_the_example_book_makes_a_fresh_copy(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(welcome, "example_folder", lambda: tmp_path / "try" / "example-book")
    window = shown_window(qtbot)
    window.welcome.example.click()
    wait(qtbot, window)
    assert window.opened is not None
    assert window.opened.book.root == (tmp_path / "try" / "example-book").resolve()
    assert window.chapters.rowCount() == 16 and not window.welcome.isVisible()


def test_the_books_opened_lately_are_listed_and_open(qtbot, small_book: Path, example_book: Path):
    comfort.remember_book(small_book)
    comfort.remember_book(example_book)
    window = shown_window(qtbot)
    listed = window.welcome.recent
    assert listed.isVisible() and listed.count() == 2 and listed.accessibleName()
    assert str(example_book.resolve()) in listed.item(0).text()
    listed.setFocus()
    listed.setCurrentRow(1)
    qtbot.keyClick(listed, Qt.Key.Key_Return)
    wait(qtbot, window)
    assert window.opened is not None and window.opened.book.root == small_book.resolve()
    assert window.reader.isVisible()


def test_closing_the_book_brings_the_welcome_back(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    assert not window.welcome.isVisible()
    close = next(a for m in window.menuBar().actions() for a in m.menu().actions()
                 if a.text().replace("&", "") == "Close the book")
    close.trigger()
    assert window.opened is None and window.welcome.isVisible()
    assert window.chapters.rowCount() == 0 and "CoAuthor Desk" == window.windowTitle()
    assert window.welcome.recent.count() == 1  # the book just closed, to open again


def test_a_book_that_cannot_be_opened_leaves_the_welcome(qtbot, tmp_path: Path):
    window = shown_window(qtbot)
    window.open_folder(tmp_path)  # an empty folder is no book
    wait(qtbot, window)
    assert window.opened is None and window.welcome.isVisible()
    assert window.message.text().startswith("This book could not be opened.")


def test_the_welcome_says_plainly_when_git_is_missing(qtbot, tmp_path: Path, monkeypatch):
    page = welcome.WelcomePage()
    qtbot.addWidget(page)
    assert page.git_missing.isHidden()  # git is here
    monkeypatch.setenv("PATH", str(tmp_path))  # a computer without git
    page = welcome.WelcomePage()
    qtbot.addWidget(page)
    assert not page.git_missing.isHidden()
    assert "Git, the program that keeps the book's history, cannot be found" in \
        page.git_missing.text()
    assert "git-scm.com" in page.git_missing.text()
