"""The main window: who is waiting on what, the chapters, people, agreements, credits, who
wrote what and comments on the left; the chosen chapter on the right.

Everything slow happens away from the window's thread, and the code that reads and changes
books is imported when a book is first opened, so the window appears at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui import comfort, first_layout
from coauthor_desk.gui.agreements_panel import AgreementsPanel
from coauthor_desk.gui.authorship_panel import AuthorshipPanel
from coauthor_desk.gui.chapter_pane import ChapterPane
from coauthor_desk.gui.chapter_table import ChapterTable
from coauthor_desk.gui.comments_panel import CommentsPanel
from coauthor_desk.gui.credits_panel import CreditsPanel
from coauthor_desk.gui.menus import make_menus
from coauthor_desk.gui.people_panel import PeoplePanel
from coauthor_desk.gui.sharing import SharingControl
from coauthor_desk.gui.tab_chooser import TabChooser
from coauthor_desk.gui.tables import fill, make_table
from coauthor_desk.gui.welcome import NewBookDialog, WelcomePage
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.problems import BookError

if TYPE_CHECKING:
    from coauthor_desk.gui.book_view import BookView
    from coauthor_desk.gui.clash_dialog import ClashDialog
    from coauthor_desk.gui.export_dialogs import ExportDialog, ImportDialog, ReviewCopyDialog
    from coauthor_desk.gui.person_dialog import PersonDialog
    from coauthor_desk.gui.review.window import ReviewWindow
    from coauthor_desk.gui.review_with_dialog import ReviewWithDialog
    from coauthor_desk.gui.work_dialog import WorkDialog
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.session import OpenBook

APP_NAME = "CoAuthor Desk"
Dialog = TypeVar("Dialog", bound="WorkDialog")


class MainWindow(QMainWindow):
    """Opens a book folder and runs the book: every change is saved as a version."""

    recent_menu: QMenu  # these two are made with the menus, in menus.py
    contrast_action: QAction

    def __init__(self) -> None:
        super().__init__()
        self.view: BookView | None = None  # the open book, and all the window shows of it
        self._task: Task | None = None  # opening the book, or saving a change to it
        self.reviews: list[ReviewWindow] = []  # review windows opened from here, held open
        self._closed_reviews: list[ReviewWindow] = []
        self._authorship_task: Task | None = None
        self._note = ""  # said once after the book is next shown, like "Recorded: ..."
        self._opening_soon = False  # a book opens as soon as the window is first painted
        self._choose_next: str | None = None  # the chapter to show when the book is shown anew
        self.screen_area: QRect | None = None  # the area to keep within, if not the screen's
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(f"{APP_NAME} main window")
        self.resize(1200, 760)

        self.message = QLabel("Open a book folder to begin (File, Open a book folder).")
        self.message.setAccessibleName("Messages about this book")
        self.message.setWordWrap(True)
        self.message.setMargin(8)

        self.waiting = make_table("Who is waiting on what", ["What", "Waiting"], wrap=True)
        self.waiting.itemActivated.connect(lambda item: self._waiting_row_chosen(item.row()))
        self.chapters = ChapterTable("Chapters (drag, or Alt+Up and Alt+Down, to move one)",
                                     ["Chapter", "Where it is", "Who writes it", "Words",
                                      "Agreement", "Open comments"])
        self.chapters.moved.connect(self.move_chapter_to)
        self.chapters.itemSelectionChanged.connect(self._show_chosen_chapter)
        self.people = PeoplePanel()
        self.people.add_requested.connect(lambda: self.ask_about_person(None))
        self.people.change_requested.connect(self.ask_about_person)
        self.people.agreements_requested.connect(self.show_agreements_of)
        self.people.said.connect(self.message.setText)
        self.agreements = AgreementsPanel()
        self.agreements.record_requested.connect(self.ask_for_decision)
        self.credits = CreditsPanel()
        self.authorship = AuthorshipPanel()
        self.comments = CommentsPanel()
        self.comments.act.connect(self.act_on_thread)
        self.lists = QTabWidget()
        self.lists.setAccessibleName("The book: chapters, people, agreements and comments")
        for panel, words in ((self.waiting, "Waiting"), (self.chapters, "Chapters"),
                             (self.people, "People"), (self.agreements, "Agreements"),
                             (self.credits, "Credits"), (self.authorship, "Who wrote what"),
                             (self.comments, "Comments")):
            self.lists.addTab(panel, words)
        first_layout.fit_tabs(self.lists)
        self.lists_chooser = TabChooser(self.lists, "Show in this pane")
        self.lists_pane = QWidget()  # the chooser takes the tabs' place in a narrow pane
        self.lists_pane.setAccessibleName("The book's lists")
        lists_layout = QVBoxLayout(self.lists_pane)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(self.lists_chooser)
        lists_layout.addWidget(self.lists, 1)

        self._work_dialog: WorkDialog | None = None  # the newest export or import dialog
        self.reader = ChapterPane(lambda: self._task is not None or (
            self._work_dialog is not None and self._work_dialog.busy))
        self.reader.save_requested.connect(self.ask_to_save)
        self.reader.comment_requested.connect(self.ask_for_comment)
        self.reader.reopen_requested.connect(self._reopen_saying)
        self.reader.said.connect(self.message.setText)
        self.reader.history.bring_back_requested.connect(self.ask_to_bring_back)
        self.reader.comments.act.connect(self.act_on_thread)

        splitter = QSplitter()
        splitter.setAccessibleName("The book and the chosen chapter")
        splitter.addWidget(self.lists_pane)
        splitter.addWidget(self.reader)
        splitter.setSizes([500, 700])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message)
        self.welcome = WelcomePage()  # shown while no book is open
        self.welcome.new_requested.connect(self.ask_for_new_book)
        self.welcome.open_requested.connect(self.choose_folder)
        self.welcome.example_requested.connect(self.try_example)
        self.welcome.recent_chosen.connect(self.open_other)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName("The welcome, or the open book")
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(splitter)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.sharing = SharingControl(self)  # the status line, and the File menu's Sharing
        make_menus(self)
        kept = comfort.settings()
        restored = kept.value("window_geometry") is not None
        if restored:
            self.restoreGeometry(kept.value("window_geometry"))
            self.restoreState(kept.value("window_state"))
        first_layout.fit_tabs(self.reader.below)
        first_layout.settle(self, restored)  # fits its screen; the chapter keeps 60 characters

    # Comfort and moving about ------------------------------------------------------------------
    def change_text_size(self, by: int) -> int:
        """Make every word in the window larger or smaller (0: back to normal)."""
        size = comfort.apply_text_size(comfort.text_size() + by if by else comfort.NORMAL)
        first_layout.settle(self, restored=True)  # (once every word has its new size)
        return size

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        books = comfort.recent_books()
        for folder in books:
            action = self.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _=False, f=folder: self.open_other(f))
        if not books:
            self.recent_menu.addAction("No books opened yet").setEnabled(False)

    def show_list(self, number: int) -> None:
        """Bring one of the book's tabs to the front, with the keyboard in it."""
        self.lists.setCurrentIndex(number)
        self.lists.currentWidget().setFocus()

    def step_chapter(self, step: int) -> None:
        """Show the next (1) or previous (-1) chapter."""
        rows = self.chapters.selectionModel().selectedRows()
        row = (rows[0].row() if rows else -1) + step
        if 0 <= row < self.chapters.rowCount():
            self.chapters.selectRow(row)

    def show_agreements_of(self, person: str) -> None:
        self.agreements.show_only("person", person)
        self.lists.setCurrentWidget(self.agreements)

    # Opening -----------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        if self._free():
            folder = QFileDialog.getExistingDirectory(self, "Open a book folder")
            if folder:
                self.open_folder(Path(folder))

    def open_other(self, folder: Path) -> None:
        """Open another book, once whatever is being saved to this one is saved."""
        if self._free():
            self.open_folder(folder)

    def show_welcome(self, shown: bool = True) -> None:
        """The welcome (with the books opened lately) while no book is open; else the book."""
        if shown:
            self.welcome.fill_recent()
        self.pages.setCurrentIndex(0 if shown else 1)

    def ask_for_new_book(self) -> NewBookDialog | None:
        """Ask for a title, the editor's name and a folder, then make the book and open it."""
        if not self._free():
            return None
        dialog = NewBookDialog(self)
        dialog.accepted.connect(lambda: self.make_book(*dialog.choice()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def make_book(self, folder: Path, title: str, editor: str) -> None:
        from coauthor_desk.gui.welcome import make_new_book

        self._make_then_open(f"Making the new book in {folder}…",
                             lambda: make_new_book(folder, title, editor))

    def try_example(self) -> None:
        """Open a fresh copy of the example book, as `coauthor-desk --example` does."""
        from coauthor_desk.gui import welcome

        folder = welcome.example_folder()
        self._make_then_open("Making a fresh copy of the example book…",
                             lambda: welcome.make_example(folder))

    def _make_then_open(self, doing: str, work: Callable[[], Path]) -> None:
        if not self._free():
            return
        self.message.setText(doing)
        self._task = run_in_background(work, self._made, self._not_made)

    def _made(self, folder: Path) -> None:
        self._task = None
        self.open_folder(folder)

    def _not_made(self, error: Exception) -> None:
        self._task = None
        self.message.setText("The book was not made. " + (
            error.plain() if isinstance(error, BookError) else
            "Something went wrong that CoAuthor Desk did not expect."))

    def _show_no_book(self) -> None:
        """Empty every list and panel: no book is shown."""
        self.view = None
        for table in (self.chapters, self.waiting):
            table.setRowCount(0)
        for panel in (self.people, self.agreements, self.credits, self.comments,
                      self.authorship, self.reader):
            panel.clear()

    def close_book(self) -> None:
        """Close the open book (words not saved as a version are kept as a recovery copy)."""
        if not self._free() or self.view is None:
            return
        self.reader.keep_unsaved()
        self._show_no_book()
        self.setWindowTitle(APP_NAME)
        self.message.setText("The book is closed. Choose what to do next.")
        self.show_welcome()

    def open_when_shown(self, folder: Path) -> None:
        """Open a book just after the window is first painted, so it appears at once."""
        self.show_welcome(False)
        self.message.setText(f"Opening the book in {folder}…")
        self._opening_soon = True
        _AfterFirstPaint(self, lambda: self.open_folder(folder))

    def open_folder(self, folder: Path) -> None:
        """Open a book in the background; the window stays responsive and says what it does."""
        self.message.setText(f"Opening the book in {folder}…")
        self._opening_soon = False

        def work() -> BookView:
            from coauthor_desk.gui.book_view import view_book

            return view_book(folder)

        self._task = run_in_background(work, self._opened, self._failed)

    @property
    def opened(self) -> OpenBook | None:
        return self.view.opened if self.view is not None else None

    @property
    def busy(self) -> bool:
        """True while the book is being opened, saved to, or measured in the background."""
        return self._opening_soon or self._task is not None or \
            self._authorship_task is not None or self.reader.busy

    def _opened(self, view: BookView) -> None:
        from coauthor_desk.gui.book_view import agreement_words

        self._task = None
        self.view = view
        self.show_welcome(False)
        comfort.remember_book(view.opened.book.root)
        book = view.opened.book
        chapters = book.ordered_chapters()
        open_comments = Counter(t["chapter"] for t in view.comments["threads"]
                                if t["status"] == "open")
        self.setWindowTitle(f"{book.title} — {APP_NAME}")
        self.message.setText(f"{book.title}: {len(chapters)} chapter"
                             f"{'' if len(chapters) == 1 else 's'}, "
                             f"{sum(c.words for c in chapters):,} words, "
                             f"{len(book.people)} people.")
        from coauthor_desk.waiting import HEADINGS

        fill(self.waiting, [[HEADINGS[w.kind], w.words] for w in view.waiting])
        fill(self.chapters, [[c.title, c.status.label,
                               ", ".join(book.name_of(a) for a in c.authors), f"{c.words:,}",
                               agreement_words(view.check, c), str(open_comments[c.id])]
                              for c in chapters])
        self.people.show_people(book, view.heard)
        self.agreements.show_check(book, view.check)
        self.credits.show_credits(view.credits, {p.id: p.name for p in book.people.values()})
        self.comments.show_report(view.comments)
        self.comments.show_people(book, view.me)
        ids = [c.id for c in chapters]
        chosen = self._choose_next or (self.reader.chapter.id if self.reader.chapter else None)
        self._choose_next = None
        self.chapters.clearSelection()
        if ids:  # the chapter on screen before stays on screen, with its newest words
            self.chapters.selectRow(ids.index(chosen) if chosen in ids else 0)
        else:
            self.reader.clear()
        self._measure_authorship(view.opened)
        self.sharing.book_shown(view.opened)
        if self._note:
            self.message.setText(f"{self._note} {self.message.text()}")
            self._note = ""

    def _failed(self, error: Exception) -> None:
        self._task = None
        self._choose_next = None
        self._show_no_book()
        said = "This book could not be opened. Please fix this and try again:\n" + \
            error.plain() if isinstance(error, BookError) else "Something went wrong that " \
            "CoAuthor Desk did not expect, so the book was not opened. Nothing was changed."
        self.message.setText(f"{self._note} {said}" if self._note else said)
        self._note = ""
        self.show_welcome()

    def _show_chosen_chapter(self) -> None:
        rows = self.chapters.selectionModel().selectedRows()
        if self.view is not None and rows:
            chapter = self.view.opened.book.ordered_chapters()[rows[0].row()]
            self.reader.show_chapter(self.view, chapter)

    def _reopen_saying(self, note: str) -> None:
        if self.opened is not None and self._task is None:
            self._note = note
            self.open_folder(self.opened.book.root)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Words not saved as a version are kept as a recovery copy, never lost."""
        self.reader.keep_unsaved()
        kept = comfort.settings()
        kept.setValue("window_geometry", self.saveGeometry())
        kept.setValue("window_state", self.saveState())
        super().closeEvent(event)

    # Who wrote what (slow on a long history, so it follows the rest) ---------------------------
    def _measure_authorship(self, opened: OpenBook) -> None:
        self.authorship.working()
        panel = self.authorship

        def work() -> tuple[OpenBook, dict]:
            from coauthor_desk.history.authorship import authorship_report, who_wrote_what

            measured = who_wrote_what(opened.book, opened.history, progress=panel.progress.emit)
            return opened, authorship_report(measured, opened.book)

        self._authorship_task = run_in_background(work, self._measured, self._not_measured)

    def _measured(self, result: tuple[OpenBook, dict]) -> None:
        self._authorship_task = None
        opened, report = result
        if opened is self.opened:  # not a book that has been closed since
            self.authorship.show_report(report)

    def _not_measured(self, error: Exception) -> None:
        self._authorship_task = None
        self.authorship.failed("Who wrote what could not be worked out. " + (
            error.plain() if isinstance(error, BookError) else "Nothing was changed."))

    # Asking: each dialog's answer is saved in the background -----------------------------------
    def _free(self) -> bool:
        """True if nothing is being opened or saved just now; else say to wait."""
        if self._task is not None:
            self.message.setText("Wait a moment: the book is still being saved or opened.")
        return self._task is None

    def _ready(self) -> BookView | None:
        """The open book, if nothing is being opened or saved just now; else say why not."""
        if self._free() and self.view is None:
            self.message.setText("Open a book folder first.")
        return self.view if self._task is None else None

    def ask_to_save(self) -> None:
        """Ask who is saving and for a short description, then save a version."""
        from coauthor_desk.gui.save_version_dialog import SaveVersionDialog

        if (view := self._ready()) is None or self.reader.chapter is None:
            return
        dialog = SaveVersionDialog(view.opened.book, view.me, self, self.reader.chapter)
        if dialog.exec() == SaveVersionDialog.DialogCode.Accepted:
            self.save_version(*dialog.choice(), reason=dialog.reason())

    def save_version(self, who: str, description: str, reason: str = "") -> None:
        from coauthor_desk import book_changes

        if (view := self._ready()) is None or (chapter := self.reader.chapter) is None:
            return
        words = self.reader.saving = self.reader.text.toPlainText()
        reader = self.reader

        def work() -> str:
            said = book_changes.save_words(view.opened, chapter, words, who, description,
                                           reason)
            reader.saved_here = words  # saved, or kept as suggestions for their owners
            return said

        self._change("Saving a version…", work, "The version was not saved; your words are "
                     "still here and in the recovery copy.")

    def ask_to_bring_back(self, version_id: str) -> None:
        """Ask who is doing it, then bring an older version's words back as a new version."""
        from coauthor_desk.gui.save_version_dialog import SaveVersionDialog

        if (view := self._ready()) is None or self.reader.chapter is None:
            return
        dialog = SaveVersionDialog(view.opened.book, view.me, self)
        dialog.description.hide()  # the description says what happened by itself
        if dialog.exec() == SaveVersionDialog.DialogCode.Accepted:
            self.bring_back_version(version_id, dialog.choice()[0])

    def bring_back_version(self, version_id: str, who: str) -> None:
        from coauthor_desk import book_changes

        if (view := self._ready()) is None or (chapter := self.reader.chapter) is None:
            return
        self._change("Bringing back the older words…",
                     lambda: book_changes.bring_back_words(view.opened, chapter, version_id, who),
                     "The older words were not brought back.")

    def ask_for_decision(self, kind: str = "everything", key: str = "") -> None:
        """Record a decision, starting from the person or chapter being looked at."""
        from coauthor_desk.gui.decision_dialog import DecisionDialog

        if (view := self._ready()) is None:
            return
        dialog = DecisionDialog(view.opened.book, self, person=key if kind == "person" else None,
                                chapter=key if kind == "chapter" else None,
                                me=view.me)
        if dialog.exec() == DecisionDialog.DialogCode.Accepted:
            self.record(dialog.choice())

    def record(self, choice: dict) -> None:
        from coauthor_desk import book_changes

        if (view := self._ready()) is not None:
            self._change("Recording the decision…",
                         lambda: book_changes.record(view.opened, choice),
                         "The decision was not recorded.")

    def ask_for_comment(self) -> None:
        """Comment on the words chosen in the chapter text."""
        from coauthor_desk.gui.comment_dialog import CommentDialog

        if (view := self._ready()) is None or (chapter := self.reader.chapter) is None:
            return
        quote, occurrence = self.reader.chosen_words()
        if not quote.strip():
            self.message.setText("Choose some words in the chapter first, then comment on them.")
            return
        author = chapter.authors[0] if chapter.authors else None
        dialog = CommentDialog(view.opened.book, quote, None, author, self)
        if dialog.exec() == CommentDialog.DialogCode.Accepted:
            self.comment(chapter.id, quote, occurrence, dialog.choice())

    def comment(self, chapter_id: str, quote: str, occurrence: int, choice: dict) -> None:
        from coauthor_desk import book_changes

        if (view := self._ready()) is not None:
            self._change("Leaving the comment…",
                         lambda: book_changes.comment(view.opened, chapter_id, quote, occurrence,
                                                      choice),
                         "The comment was not left.")

    def act_on_thread(self, act: str, thread_id: str, who: str, words: str) -> None:
        """Reply to a comment, mark it done, open it again or use its suggested words."""
        from coauthor_desk import book_changes

        if (view := self._ready()) is None:
            return
        if act == "reply" and not words:
            self.message.setText("Write the reply first, then choose Reply.")
            return
        self._change("Saving…",
                     lambda: book_changes.act_on_thread(view.opened, act, thread_id, who, words),
                     "That was not saved.")

    def move_chosen_chapter(self, step: int) -> None:
        rows = self.chapters.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() + step < self.chapters.rowCount():
            self.move_chapter_to(rows[0].row(), rows[0].row() + step)

    def move_chapter_to(self, from_row: int, to_row: int) -> None:
        """Give a chapter a new place in the book, saved as a version in the background."""
        from coauthor_desk import book_changes

        if (view := self._ready()) is None:
            return
        chapter = view.opened.book.ordered_chapters()[from_row]
        self._choose_next = chapter.id  # the moved chapter stays chosen
        self._change("Moving the chapter…",
                     lambda: book_changes.move(view.opened, chapter, to_row, view.me),
                     "The chapter was not moved.")

    def ask_about_person(self, person_id: str | None) -> PersonDialog | None:
        """The dialog to add a person, or change the chosen person's details."""
        from coauthor_desk.gui.person_dialog import PersonDialog

        if (view := self._ready()) is None:
            return None
        dialog = PersonDialog(view.opened.book.people.get(person_id or ""), self)
        dialog.accepted.connect(lambda: self.save_person_details(dialog.choice()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def ask_to_review_with(self) -> ReviewWithDialog | None:
        """Open someone's review window, with the editor present recording their choices."""
        from coauthor_desk.gui.review_with_dialog import ReviewWithDialog

        if (view := self._ready()) is None:
            return None
        dialog = ReviewWithDialog(view.opened.book, view.me, self)
        dialog.accepted.connect(lambda: self.review_with(dialog.choice()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def review_with(self, acting: Acting) -> ReviewWindow | None:
        """The review window for `acting`; when it closes, this window shows what was saved
        there."""
        from coauthor_desk.gui.review.window import ReviewWindow

        if (view := self._ready()) is None:
            return None
        review = ReviewWindow(view.opened.book.root, acting)
        self.reviews.append(review)
        name = view.opened.book.name_of(acting.person)
        _WhenClosed(review, lambda: self._review_closed(review, name))
        review.show()
        return review

    def _review_closed(self, review: ReviewWindow, name: str) -> None:
        """Held until its own work is done (a closed window's pages may still be told of it),
        then let go; this window shows what was saved there."""
        self.reviews.remove(review)
        self._closed_reviews = [r for r in self._closed_reviews if r.busy] + [review]
        self._reopen_saying(f"{name}'s review is closed; everything chosen there is saved.")

    def save_person_details(self, choice: dict) -> None:
        from coauthor_desk import book_changes

        if (view := self._ready()) is None:
            return
        self._change("Saving…",
                     lambda: book_changes.save_person_details(view.opened, choice, view.me),
                     "The details were not saved.")

    def ask_to_choose(self, record_file: str | None = None) -> ClashDialog | None:
        """Choose between two people's words that clashed: the clash named, else the one in
        the chosen row of the Waiting list, else the first one open."""
        from coauthor_desk.gui.clash_dialog import ClashDialog
        from coauthor_desk.history.sharing import open_clashes

        if (view := self._ready()) is None:
            return None
        if record_file is None:
            record_file = self._chosen_clash()
        records = open_clashes(view.opened.book.root)[0]
        record = next((r for r in records if r.file == record_file),
                      records[0] if records and record_file is None else None)
        if record is None:
            self.message.setText("Nothing is waiting for a choice between two people's words.")
            return None
        dialog = ClashDialog(view.opened.book, record, view.me, self)
        dialog.accepted.connect(lambda: self.choose_between(*dialog.choice()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _chosen_clash(self, row: int | None = None) -> str | None:
        """The clash record of a Waiting row (by default the chosen one), if it is a clash."""
        row = self.waiting.currentRow() if row is None else row
        if self.view is None or not 0 <= row < len(self.view.waiting):
            return None
        return self.view.waiting[row].record

    def _waiting_row_chosen(self, row: int) -> None:
        if (record := self._chosen_clash(row)) is not None:
            self.ask_to_choose(record)

    def choose_between(self, record: str, who: str, use: str | None, words: str | None) -> None:
        from coauthor_desk.history.sharing.choose import choose

        if (view := self._ready()) is None:
            return
        self._change("Saving the choice…",
                     lambda: choose(view.opened, record, who, use=use, words=words),
                     "The choice was not saved.")

    # Making files (the export and import code is loaded when first asked for) ------------------
    def ask_to_export(self) -> ExportDialog | None:
        """The dialog for making the book as a file; it works in the background."""
        from coauthor_desk.gui.export_dialogs import ExportDialog

        return self._run_dialog(ExportDialog)

    def ask_for_review_copy(self) -> ReviewCopyDialog | None:
        from coauthor_desk.gui.export_dialogs import ReviewCopyDialog

        return self._run_dialog(ReviewCopyDialog)

    def ask_to_import(self) -> ImportDialog | None:
        """Bring in a Word file; the book is shown anew once it is in."""
        from coauthor_desk.gui.export_dialogs import ImportDialog

        dialog = self._run_dialog(ImportDialog)
        if dialog is not None:
            dialog.finished_work.connect(self._changed)
        return dialog

    def _run_dialog(self, kind: type[Dialog]) -> Dialog | None:
        if (view := self._ready()) is None:
            return None
        dialog = self._work_dialog = kind(view.opened, self)
        if hasattr(dialog, "chapter") and self.reader.chapter is not None:  # bringing in a file
            dialog.chapter.setCurrentIndex(dialog.chapter.findData(self.reader.chapter.id))
        dialog.setModal(True)
        dialog.show()
        return dialog

    # Changes made from the window ------------------------------------------------------------
    def _change(self, doing: str, work: Callable[[], str], failed: str) -> None:
        """Make a change in the background; then say what was done and show the book anew."""
        self.message.setText(doing)
        self._task = run_in_background(work, self._changed,
                                       lambda error: self._not_changed(failed, error))
        self._task.signals.said.connect(self.message.setText)
        if self.opened is not None:  # a save that waits for another says so here
            self.opened.history.notice = self._task.signals.said.emit

    def _changed(self, words: str) -> None:
        assert self.opened is not None
        self._task = None
        self._note = words
        self.open_folder(self.opened.book.root)

    def _not_changed(self, failed: str, error: Exception) -> None:
        """Say why, and show the book as it is on disk (the same as before the change)."""
        assert self.opened is not None
        self._task = None
        self._choose_next = None
        self._note = f"{failed} " + (error.plain() if isinstance(error, BookError) else
                                     "Something unexpected went wrong; nothing was changed.")
        self.open_folder(self.opened.book.root)


class _WhenClosed(QObject):
    """Runs `then` when `window` is closed."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self.then)  # once the window has finished closing
        return False


class _AfterFirstPaint(QObject):
    """Runs `then` once, as soon as the window has been painted for the first time (or after
    a second, if it is never painted, say because it starts minimised)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(1000, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
