"""The first window: a book's chapters and people, and the text of the chosen chapter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS, Book
from coauthor_desk.problems import BookError
from coauthor_desk.status import OpenBook, open_book

APP_NAME = "CoAuthor Desk"


def _table(name: str, headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setAccessibleName(f"{name}: column headings")
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeColumnsToContents()


class MainWindow(QMainWindow):
    """Opens a book folder and shows what is in it. Editing comes in later."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: OpenBook | None = None
        self._task: Task | None = None
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(f"{APP_NAME} main window")
        self.resize(1100, 700)

        self.message = QLabel("Open a book folder to begin (File, Open a book folder).")
        self.message.setAccessibleName("Messages about this book")
        self.message.setWordWrap(True)
        self.message.setMargin(8)

        self.chapters = _table("Chapters", ["Chapter", "Where it is", "Who writes it", "Words"])
        self.chapters.itemSelectionChanged.connect(self._show_chosen_chapter)
        self.people = _table("People", ["Name", "Named in the book as", "Role", "Access needs"])
        self.lists = QTabWidget()
        self.lists.setAccessibleName("Chapters and people")
        self.lists.addTab(self.chapters, "&Chapters")
        self.lists.addTab(self.people, "&People")

        self.chapter_title = QLabel("")
        self.chapter_title.setAccessibleName("Chapter title")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Chapter text")
        reader = QWidget()
        reader_layout = QVBoxLayout(reader)
        reader_layout.addWidget(self.chapter_title)
        reader_layout.addWidget(self.text)

        splitter = QSplitter()
        splitter.setAccessibleName("Lists and chapter text")
        splitter.addWidget(self.lists)
        splitter.addWidget(reader)
        splitter.setSizes([550, 550])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._make_menus()

    def _make_menus(self) -> None:
        self.menuBar().setAccessibleName("Menus")
        book_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open a book folder…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_folder)
        book_menu.addAction(open_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        book_menu.addAction(quit_action)

    # Opening -------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a book folder")
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path) -> None:
        """Open a book in the background; the window stays responsive and says what it does."""
        self.message.setText(f"Opening the book in {folder}…")
        self._task = run_in_background(lambda: open_book(folder), self._opened, self._failed)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _opened(self, opened: OpenBook) -> None:
        self._task = None
        self.opened = opened
        self.show_book(opened.book)

    def _failed(self, error: Exception) -> None:
        self._task = None
        self.opened = None
        self.chapters.setRowCount(0)
        self.people.setRowCount(0)
        self.text.clear()
        self.chapter_title.clear()
        if isinstance(error, BookError):
            self.message.setText("This book could not be opened. Please fix this and try "
                                 "again:\n" + error.plain())
        else:
            self.message.setText("Something went wrong that CoAuthor Desk did not expect, so "
                                 "the book was not opened. Nothing was changed.")

    # Showing -------------------------------------------------------------------------------
    def show_book(self, book: Book) -> None:
        chapters = book.ordered_chapters()
        words = sum(chapter.words for chapter in chapters)
        self.setWindowTitle(f"{book.title} — {APP_NAME}")
        self.message.setText(f"{book.title}: {len(chapters)} chapters, {words:,} words, "
                             f"{len(book.people)} people.")
        _fill(self.chapters, [[c.title, c.status.label,
                               ", ".join(book.name_of(a) for a in c.authors), f"{c.words:,}"]
                              for c in chapters])
        people = sorted(book.people.values(), key=lambda p: p.name)
        _fill(self.people, [[p.name, p.credited_as or "Not named (anonymous)",
                             ", ".join(r.replace("-", " ") for r in p.roles),
                             ", ".join(ACCESS_NEED_LABELS.get(n, n) for n in p.access_needs)]
                            for p in people])
        if chapters:
            self.chapters.selectRow(0)

    def _show_chosen_chapter(self) -> None:
        if self.opened is None:
            return
        rows = self.chapters.selectionModel().selectedRows()
        if not rows:
            return
        chapter = self.opened.book.ordered_chapters()[rows[0].row()]
        self.chapter_title.setText(chapter.title)
        self.text.setPlainText(chapter.body.lstrip("\n"))
