"""The main window: a book's chapters, people and agreements, and the chosen chapter's text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.agreements.publish import PublishCheck, permissions_from, publish_check
from coauthor_desk.agreements.records import Use
from coauthor_desk.agreements.rules import State
from coauthor_desk.agreements.store import describe
from coauthor_desk.credits.report import credits_report
from coauthor_desk.gui import comfort
from coauthor_desk.gui.agreements_panel import AgreementsPanel
from coauthor_desk.gui.authorship_panel import AuthorshipPanel
from coauthor_desk.gui.chapter_editor import ChapterEditor
from coauthor_desk.gui.chapter_table import ChapterTable
from coauthor_desk.gui.comments_panel import CommentsPanel
from coauthor_desk.gui.credits_panel import CreditsPanel
from coauthor_desk.gui.history_panel import HistoryPanel
from coauthor_desk.gui.person_dialog import PersonDialog
from coauthor_desk.gui.save_version_dialog import SaveVersionDialog
from coauthor_desk.gui.suggestions_panel import SuggestionsPanel
from coauthor_desk.gui.tables import fill, make_table
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.history.authorship import authorship_report, who_wrote_what
from coauthor_desk.history.chapter_versions import bring_back, save_chapter_version
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import files, front_matter, recovery
from coauthor_desk.manuscript.edit import move_chapter, save_person
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.loader import BOOK_FILE
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS, Book, Chapter
from coauthor_desk.manuscript.recovery import Recovery
from coauthor_desk.plain.feedback import (
    accept_suggestion,
    load_threads,
    reopen,
    reply,
    resolve,
    start_thread,
    threads_report,
)
from coauthor_desk.problems import BookError
from coauthor_desk.status import OpenBook, open_book, this_computers_person
from coauthor_desk.waiting import HEADINGS, Waiting, last_heard_from, waiting_report

if TYPE_CHECKING:
    from coauthor_desk.gui.export_dialogs import ExportDialog, ImportDialog, ReviewCopyDialog
    from coauthor_desk.gui.work_dialog import WorkDialog

APP_NAME = "CoAuthor Desk"


class MainWindow(QMainWindow):
    """Opens a book folder and shows what is in it. Editing comes in later."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: OpenBook | None = None
        self._task: Task | None = None
        self._authorship_task: Task | None = None
        self._changes_task: Task | None = None
        self._note = ""  # said once after the book is next shown, like "Recorded: ..."
        self._text_offset = 0  # where the chapter text on screen starts in its file
        self._chapter: Chapter | None = None  # the chapter on screen
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(f"{APP_NAME} main window")
        self.resize(1100, 700)

        self.message = QLabel("Open a book folder to begin (File, Open a book folder).")
        self.message.setAccessibleName("Messages about this book")
        self.message.setWordWrap(True)
        self.message.setMargin(8)

        self.chapters = ChapterTable("Chapters (drag, or Alt+Up and Alt+Down, to move one)",
                                     ["Chapter", "Where it is", "Who writes it", "Words",
                                      "Agreement", "Open comments"])
        self.chapters.moved.connect(self.move_chapter_to)
        self.chapters.itemSelectionChanged.connect(self._show_chosen_chapter)
        self.people = make_table("People", ["Name", "Named in the book as", "Role", "Access needs",
                                            "Last heard from"])
        self.waiting = make_table("Who is waiting on what", ["What", "Waiting"])
        self.lists = QTabWidget()
        self.lists.setAccessibleName("Chapters and people")
        self.lists.addTab(self.waiting, "Wai&ting")
        self.lists.addTab(self.chapters, "&Chapters")
        people_tab = QWidget()
        people_layout = QVBoxLayout(people_tab)
        people_buttons = QHBoxLayout()
        for words, slot in (("&Add a person…", lambda: self.ask_about_person(None)),
                            ("Change the chosen person's &details…",
                             lambda: self.ask_about_person(self._chosen_person()))):
            button = QPushButton(words)
            button.setAccessibleName(words.replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            people_buttons.addWidget(button)
        people_buttons.addStretch(1)
        people_layout.addLayout(people_buttons)
        people_layout.addWidget(self.people, 1)
        self.lists.addTab(people_tab, "&People")
        self.agreements = AgreementsPanel()
        self.agreements.record_requested.connect(self.ask_for_decision)
        self.lists.addTab(self.agreements, "&Agreements")
        self.credits = CreditsPanel()
        self.lists.addTab(self.credits, "C&redits")
        self.authorship = AuthorshipPanel()
        self.lists.addTab(self.authorship, "&Who wrote what")
        self.comments = CommentsPanel()
        self.comments.act.connect(self.act_on_thread)
        self.lists.addTab(self.comments, "Co&mments")

        self.chapter_title = QLabel("")
        self.chapter_title.setAccessibleName("Chapter title")
        self.text = ChapterEditor()
        self.text.keep_recovery.connect(self._keep_recovery)
        self.text.changed_words.connect(self._words_changed)
        self.word_count = QLabel("")
        self.word_count.setAccessibleName("Words in this chapter")
        self.text.counted.connect(lambda count: self.word_count.setText(f"{count:,} words"))
        self.save_button = QPushButton("&Save a version…")
        self.save_button.setAccessibleName("Save a version of this chapter")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_to_save)
        self.recovered = QLabel("")
        self.recovered.setAccessibleName("Unsaved words kept from before")
        self.recovered.setWordWrap(True)
        self.bring_back_button = QPushButton("&Bring back those words")
        self.bring_back_button.setAccessibleName("Bring back the unsaved words")
        self.bring_back_button.clicked.connect(self._bring_back_recovery)
        self.put_aside_button = QPushButton("Put them &aside")
        self.put_aside_button.setAccessibleName("Put the unsaved words aside")
        self.put_aside_button.clicked.connect(self._put_aside_recovery)
        self._recovery: Recovery | None = None
        self._theirs = ""  # a chapter file's text as changed outside the app
        recovered_row = QHBoxLayout()
        recovered_row.addWidget(self.recovered, 1)
        recovered_row.addWidget(self.bring_back_button)
        recovered_row.addWidget(self.put_aside_button)
        self._show_recovery(None)
        self.outside = QLabel("")
        self.outside.setAccessibleName("Changed outside CoAuthor Desk")
        self.outside.setWordWrap(True)
        self.show_theirs_button = QPushButton("Show &their words")
        self.show_theirs_button.setAccessibleName("Show the words saved outside")
        self.show_theirs_button.clicked.connect(self._show_theirs)
        outside_row = QHBoxLayout()
        outside_row.addWidget(self.outside, 1)
        outside_row.addWidget(self.show_theirs_button)
        self._show_outside(None)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        reader = QWidget()
        reader_layout = QVBoxLayout(reader)
        title_row = QHBoxLayout()
        title_row.addWidget(self.chapter_title, 1)
        title_row.addWidget(self.word_count)
        title_row.addWidget(self.save_button)
        self.comment_button = QPushButton("Comment on the chosen &words…")
        self.comment_button.setAccessibleName("Comment on the chosen words")
        self.comment_button.clicked.connect(self.ask_for_comment)
        title_row.addWidget(self.comment_button)
        reader_layout.addLayout(title_row)
        reader_layout.addLayout(recovered_row)
        reader_layout.addLayout(outside_row)
        self.suggestions = SuggestionsPanel()
        self.suggestions.show_span.connect(self._show_span)
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.setAccessibleName("Chapter text and suggestions")
        reading.addWidget(self.text)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName("What changed in this chapter")
        self.below = QTabWidget()
        self.below.setAccessibleName("Suggestions and what changed")
        self.below.addTab(self.suggestions, "&Suggestions")
        self.below.addTab(self.changes, "What &changed")
        self.history = HistoryPanel()
        self.history.bring_back_requested.connect(self.ask_to_bring_back)
        self.below.addTab(self.history, "&History")
        reading.addWidget(self.below)
        reading.setSizes([450, 200])
        reader_layout.addWidget(reading, 1)

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
        kept = comfort.settings()
        if kept.value("window_geometry") is not None:
            self.restoreGeometry(kept.value("window_geometry"))
            self.restoreState(kept.value("window_state"))

    def _make_menus(self) -> None:
        self.menuBar().setAccessibleName("Menus")
        book_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open a book folder…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_folder)
        book_menu.addAction(open_action)
        book_menu.addSeparator()
        for words, shortcut, slot in (
                ("&Make the book (Word, PDF, e-book)…", "Ctrl+E", self.ask_to_export),
                ("Make a &review copy for someone…", "Ctrl+R", self.ask_for_review_copy),
                ("&Bring in a Word file…", "Ctrl+I", self.ask_to_import)):
            action = QAction(words, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            book_menu.addAction(action)
        self.recent_menu = book_menu.addMenu("Recent &books")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        book_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        book_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for words, shortcut, change in (("&Larger text", "Ctrl++", 2),
                                        ("&Smaller text", "Ctrl+-", -2),
                                        ("&Normal text size", "Ctrl+0", 0)):
            action = QAction(words, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, by=change: self.change_text_size(by))
            view_menu.addAction(action)
        self.contrast_action = QAction("&High contrast", self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setChecked(comfort.high_contrast())
        self.contrast_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.contrast_action.toggled.connect(comfort.apply_high_contrast)
        view_menu.addAction(self.contrast_action)

    def change_text_size(self, by: int) -> int:
        """Make every word in the window larger or smaller (0: back to normal)."""
        return comfort.apply_text_size(comfort.text_size() + by if by else comfort.NORMAL)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        books = comfort.recent_books()
        for folder in books:
            action = self.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _=False, f=folder: self.open_folder(f))
        if not books:
            self.recent_menu.addAction("No books opened yet").setEnabled(False)

    # Opening -------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a book folder")
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path) -> None:
        """Open a book in the background; the window stays responsive and says what it does."""
        self.message.setText(f"Opening the book in {folder}…")
        self._task = run_in_background(lambda: _open_and_check(folder), self._opened,
                                       self._failed)

    @property
    def busy(self) -> bool:
        """True while the book is being opened, saved to, or measured in the background."""
        return any(task is not None for task in (self._task, self._authorship_task,
                                                  self._changes_task)) \
            or self.history.busy or self.text.checking

    def _opened(self, shown: _Shown) -> None:
        self._task = None
        self.opened = shown.opened
        comfort.remember_book(self.opened.book.root)
        book = self.opened.book
        self.show_book(book, shown)
        self.agreements.show_check(book, shown.check)
        self.credits.show_credits(shown.credits, {p.id: p.name for p in book.people.values()})
        self.comments.show_report(shown.comments)
        self.comments.show_people(self.opened.book, shown.me)
        fill(self.waiting, [[HEADINGS[w.kind], w.words] for w in shown.waiting])
        self._measure_authorship(self.opened)
        if self._note:
            self.message.setText(f"{self._note} {self.message.text()}")
            self._note = ""

    def _failed(self, error: Exception) -> None:
        self._task = None
        self.opened = None
        self.history.clear()
        self.chapters.setRowCount(0)
        self.people.setRowCount(0)
        self.waiting.setRowCount(0)
        self.agreements.clear()
        self.credits.clear()
        self.comments.clear()
        self.authorship.clear()
        self.suggestions.clear()
        self.text.clear()
        self.chapter_title.clear()
        if isinstance(error, BookError):
            self.message.setText("This book could not be opened. Please fix this and try "
                                 "again:\n" + error.plain())
        else:
            self.message.setText("Something went wrong that CoAuthor Desk did not expect, so "
                                 "the book was not opened. Nothing was changed.")

    # Showing -------------------------------------------------------------------------------
    def show_book(self, book: Book, shown: _Shown) -> None:
        chapters = book.ordered_chapters()
        open_comments = Counter(t["chapter"] for t in shown.comments["threads"]
                                if t["status"] == "open")
        words = sum(chapter.words for chapter in chapters)
        self.setWindowTitle(f"{book.title} — {APP_NAME}")
        self.message.setText(f"{book.title}: {len(chapters)} chapters, {words:,} words, "
                             f"{len(book.people)} people.")
        fill(self.chapters, [[c.title, c.status.label,
                               ", ".join(book.name_of(a) for a in c.authors), f"{c.words:,}",
                               _agreement_words(shown.check, c), str(open_comments[c.id])]
                              for c in chapters])
        people = sorted(book.people.values(), key=lambda p: p.name)
        fill(self.people, [[p.name, p.credited_as or "Not named (anonymous)",
                             ", ".join(r.replace("-", " ") for r in p.roles),
                             ", ".join(ACCESS_NEED_LABELS.get(n, n) for n in p.access_needs),
                             day_words(shown.heard[p.id]) if p.id in shown.heard else "Not yet"]
                            for p in people])
        if chapters:  # the chapter on screen before stays on screen
            ids = [c.id for c in chapters]
            chosen = self._chapter.id if self._chapter and self._chapter.id in ids else ids[0]
            self._chapter = None
            self.chapters.clearSelection()  # so choosing it again shows its newest words
            self.chapters.selectRow(ids.index(chosen))

    def _show_chosen_chapter(self) -> None:
        if self.opened is None:
            return
        rows = self.chapters.selectionModel().selectedRows()
        if not rows:
            return
        book = self.opened.book
        if self._chapter is not None and self.text.has_changes:  # keep them before moving on
            recovery.keep(book.root, self._chapter, self.text.toPlainText())
        chapter = self._chapter = book.ordered_chapters()[rows[0].row()]
        self.chapter_title.setText(chapter.title)
        from coauthor_desk.plain.chapter_checks import check_chapter
        from coauthor_desk.plain.checks import Style

        style = Style.from_house_style(book.house_style)
        self.text.show_words(chapter.body, style)
        self._show_outside(None)
        self._watch(book.root / chapter.file)
        self._show_recovery(next((r for r in recovery.recoveries(book)
                                  if r.chapter == chapter.id), None))
        shown = chapter.body
        try:
            checked = check_chapter(book, chapter, style)
        except BookError as error:
            self.suggestions.clear()
            self.suggestions.summary.setText(f"No suggestions: {error.plain()}")
            return
        # Findings point into the chapter file; the text on screen starts at the body.
        self._text_offset = len(files.read_text(book.root, chapter.file).text) - len(shown)
        self.suggestions.show_check(checked)
        self._show_changes(chapter)
        self.history.show_chapter(self.opened, chapter)

    def _show_changes(self, chapter: Chapter) -> None:
        """What changed in the chapter at its newest saved version, worked out aside."""
        opened = self.opened
        assert opened is not None
        self.changes.setPlainText("Working out what changed…")

        def work() -> tuple[Chapter, str]:
            from coauthor_desk.plain.changes import changes_text, chapter_changes

            return chapter, changes_text(chapter_changes(opened, chapter.id))

        def failed(error: Exception) -> None:
            self._changes_task = None
            self.changes.setPlainText(error.plain() if isinstance(error, BookError) else
                                      "What changed could not be worked out.")

        self._changes_task = run_in_background(work, self._changes_known, failed)

    def _changes_known(self, result: tuple[Chapter, str]) -> None:
        self._changes_task = None
        chapter, text = result
        if chapter is self._chapter:  # still the chapter on screen
            self.changes.setPlainText(text)

    def _show_span(self, start: int, end: int) -> None:
        """Select the words a suggestion is about, in the chapter text."""
        cursor = self.text.textCursor()
        cursor.setPosition(max(start - self._text_offset, 0))
        cursor.setPosition(max(end - self._text_offset, 0), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    # Editing and saving ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Words not saved as a version are kept as a recovery copy, never lost."""
        if self.opened is not None and self._chapter is not None and self.text.has_changes:
            recovery.keep(self.opened.book.root, self._chapter, self.text.toPlainText())
        kept = comfort.settings()
        kept.setValue("window_geometry", self.saveGeometry())
        kept.setValue("window_state", self.saveState())
        super().closeEvent(event)

    def _watch(self, path: Path) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.watcher.addPath(str(path))

    def _file_changed(self, path: str) -> None:
        """The chapter file changed on disk (a co-author used git, or another program): show
        the new words if nothing is being typed; otherwise keep both and say so. Never
        overwrite either silently."""
        chapter = self._chapter
        if self.opened is None or chapter is None or self._task is not None:
            return
        file = Path(path)
        if file.is_file():
            self._watch(file)  # a file replaced whole is a new file to watch
        try:
            theirs = files.read_text(self.opened.book.root, chapter.file)
        except BookError as error:
            self._show_outside(f"'{chapter.title}' changed outside CoAuthor Desk and cannot be "
                               f"read now: {error.plain()}")
            return
        if theirs.fingerprint == chapter.fingerprint:
            return
        if not self.text.has_changes:
            self._note = f"'{chapter.title}' was changed outside CoAuthor Desk; these are its "\
                "newest words."
            self.open_folder(self.opened.book.root)
            return
        recovery.keep(self.opened.book.root, chapter, self.text.toPlainText())
        self._theirs = theirs.text
        self._show_outside(f"'{chapter.title}' was changed outside CoAuthor Desk while you were "
                           "typing. Your words are kept here and in a recovery copy; nothing "
                           "is saved over the other words. Compare them, then save a version.")

    def _show_outside(self, words: str | None) -> None:
        self.outside.setText(words or "")
        self.outside.setVisible(words is not None)
        self.show_theirs_button.setVisible(words is not None)

    def _show_theirs(self) -> None:
        """The words saved outside, beside yours (in the History tab's reading view)."""
        if self._chapter is not None:
            _, body = front_matter.split_text(self._chapter.file, self._theirs)
            self.history.old_words.setPlainText(body)
            self.below.setCurrentWidget(self.history)

    def _words_changed(self, changed: bool) -> None:
        self.save_button.setEnabled(changed and self._chapter is not None)

    def _keep_recovery(self, words: str) -> None:
        """A copy of what is being typed, kept a few seconds after the typing stops."""
        if self.opened is not None and self._chapter is not None and self.text.has_changes:
            recovery.keep(self.opened.book.root, self._chapter, words)

    def _show_recovery(self, kept: Recovery | None) -> None:
        """Offer words typed earlier and never saved (after a crash); never apply them."""
        self._recovery = kept
        for widget in (self.recovered, self.bring_back_button, self.put_aside_button):
            widget.setVisible(kept is not None)
        if kept is not None:
            changed = (" The chapter was also changed since, so compare before you save." if
                       kept.chapter_changed else "")
            self.recovered.setText(f"Words typed in this chapter on {day_words(kept.when)} were "
                                   f"never saved as a version.{changed}")

    def _bring_back_recovery(self) -> None:
        if self._recovery is not None and self._chapter is not None:
            self.text.show_words(self._recovery.body, self.text.style_of_book,
                                 saved=self._chapter.body)
            self.message.setText("The unsaved words are back. Save a version to keep them.")
            self._show_recovery(None)

    def _put_aside_recovery(self) -> None:
        if self.opened is not None and self._chapter is not None:
            recovery.discard(self.opened.book.root, self._chapter.id)
            self.message.setText("The unsaved words were put aside.")
            self._show_recovery(None)

    def ask_to_save(self) -> None:
        """Ask who is saving and for a short description, then save a version aside."""
        if self.opened is None or self._chapter is None or self._task is not None:
            return
        dialog = SaveVersionDialog(self.opened, self)
        if dialog.exec() == SaveVersionDialog.DialogCode.Accepted:
            self.save_version(*dialog.choice())

    def save_version(self, who: str, description: str) -> None:
        """Save the chapter's words as a version in the background, then show the book anew."""
        if self.opened is None or self._chapter is None:
            return
        opened, chapter, words = self.opened, self._chapter, self.text.toPlainText()

        def work() -> str:
            saved = save_chapter_version(opened, chapter.id, words, who, description)
            return (f"Saved a version of '{chapter.title}': {saved.description}." if saved
                    else f"'{chapter.title}' has no changes to save.")

        self._change("Saving a version…", work, "The version was not saved; your words are "
                     "still here and in the recovery copy.")

    def ask_to_bring_back(self, version_id: str) -> None:
        """Ask who is doing it, then bring an older version's words back as a new version."""
        if self.opened is None or self._chapter is None or self._task is not None:
            return
        dialog = SaveVersionDialog(self.opened, self)
        dialog.description.hide()  # the description says what happened by itself
        if dialog.exec() == SaveVersionDialog.DialogCode.Accepted:
            self.bring_back_version(version_id, dialog.choice()[0])

    def bring_back_version(self, version_id: str, who: str) -> None:
        if self.opened is None or self._chapter is None:
            return
        opened, chapter = self.opened, self._chapter

        def work() -> str:
            return f"{bring_back(opened, chapter.id, version_id, who).description}."

        self._change("Bringing back the older words…", work, "The older words were not "
                     "brought back.")

    # Who wrote what (slow on a long history, so it follows the rest) ---------------------------
    def _measure_authorship(self, opened: OpenBook) -> None:
        self.authorship.working()
        panel = self.authorship

        def work() -> tuple[OpenBook, dict]:
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

    # Agreements ----------------------------------------------------------------------------
    def ask_for_decision(self) -> None:
        if self.opened is None or self._task is not None:
            return
        from coauthor_desk.gui.decision_dialog import DecisionDialog

        dialog = DecisionDialog(self.opened.book, self)
        if dialog.exec() == DecisionDialog.DialogCode.Accepted:
            self.record(dialog.choice())

    def record(self, choice: dict) -> None:
        """Record a decision in the background, then show the book as it is now."""
        if self.opened is None:
            return
        opened = self.opened

        def work() -> str:
            from coauthor_desk.agreements.decide import record_decision

            return f"Recorded: {describe(opened.book, record_decision(opened, **choice))}."

        self._change("Recording the decision…", work, "The decision was not recorded.")

    # Comments --------------------------------------------------------------------------------
    def ask_for_comment(self) -> None:
        """Comment on the words chosen in the chapter text."""
        if self.opened is None or self._task is not None or self._chapter is None:
            return
        cursor = self.text.textCursor()
        quote = cursor.selectedText().replace("\u2029", "\n")
        if not quote.strip():
            self.message.setText("Choose some words in the chapter first, then comment on them.")
            return
        chapter = self._chapter
        author = chapter.authors[0] if chapter.authors else None
        from coauthor_desk.gui.comment_dialog import CommentDialog

        dialog = CommentDialog(self.opened.book, quote, None, author, self)
        if dialog.exec() == CommentDialog.DialogCode.Accepted:
            start = cursor.selectionStart() + len(chapter.body) - len(self.text.toPlainText())
            self.comment(chapter.id, quote, chapter.body.count(quote, 0, start) + 1,
                         dialog.choice())

    def comment(self, chapter_id: str, quote: str, occurrence: int, choice: dict) -> None:
        """Leave a comment in the background, then show the book as it is now."""
        if self.opened is None:
            return
        opened = self.opened

        def work() -> str:
            thread = start_thread(opened, chapter_id, quote, occurrence=occurrence, **choice)
            return (f"Left a {thread.kind.value} for {opened.book.name_of(thread.to)} on "
                    f"“{quote[:40]}”.")

        self._change("Leaving the comment…", work, "The comment was not left.")

    # Making files ------------------------------------------------------------------------------
    # The export and import code is loaded when first asked for, so the window opens sooner.
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

    def _run_dialog(self, kind: type[WorkDialog]) -> WorkDialog | None:
        if self.opened is None or self._task is not None:
            self.message.setText("Open a book folder first." if self.opened is None else
                                 "Wait a moment: the book is still being saved or opened.")
            return None
        dialog = kind(self.opened, self)
        if hasattr(dialog, "chapter") and self._chapter is not None:  # bringing in a file
            dialog.chapter.setCurrentIndex(dialog.chapter.findData(self._chapter.id))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def move_chapter_to(self, from_row: int, to_row: int) -> None:
        """Give a chapter a new place in the book, saved as a version in the background."""
        if self.opened is None or self._task is not None:
            return
        opened = self.opened
        chapter = opened.book.ordered_chapters()[from_row]
        who = _me(opened)
        self._chapter = chapter  # the moved chapter stays chosen

        def work() -> str:
            move_chapter(opened.book, chapter.id, to_row)
            return _saved_as(opened, who, f"Moved '{chapter.title}' to be chapter {to_row + 1}",
                             [BOOK_FILE])

        self._change("Moving the chapter…", work, "The chapter was not moved.")

    def _chosen_person(self) -> str | None:
        rows = self.people.selectionModel().selectedRows()
        if self.opened is None or not rows:
            return None
        return sorted(self.opened.book.people.values(), key=lambda p: p.name)[rows[0].row()].id

    def ask_about_person(self, person_id: str | None) -> PersonDialog | None:
        """The dialog to add a person, or change the chosen person's details."""
        if self.opened is None or self._task is not None:
            return None
        person = self.opened.book.people.get(person_id or "")
        dialog = PersonDialog(person, self)
        dialog.accepted.connect(lambda: self.save_person_details(dialog.choice()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def save_person_details(self, choice: dict) -> None:
        """Save a person's details as a version in the background."""
        if self.opened is None:
            return
        opened, who = self.opened, _me(self.opened)

        def work() -> str:
            person_id = save_person(opened.book, **choice)
            said = (f"Changed {choice['name'].strip()}'s details" if choice["person_id"] else
                    f"Added {choice['name'].strip()} to the book")
            return _saved_as(opened, who, said, [f"people/{person_id}.yaml"])

        self._change("Saving…", work, "The details were not saved.")

    def act_on_thread(self, act: str, thread_id: str, who: str, words: str) -> None:
        """Reply to a comment, mark it done, open it again or use its suggested words."""
        if self.opened is None or self._task is not None:
            return
        if act == "reply" and not words:
            self.message.setText("Write the reply first, then choose Reply.")
            return
        opened = self.opened
        name = opened.book.name_of(who)

        def work() -> str:
            if act == "reply":
                reply(opened, thread_id, who, words)
                return f"{name} replied."
            if act == "done":
                resolve(opened, thread_id, who)
                return f"{name} marked the comment as done."
            if act == "reopen":
                reopen(opened, thread_id, who)
                return f"{name} opened the comment again."
            accept_suggestion(opened, thread_id, who)
            return f"{name} used the suggested words."

        self._change("Saving…", work, "That was not saved.")

    # Changes made from the window ------------------------------------------------------------
    def _change(self, doing: str, work: Callable[[], str], failed: str) -> None:
        """Make a change in the background; then say what was done and show the book anew."""
        self.message.setText(doing)
        self._task = run_in_background(work, self._changed,
                                       lambda error: self._not_changed(failed, error))

    def _changed(self, words: str) -> None:
        assert self.opened is not None
        self._task = None
        self._note = words
        self.open_folder(self.opened.book.root)

    def _not_changed(self, failed: str, error: Exception) -> None:
        self._task = None
        self.message.setText(f"{failed} " + (
            error.plain() if isinstance(error, BookError) else "Something unexpected went "
            "wrong; nothing was changed."))


@dataclass
class _Shown:
    """Everything the window shows straight away; who wrote what follows separately."""

    opened: OpenBook
    check: PublishCheck
    credits: dict
    comments: dict
    waiting: list[Waiting]
    me: str | None  # the person this computer saves versions as, when known
    heard: dict[str, datetime]  # when each person last saved a version or wrote a comment


def _open_and_check(folder: Path) -> _Shown:
    opened = open_book(folder)
    check = publish_check(opened)
    threads, problems = load_threads(opened.book)
    heard = last_heard_from(opened, threads)
    return _Shown(opened, check, credits_report(opened.book, permissions_from(check.standings)),
                  threads_report(opened.book, threads, problems),
                  waiting_report(opened, check, threads, heard=heard), _me(opened), heard)


def _agreement_words(check: PublishCheck, chapter: Chapter) -> str:
    """Where the authors' agreement to a chapter stands, in words (the least settled first)."""
    states = {check.standings[(a, Use.CHAPTER, chapter.id)].state for a in chapter.authors
              if (a, Use.CHAPTER, chapter.id) in check.standings}
    if not states:
        return "No authors yet"
    return min(states, key=lambda s: s is State.AGREED).label


def _saved_as(opened: OpenBook, who: str | None, said: str, paths: list[str]) -> str:
    """Save these files as a version signed by `who` (when known); `said`, as a sentence."""
    if who is not None:
        opened.history.save_version(identity_of(opened.book.people[who]), said, paths)
    return f"{said}."


def _me(opened: OpenBook) -> str | None:
    try:
        return this_computers_person(opened)
    except BookError:
        return opened.book.editors[0] if opened.book.editors else None
