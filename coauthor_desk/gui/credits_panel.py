"""The credits tab: bylines, notes on contributors and statements, as current agreements allow."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class CreditsPanel(QWidget):
    """Read-only: what the book would print about the people who made it."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Credits")
        self.summary = QLabel("Open a book to see its credits.")
        self.summary.setAccessibleName("About the credits")
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The credits as they would be printed")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)

    def show_credits(self, report: dict, names: dict[str, str]) -> None:
        from coauthor_desk.credits.report import NOT_YET_AGREED, credits_text

        waiting = [names.get(person, person) for person in report[NOT_YET_AGREED]]
        self.summary.setText(
            "The credits as the book would print them today." + (
                f" Not named until they agree how: {', '.join(waiting)}." if waiting else ""))
        self.text.setPlainText(credits_text(report))

    def clear(self) -> None:
        self.summary.setText("Open a book to see its credits.")
        self.text.clear()
