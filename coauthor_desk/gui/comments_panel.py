"""Comments, questions and suggested changes, where their words are, and the conversation,
with replying, marking done, opening again and accepting suggested words. The same panel shows
the whole book's (the Comments tab) or one chapter's, beside its text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.tables import fill, make_combo, make_table
from coauthor_desk.manuscript.fields import day_words

if TYPE_CHECKING:
    from coauthor_desk.manuscript.model import Book

_CHAPTER_COLUMN, _WHERE_COLUMN = 0, 5
_NO_LIMIT = 16_777_215  # Qt's largest widget size (QWIDGETSIZE_MAX)


class CommentsPanel(QWidget):
    """A table of threads; choosing one shows its whole conversation. The buttons ask the
    window to act (what, thread id, who, words); the window does it in the background."""

    act = Signal(str, str, str, str)  # reply, done, reopen or accept
    show_words = Signal(int, int)  # where the chosen comment's words are in the chapter body

    def __init__(self, chapter_only: bool = False) -> None:
        super().__init__()
        self.chapter_only = chapter_only
        self.setAccessibleName("Comments on this chapter" if chapter_only else "Comments")
        self.summary = QLabel("Open a book to see its comments.")
        self.summary.setAccessibleName("About the comments")
        self.summary.setWordWrap(True)
        self.table = make_table("Comments", ["Chapter", "From", "For", "About the words",
                                             "Open or done", "Where the words are"])
        self.table.itemSelectionChanged.connect(self._show_chosen)
        if chapter_only:  # beside the chapter's own text: its title and lines go without saying
            self.table.setAccessibleName("Comments on this chapter")
            self.table.hideColumn(_CHAPTER_COLUMN)
            self.table.hideColumn(_WHERE_COLUMN)
        self.conversation = QPlainTextEdit()
        self.conversation.setReadOnly(True)
        self.conversation.setAccessibleName("The chosen comment and its replies")
        self.who = make_combo("Who is writing", [])
        self.who.setSizeAdjustPolicy(self.who.SizeAdjustPolicy.AdjustToContents)
        self.reply_text = QLineEdit()
        self.reply_text.setAccessibleName("Your reply")
        self.reply_text.setPlaceholderText("Write a reply…")
        self.buttons = {}
        writing = QHBoxLayout()
        writing.addWidget(self.who)
        writing.addWidget(self.reply_text, 1)
        acting = FlowRow()  # wraps onto a second row in a narrow pane
        for act, words in (("reply", "Reply"), ("done", "Mark as done"),
                           ("reopen", "Open again"), ("accept", "Use the suggested words")):
            button = QPushButton(words)
            button.setAccessibleName(words)
            button.clicked.connect(lambda _=False, a=act: self._act(a))
            acting.addWidget(button)
            self.buttons[act] = button
        layout = QVBoxLayout(self)
        if chapter_only:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.conversation, 1)
        layout.addLayout(writing)
        layout.addLayout(acting)
        self.threads: list[dict] = []
        self._follow()
        self._show_parts()

    def show_people(self, book: Book, me: str | None) -> None:
        """Who can write: everyone in the book, this computer's person first chosen."""
        self.who.clear()
        for person in sorted(book.people.values(), key=lambda p: p.name):
            self.who.addItem(person.name, person.id)
        if me is not None:
            self.who.setCurrentIndex(max(self.who.findData(me), 0))

    def chosen(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.threads[rows[0].row()] if rows else None

    def _follow(self) -> None:
        thread = self.chosen()
        is_open = thread is not None and thread["status"] == "open"
        self.buttons["reply"].setEnabled(thread is not None)
        self.buttons["done"].setEnabled(is_open)
        self.buttons["reopen"].setEnabled(thread is not None and not is_open)
        self.buttons["accept"].setEnabled(is_open and thread["kind"] == "suggestion")

    def _act(self, act: str) -> None:
        thread = self.chosen()
        if thread is not None:
            self.act.emit(act, thread["id"], self.who.currentData() or "",
                          self.reply_text.text().strip())

    def show_report(self, report: dict, chapter: str | None = None) -> None:
        """Show every thread in the report, or only `chapter`'s."""
        if chapter is None:
            self.threads = report["threads"]
            waiting = "; ".join(f"{w['name']} ({len(w['threads'])})" for w in report["waiting"])
            self.summary.setText(f"{report['open']} open, {report['resolved']} done."
                                 + (f" Waiting for an answer: {waiting}." if waiting else "")
                                 + (f" {report['lost']} can no longer find their words."
                                    if report["lost"] else ""))
        else:
            self.threads = [t for t in report["threads"] if t["chapter"] == chapter]
            still_open = sum(t["status"] == "open" for t in self.threads)
            self.summary.setText(
                f"{still_open} open, {len(self.threads) - still_open} done. Choose one to see "
                "its words in the text." if self.threads else
                "No comments on this chapter yet. Choose some words, then Comment on them.")
        fill(self.table, [[t["chapter_title"], t["started_by_name"], t["to_name"],
                           f"“{t['quote'][:50]}”", "Open" if t["status"] == "open" else "Done",
                           t["anchor"]["words"]] for t in self.threads])
        self.table.clearSelection()
        self.conversation.clear()
        self.reply_text.clear()
        self._follow()
        self._show_parts()

    def _show_chosen(self) -> None:
        self._follow()
        thread = self.chosen()
        if thread is None:
            return
        if thread["anchor"]["start"] is not None:
            self.show_words.emit(thread["anchor"]["start"], thread["anchor"]["end"])
        lines = [f"{thread['kind_words'].capitalize()} about “{thread['quote']}”",
                 thread["anchor"]["words"], ""]
        if thread["proposed"]:
            lines += [f"Suggested instead: “{thread['proposed']}”", ""]
        lines += [f"{m['name']}, {day_words(date.fromisoformat(m['when'][:10]))}:\n{m['text']}\n"
                  for m in thread["messages"]]
        self.conversation.setPlainText("\n".join(lines))

    def clear(self) -> None:
        self.summary.setText("Open a book to see its comments.")
        self.table.setRowCount(0)
        self.conversation.clear()
        self.threads = []
        self._show_parts()

    def _show_parts(self) -> None:
        """Beside a chapter with no comments, only the line saying so: the room goes to the
        chapter's text rather than to an empty list and greyed-out buttons."""
        calm = self.chapter_only and not self.threads
        for widget in (self.table, self.conversation, self.who, self.reply_text,
                       *self.buttons.values()):
            widget.setHidden(calm)
        self.fit_height()

    def fit_height(self) -> None:
        """Below the chapter's text with no comments to show, take no more height than the
        line saying so needs (beside the text, the height is the text's anyway)."""
        parent = self.parentWidget()
        below = isinstance(parent, QSplitter) and parent.orientation() == Qt.Orientation.Vertical
        calm = below and self.chapter_only and not self.threads
        self.setMaximumHeight(self.layout().totalHeightForWidth(max(self.width(), 1)) if calm
                              else _NO_LIMIT)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()  # the line wraps differently at another width
