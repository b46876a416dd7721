"""A chapter's history in plain words: who saved each version, when, and what they said, with
"show this version" and "bring back this version" (which saves it anew, so nothing is lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.tables import fill, make_table
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.problems import BookError

if TYPE_CHECKING:
    from coauthor_desk.history.versions import Version
    from coauthor_desk.manuscript.model import Chapter
    from coauthor_desk.session import OpenBook


class HistoryPanel(QWidget):
    """The saved versions of the chapter on screen, newest first."""

    bring_back_requested = Signal(str)  # a version id

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("History of this chapter")
        self.versions: list[Version] = []
        self._task: Task | None = None
        self._opened: OpenBook | None = None
        self._chapter: Chapter | None = None
        self.summary = QLabel("")
        self.summary.setAccessibleName("About the history")
        self.summary.setWordWrap(True)
        self.table = make_table("Saved versions", ["When", "Who", "What they said"])
        self.table.itemSelectionChanged.connect(self._follow_choice)
        self.show_button = QPushButton("Sh&ow this version")
        self.show_button.setAccessibleName("Show this version")
        self.show_button.clicked.connect(self.show_version)
        self.bring_back_button = QPushButton("B&ring back this version…")
        self.bring_back_button.setAccessibleName("Bring back this version")
        self.bring_back_button.clicked.connect(
            lambda: self.bring_back_requested.emit(self.chosen().id) if self.chosen() else None)
        self.old_words = QPlainTextEdit()
        self.old_words.setReadOnly(True)
        self.old_words.setAccessibleName("The words of the chosen version")
        buttons = FlowRow(self.show_button, self.bring_back_button)
        split = QSplitter()
        split.setAccessibleName("Versions and their words")
        split.addWidget(self.table)
        split.addWidget(self.old_words)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._follow_choice()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def show_chapter(self, opened: OpenBook, chapter: Chapter) -> None:
        """List the chapter's versions, read aside (a long history takes a moment)."""
        self._opened, self._chapter = opened, chapter
        self.summary.setText("Reading the history…")
        self.table.setRowCount(0)
        self.old_words.clear()
        self._task = run_in_background(
            lambda: (chapter, opened.history.versions(relative=chapter.file)), self._listed,
            self._not_listed)

    def _listed(self, result: tuple[Chapter, list[Version]]) -> None:
        self._task = None
        chapter, versions = result
        if chapter is not self._chapter:  # another chapter was chosen meanwhile
            return
        self.versions = versions
        fill(self.table, [[f"{day_words(v.when)}, {v.when:%H:%M}", v.name, v.description]
                          for v in versions])
        self.summary.setText(f"{len(versions)} saved versions of '{chapter.title}', newest "
                             "first. Bringing one back saves it as a new version, so nothing "
                             "is lost.")
        self._follow_choice()

    def _not_listed(self, error: Exception) -> None:
        self._task = None
        self.summary.setText(error.plain() if isinstance(error, BookError) else
                             "The history could not be read.")

    def chosen(self) -> Version | None:
        rows = self.table.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    def _follow_choice(self) -> None:
        chosen = self.chosen()
        self.show_button.setEnabled(chosen is not None)
        self.bring_back_button.setEnabled(chosen is not None and chosen is not self.versions[0])

    def show_version(self) -> None:
        chosen = self.chosen()
        if chosen is None or self._opened is None or self._chapter is None:
            return
        from coauthor_desk.manuscript import front_matter

        try:
            text = self._opened.history.text_at(chosen.id, self._chapter.file)
            _, words = front_matter.split_text(self._chapter.file, text)
        except BookError as error:
            words = error.plain()
        self.old_words.setPlainText(words)

    def clear(self) -> None:
        self._chapter = None
        self.versions = []
        self.table.setRowCount(0)
        self.old_words.clear()
        self.summary.clear()
