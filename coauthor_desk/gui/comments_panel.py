"""The comments tab: every comment, question and suggested change, and where its words are."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from coauthor_desk.gui.tables import fill, make_table


class CommentsPanel(QWidget):
    """A table of threads; choosing one shows its whole conversation."""

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.conversation, 1)
        self.threads: list[dict] = []

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
        self.conversation.clear()

    def _show_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        thread = self.threads[rows[0].row()]
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
