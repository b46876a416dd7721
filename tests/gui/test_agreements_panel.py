"""Agreements shown per person and per chapter, and one recorded on someone's behalf from the
window, starting from what is being looked at."""

from pathlib import Path

from PySide6.QtWidgets import QDialog, QPushButton
from test_chapter_pane import answer_dialog
from test_main_window import shown_window

from coauthor_desk.agreements.records import How
from coauthor_desk.gui.decision_dialog import DecisionDialog
from coauthor_desk.session import open_book


def _rows(window) -> list[list[str]]:
    table = window.agreements.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_one_persons_agreements_from_the_people_tab(qtbot, example_book: Path):
    window = shown_window(qtbot, example_book)
    everyone = _rows(window)
    people = window.people
    people.table.selectRow(people.ids.index("kwame-mensah"))
    button = next(b for b in people.findChildren(QPushButton)
                  if b.accessibleName() == "Show the chosen person's agreements")
    button.click()
    assert window.lists.currentWidget() is window.agreements
    kwame = _rows(window)
    assert kwame and {row[0] for row in kwame} == {"Kwame Mensah"}
    assert len(kwame) < len(everyone)
    assert len(kwame) == sum(row[0] == kwame[0][0] for row in everyone)


def test_one_chapters_agreements_and_recording_one_on_someones_behalf(qtbot, small_book: Path):
    window = shown_window(qtbot, small_book)
    window.agreements.show_only("chapter", "my-story")
    assert [row[:3] for row in _rows(window)] == [["Sam Jones", "Chapter 1, 'My story'",
                                                    "Not asked yet"]]

    def record(dialog: QDialog) -> None:
        assert isinstance(dialog, DecisionDialog)
        assert dialog.chapter.currentData() == "my-story"  # what was being looked at
        assert dialog.person.currentData() == "sam-jones"  # its author
        assert dialog.recorder.currentData() == "helen-marsh"  # this computer's editor
        dialog.how.setCurrentIndex(dialog.how.findData(How.PHONE.value))
        dialog.accept()

    seen = answer_dialog(DecisionDialog, record)
    window.agreements.record_button.click()
    assert seen == {"unnamed": [], "done": True}
    qtbot.waitUntil(lambda: not window.busy and "Recorded" in window.message.text(),
                    timeout=20000)
    row = _rows(window)[0]
    assert row[2] == "Agreed" and row[4] == "Helen Marsh, by phone"
    assert window.agreements.showing.currentText() == "Chapter 1, 'My story'"  # still shown
    newest = open_book(small_book).history.versions(limit=1)[0]
    assert newest.name == "Helen Marsh"
