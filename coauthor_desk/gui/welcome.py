"""What the window shows when no book is open: make a new book, open a book folder, try the
example book, or open one of the books opened lately."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui import comfort

TARGET_HEIGHT = 44  # large enough to hit with an unsteady hand


def example_folder() -> Path:
    """A new folder for a fresh copy of the example book (as `coauthor-desk --example` does)."""
    return Path(tempfile.mkdtemp(prefix="coauthor-example-")) / "example-book"


def make_new_book(folder: Path, title: str, editor: str) -> Path:
    """Make an empty book in `folder` and save it as its first version, as `coauthor-desk new`
    does; the folder."""
    from coauthor_desk.history.versions import Identity, start_history
    from coauthor_desk.manuscript.edit import slug, write_new_book

    write_new_book(folder, title, editor or None)
    who = Identity(editor, f"{slug(editor)}@people.invalid") if editor else None
    start_history(folder, who, f"Started the book '{title}'")
    return folder


def make_example(folder: Path) -> Path:
    from coauthor_desk.example_book import make_example_book

    make_example_book(folder)
    return folder


def _git_missing_words() -> str:
    """What to say on the first page when git is not installed ("" when it is)."""
    if shutil.which("git") is not None:
        return ""
    from coauthor_desk.history.git_runner import git_missing_problem

    problem = git_missing_problem("git")
    return f"{problem.what} {problem.todo}"


def _button(words: str, hint: str) -> QPushButton:
    button = QPushButton(words)
    button.setAccessibleName(words.replace("&", ""))
    button.setAccessibleDescription(hint)
    button.setToolTip(hint)
    button.setMinimumHeight(TARGET_HEIGHT)
    return button


class WelcomePage(QWidget):
    """The first thing a person sees with no book open."""

    new_requested = Signal()
    open_requested = Signal()
    example_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Welcome")
        heading = QLabel("Welcome to CoAuthor Desk")
        heading.setAccessibleName("Welcome to CoAuthor Desk")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        said = QLabel("A book is kept in a folder of its own. Make a new book, open the folder of "
                      "a book you already have, or try the example book to see how it works. "
                      "Nothing you do with the example changes anyone's real book.")
        said.setWordWrap(True)
        said.setAccessibleName("What you can do")
        # git keeps every book's history; Windows and macOS do not come with it.
        self.git_missing = QLabel(_git_missing_words())
        self.git_missing.setWordWrap(True)
        self.git_missing.setAccessibleName("A program the app needs is missing")
        self.git_missing.setVisible(bool(self.git_missing.text()))
        self.new_book = _button("&Make a new book…", "Choose a folder and a title for a new, "
                                "empty book.")
        self.open_book = _button("Open a book fol&der…", "Open the folder of a book you or "
                                 "someone else already started.")
        self.example = _button("Try the e&xample book", "Open a fresh copy of an example book "
                               "with chapters, people and agreements, to try things safely.")
        self.new_book.clicked.connect(self.new_requested)
        self.open_book.clicked.connect(self.open_requested)
        self.example.clicked.connect(self.example_requested)
        recent_label = QLabel("Books opened &lately (press Enter to open one):")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Books opened lately")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._chosen)
        self.no_recent = QLabel("No books opened yet.")
        self.no_recent.setAccessibleName("No books opened yet")

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(said)
        column.addWidget(self.git_missing)
        for button in (self.new_book, self.open_book, self.example):
            column.addWidget(button)
        column.addSpacing(12)
        column.addWidget(recent_label)
        column.addWidget(self.no_recent)
        column.addWidget(self.recent, 3)
        column.addStretch(1)  # (with no recent books, the rest keeps together at the top)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 4)
        outer.addStretch(1)
        self.setTabOrder(self.new_book, self.open_book)
        self.setTabOrder(self.open_book, self.example)
        self.setTabOrder(self.example, self.recent)
        self.fill_recent()

    def fill_recent(self) -> None:
        """The books opened lately that are still there, newest first."""
        self.recent.clear()
        for folder in comfort.recent_books():
            item = QListWidgetItem(f"{folder.name}  ({folder})")
            item.setData(Qt.ItemDataRole.UserRole, str(folder))
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
        self.recent.setVisible(self.recent.count() > 0)
        self.no_recent.setVisible(self.recent.count() == 0)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole)))


class NewBookDialog(QDialog):
    """Asks for the new book's title, the editor's name and the folder to keep it in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a new book")
        self.setAccessibleName("Make a new book")
        self.title = QLineEdit()
        self.title.setAccessibleName("The book's title")
        self.editor = QLineEdit()
        self.editor.setAccessibleName("Your name (the editor)")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder for the book")
        self.folder.setPlaceholderText("A new or empty folder")
        self._folder_typed = False
        self._parent_folder = Path.home() / "Documents" if (Path.home() / "Documents").is_dir() \
            else Path.home()
        self.title.textChanged.connect(self._suggest_folder)
        self.folder.textEdited.connect(lambda _: setattr(self, "_folder_typed", True))
        choose = QPushButton("&Choose where…")
        choose.setAccessibleName("Choose where to keep the book")
        choose.setMinimumHeight(TARGET_HEIGHT)
        choose.clicked.connect(self._choose)
        where = QWidget()
        where.setAccessibleName("Where the book is kept")
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.problem = QLabel("")
        self.problem.setAccessibleName("What is missing")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("Your &name:", self.editor)
        form.addRow("&Folder:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.make_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.make_button.setText("&Make the book")
        self.make_button.setAccessibleName("Make the book")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(620, 260)

    def _suggest_folder(self, title: str) -> None:
        if not self._folder_typed:
            from coauthor_desk.manuscript.edit import slug

            self.folder.setText(str(self._parent_folder / slug(title)) if title.strip() else "")

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose where to keep the book",
                                                  str(self._parent_folder))
        if chosen:
            self._parent_folder = Path(chosen)
            folder = Path(chosen)
            if any(folder.iterdir()):  # a folder with things in it: the book goes inside it
                from coauthor_desk.manuscript.edit import slug

                folder = folder / slug(self.title.text() or "new book")
            self.folder.setText(str(folder))
            self._folder_typed = True

    def _check(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser() if self.folder.text().strip() \
            else None
        if not self.title.text().strip():
            self.problem.setText("Please give the book a title.")
            self.title.setFocus()
        elif folder is None:
            self.problem.setText("Please choose a folder for the book.")
            self.folder.setFocus()
        elif folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            self.problem.setText("That folder already has things in it. Please choose a new or "
                                 "empty folder.")
            self.folder.setFocus()
        else:
            self.accept()

    def choice(self) -> tuple[Path, str, str]:
        """(folder, title, editor's name)"""
        return (Path(self.folder.text().strip()).expanduser(), self.title.text().strip(),
                self.editor.text().strip())
