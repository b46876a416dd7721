"""Editing a chapter in the window: typing, live suggestions, saving a version, and getting
unsaved words back after a crash. Real widgets offscreen, real git underneath."""

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from test_main_window import shown_window, type_at_end, unnamed_controls

from coauthor_desk.manuscript import recovery
from coauthor_desk.manuscript.model import count_words
from coauthor_desk.session import open_book


def test_typing_then_saving_a_version(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    assert not window.reader.save_button.isEnabled()
    type_at_end(qtbot, window, "My first line.")
    assert window.reader.save_button.isEnabled()
    window.save_version("sam-jones", "Wrote my first line")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    opened = open_book(small_book)
    assert opened.book.chapters["my-story"].body.endswith("My first line.")
    newest = opened.history.versions(limit=1)[0]
    assert (newest.description, newest.name) == ("Wrote my first line", "Sam Jones")
    assert "Saved a version of 'My story': Wrote my first line." in window.message.text()
    assert not window.reader.save_button.isEnabled() and not window.reader.text.has_changes


def test_suggestions_are_underlined_while_typing(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, "We signposted every service user to the stakeholders.")
    window.reader.text.check_now()  # what the pause after typing does
    jargon = [f for f in window.reader.text.findings if f.check == "jargon"]
    assert {f.quote.lower() for f in jargon} >= {"signposted", "service user"}
    assert len(window.reader.text.extraSelections()) == len(window.reader.text.findings)
    text = window.reader.text
    where = text.toPlainText().index("service user") + 2
    assert text.finding_at(where).quote.lower() == "service user"
    assert window.reader.word_count.text() == f"{count_words(text.toPlainText())} words"


def test_unsaved_words_come_back_after_a_crash(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, "Words typed just before the power went.")
    window.reader.text._recovery_timer.setInterval(10)  # the few idle seconds, shortened
    window.reader.text._recovery_timer.start()
    qtbot.waitUntil(lambda: recovery.copy_file(small_book, "my-story").exists())
    window.view = window.reader.opened = None  # the crash: nothing else happens here

    again = shown_window(qtbot, small_book)
    assert again.reader.recovered.isVisible() and again.reader.bring_back_button.isVisible()
    assert "never saved as a version" in again.reader.recovered.text()
    assert unnamed_controls(again) == []
    assert "power went" not in again.reader.text.toPlainText()  # offered, not applied
    qtbot.mouseClick(again.reader.bring_back_button, Qt.MouseButton.LeftButton)
    assert again.reader.text.toPlainText().endswith("Words typed just before the power went.")
    assert again.reader.text.has_changes and again.reader.save_button.isEnabled()
    assert not again.reader.recovered.isVisible()


def test_putting_unsaved_words_aside(qtbot, small_book: Path):
    opened = open_book(small_book)
    recovery.keep(small_book, opened.book.chapters["my-story"], "Old unsaved words.\n")
    window = shown_window(qtbot, small_book)
    qtbot.mouseClick(window.reader.put_aside_button, Qt.MouseButton.LeftButton)
    assert not window.reader.recovered.isVisible()
    assert recovery.recoveries(open_book(small_book).book) == []


def test_moving_to_another_chapter_keeps_the_unsaved_words(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    window.chapters.selectRow(2)
    type_at_end(qtbot, window, "An unsaved thought.")
    window.chapters.selectRow(3)
    [kept] = recovery.recoveries(open_book(example_book).book)
    assert kept.chapter == "03-caring-for-ron" and kept.body.endswith("An unsaved thought.")
    window.chapters.selectRow(2)
    assert window.reader.recovered.isVisible()


def test_the_history_shows_and_brings_back_an_older_version(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, "The words I liked.")
    window.save_version("sam-jones", "Words I liked")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    window.reader.text.selectAll()
    qtbot.keyClicks(window.reader.text, "Words I regret.")
    window.save_version("helen-marsh", "Rewrote it all")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    history = window.reader.history
    assert [history.table.item(r, 2).text() for r in range(2)] == ["Rewrote it all",
                                                                   "Words I liked"]
    assert unnamed_controls(window) == []
    history.table.selectRow(1)
    qtbot.mouseClick(history.show_button, Qt.MouseButton.LeftButton)
    assert history.old_words.toPlainText().endswith("The words I liked.")
    assert history.bring_back_button.isEnabled()
    window.bring_back_version(history.chosen().id, "sam-jones")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.text.toPlainText().endswith("The words I liked.")
    assert history.table.item(0, 2).text().startswith("Sam brought back the words of 'My story'")
    assert history.table.rowCount() == 4  # the regretted words are still in the history


def test_a_file_changed_outside_is_shown_when_nothing_is_being_typed(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nA line a co-author added with git.\n",
                       "utf-8")
    qtbot.waitUntil(lambda: window.reader.text.toPlainText().endswith("added with git.\n"),
                    timeout=10000)
    assert "was changed outside CoAuthor Desk" in window.message.text()


def test_a_file_changed_outside_while_typing_keeps_both(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, "My own new line.")
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nTheir line.\n", "utf-8")
    qtbot.waitUntil(lambda: window.reader.outside.isVisible(), timeout=10000)
    assert window.reader.text.toPlainText().endswith("My own new line.")  # nothing replaced
    assert chapter.read_text("utf-8").endswith("Their line.\n")  # nothing saved over
    qtbot.mouseClick(window.reader.show_theirs_button, Qt.MouseButton.LeftButton)
    assert window.reader.history.old_words.toPlainText().endswith("Their line.\n")
    [kept] = recovery.recoveries(open_book(small_book).book)
    assert kept.body.endswith("My own new line.") and kept.chapter_changed
    window.save_version("sam-jones", "Mine")
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert "changed outside CoAuthor Desk since it was opened" in window.message.text()
    assert chapter.read_text("utf-8").endswith("Their line.\n")


def test_replying_to_marking_done_and_using_suggested_words(qtbot, example_book: Path):
    from coauthor_desk.comments.actions import start_thread
    from coauthor_desk.comments.file_format import load_threads

    opened = open_book(example_book)
    start_thread(opened, "10-after-the-stroke", "the number 36", "kwame-mensah",
                 "Which town was that?", "david-lowe", "question")
    start_thread(open_book(example_book), "10-after-the-stroke", "the number 36",
                 "kwame-mensah", "Perhaps name the bus?", "david-lowe", "suggestion",
                 proposed="the number 36 bus")
    window = shown_window(qtbot, example_book)
    panel = window.comments
    window.lists.setCurrentWidget(panel)
    assert unnamed_controls(panel) == []

    def choose(text: str) -> None:
        row = next(i for i, t in enumerate(panel.threads) if t["messages"][0]["text"] == text)
        panel.table.selectRow(row)

    def act(button: str) -> None:
        qtbot.mouseClick(panel.buttons[button], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.busy, timeout=20000)

    choose("Which town was that?")
    panel.who.setCurrentIndex(panel.who.findData("kwame-mensah"))
    panel.reply_text.setText("Leeds, on the way to the market.")
    act("reply")
    assert "Kwame Mensah replied." in window.message.text()
    choose("Which town was that?")
    assert "Leeds, on the way to the market." in panel.conversation.toPlainText()
    act("done")
    choose("Perhaps name the bus?")
    panel.who.setCurrentIndex(panel.who.findData("kwame-mensah"))
    act("accept")
    assert "used the suggested words" in window.message.text()
    body = open_book(example_book).book.chapters["10-after-the-stroke"].body
    assert "the number 36 bus" in body
    threads = {t.messages[0].text: t for t in load_threads(open_book(example_book).book)[0]}
    assert not threads["Which town was that?"].is_open
    assert threads["Which town was that?"].messages[-1].text == "Leeds, on the way to the market."


def test_moving_a_chapter_by_keyboard_and_by_dragging(qtbot, example_book: Path):
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    window = shown_window(qtbot, example_book)
    window.chapters.selectRow(0)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go, Chapters
    assert window.chapters.hasFocus()
    qtbot.keyClick(window.chapters, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    order = open_book(example_book).book.chapter_order
    assert order[:2] == ["02-leaving-care", "01-introduction"]
    assert window.chapters.item(1, 0).text() == "Introduction"
    assert window.reader.chapter_title.text() == "Introduction"  # the moved chapter stays chosen
    assert "Moved 'Introduction' to be chapter 2" in window.message.text()

    window.chapters.selectRow(7)  # 'Therapy in a second language'
    target = window.chapters.visualItemRect(window.chapters.item(2, 0)).center()
    drop = QDropEvent(QPointF(target), Qt.DropAction.MoveAction, QMimeData(),
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.chapters.dropEvent(drop)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert open_book(example_book).book.chapter_order[2] == "08-therapy-in-a-second-language"
    newest = open_book(example_book).history.versions(limit=1)[0]
    assert newest.description == "Moved 'Therapy in a second language' to be chapter 3"


def test_adding_a_person_and_changing_their_details(qtbot, example_book: Path):
    from coauthor_desk.manuscript.model import CreditAs

    window = shown_window(qtbot, example_book)
    dialog = window.ask_about_person(None)
    assert unnamed_controls(dialog) == []
    dialog.name.setText("Ruth Okafor")
    dialog.credit.setCurrentIndex(dialog.credit.findData(CreditAs.FIRST_NAME))
    dialog.needs["large-print"].setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    ruth = open_book(example_book).book.people["ruth-okafor"]
    assert (ruth.credited_as, ruth.access_needs, ruth.roles) == ("Ruth", ["large-print"],
                                                                 ["co-author"])
    assert "Added Ruth Okafor to the book." in window.message.text()
    names = [window.people.table.item(r, 0).text() for r in range(window.people.table.rowCount())]
    window.people.table.selectRow(names.index("Tomasz Nowak"))
    dialog = window.ask_about_person(window.people.chosen())
    assert dialog.name.text() == "Tomasz Nowak" and dialog.about.toPlainText()
    dialog.needs["audio"].setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    tomasz = open_book(example_book).book.people["tomasz-nowak"]
    assert tomasz.access_needs == ["audio"] and tomasz.git_identities
    newest = open_book(example_book).history.versions(limit=1)[0]
    assert newest.description == "Changed Tomasz Nowak's details"


def test_a_move_that_cannot_be_saved_changes_nothing(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    book_file = (example_book / "book.yaml").read_text("utf-8")
    # Something that is not git's lock file stands where git must put one: git cannot save.
    lock = example_book / ".git" / "refs" / "heads" / "main.lock"
    lock.mkdir()
    window.move_chapter_to(0, 1)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.message.text().startswith("The chapter was not moved.")
    assert "Another program was saving" in window.message.text()  # why, and what to do
    assert "delete" not in window.message.text()
    assert (example_book / "book.yaml").read_text("utf-8") == book_file
    lock.rmdir()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=example_book, check=True,
                          capture_output=True, text=True).stdout == ""  # nothing half-saved
    window.open_folder(example_book)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert [window.chapters.item(r, 0).text() for r in range(2)] == [
        "Introduction", "Leaving care at eighteen"]
    window.chapters.selectRow(4)  # 'Getting out', then saved: it stays on screen
    window.save_version("claire-bennett", "A new line")  # (nothing typed: nothing to save)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert window.reader.chapter_title.text() == "Getting out"


def test_a_save_that_waits_for_another_says_so_in_the_window(qtbot, small_book: Path):
    import threading

    from filelock import FileLock

    window = shown_window(qtbot, small_book)
    type_at_end(qtbot, window, "Words saved while another save runs.")
    held, done = threading.Event(), threading.Event()

    def another_save() -> None:  # holds the book's lock until the window has said it waits
        with FileLock(small_book / ".git" / "coauthor" / "lock"):
            held.set()
            done.wait(30)

    (small_book / ".git" / "coauthor").mkdir(exist_ok=True)
    threading.Thread(target=another_save).start()
    held.wait()
    window.save_version("sam-jones", "After the other")
    try:
        qtbot.waitUntil(lambda: "Another save is under way" in window.message.text(),
                        timeout=20000)
    finally:
        done.set()
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    assert "Saved a version of 'My story': After the other." in window.message.text()
