""""What happened to what you said": the person's replies, their choices about suggested
changes and their agreement decisions, newest first, each with what became of it. Nothing
here can be changed; it is there so people can see they were heard.

Each entry is one item of a list, so a screen reader says one whole entry at a time and the
arrow keys move from one to the next.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from coauthor_desk.agreements.publish import check_agreements
from coauthor_desk.agreements.rules import Standing, Subject
from coauthor_desk.agreements.store import Agreements
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import heading
from coauthor_desk.review.happened import (
    AGREEMENT,
    REPLY,
    SUGGESTION,
    HappenedRow,
    what_happened,
)

# Words before each entry saying what kind it is, so colour or place never has to.
KIND_WORDS = {REPLY: "What you wrote", SUGGESTION: "A suggested change",
              AGREEMENT: "An agreement"}


class HappenedPage(Page):
    """A list to read, newest first."""

    title = "What happened to what you said"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.rows: list[HappenedRow] = []
        title = heading("What happened to what you said", self.title)
        intro = QLabel("Here is everything you said or chose, newest first, and what became "
                       "of it.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName("What you said, and what became of it")
        self.list.setAccessibleDescription("Newest first. Use the up and down arrow keys to "
                                           "go from one to the next.")
        self.empty = QLabel("You have not replied to anything or made any choices yet. When "
                            "you do, you will see here what became of them.")
        self.empty.setWordWrap(True)
        self.empty.hide()
        whole = QVBoxLayout(self)
        whole.addWidget(title)
        whole.addWidget(intro)
        whole.addWidget(self.empty)
        whole.addWidget(self.list, 1)
        self.setFocusProxy(self.list)

    def refresh(self) -> None:
        """Agreement records are read away from the window (they need the history), and only
        while this part is on screen, so other parts' news is not talked over."""
        self.read_while_shown()

    def read_again(self, say: bool) -> None:
        """`say`: tell what was found once read, in place of "Reading…" (only when the part
        was just opened: after a save, the saving part has the last word)."""
        opened = self.context.opened
        self.context.run("Reading what happened…", lambda: check_agreements(opened),
                         lambda result: self._read(result, say))

    def _read(self, result: tuple[Agreements, dict[Subject, Standing]],
              say: bool = False) -> None:
        agreements, standing = result
        self.rows = what_happened(self.context.opened.book, self.context.person,
                                  self.context.threads(), agreements.records, standing)
        self.list.clear()
        for row in self.rows:
            item = QListWidgetItem(f"{KIND_WORDS[row.kind]}: {row.said}\n"
                                   f"What happened: {row.became}")
            self.list.addItem(item)
        self.empty.setVisible(not self.rows)
        self.list.setVisible(bool(self.rows))
        if self.rows:
            self.list.setCurrentRow(0)
        if say:
            count = len(self.rows)
            self.context.announce("You have not said or chosen anything yet." if not count else
                                  f"{count} thing{'s' if count != 1 else ''} you said or "
                                  "chose, newest first.")

    def texts(self) -> list[str]:
        """Every entry as shown."""
        return [self.list.item(row).text() for row in range(self.list.count())]
