"""The shape of one part of the review window, so the window can list, show and refresh each
part the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QTextEdit, QWidget

from coauthor_desk.gui.review.context import ReviewContext


class Page(QWidget):
    """One part of the review. `title` names it in the list of parts; `count()` says how many
    things in it wait for the person (shown beside the title, 0 for none)."""

    title = ""

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Show the book as it is now (called when the window opens and after every change)."""

    def count(self) -> int:
        return 0

    def reading(self) -> tuple[str, QTextEdit | None, str]:
        """What "Read aloud" reads on this page: the words, the text box that shows them (to
        follow the words as they are spoken, or None), and what they are ("the chapter")."""
        return "", None, ""
