"""The comments tab: every comment, question and suggested change, where its words are, and
the conversation, with replying, marking done, opening again and accepting suggested words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.tables import fill, make_combo, make_table
from coauthor_desk.manuscript.model import Book


class CommentsPanel(QWidget):
    """A table of threads; choosing one shows its whole conversation. The buttons ask the
    window to act (what, thread id, who, words); the window does it in the background."""

    act = Signal(str, str, str, str)  # reply, done, reopen or accept

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Comments")
        self.summary = QLabel("Open a book to see its comments.")
        self.summary.setAccessibleName("About the comments")
        self.summary.setWordWrap(True)
        self.table = make_table("Comments", ["Chapter", "From", "For", "About the words",
                                             "Open or done", "Where the words are"])
        self.table.itemSelectionChanged.connect(self._show_chosen)
        self.conversation = QPlainTextEdit()
        self.conversation.setReadOnly(True)
        self.conversation.setAccessibleName("The chosen comment and its replies")
        self.who = make_combo("Who is writing", [])
        self.reply_text = QLineEdit()
        self.reply_text.setAccessibleName("Your reply")
        self.reply_text.setPlaceholderText("Write a reply…")
        self.buttons = {}
        answer = QHBoxLayout()
        answer.addWidget(self.who)
        answer.addWidget(self.reply_text, 1)
        for act, words in (("reply", "&Reply"), ("done", "Mark as &done"),
                           ("reopen", "&Open again"), ("accept", "&Use the suggested words")):
            button = QPushButton(words)
            button.setAccessibleName(words.replace("&", ""))
            button.clicked.connect(lambda _=False, a=act: self._act(a))
            answer.addWidget(button)
            self.buttons[act] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.conversation, 1)
        layout.addLayout(answer)
        self.threads: list[dict] = []
        self._follow()

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

    def show_report(self, report: dict) -> None:
        self.threads = report["threads"]
        waiting = "; ".join(f"{w['name']} ({len(w['threads'])})" for w in report["waiting"])
        self.summary.setText(f"{report['open']} open, {report['resolved']} done."
                             + (f" Waiting for an answer: {waiting}." if waiting else "")
                             + (f" {report['lost']} can no longer find their words."
                                if report["lost"] else ""))
        fill(self.table, [[t["chapter_title"], t["started_by_name"], t["to_name"],
                           f"“{t['quote'][:50]}”", "Open" if t["status"] == "open" else "Done",
                           t["anchor"]["words"]] for t in self.threads])
        self.table.clearSelection()
        self.conversation.clear()
        self.reply_text.clear()
        self._follow()

    def _show_chosen(self) -> None:
        self._follow()
        thread = self.chosen()
        if thread is None:
            return
        lines = [f"{thread['kind_words'].capitalize()} about “{thread['quote']}”",
                 thread["anchor"]["words"], ""]
        if thread["proposed"]:
            lines += [f"Suggested instead: “{thread['proposed']}”", ""]
        lines += [f"{m['name']}, {m['when'][:10]}:\n{m['text']}\n" for m in thread["messages"]]
        self.conversation.setPlainText("\n".join(lines))

    def clear(self) -> None:
        self.summary.setText("Open a book to see its comments.")
        self.table.setRowCount(0)
        self.conversation.clear()
        self.threads = []
