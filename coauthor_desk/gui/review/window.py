"""The review window for one person: large text, a list of the parts of their review on the
left, the chosen part on the right, and a line at the bottom that says (and has a screen
reader say) what just happened. It opens its own copy of the book, away from the window's
thread, so it paints at once on even a large book."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QFont,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui import comfort
from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.read_aloud import ReadAloud, clear_word, mark_word
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import button
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.problems import BookError
from coauthor_desk.review.acting import Acting
from coauthor_desk.session import OpenBook, open_book

DEFAULT_SIZE, SMALLEST, LARGEST = 18, 12, 40
# A thick border marks where the keys are; its width, not only its colour, shows it. Boxes
# of words keep the same room inside either way (a thin border and padding, or a thick border
# and none), because a scrolling box does not measure its border again when the keys arrive.
# The size is set here too: a font set on the window does not reach widgets added after a
# style sheet, and the pages are added once the book has opened.
_STYLE = """
QWidget {{ font-size: {size}pt; {colours} }}
QPushButton, QToolButton {{ padding: 0.3em 0.8em; border: 2px solid {line}; border-radius: 6px; }}
QPushButton:checked {{ border-style: inset; }}
QPushButton:disabled {{ border-style: dotted; }}
QTextEdit, QPlainTextEdit, QListWidget, QLineEdit {{ border: 2px solid {line}; padding: 2px; }}
*:focus {{ border: 4px solid {focus}; }}
QTextEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QLineEdit:focus {{
    border: 4px solid {focus}; padding: 0px; }}
QListWidget::item {{ border: 3px solid transparent; }}
QListWidget::item:selected {{ border: 3px solid {focus}; color: palette(highlighted-text);
                               background: palette(highlight); }}
"""

# Disabled words stay readable on black; the dotted border says "not now" beside the grey.
_HIGH_CONTRAST = """
*:disabled { color: #b0b0b0; }
QGroupBox { border: 2px solid white; }
QListWidget::item:selected { background: yellow; color: black; border: 3px solid white; }
QToolTip { background-color: black; color: white; border: 2px solid white; }
"""


def page_classes() -> list[type[Page]]:
    """The parts of a review, in the order a person goes through them."""
    from coauthor_desk.gui.review.agreements_page import AgreementsPage
    from coauthor_desk.gui.review.chapters_page import ChaptersPage
    from coauthor_desk.gui.review.credit_page import CreditPage
    from coauthor_desk.gui.review.happened_page import HappenedPage
    from coauthor_desk.gui.review.questions_page import QuestionsPage
    from coauthor_desk.gui.review.suggestions_page import SuggestionsPage

    return [ChaptersPage, SuggestionsPage, QuestionsPage, AgreementsPage, CreditPage,
            HappenedPage]


class ReviewWindow(QMainWindow):
    """One person's review. `acting` says whose it is and who, if anyone, records for them."""

    def __init__(self, folder: Path, acting: Acting, speech_engine: str | None = None) -> None:
        """`speech_engine` names the speech voice system for Read aloud (None: the computer's
        own; tests pass Qt's test voice, "mock")."""
        super().__init__()
        self.folder = folder
        self.acting = acting
        self.reader = ReadAloud(self, engine=speech_engine)
        self._read_box: QTextEdit | None = None  # the box whose words are being read
        self._read_offset = 0  # where the words read begin in that box's text
        self.context: ReviewContext | None = None
        self.pages: list[Page] = []
        self._tasks: set[Task] = set()
        self._said = " "  # the last words announced
        self.setWindowTitle("Your review – CoAuthor Desk")
        self.setAccessibleName("Review window")
        self.size_points = int(comfort.settings().value("review_text_size", DEFAULT_SIZE))
        self.high_contrast = comfort.settings().value("review_high_contrast", "false") in (
            True, "true")

        self.heading = QLabel("Opening your review…")
        self.heading.setAccessibleName("Whose review this is")
        self.heading.setWordWrap(True)
        self.behalf = QLabel()
        self.behalf.setAccessibleName("Who is recording choices")
        self.behalf.setWordWrap(True)
        self.behalf.hide()
        self.smaller = button("Smaller text", "Make the words smaller (Ctrl+minus)",
                                    lambda: self.set_text_size(self.size_points - 2))
        self.larger = button("Larger text", "Make the words larger (Ctrl+plus)",
                                   lambda: self.set_text_size(self.size_points + 2))
        self.contrast = button("High contrast", "White words on black (Ctrl+Shift+H)",
                                     lambda: self.set_high_contrast(self.contrast.isChecked()))
        self.contrast.setCheckable(True)
        self.contrast.setChecked(self.high_contrast)
        self.close_button = button("Close", "Close the review; every choice is already "
                                         "saved", self.close)
        self.read_button = button("Read aloud", "Read this part aloud, or only the words "
                                        "you have chosen in it (F5)", self.read_aloud)
        self.stop_button = button("Stop reading", "Stop reading aloud (Escape)",
                                        self.reader.stop)
        self.stop_button.setEnabled(False)
        for reading in (self.read_button, self.stop_button):
            # A click leaves the keys where they were, so the words chosen stay chosen.
            reading.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.reader.said.connect(self.announce)
        self.reader.word_reached.connect(self._word_reached)
        self.reader.finished.connect(self._finished_reading)
        comfort_row = FlowRow(self.smaller, self.larger, self.contrast, self.read_button,
                              self.stop_button, self.close_button)

        self.parts = QListWidget()
        self.parts.setAccessibleName("Parts of your review")
        self.parts.setAccessibleDescription("Choose a part to see it on the right. Ctrl+1 to "
                                            "Ctrl+6 go straight to each part.")
        self.parts.currentRowChanged.connect(self._show_part)
        self.parts.setWordWrap(True)  # long names go on to a second line, never cut off
        self.parts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("The chosen part")
        self.status = QLabel(" ")
        self.status.setAccessibleName("What just happened")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                            Qt.TextInteractionFlag.TextSelectableByMouse)

        middle = QHBoxLayout()
        middle.addWidget(self.parts)
        middle.addWidget(self.stack, 1)
        whole = QVBoxLayout()
        whole.addWidget(self.heading)
        whole.addWidget(self.behalf)
        whole.addLayout(comfort_row)
        whole.addLayout(middle, 1)
        whole.addWidget(self.status)
        body = QWidget()
        body.setLayout(whole)
        self.setCentralWidget(body)

        for keys, act in ((QKeySequence.StandardKey.ZoomIn, self.larger.click),
                          ("Ctrl+=", self.larger.click),
                          (QKeySequence.StandardKey.ZoomOut, self.smaller.click),
                          ("Ctrl+Shift+H", self.contrast.click),
                          ("F5", self.read_aloud),
                          ("Escape", self.reader.stop)):
            QShortcut(QKeySequence(keys), self, act)
        for number in range(1, 7):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      lambda row=number - 1: self.go_to_part(row))
        self._apply_look()
        self._fit_screen()
        self._run("Opening the book…", lambda: open_book(folder), self._opened)

    # Opening ------------------------------------------------------------------------------------
    def _opened(self, opened: OpenBook) -> None:
        try:
            acting = self.acting.check(opened.book)
        except BookError as error:
            self.heading.setText("This review cannot be shown.")
            self.announce(error.plain())
            return
        self.context = ReviewContext(opened, acting, self.announce, self._run, self.changed)
        book = opened.book
        name = self.context.name
        self.setWindowTitle(f"{name}'s review of {book.title} – CoAuthor Desk")
        self.heading.setText(f"<b>Hello, {escape(self.context.first_name)}.</b> This is your "
                             f"part of “{escape(book.title)}”. Nothing here can be lost: "
                             "every choice is saved at once, and can be changed again.")
        if acting.on_behalf and acting.present and acting.how:
            self.behalf.setText(f"{book.name_of(acting.present)} is with {name} and records "
                                f"{self.context.first_name}'s choices for them (told "
                                f"{acting.how.words}).")
            self.behalf.show()
        self.pages = [page_class(self.context) for page_class in page_classes()]
        for page in self.pages:
            # Each part scrolls when large text or a small screen needs more room than there is.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            scroll.setAccessibleName(page.title)
            # Tab goes from the list of parts straight to the part's first control (the
            # area itself scrolls to whatever has the keys, so it needs no stop of its own).
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.stack.addWidget(scroll)
            self.parts.addItem(QListWidgetItem(page.title))
        self.changed(announce=False)
        self.parts.setCurrentRow(0)
        self.announce(f"{name}'s review is open. Use the list of parts, or Ctrl+1 to Ctrl+6.")

    def changed(self, announce: bool = True) -> None:
        """Something was saved: every page shows the book as it is now."""
        del announce  # the page that saved says what it saved
        if self.context is None:
            return
        self.context.forget()
        for page in self.pages:
            page.refresh()
        self._count()

    def _count(self) -> None:
        """How many things wait on each page, beside its name in the list of parts."""
        for row, page in enumerate(self.pages):
            waiting = page.count()
            self.parts.item(row).setText(f"{page.title}\n{waiting} waiting" if waiting
                                         else page.title)

    # Moving about -------------------------------------------------------------------------------
    def go_to_part(self, row: int) -> None:
        """Show a part and put the keys on its first control, as Tab from the list would."""
        if 0 <= row < self.parts.count():
            self.parts.setCurrentRow(row)
            page = self.pages[row]
            target = page.nextInFocusChain()
            while target is not page and page.isAncestorOf(target):
                if target.isVisible() and target.isEnabled() and \
                        target.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                    return
                target = target.nextInFocusChain()
            page.setFocus()

    def _show_part(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.reader.stop()  # what was being read is no longer on screen
            self.stack.setCurrentIndex(row)

    # Reading aloud ------------------------------------------------------------------------------
    def current_page(self) -> Page | None:
        row = self.stack.currentIndex()
        return self.pages[row] if 0 <= row < len(self.pages) else None

    def read_aloud(self) -> None:
        """Read the part on screen aloud: the words chosen in its text box if there are any
        (a sentence, say), otherwise what the part offers to read. The word being spoken is
        marked in the box where the speech voice says which word it is on."""
        page = self.current_page()
        if page is None:
            self.announce("There is nothing here to read aloud yet.")
            return
        words, box, what = page.reading()
        offset = 0
        if box is not None and box.textCursor().hasSelection():
            cursor = box.textCursor()
            text = box.toPlainText()
            offset = _python_position(text, cursor.selectionStart())
            words = text[offset:_python_position(text, cursor.selectionEnd())]
            what = "the words you chose"
        self._stop_marking()
        self._read_box, self._read_offset = box, offset
        if self.reader.read(words, what):
            self.stop_button.setEnabled(True)
        else:
            self._read_box = None

    def _word_reached(self, start: int, length: int) -> None:
        if self._read_box is not None:
            mark_word(self._read_box, start, length, self._read_offset)

    def _finished_reading(self) -> None:
        self._stop_marking()
        if self.stop_button.hasFocus():
            self.read_button.setFocus()  # the keys are not lost with the button
        self.stop_button.setEnabled(False)

    def _stop_marking(self) -> None:
        if self._read_box is not None:
            clear_word(self._read_box)
        self._read_box = None

    # Saying what happened -----------------------------------------------------------------------
    def announce(self, words: str) -> None:
        """Show `words` on the status line and have a screen reader say them."""
        self._said = words
        self.status.setText(words)
        event = QAccessibleAnnouncementEvent(self.status, words)
        QAccessible.updateAccessibility(event)

    def _run(self, sentence: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Work away from the window's thread. Its sentence is shown while it runs but not
        spoken: what a screen reader says is the outcome, not each page reading afresh."""
        self.status.setText(sentence)

        def finished(result: Any) -> None:
            self._tasks.discard(task)
            done(result)
            if self.status.text() == sentence:  # nothing new to say: back to the last words
                self.status.setText(self._said)
            self._count()

        def failed(error: Exception) -> None:
            self._tasks.discard(task)
            self.announce(error.plain() if isinstance(error, BookError) else
                          "Something went wrong and nothing was saved. Please try again, or "
                          "ask an editor.")

        task = run_in_background(work, finished, failed)
        self._tasks.add(task)  # held until it reports, so its signals live

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    # Comfort ------------------------------------------------------------------------------------
    def set_text_size(self, points: int) -> None:
        self.size_points = max(SMALLEST, min(LARGEST, points))
        comfort.settings().setValue("review_text_size", self.size_points)
        self._apply_look()
        self.announce(f"Text size {self.size_points} points.")

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        comfort.settings().setValue("review_high_contrast", on)
        self._apply_look()
        self.announce("High contrast on." if on else "High contrast off.")

    def _apply_look(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSize(self.size_points)
        self.setFont(font)
        palette = QPalette(QApplication.palette())
        if self.high_contrast:
            palette = comfort.high_contrast_palette(palette)
        line, focus = ("white", "yellow") if self.high_contrast else ("#333333", "#0b57d0")
        # A style sheet's colours win over a palette's, so high contrast is said in both.
        colours = ("background-color: black; color: white; selection-background-color: "
                   "yellow; selection-color: black;") if self.high_contrast else ""
        self.setStyleSheet(_STYLE.format(line=line, focus=focus, size=self.size_points,
                                         colours=colours) +
                           (_HIGH_CONTRAST if self.high_contrast else ""))
        # After the style sheet: changing a style sheet puts back the palette the window had
        # when the sheet before it was applied, which would undo a change of contrast.
        self.setPalette(palette)
        # The list of parts: about sixteen letters wide, its names wrapping within it.
        # (+ its border, padding and the selected name's border; then the names are laid out
        # again at the new width, so none is cut short with "…").
        self.parts.setFixedWidth(self.fontMetrics().averageCharWidth() * 18 + 56)
        self.parts.doItemsLayout()

    def _fit_screen(self) -> None:
        """Most of the screen it opens on: large text needs the room."""
        screen = self.screen() or QApplication.primaryScreen()
        self.fit_to(screen.availableGeometry() if screen else QRect(0, 0, 1280, 900))

    def fit_to(self, area: QRect) -> None:
        """Take most of `area` (the screen's free space; tests pass the screen sizes they
        check), leaving room for the window's frame and the desktop's own bars."""
        self.resize(min(1400, area.width() - 40), min(1000, area.height() - 60))
        self.move(area.x() + min(20, (area.width() - self.width()) // 2),
                  area.y() + min(20, (area.height() - self.height()) // 2))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.reader.stop()
        for page in self.pages:
            page.close()
        super().closeEvent(event)


def _python_position(text: str, qt_position: int) -> int:
    """The position in `text` of a text box's position (Qt counts a character beyond the basic
    plane, such as an emoji, as two)."""
    counted = 0
    for index, character in enumerate(text):
        if counted >= qt_position:
            return index
        counted += 2 if ord(character) > 0xFFFF else 1
    return len(text)
