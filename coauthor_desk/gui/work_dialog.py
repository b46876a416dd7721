"""A dialog that does one slow job (making a file, bringing one in) away from the window's
thread, with a progress bar and the result or the problem in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.problems import BookError, Problem

# The job: given a way to report progress (what, done, total), do the work and say what was done.
Job = Callable[[Callable[[str, int, int], None]], str]


class WorkDialog(QDialog):
    """Subclasses fill `form` with their choices and implement `job()`."""

    progress = Signal(str, int, int)  # may be emitted from the background thread
    finished_work = Signal(str)  # what was done, once it is done

    def __init__(self, title: str, start_words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._task: Task | None = None
        self.form = QFormLayout()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.hide()
        self.status = QLabel("")
        self.status.setAccessibleName("What is happening")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(start_words,
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setAccessibleName(start_words.replace("&", ""))
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.progress.connect(self._advance)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def job(self) -> Job:
        """The work for the choices made, or raise BookError to say what is missing."""
        raise NotImplementedError

    def start(self) -> None:
        if self.busy:
            return
        try:
            job = self.job()
        except BookError as error:
            self.status.setText(error.plain())
            return
        self.start_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.status.setText("Starting…")
        self._task = run_in_background(lambda: job(self.progress.emit), self._done,
                                       self._failed)

    def _advance(self, what: str, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(f"{what}…" if done < total else what)

    def _done(self, words: str) -> None:
        self._task = None
        self.bar.hide()
        self.start_button.setEnabled(True)
        self.status.setText(words)
        self.finished_work.emit(words)

    def _failed(self, error: Exception) -> None:
        self._task = None
        self.bar.hide()
        self.start_button.setEnabled(True)
        self.status.setText(("That could not be done. " + error.plain()) if
                            isinstance(error, BookError) else "Something unexpected went "
                            "wrong, so that was not done. Nothing in the book was changed.")

    def reject(self) -> None:
        if not self.busy:  # the work finishes first; closing mid-way would hide its result
            super().reject()


def path_field(name: str, choose: Callable[[], str], start: str = "") -> tuple[QWidget,
                                                                                QLineEdit]:
    """A line for a file or folder name with a 'Choose…' button beside it."""
    line = QLineEdit(start)
    line.setAccessibleName(name)
    button = QPushButton("Choose…")
    button.setAccessibleName(f"Choose {name[0].lower()}{name[1:]}")

    def chosen() -> None:
        picked = choose()
        if picked:
            line.setText(picked)

    button.clicked.connect(chosen)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(line, 1)
    layout.addWidget(button)
    return row, line


def chosen_path(line: QLineEdit, what: str) -> Path:
    """The path typed or chosen, or a plain BookError when there is none."""
    text = line.text().strip()
    if not text:
        raise BookError(Problem(what, f"Say where: the {what} is missing.",
                                "Type it, or use the Choose button."))
    return Path(text).expanduser()


def save_name(parent: QWidget, title: str, suggested: str, kinds: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, suggested, kinds)[0]
