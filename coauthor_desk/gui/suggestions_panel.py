"""Suggestions for the chapter on screen: each one explained, and shown in the text on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from coauthor_desk.checks.readability import ease_words

if TYPE_CHECKING:
    from coauthor_desk.checks.chapter_checks import ChapterCheck

_CHECK_WORDS = {"jargon": "Hard word", "long-sentence": "Long sentence",
                "passive": "Maybe passive", "long-paragraph": "Long paragraph",
                "acronym": "Letters not explained", "reading-ease": "Hard to read",
                "hidden-character": "Hidden character"}


class SuggestionsPanel(QWidget):
    """A list of suggestions; choosing one asks for its words to be shown (file offsets)."""

    show_span = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Suggestions for this chapter")
        self.summary = QLabel("")
        self.summary.setAccessibleName("About the suggestions")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Suggestions for this chapter")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def show_check(self, checked: ChapterCheck) -> None:
        self.list.clear()
        count = len(checked.findings)
        self.summary.setText(
            f"Reading ease {checked.reading_ease:.0f} ({ease_words(checked.reading_ease)}). "
            + ("Nothing to suggest." if not count else
               f"{count} suggestion{'s' if count != 1 else ''}: choose one to see the words."))
        for finding, line in zip(checked.findings, checked.lines, strict=True):
            item = QListWidgetItem(f"{_CHECK_WORDS[finding.check]} (line {line}): "
                                   f"{finding.what} {finding.suggestion}")
            item.setToolTip(finding.why)
            item.setData(Qt.ItemDataRole.UserRole, (finding.start, finding.end))
            self.list.addItem(item)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_span.emit(*item.data(Qt.ItemDataRole.UserRole))

    def clear(self) -> None:
        self.summary.clear()
        self.list.clear()
