"""A co-author's agreements in the review window: see where each stands, withdraw one (with
the confirm step), and the chapter is blocked everywhere, in the editor's window too."""

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt

from coauthor_desk.agreements.publish import AGREEMENT, publish_check
from coauthor_desk.agreements.records import How
from coauthor_desk.gui.main_window import MainWindow
from coauthor_desk.gui.review.agreements_page import AgreementsPage
from coauthor_desk.session import open_book
from tests.gui.review_support import review_context

JEAN, KWAME, HELEN = "jean-thornton", "kwame-mensah", "helen-marsh"
RON = "03-caring-for-ron"


def shown_page(qtbot, folder: Path, person: str, present: str | None = None,
               how: How | None = None) -> tuple[AgreementsPage, list[str]]:
    context, said = review_context(folder, person, present, how)
    page = AgreementsPage(context)
    context.changed = lambda: (context.forget(), page.refresh())
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page, said


def choose_row(page: AgreementsPage, starts: str) -> None:
    for row in range(page.list.count()):
        if page.list.item(row).text().split(" ", 1)[1].startswith(starts):
            page.list.setCurrentRow(row)
            return
    raise AssertionError(f"no agreement row starting {starts!r}")


def newest_version(folder: Path) -> tuple[str, str]:
    out = subprocess.run(["git", "log", "-1", "--format=%an%n%s"], cwd=folder, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    return out[0], out[1]


def record_files(folder: Path, person: str) -> set[str]:
    return {p.name for p in (folder / "agreements" / person).glob("*.yaml")}


def test_jean_withdraws_her_chapter_and_it_is_blocked_everywhere(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, JEAN)
    assert page.list.count() == 4
    choose_row(page, "Your chapter 'Caring for Ron'")
    assert page.state.text().startswith("✓ Agreed. You agreed on 24 March 2025")
    buttons = page.choice_buttons
    assert [b.text() for b in buttons.values() if b.isVisible()] == ["I withdraw my agreement"]
    before = record_files(example_book, JEAN)

    withdraw = next(b for b in buttons.values() if b.isVisible())
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    assert page.confirm_panel.isVisible()
    assert page.confirm_words.text() == (
        "If you withdraw, your chapter 'Caring for Ron' will not be in the book, or in any "
        "copy made from now on, until you agree again. You can change your mind at any time.")
    assert record_files(example_book, JEAN) == before  # nothing saved before "Yes"
    qtbot.mouseClick(page.yes_button, Qt.MouseButton.LeftButton)

    assert said[-1] == "Saved: you withdrew your agreement for 'Caring for Ron'."
    assert not page.confirm_panel.isVisible()
    assert page.state.text().startswith("✗ Withdrawn. You withdrew on")
    assert [b.text() for b in buttons.values() if b.isVisible()] == ["I agree"]
    new = record_files(example_book, JEAN) - before
    assert len(new) == 1
    text = (example_book / "agreements" / JEAN / new.pop()).read_text("utf-8")
    assert "decision: withdrawn" in text and "recorded_by: jean-thornton" in text
    author, subject = newest_version(example_book)
    assert author == "Jean Thornton"
    assert subject == "Jean withdrew their agreement to the chapter 'Caring for Ron' being " \
        "published"

    check = publish_check(open_book(example_book))
    blocked = [b for b in check.blockers if b.kind == AGREEMENT and b.chapter == RON]
    assert blocked and "withdrew" in blocked[0].what

    editor = MainWindow()
    qtbot.addWidget(editor)
    editor.show()
    editor.open_folder(example_book)
    qtbot.waitUntil(lambda: not editor.busy, timeout=10000)
    assert editor.chapters.item(2, 0).text() == "Caring for Ron"
    assert editor.chapters.item(2, 4).text() == "Withdrawn"


def test_an_editor_sitting_with_kwame_records_his_agreement_for_him(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, KWAME, HELEN, How.IN_PERSON)
    choose_row(page, "Your chapter")
    assert "Not asked yet" in page.state.text()
    assert [b.text() for b in page.choice_buttons.values() if b.isVisible()] == [
        "I agree", "I do not agree"]
    qtbot.mouseClick(next(iter(page.choice_buttons.values())), Qt.MouseButton.LeftButton)
    assert "as it reads today" in page.confirm_words.text()
    qtbot.mouseClick(page.yes_button, Qt.MouseButton.LeftButton)
    assert said[-1] == "Saved: you agreed to 'After the stroke'."
    author, subject = newest_version(example_book)
    assert author == "Helen Marsh"
    assert subject.startswith("Recorded that Kwame agreed to") and "in person" in subject
    assert page.state.text().startswith("✓ Agreed.")
    assert "(told to Helen, in person)" in page.state.text()


def test_no_go_back_changes_nothing(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, JEAN)
    choose_row(page, "Being named")
    before = newest_version(example_book)
    withdraw = next(b for b in page.choice_buttons.values() if b.isVisible())
    withdraw.click()
    assert "chose not to be named" in page.confirm_words.text()
    page.no_button.click()
    assert not page.confirm_panel.isVisible() and said[-1] == "Nothing was changed."
    assert newest_version(example_book) == before


def test_every_control_has_a_name_and_the_keys_go_in_order(qtbot, example_book):
    page, _ = shown_page(qtbot, example_book, JEAN)
    choose_row(page, "Your chapter")
    next(b for b in page.choice_buttons.values() if b.isVisible()).click()
    for widget in [page.list, page.yes_button, page.no_button, page.confirm_words,
                   *page.choice_buttons.values()]:
        assert widget.accessibleName()
    assert page.confirm_words.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.confirm_words.nextInFocusChain() is page.yes_button
    assert page.yes_button.nextInFocusChain() is page.no_button


def test_nobody_sees_another_co_authors_agreements(qtbot, example_book):
    book = open_book(example_book).book
    co_authors = [p for p in book.people.values() if p.id not in book.editors
                  and not p.is_editor]
    assert len(co_authors) == 17
    for person in co_authors:
        page, _ = shown_page(qtbot, example_book, person.id)
        shown = " ".join(page.list.item(r).text() for r in range(page.list.count()))
        for row in range(page.list.count()):
            page.list.setCurrentRow(row)
            shown += f" {page.about.text()} {page.state.text()}"
        others = [name for p in co_authors if p.id != person.id
                  for name in (p.name, p.credited_as) if name and name != person.credited_as]
        assert not [name for name in others if name in shown], person.id
        assert page.list.count() >= 1
        page.close()


def test_a_choice_waiting_for_yes_stays_when_something_else_is_saved(qtbot, example_book):
    page, _ = shown_page(qtbot, example_book, JEAN)
    choose_row(page, "Your chapter")
    next(b for b in page.choice_buttons.values() if b.isVisible()).click()
    words = page.confirm_words.text()
    page.refresh()  # another part of the review saved something
    assert page.confirm_panel.isVisible() and page.confirm_words.text() == words
    page.yes_button.click()
    assert page.state.text().startswith("✗ Withdrawn.")
