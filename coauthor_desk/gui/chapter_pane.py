"""The chosen chapter: its words to edit, the comments on them beside the text, and below, the
plain-language suggestions, what changed and its history. It keeps typed words safe: a
recovery copy while typing, an offer to bring them back after a crash, and both sets of words
kept when the file changes outside the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.chapter_editor import ChapterEditor
from coauthor_desk.gui.comments_panel import CommentsPanel
from coauthor_desk.gui.find_bar import FindBar
from coauthor_desk.gui.history_panel import HistoryPanel
from coauthor_desk.gui.suggestions_panel import SuggestionsPanel
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.problems import BookError

if TYPE_CHECKING:
    from coauthor_desk.checks.chapter_checks import ChapterCheck
    from coauthor_desk.gui.book_view import BookView
    from coauthor_desk.manuscript.model import Chapter
    from coauthor_desk.manuscript.recovery import Recovery
    from coauthor_desk.session import OpenBook


def _button(words: str, name: str) -> QPushButton:
    button = QPushButton(words)
    button.setAccessibleName(name)
    return button


def _banner(name: str) -> QLabel:
    label = QLabel("")
    label.setAccessibleName(name)
    label.setWordWrap(True)
    return label


class ChapterPane(QWidget):
    """Shows one chapter. What needs a dialog or a saved version, it asks the window for."""

    save_requested = Signal()
    comment_requested = Signal()
    reopen_requested = Signal(str)  # the book changed on disk; say this once it is shown anew
    said = Signal(str)  # what was just done, for the window's messages

    def __init__(self, book_changing: Callable[[], bool]) -> None:
        """`book_changing` says when the window itself is changing the book's files."""
        super().__init__()
        self.book_changing = book_changing
        self.setAccessibleName("The chosen chapter")
        self.opened: OpenBook | None = None
        self.chapter: Chapter | None = None
        self._text_offset = 0  # where the text on screen starts in its file
        self._recovery: Recovery | None = None
        self._theirs = ""  # the chapter file's words as changed outside the app
        self._tasks: set[Task] = set()  # suggestions and what changed, worked out aside
        self.saving: str | None = None  # words being saved as a version from here, if any
        self.saved_here: str | None = None  # ... once that save went through

        self.chapter_title = _banner("Chapter title")
        self.text = ChapterEditor()
        self.text.keep_recovery.connect(lambda _words: self.keep_unsaved())
        self.text.changed_words.connect(
            lambda changed: self.save_button.setEnabled(changed and self.chapter is not None))
        self.word_count = _banner("Words in this chapter")
        self.text.counted.connect(lambda count: self.word_count.setText(f"{count:,} words"))
        self.save_button = _button("Save a version…", "Save a version of this chapter")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_requested)
        self.comment_button = _button("Comment on the chosen words…",
                                      "Comment on the chosen words")
        self.comment_button.clicked.connect(self.comment_requested)

        self.recovered = _banner("Unsaved words kept from before")
        self.bring_back_button = _button("&Bring back those words", "Bring back the unsaved words")
        self.bring_back_button.clicked.connect(self._bring_back_recovery)
        self.put_aside_button = _button("Put them &aside", "Put the unsaved words aside")
        self.put_aside_button.clicked.connect(self._put_aside_recovery)
        self._show_recovery(None)
        self.outside = _banner("Changed outside CoAuthor Desk")
        self.show_theirs_button = _button("Show &their words", "Show the words saved outside")
        self.show_theirs_button.clicked.connect(self._show_theirs)
        self._show_outside(None)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)

        self.find_bar = FindBar(self.text)
        self.comments = CommentsPanel(chapter_only=True)
        self.comments.show_words.connect(self.show_span)
        self.suggestions = SuggestionsPanel()
        self.suggestions.show_span.connect(
            lambda start, end: self.show_span(start - self._text_offset, end - self._text_offset))
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName("What changed in this chapter")
        self.history = HistoryPanel()
        self.below = QTabWidget()
        self.below.setAccessibleName("Suggestions, what changed and history")
        self.below.addTab(self.suggestions, "Suggestions")
        self.below.addTab(self.changes, "What changed")
        self.below.addTab(self.history, "History")

        beside = QSplitter()
        beside.setAccessibleName("Chapter text and its comments")
        beside.addWidget(self.text)
        beside.addWidget(self.comments)
        beside.setSizes([420, 230])
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.setAccessibleName("Chapter text, suggestions and history")
        reading.addWidget(beside)
        reading.addWidget(self.below)
        reading.setSizes([450, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(_row(self.chapter_title, self.word_count, self.save_button,
                              self.comment_button))
        layout.addLayout(_row(self.recovered, self.bring_back_button, self.put_aside_button))
        layout.addLayout(_row(self.outside, self.show_theirs_button))
        layout.addWidget(self.find_bar)
        layout.addWidget(reading, 1)

    @property
    def busy(self) -> bool:
        return bool(self._tasks) or self.history.busy or self.text.checking

    # Showing -----------------------------------------------------------------------------------
    def show_chapter(self, view: BookView, chapter: Chapter) -> None:
        """Show a chapter's newest words, its comments, suggestions, changes and history."""
        from coauthor_desk.manuscript import recovery

        opened, style = view.opened, view.style
        saved_here = self._saved_from_here(opened, chapter)
        keep_typing = not saved_here and self._typing_stays(opened, chapter)
        self.saving = None
        if not keep_typing and not saved_here:
            self.keep_unsaved()
        book = opened.book
        self.opened, self.chapter = opened, chapter
        self.chapter_title.setText(chapter.title)
        if keep_typing:
            self.text.show_saved(chapter.body, style)
        else:
            self.text.show_words(chapter.body, style)
        self.find_bar.forget()
        self.comments.show_people(book, view.me)
        self.comments.show_report(view.comments, chapter.id)
        self._show_outside(None)
        self._watch(book.root / chapter.file)
        self._show_recovery(None if keep_typing else next(
            (r for r in recovery.recoveries(book) if r.chapter == chapter.id), None))
        self._show_changes(opened, chapter)
        self.history.show_chapter(opened, chapter)
        self._show_suggestions(view, chapter)

    def _saved_from_here(self, opened: OpenBook, chapter: Chapter) -> bool:
        """Whether the words on screen were just saved from here, untouched since, and the
        saved chapter differs from them only because changes to someone else's words were
        kept aside as suggestions for them: then the saved words take their place."""
        before, saved, self.saved_here = self.chapter, self.saved_here, None
        return (before is not None and self.opened is not None and saved is not None
                and self.opened.book.root == opened.book.root and before.id == chapter.id
                and self.text.toPlainText() == saved != chapter.body)

    def _typing_stays(self, opened: OpenBook, chapter: Chapter) -> bool:
        """Whether words being typed stay on screen as the book is shown again (after a
        comment, a person added, a version saved from here): only for the same chapter of the
        same book, and only if the chapter has not changed under them some other way. If it
        has, they are kept aside and offered back instead."""
        before = self.chapter
        if before is None or self.opened is None or not self.text.has_changes:
            return False
        if self.opened.book.root != opened.book.root or before.id != chapter.id:
            return False
        return chapter.fingerprint == before.fingerprint or \
            chapter.body in (self.text.toPlainText(), self.saving)

    # Worked out aside: each can take a moment on a long chapter or a long history.
    def _show_suggestions(self, view: BookView, chapter: Chapter) -> None:
        self.suggestions.clear()
        style = view.style
        if style is None:
            self.suggestions.summary.setText(f"No suggestions: {view.style_problem}")
            return
        self.suggestions.summary.setText("Checking the words…")
        book = view.opened.book

        def work() -> tuple[Chapter, tuple[ChapterCheck, int]]:
            from coauthor_desk.checks.chapter_checks import check_chapter
            from coauthor_desk.manuscript import files

            # Suggestions point into the chapter file; the text on screen starts at the body.
            offset = len(files.read_text(book.root, chapter.file).text) - len(chapter.body)
            return chapter, (check_chapter(book, chapter, style), offset)

        def show(result: tuple[ChapterCheck, int]) -> None:
            self.suggestions.show_check(result[0])
            self._text_offset = result[1]

        self._aside(work, show, lambda why: self.suggestions.summary.setText(
            f"No suggestions: {why or 'the words could not be checked.'}"))

    def _show_changes(self, opened: OpenBook, chapter: Chapter) -> None:
        self.changes.setPlainText("Working out what changed…")

        def work() -> tuple[Chapter, str]:
            from coauthor_desk.changes.report import changes_text
            from coauthor_desk.changes.story import chapter_changes

            return chapter, changes_text(chapter_changes(opened, chapter.id))

        self._aside(work, self.changes.setPlainText, lambda why: self.changes.setPlainText(
            why or "What changed could not be worked out."))

    def _aside(self, work: Callable[[], tuple[Chapter, Any]], show: Callable[[Any], None],
               failed: Callable[[str], None]) -> None:
        """Run `work` away from the window's thread; show what it found if its chapter is
        still on screen, or say why not (a plain reason, or "" when there is none)."""
        def done(result: tuple[Chapter, Any]) -> None:
            self._tasks.discard(task)
            if result[0] is self.chapter:
                show(result[1])

        def not_done(error: Exception) -> None:
            self._tasks.discard(task)
            failed(error.plain() if isinstance(error, BookError) else "")

        task = run_in_background(work, done, not_done)
        self._tasks.add(task)

    def show_span(self, start: int, end: int) -> None:
        """Select words in the text on screen (counted from the start of the chapter's body)."""
        cursor = self.text.textCursor()
        cursor.setPosition(max(start, 0))
        cursor.setPosition(max(end, 0), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def chosen_words(self) -> tuple[str, int]:
        """The words chosen in the text, and which time they occur in the chapter (1 on)."""
        assert self.chapter is not None
        cursor = self.text.textCursor()
        quote = cursor.selectedText().replace("\u2029", "\n")
        body = self.chapter.body
        start = cursor.selectionStart() + len(body) - len(self.text.toPlainText())
        return quote, body.count(quote, 0, start) + 1 if quote else 0

    def clear(self) -> None:
        """Show no chapter (words being typed are kept as a recovery copy first)."""
        self.keep_unsaved()
        self.opened = self.chapter = None
        for panel in (self.history, self.suggestions, self.comments, self.text,
                      self.chapter_title, self.changes, self.word_count):
            panel.clear()
        self._show_recovery(None)
        self._show_outside(None)
        self._watch(None)

    # Keeping typed words safe ------------------------------------------------------------------
    def keep_unsaved(self) -> None:
        """Words not saved as a version are kept as a recovery copy, never lost."""
        if self.opened is not None and self.chapter is not None and self.text.has_changes:
            from coauthor_desk.manuscript import recovery

            recovery.keep(self.opened.book.root, self.chapter, self.text.toPlainText())

    def _show_recovery(self, kept: Recovery | None) -> None:
        """Offer words typed earlier and never saved (after a crash); never apply them."""
        self._recovery = kept
        for widget in (self.recovered, self.bring_back_button, self.put_aside_button):
            widget.setVisible(kept is not None)
        # Typing now would replace that copy: the person chooses first.
        self.text.setReadOnly(kept is not None)
        if kept is not None:
            changed = (" The chapter was also changed since, so compare before you save." if
                       kept.chapter_changed else "")
            self.recovered.setText(f"Words typed in this chapter on {day_words(kept.when)} were "
                                   f"never saved as a version.{changed} Bring them back or put "
                                   "them aside, then type here.")

    def _bring_back_recovery(self) -> None:
        if self._recovery is not None and self.chapter is not None:
            self.text.show_words(self._recovery.body, self.text.style_of_book,
                                 saved=self.chapter.body)
            self._show_recovery(None)
            self.said.emit("The unsaved words are back. Save a version to keep them.")

    def _put_aside_recovery(self) -> None:
        if self.opened is not None and self.chapter is not None:
            from coauthor_desk.manuscript import recovery

            recovery.discard(self.opened.book.root, self.chapter.id)
            self._show_recovery(None)
            self.said.emit("The unsaved words were put aside.")

    def _watch(self, path: Path | None) -> None:
        """Watch this one chapter file for changes made outside the app (None: no file)."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if path is not None:
            self.watcher.addPath(str(path))

    def _file_changed(self, path: str) -> None:
        """The chapter file changed on disk (a co-author used git, or another program): show
        the new words if nothing is being typed; otherwise keep both and say so. Never
        overwrite either silently."""
        from coauthor_desk.manuscript import files, recovery

        chapter, opened = self.chapter, self.opened
        if opened is None or chapter is None or self.book_changing():
            return  # (the window's own change shows the book anew when it is done)
        if Path(path).is_file():
            self._watch(Path(path))  # a file replaced whole is a new file to watch
        try:
            theirs = files.read_text(opened.book.root, chapter.file)
        except BookError as error:
            self._show_outside(f"'{chapter.title}' changed outside CoAuthor Desk and cannot be "
                               f"read now: {error.plain()}")
            return
        if theirs.fingerprint == chapter.fingerprint or self._same_words(chapter, theirs.text):
            return
        if not self.text.has_changes:
            self.reopen_requested.emit(f"'{chapter.title}' was changed outside CoAuthor Desk; "
                                       "these are its newest words.")
            return
        recovery.keep(opened.book.root, chapter, self.text.toPlainText())
        self._theirs = theirs.text
        self._show_outside(f"'{chapter.title}' was changed outside CoAuthor Desk while you were "
                           "typing. Your words are kept here and in a recovery copy; nothing "
                           "is saved over the other words. Compare them, then save a version.")

    def _same_words(self, chapter: Chapter, text: str) -> bool:
        """Whether a chapter file's words are those on screen (a half-written file is not)."""
        from coauthor_desk.manuscript import front_matter

        try:
            return front_matter.split_text(chapter.file, text)[1] == self.text.toPlainText()
        except BookError:
            return False

    def _show_outside(self, words: str | None) -> None:
        self.outside.setText(words or "")
        self.outside.setVisible(words is not None)
        self.show_theirs_button.setVisible(words is not None)

    def _show_theirs(self) -> None:
        """The words saved outside, beside yours (in the History tab's reading view)."""
        if self.chapter is not None:
            from coauthor_desk.manuscript import front_matter

            _, body = front_matter.split_text(self.chapter.file, self._theirs)
            self.history.old_words.setPlainText(body)
            self.below.setCurrentWidget(self.history)


def _row(first: QWidget, *rest: QWidget) -> QHBoxLayout:
    """A row where the first widget takes the spare room."""
    row = QHBoxLayout()
    row.addWidget(first, 1)
    for widget in rest:
        row.addWidget(widget)
    return row

