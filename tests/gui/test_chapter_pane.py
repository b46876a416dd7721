"""The chosen chapter: comments shown and answered beside its text, and dialogs reached from
the window itself (answered as a person would, while the dialog waits)."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from test_main_window import shown_window, type_at_end, unnamed_controls

from coauthor_desk.comments.actions import start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.history.versions import Identity
from coauthor_desk.manuscript import recovery
from coauthor_desk.session import open_book

EDITOR = Identity("Helen Marsh", "helen.marsh@example.org")


def answer_dialog(kind: type[QDialog], answer: Callable[[QDialog], None]) -> dict:
    """Answer the next modal dialog of `kind` the window opens; what was seen comes back."""
    seen: dict = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, look)
            return
        seen["unnamed"] = unnamed_controls(dialog)
        answer(dialog)
        seen["done"] = True

    QTimer.singleShot(0, look)
    return seen


def _book_with_a_question(small_book: Path) -> str:
    """Sam's chapter tells of a flat, and Helen has asked about it."""
    file = small_book / open_book(small_book).book.chapters["my-story"].file
    file.write_text(file.read_text("utf-8") + "\nI moved into my own flat when I was "
                    "eighteen.\n", "utf-8")
    open_book(small_book).history.save_files_as_version(EDITOR, "Wrote about the flat")
    thread = start_thread(open_book(small_book), "my-story", "my own flat", by="helen-marsh",
                          to="sam-jones", text="What was the flat like?")
    return thread.id


def test_comments_on_the_chapter_are_beside_its_text(qtbot, small_book: Path):
    thread_id = _book_with_a_question(small_book)
    window = shown_window(qtbot, small_book)
    beside = window.reader.comments
    assert beside.isVisible() and beside.table.rowCount() == 1
    assert "1 open, 0 done" in beside.summary.text()
    beside.table.selectRow(0)
    text = window.reader.text
    assert text.textCursor().selectedText() == "my own flat"  # its words, chosen in the text
    assert "What was the flat like?" in beside.conversation.toPlainText()

    beside.who.setCurrentIndex(beside.who.findData("sam-jones"))
    beside.reply_text.setText("Small, but it was mine.")
    beside.buttons["reply"].click()
    qtbot.waitUntil(lambda: not window.busy and "replied" in window.message.text(),
                    timeout=20000)
    thread = next(t for t in load_threads(open_book(small_book).book)[0] if t.id == thread_id)
    assert [m.text for m in thread.messages][-1] == "Small, but it was mine."
    beside.table.selectRow(0)
    beside.buttons["done"].click()
    qtbot.waitUntil(lambda: not window.busy and "marked the comment as done" in
                    window.message.text(), timeout=20000)
    assert "0 open, 1 done" in window.reader.comments.summary.text()
    assert window.chapters.item(0, 5).text() == "0"  # no open comments left on the chapter


def test_a_comment_left_from_the_window_asks_in_a_dialog(qtbot, small_book: Path):
    from coauthor_desk.gui.comment_dialog import CommentDialog

    _book_with_a_question(small_book)
    window = shown_window(qtbot, small_book)
    window.ask_for_comment()  # nothing chosen yet
    assert "Choose some words in the chapter first" in window.message.text()
    text = window.reader.text
    cursor = text.textCursor()
    start = text.toPlainText().index("eighteen")
    cursor.setPosition(start)
    cursor.setPosition(start + len("eighteen"), cursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)

    def ask(dialog: QDialog) -> None:
        assert isinstance(dialog, CommentDialog)
        dialog.text.setPlainText("How did it feel to be on your own?")
        dialog.accept()

    seen = answer_dialog(CommentDialog, ask)
    window.ask_for_comment()
    assert seen == {"unnamed": [], "done": True}
    qtbot.waitUntil(lambda: not window.busy and "Left a" in window.message.text(),
                    timeout=20000)
    threads = load_threads(open_book(small_book).book)[0]
    assert {t.anchor.quote for t in threads} == {"my own flat", "eighteen"}
    assert window.reader.comments.table.rowCount() == 2


def test_saving_a_version_from_the_window_asks_who_and_what(qtbot, small_book: Path):
    from coauthor_desk.gui.save_version_dialog import SaveVersionDialog

    window = shown_window(qtbot, small_book)
    window.reader.text.moveCursor(window.reader.text.textCursor().MoveOperation.End)
    window.reader.text.insertPlainText("\nA new line.")

    def save(dialog: QDialog) -> None:
        assert isinstance(dialog, SaveVersionDialog)
        dialog.person.setCurrentIndex(dialog.person.findData("sam-jones"))
        dialog.description.setText("Added a line")
        dialog.accept()

    seen = answer_dialog(SaveVersionDialog, save)
    window.reader.save_button.click()
    assert seen == {"unnamed": [], "done": True}
    qtbot.waitUntil(lambda: not window.busy and "Saved a version" in window.message.text(),
                    timeout=20000)
    newest = open_book(small_book).history.versions(limit=1)[0]
    assert (newest.name, newest.description) == ("Sam Jones", "Added a line")
    assert not window.reader.recovered.isVisible()  # saved words are not offered back


def test_saving_is_not_taken_for_a_change_from_outside(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Saved here.")
    window.reader.keep_unsaved()  # a recovery copy, as the pause after typing keeps one
    window.save_version("sam-jones", "Saved here")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    qtbot.wait(300)  # any news from the file watcher arrives
    assert not window.reader.outside.isVisible()
    assert not window.reader.recovered.isVisible()
    assert "changed outside" not in window.message.text()
    assert window.reader.text.toPlainText().endswith("Saved here.")
    assert not window.reader.save_button.isEnabled()


def test_typed_words_stay_when_the_book_is_shown_again(qtbot, small_book: Path):
    _book_with_a_question(small_book)
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Still typing")
    window.reader.comments.table.selectRow(0)
    window.act_on_thread("reply", window.reader.comments.threads[0]["id"], "helen-marsh",
                         "Thank you.")
    qtbot.waitUntil(lambda: not window.busy and "replied" in window.message.text(),
                    timeout=20000)
    assert window.reader.text.toPlainText().endswith("Still typing")
    assert window.reader.save_button.isEnabled() and not window.reader.recovered.isVisible()


def test_words_typed_over_a_changed_chapter_are_kept_aside_and_offered(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Mine.")
    file = small_book / window.reader.chapter.file
    file.write_text(file.read_text("utf-8") + "\nTheirs.\n", "utf-8")
    open_book(small_book).history.save_files_as_version(EDITOR, "Theirs")
    window.open_folder(small_book)  # shown again with the newest words
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.text.toPlainText().rstrip().endswith("Theirs.")
    assert window.reader.recovered.isVisible()  # "Mine." is offered back, not lost
    window.reader.bring_back_button.click()
    assert window.reader.text.toPlainText().endswith("Mine.")


def test_a_book_with_no_chapters_shows_none(qtbot, small_book: Path, tmp_path: Path):
    from coauthor_desk.history.versions import start_history
    from coauthor_desk.manuscript.edit import write_new_book

    empty = tmp_path / "empty"
    write_new_book(empty, "Nothing Yet", "Helen Marsh")
    start_history(empty, EDITOR, "Started")
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Unsaved.")
    window.open_other(empty)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.chapter is None and window.reader.text.toPlainText() == ""
    assert recovery.copy_file(small_book, "my-story").exists()


def test_a_book_that_cannot_be_opened_keeps_the_typed_words(qtbot, small_book: Path,
                                                            tmp_path: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Unsaved.")
    window.open_other(tmp_path / "not-a-book")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert "could not be opened" in window.message.text()
    assert recovery.copy_file(small_book, "my-story").exists()
    assert not window.reader.recovered.isVisible() and window.reader.word_count.text() == ""


def test_another_book_waits_until_a_save_is_done(qtbot, small_book: Path, example_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " More.")
    window.save_version("sam-jones", "More")
    window.open_other(example_book)  # at once, while saving
    assert "Wait a moment" in window.message.text()
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.opened.book.root.resolve() == small_book.resolve()
    assert "Saved a version" in window.message.text()


def test_a_house_style_that_cannot_be_read_still_shows_the_chapter(qtbot, small_book: Path):
    book_file = small_book / "book.yaml"
    text = book_file.read_text("utf-8")
    assert "reading_level: general" in text
    book_file.write_text(text.replace("reading_level: general", "reading_level: very-simple"),
                         "utf-8")
    window = shown_window(qtbot, small_book)
    assert window.reader.chapter_title.text() == "My story"
    summary = window.reader.suggestions.summary.text()
    assert summary.startswith("No suggestions:") and "very-simple" in summary
    assert "Use 'general' or 'easy-read'" in summary
    words = window.reader.word_count.text()
    type_at_end(qtbot, window, " Three more words.")
    window.reader.text.check_now()
    window.reader.text.check_aside()  # (what the pause after typing does)
    assert window.reader.text.findings == []
    assert window.reader.word_count.text() != words  # the count still follows the typing


def test_a_half_written_chapter_file_while_typing_keeps_both(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Mine.")
    file = small_book / window.reader.chapter.file
    file.write_text("", "utf-8")  # another program empties it before writing it again
    qtbot.waitUntil(lambda: window.reader.outside.isVisible(), timeout=5000)
    assert window.reader.text.toPlainText().endswith("Mine.")
    assert recovery.copy_file(small_book, "my-story").exists()


def test_typed_words_never_follow_into_another_copy_of_the_book(qtbot, small_book: Path,
                                                               tmp_path: Path):
    import shutil

    copy = tmp_path / "backup-copy"
    shutil.copytree(small_book, copy)
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Typed in the first.")
    window.open_other(copy)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.opened.book.root.name == "backup-copy"
    assert not window.reader.text.toPlainText().endswith("Typed in the first.")
    assert recovery.copy_file(small_book, "my-story").exists()
    assert not recovery.copy_file(copy, "my-story").exists()


def test_words_typed_while_a_version_is_saved_stay_on_screen(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Saved.")
    window.save_version("sam-jones", "Saved")
    type_at_end(qtbot, window, " Typed meanwhile.")  # the window stays free while it saves
    assert window.busy  # (the save is told of only when the window's loop runs again)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.text.toPlainText().endswith("Saved. Typed meanwhile.")
    assert open_book(small_book).book.chapters["my-story"].body.rstrip().endswith("Saved.")
    assert window.reader.save_button.isEnabled() and not window.reader.recovered.isVisible()


def test_words_on_offer_are_chosen_about_before_typing(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, " Before the crash.")
    window.reader.keep_unsaved()
    window.view = window.reader.opened = None  # the crash
    again = shown_window(qtbot, small_book)
    assert again.reader.recovered.isVisible() and again.reader.text.isReadOnly()
    assert "Bring them back or put them aside, then type here." in again.reader.recovered.text()
    again.reader.bring_back_button.click()
    assert not again.reader.text.isReadOnly()
    assert again.reader.text.toPlainText().endswith("Before the crash.")
