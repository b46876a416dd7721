"""The shape of one part of the review window, so the window can list, show and refresh each
part the same way."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
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
        self._stale = False  # to be read again when next shown (see read_while_shown)

    def refresh(self) -> None:
        """Show the book as it is now (called when the window opens and after every change)."""

    def count(self) -> int:
        return 0

    def read_while_shown(self) -> None:
        """For a part whose reading is slow (it needs the history): read it away from the
        window now if it is on screen, else when it is next shown, so no part's "Reading…"
        talks over another part's news."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.read_again(say=False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.read_again(say=True)

    def read_again(self, say: bool) -> None:
        """Read what this part shows afresh; `say`: tell what was found (only when the part
        was just opened: after a save, the part that saved has the last word)."""

    def reading(self) -> tuple[str, QTextEdit | None, str]:
        """What "Read aloud" reads on this page: the words, the text box that shows them (to
        follow the words as they are spoken, or None), and what they are ("the chapter")."""
        return "", None, ""
