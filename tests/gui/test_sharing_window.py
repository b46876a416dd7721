"""Sharing from the window: the File menu's Sharing entries, their dialogs, and the status line
("Not connected…", "Up to date", "1 change to share"), with real shared copies in folders."""

from __future__ import annotations

from pathlib import Path

from test_accessibility import INSIDE_WORDS, nameless, own_words
from test_main_window import shown_window

from coauthor_desk.gui.sharing import GetDialog, ShareDialog
from coauthor_desk.history.sharing import get
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import files

SAM = Identity("Sam Jones", "sam.jones@example.org")
CHAPTER = "chapters/my-story.md"


def test_share_then_sync_from_the_window(qtbot, small_book: Path, tmp_path: Path):
    window = shown_window(qtbot, small_book)
    status = window.sharing.status
    qtbot.waitUntil(lambda: status.text() == "Not connected: working on this computer",
                    timeout=10000)
    dialog = window.sharing.ask_to_share()
    assert dialog is not None
    qtbot.addWidget(dialog)
    shared = tmp_path / "shared drive"
    dialog.address.setText(str(shared))
    dialog.accept()
    qtbot.waitUntil(lambda: not window.busy and status.text() == "Up to date", timeout=20000)
    assert (shared / "HEAD").is_file()
    assert "Shared" in window.message.text()

    # Someone else shares a change from another computer; the window gets it.
    other = tmp_path / "other"
    get(str(shared), other)
    with History(other).transaction(SAM, "Sam wrote more"):
        text = files.read_text(other, CHAPTER)
        files.write_text(other, CHAPTER, text.text + "\nWords from Sam's computer.\n",
                         text.fingerprint)
    from coauthor_desk.history.sharing import sync

    sync(other, SAM)
    window.sharing.sync_now()
    qtbot.waitUntil(lambda: not window.busy and "Words from Sam's computer." in
                    (small_book / CHAPTER).read_text("utf-8"), timeout=20000)
    qtbot.waitUntil(lambda: status.text() == "Up to date", timeout=10000)
    assert "got the latest" in window.message.text().lower()
    said = [status.text(), window.message.text(), *own_words(dialog)]
    assert [w for w in said if INSIDE_WORDS.search(w)] == []


def test_sharing_dialogs_are_named_and_plain(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    sharing_menu = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "S&haring" in sharing_menu
    for dialog in (ShareDialog(window), GetDialog(window)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.accessibleName() and nameless(dialog) == []
        assert [w for w in own_words(dialog) if INSIDE_WORDS.search(w)] == []
    assert [w for w in own_words(window) if INSIDE_WORDS.search(w)] == []
