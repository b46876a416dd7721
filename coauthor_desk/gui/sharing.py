"""Sharing from the window: the Sharing entries of the File menu and the status line.

"Share this book…" asks where the shared copy lives; "Share my changes and get the latest"
syncs now; "Get a shared book…" copies one to this computer. When the book is shared, the
window gets the latest every few minutes and shares each saved version soon after it is made.
Every sync runs in the background (gui/worker.py) through the window's own change machinery,
so the book is shown anew afterwards; the status line says where sharing stands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.history.versions import Identity

if TYPE_CHECKING:
    from coauthor_desk.gui.main_window import MainWindow
    from coauthor_desk.session import OpenBook

EVERY = 5 * 60 * 1000  # milliseconds between getting the latest, when the book is shared
AFTER_SAVING = 3 * 1000  # a saved version is shared this long after it is made
_ADDRESS_HINT = "https://server/our-book, you@server:our-book, or a shared folder"


def _buttons(dialog: QDialog, ok_words: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.addButton(ok_words, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    for button in buttons.buttons():
        button.setAccessibleName(button.text().replace("&", ""))
    return buttons


class ShareDialog(QDialog):
    """Where the book's shared copy lives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share this book")
        self.setAccessibleName("Share this book")
        self.address = QLineEdit()
        self.address.setAccessibleName("Where the shared copy lives")
        self.address.setPlaceholderText(_ADDRESS_HINT)
        choose = QPushButton("Choose a &folder…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(choose)
        note = QLabel("The address of the shared copy on your organisation's server, or a "
                      "folder on a shared drive (an empty folder gets a new shared copy). "
                      "Passwords stay in this computer's own saved passwords.")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Shared copy:", row)
        form.addRow(_buttons(self, "&Share"))

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the folder for the shared copy")
        if folder:
            self.address.setText(folder)

    def choice(self) -> str:
        return self.address.text().strip()


class GetDialog(QDialog):
    """A shared book's address, and the new folder for it on this computer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get a shared book")
        self.setAccessibleName("Get a shared book")
        self.address = QLineEdit()
        self.address.setAccessibleName("Where the shared copy lives")
        self.address.setPlaceholderText(_ADDRESS_HINT)
        self.folder = QLineEdit()
        self.folder.setAccessibleName("A new folder for the book on this computer")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the folder for the book")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form = QFormLayout(self)
        form.addRow("Shared copy:", self.address)
        form.addRow("Put it in:", row)
        form.addRow(_buttons(self, "&Get the book"))

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the book")
        if folder:
            self.folder.setText(folder)

    def choice(self) -> tuple[str, Path]:
        return self.address.text().strip(), Path(self.folder.text().strip())


def identity(opened: OpenBook, me: str | None) -> Identity:
    """Who shares: the window's person, or this computer's own name and e-mail."""
    from coauthor_desk.history.versions import identity_of

    if me is not None and me in opened.book.people:
        return identity_of(opened.book.people[me])
    own = opened.history.own_identity()
    return Identity(own.name or "Someone", own.email or "someone@people.invalid")


class SharingControl(QObject):
    """The window's sharing: its status line, its menu entries and its timers."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.status = QLabel("Not connected: working on this computer")
        self.status.setAccessibleName("Sharing")
        window.statusBar().addPermanentWidget(self.status)
        self._seen_head: str | None = None
        self._status_task: Task | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.sync_now(quietly=True))
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(lambda: self.sync_now(quietly=True))
        self.connected = False

    # Shown with the book -----------------------------------------------------------------------
    def book_shown(self, opened: OpenBook) -> None:
        """After the book is (re)opened: the status line, and sharing a new saved version."""
        from coauthor_desk.history.sharing import sharing_status

        root, head = opened.book.root, opened.history.head()
        new_version = self._seen_head is not None and head != self._seen_head
        self._seen_head = head

        def done(words: str) -> None:
            self._status_task = None
            self.status.setText(words)
            self.connected = not words.startswith("Not connected")
            if not self.connected:
                self._timer.stop()
            elif not self._timer.isActive():
                self._timer.start(EVERY)
            if self.connected and new_version and words != "Up to date":
                self._soon.start(AFTER_SAVING)

        self._status_task = run_in_background(lambda: sharing_status(root), done,
                                              lambda error: done(self.status.text()))

    # Menu entries ------------------------------------------------------------------------------
    def ask_to_share(self) -> ShareDialog | None:
        if self.window.opened is None:
            self.window.message.setText("Open a book first, then share it.")
            return None
        dialog = ShareDialog(self.window)
        dialog.accepted.connect(lambda: self.share(dialog.choice()))
        dialog.open()
        return dialog

    def share(self, address: str) -> None:
        from coauthor_desk.history.sharing import share

        self._run(f"Sharing the book with {address}…",
                  lambda opened, who, say: share(opened.book.root, address, who, say),
                  "The book was not shared.")

    def sync_now(self, quietly: bool = False) -> None:
        """Get the latest and share mine (quietly: only when free, saying nothing if busy)."""
        from coauthor_desk.history.sharing import sync

        if quietly and (not self.connected or self.window.busy or self.window.opened is None):
            return
        self._run("Getting the latest and sharing your changes…",
                  lambda opened, who, say: sync(opened.book.root, who, say),
                  "Sharing did not happen this time.")

    def ask_to_get(self) -> GetDialog:
        dialog = GetDialog(self.window)
        dialog.accepted.connect(lambda: self.get(*dialog.choice()))
        dialog.open()
        return dialog

    def get(self, address: str, folder: Path) -> None:
        from coauthor_desk.history.sharing import get

        def work() -> Path:
            get(address, folder)
            return folder

        self.window.message.setText(f"Copying the shared book into {folder}…")
        self.window._make_then_open(f"Copying the shared book into {folder}…", work)  # noqa: SLF001

    def _run(self, doing: str, work: Callable, failed: str) -> None:
        window = self.window
        view = window._ready()  # noqa: SLF001 (says why not, when not)
        if view is None:
            return
        opened = view.opened
        who = identity(opened, view.me)

        def say(words: str) -> None:  # progress, shown in the window's message line
            task = window._task  # noqa: SLF001 (the background work this runs in)
            if task is not None:
                task.signals.said.emit(words)

        def background() -> str:
            result = work(opened, who, say)
            return " ".join([result.summary(), *result.notes, *result.warnings])

        window._change(doing, background, failed)  # noqa: SLF001
