from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from coauthor_desk.cli import main
from coauthor_desk.gui.main_window import MainWindow
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book

INTERACTIVE = ("QAbstractButton", "QAbstractItemView", "QPlainTextEdit", "QLineEdit",
               "QComboBox", "QTabWidget", "QAbstractSpinBox", "QMenuBar", "QHeaderView")


@pytest.fixture
def window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def unnamed_controls(parent: QWidget) -> list[str]:
    """Visible controls a screen reader could not name (buttons may use their text)."""
    return [type(w).__name__ for w in parent.findChildren(QWidget)
            if any(w.inherits(kind) for kind in INTERACTIVE) and w.isVisible()
            and not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
            and not w.objectName().startswith("qt_")]


def open_and_wait(qtbot, window: MainWindow, folder: Path) -> None:
    window.open_folder(folder)
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)


def type_at_end(qtbot, window: MainWindow, words: str) -> None:
    """Type `words` at the end of the chapter on screen, key by key."""
    text = window.reader.text
    text.moveCursor(text.textCursor().MoveOperation.End)
    text.setFocus()
    qtbot.keyClicks(text, words)


def shown_window(qtbot, folder: Path | None = None) -> MainWindow:
    """A main window on screen (offscreen), with the book in `folder` opened when given."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    if folder is not None:
        open_and_wait(qtbot, window, folder)
    return window


def test_opening_the_example_book_lists_chapters_and_people(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    assert window.chapters.rowCount() == 16 and window.people.table.rowCount() == 20
    assert window.chapters.item(2, 0).text() == "Caring for Ron"
    assert window.chapters.item(2, 1).text() == "Ready for the book"
    assert window.chapters.item(2, 2).text() == "Jean Thornton"
    assert int(window.chapters.item(2, 3).text().replace(",", "")) > 400
    assert window.chapters.item(2, 4).text() == "Agreed"
    assert window.chapters.item(7, 4).text() == "Needs checking again"  # Tomasz's chapter
    assert window.chapters.item(2, 5).text() == "0"
    assert "Our Words, Our Care" in window.windowTitle()
    assert "16 chapters" in window.message.text()


def test_choosing_a_chapter_shows_its_text(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    window.chapters.selectRow(2)
    assert window.reader.chapter_title.text() == "Caring for Ron"
    assert window.reader.text.toPlainText().lstrip().startswith("# Who am I?")
    assert not window.reader.text.isReadOnly()
    words = window.opened.book.chapters["03-caring-for-ron"].words
    assert window.reader.word_count.text() == f"{words:,} words"


def test_people_show_how_they_are_named_in_the_book(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    rows = {window.people.table.item(r, 0).text(): window.people.table.item(r, 1).text()
            for r in range(window.people.table.rowCount())}
    assert rows["Michael Carter"] == "Robin Ashby"
    assert rows["Claire Bennett"] == "Not named (anonymous)"
    heard = {window.people.table.item(r, 0).text(): window.people.table.item(r, 4).text()
             for r in range(window.people.table.rowCount())}
    assert heard["Amira Yusuf"] == "19 March 2025"


def test_a_broken_book_shows_the_same_message_as_the_command_line(qtbot, window, small_book,
                                                                  capsys):
    (small_book / "people" / "sam-jones.yaml").write_text("id: sam-jones\nname: [Sam\n")
    open_and_wait(qtbot, window, small_book)
    assert main(["status", str(small_book)]) == 1
    printed = capsys.readouterr().err
    with pytest.raises(BookError) as caught:
        open_book(small_book)
    for problem in caught.value.problems:
        assert str(problem) in window.message.text() and str(problem) in printed
    assert "people/sam-jones.yaml, line 2" in window.message.text()
    assert window.chapters.rowCount() == 0


def test_every_control_has_an_accessible_name(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    for tab in range(window.lists.count()):
        window.lists.setCurrentIndex(tab)
        assert unnamed_controls(window) == [], window.lists.tabText(tab)


def test_the_example_option_opens_a_window_on_a_fresh_copy(qtbot):
    seen = {}

    def look_then_close():
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].busy:
            QTimer.singleShot(50, look_then_close)
            return
        seen["chapters"] = windows[0].chapters.rowCount()
        windows[0].close()

    QTimer.singleShot(0, look_then_close)
    assert main(["--example"]) == 0
    assert seen["chapters"] == 16


def test_the_agreements_tab_shows_what_stops_publishing(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    panel = window.agreements
    assert "12 things stop the book being published" in panel.summary.text()
    lines = [panel.blockers.item(i).text() for i in range(panel.blockers.count())]
    assert lines[0] == "Agreements:"
    assert any("Tomasz Nowak agreed to the version of 18 April 2025. Since then two "
               "paragraphs changed." in line for line in lines)
    rows = [[panel.table.item(r, c).text() for c in range(5)]
            for r in range(panel.table.rowCount())]
    assert ["Jean Thornton", "Quote 'The same faces matter more than…'", "Withdrawn",
            "1 June 2025", "Helen Marsh, by phone"] in rows
    assert panel.record_button.isEnabled()


def test_recording_a_decision_from_the_window(qtbot, window, small_book):
    from coauthor_desk.agreements.records import Decision, Use
    from coauthor_desk.gui.decision_dialog import DecisionDialog
    from coauthor_desk.history.versions import History

    open_and_wait(qtbot, window, small_book)
    dialog = DecisionDialog(window.opened.book, window, person="sam-jones")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []
    dialog.use.setCurrentIndex(dialog.use.findData(Use.CHAPTER))
    assert dialog.chapter.isEnabled() and dialog.chapter.currentData() == "my-story"
    dialog.recorder.setCurrentIndex(dialog.recorder.findData("helen-marsh"))
    assert dialog.how.isEnabled()
    choice = dialog.choice()
    assert choice["decision"] is Decision.AGREED and choice["on_behalf_by"] == "helen-marsh"
    window.record(choice)
    qtbot.waitUntil(lambda: not window.busy and "Recorded" in window.message.text(),
                    timeout=10000)
    assert window.message.text().startswith("Recorded: Recorded that Sam agreed to the chapter")
    newest = History(small_book).versions(limit=1)[0]
    assert newest.name == "Helen Marsh" and "Sam agreed" in newest.description
    rows = [window.agreements.table.item(r, 2).text()
            for r in range(window.agreements.table.rowCount())]
    assert "Agreed" in rows


def test_a_decision_that_makes_no_sense_is_explained_in_the_window(qtbot, window, small_book):
    from coauthor_desk.agreements.records import Decision, Use

    open_and_wait(qtbot, window, small_book)
    window.record({"person": "sam-jones", "use": Use.QUOTE, "decision": Decision.AGREED,
                   "target": None})
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    assert window.message.text().startswith(
        "The decision was not recorded. agreements: Say which quote the decision is about. "
        "Choose one (on the command line, add --quote and its name). A Small Book: 1 chapter,")


def test_credits_and_who_wrote_what_tabs(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    credits = window.credits.text.toPlainText()
    assert "By Robin Ashby" in credits and "Michael Carter" not in credits
    assert "Claire Bennett" not in credits and "By The Thursday Group" in credits
    panel = window.authorship
    assert not panel.bar.isVisible()
    rows = {panel.chapters.item(r, 0).text(): panel.chapters.item(r, 1).text()
            for r in range(panel.chapters.rowCount())}
    assert rows["Caring for Ron"].startswith("Jean Thornton ")
    people = [panel.people.item(r, 0).text() for r in range(panel.people.rowCount())]
    assert len(people) == 20 and "saved version of each chapter" in panel.summary.text()


def test_suggestions_for_the_chosen_chapter_show_their_words(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    window.chapters.selectRow(9)  # After the stroke
    panel = window.reader.suggestions
    assert panel.summary.text() == "Checking the words…"  # aside: the window stays free
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    items = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any(item.startswith("Letters not explained") and "'PIP'" in item for item in items)
    row = next(i for i, item in enumerate(items) if "'PIP'" in item)
    panel.list.setCurrentRow(row)
    assert window.reader.text.textCursor().selectedText() == "PIP"


def test_leaving_a_comment_from_the_window(qtbot, window, example_book):
    from coauthor_desk.gui.comment_dialog import CommentDialog

    open_and_wait(qtbot, window, example_book)
    window.chapters.selectRow(9)  # After the stroke, by Kwame
    dialog = CommentDialog(window.opened.book, "reablement team", "priya-raman",
                           "kwame-mensah", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []
    dialog.kind.setCurrentIndex(dialog.kind.findData("question"))
    dialog.text.setPlainText("Could the service user be signposted to the stakeholder?")
    assert "'service user' is jargon" in dialog.advice.text()  # the comment is checked too
    assert not dialog.proposed.isEnabled()
    dialog.text.setPlainText("What did the team do for you?")
    assert dialog.advice.text() == ""
    window.comment("10-after-the-stroke", "reablement team", 1, dialog.choice())
    qtbot.waitUntil(lambda: not window.busy and "Left a question" in window.message.text(),
                    timeout=10000)
    panel = window.comments
    assert panel.table.rowCount() == 1
    assert [panel.table.item(0, c).text() for c in range(5)] == [
        "After the stroke", "Priya Raman", "Kwame Mensah", "“reablement team”", "Open"]
    panel.table.selectRow(0)
    assert "What did the team do for you?" in panel.conversation.toPlainText()


def test_what_changed_in_the_chosen_chapter(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    window.chapters.selectRow(7)  # Therapy in a second language
    qtbot.waitUntil(lambda: "Working out" not in window.reader.changes.toPlainText(), timeout=10000)
    assert "David Lowe added a sentence in 'What have I learnt?'" in \
        window.reader.changes.toPlainText()


def test_who_is_waiting_on_what_shows_first_when_a_book_opens(qtbot, window, example_book):
    open_and_wait(qtbot, window, example_book)
    assert window.lists.currentWidget() is window.waiting
    rows = [(window.waiting.item(r, 0).text(), window.waiting.item(r, 1).text())
            for r in range(window.waiting.rowCount())]
    assert ("Agreements to ask for", "Chapter 8, 'Therapy in a second language': Tomasz Nowak "
            "agreed to the version of 18 April 2025. Since then two paragraphs changed. Ask "
            "Tomasz to look again.") in rows
    assert any(kind == "Access needs not yet met" and "Jean Thornton" in words
               for kind, words in rows)
