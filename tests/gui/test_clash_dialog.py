"""Choosing between two people's words from the window: the clash's row on the Waiting tab
opens a dialog with both sentences and who wrote each; writing it again puts the new words in
the chapter, and the clash no longer waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_accessibility import INSIDE_WORDS, nameless, own_words
from test_main_window import shown_window

from coauthor_desk.gui.clash_dialog import ClashDialog
from coauthor_desk.history.sharing import get, open_clashes, share, sync
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import files

HELEN = Identity("Helen Marsh", "helen.marsh@example.org")
SAM = Identity("Sam Jones", "sam.jones@example.org")
CHAPTER = "chapters/my-story.md"


def edit(root: Path, who: Identity, old: str, new: str) -> None:
    with History(root).transaction(who, f"{who.name} edited"):
        text = files.read_text(root, CHAPTER)
        files.write_text(root, CHAPTER, text.text.replace(old, new, 1), text.fingerprint)


@pytest.fixture
def clashed(small_book: Path, tmp_path: Path) -> Path:
    """Sam's copy of a book where Helen and Sam changed the same sentence."""
    edit(small_book, HELEN, "# Background\n", "# Background\n\nI grew up by the sea. My mother "
         "worked at the harbour. We moved inland.\n")
    shared = tmp_path / "shared"
    share(small_book, str(shared), HELEN)
    sam = tmp_path / "sam"
    get(str(shared), sam)
    edit(small_book, HELEN, "My mother worked at the harbour.", "My mother ran the café.")
    edit(sam, SAM, "My mother worked at the harbour.", "My mother mended nets.")
    sync(small_book, HELEN)
    assert sync(sam, SAM).clashes == 1
    return sam


def test_writing_it_again_from_the_waiting_tab(qtbot, clashed: Path):
    window = shown_window(qtbot, clashed)
    kinds = [w.kind for w in window.view.waiting]
    row = kinds.index("clash")
    window.lists.setCurrentWidget(window.waiting)
    item = window.waiting.item(row, 1)
    assert "both changed the same sentence" in item.text()
    window.waiting.setCurrentItem(item)
    window.waiting.itemActivated.emit(item)  # as Enter or a double click on the row
    dialog = window.findChild(ClashDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.kept.toPlainText() == "My mother ran the café."
    assert dialog.other.toPlainText() == "My mother mended nets."
    assert dialog.use_kept.text() == "Use Helen Marsh's words"
    assert dialog.use_other.text() == "Use Sam Jones's words"
    assert dialog.words.toPlainText() == "My mother ran the café."  # to start from
    assert nameless(dialog) == []
    assert [w for w in own_words(dialog) if INSIDE_WORDS.search(w)] == []
    dialog.person.setCurrentIndex(dialog.person.findData("sam-jones"))
    dialog.words.setPlainText("My mother ran the café and mended nets.")
    assert dialog.write_again.isChecked()
    choose = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Choose")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy and window.view is not None and
                    all(w.kind != "clash" for w in window.view.waiting), timeout=20000)
    words = (clashed / CHAPTER).read_text("utf-8")
    assert "I grew up by the sea. My mother ran the café and mended nets. We moved" in words
    assert open_clashes(clashed) == ([], [])
    assert History(clashed).versions()[0].name == "Sam Jones"
    assert "wrote again a sentence" in window.message.text()
    assert "mended nets" in window.reader.text.toPlainText()


def test_the_sharing_menu_opens_the_choice_or_says_nothing_waits(qtbot, clashed: Path,
                                                                  small_book: Path):
    window = shown_window(qtbot, clashed)
    action = next(a for menu in window.menuBar().findChildren(type(window.recent_menu))
                  for a in menu.actions() if a.text() == "&Choose between them…")
    action.trigger()
    dialog = window.findChild(ClashDialog)
    assert dialog is not None and dialog.record.file == open_clashes(clashed)[0][0].file
    dialog.reject()
    dialog.deleteLater()
    other = shown_window(qtbot, small_book)
    assert other.ask_to_choose() is None
    assert "Nothing is waiting for a choice" in other.message.text()
