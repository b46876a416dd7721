"""'Your chapters' in the review window, as a co-author uses it: their chapters only, what
changed since they last looked, the changed sentences marked, and "I have read this"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from review_support import review_context

from coauthor_desk.agreements.records import How
from coauthor_desk.gui.review.chapters_page import CHAPTER_ROLE, ChaptersPage
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.review.last_look import remember_look
from coauthor_desk.review.mine import my_chapters
from coauthor_desk.session import OpenBook, open_book

CHAPTER = "02-leaving-care"
OLD = "I love the patients."
NEW = "I really love the patients and the team."


def editor_changes(opened: OpenBook, body: str, editor: str = "helen-marsh") -> None:
    """An editor saves new words straight into the chapter (as the editor's window may)."""
    first = opened.book.name_of(editor).split()[0]
    with opened.history.transaction(identity_of(opened.book.people[editor]),
                                    f"{first} changed 'Leaving care at eighteen'"):
        save_chapter(opened.book, CHAPTER, body)


def _page(qtbot: QtBot, folder: Path, person: str = "amira-yusuf", **acting: object
          ) -> tuple[ChaptersPage, list[str]]:
    context, said = review_context(folder, person, **acting)  # type: ignore[arg-type]
    page = ChaptersPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page, said


def _last(folder: Path, what: str = "%an|%s") -> str:
    return subprocess.run(["git", "log", "-1", f"--format={what}"], cwd=folder,
                          capture_output=True, text=True, check=True).stdout.strip()


def _listed(page: ChaptersPage) -> list[str]:
    return [page.chapters.item(row).data(CHAPTER_ROLE) for row in range(page.chapters.count())]


def _marked(page: ChaptersPage, words: str) -> bool:
    """Whether `words` are underlined (and lit) in the chapter as shown."""
    found = page.words.document().find(words)
    assert not found.isNull(), words
    cursor = QTextCursor(page.words.document())
    cursor.setPosition(found.selectionStart() + 2)
    form = cursor.charFormat()
    return form.fontUnderline() and form.background().style() != Qt.BrushStyle.NoBrush


@pytest.fixture
def changed_since_look(example_book: Path) -> Path:
    """Amira read her chapter; then Helen reworded one of its sentences."""
    opened = open_book(example_book)
    remember_look(opened, "amira-yusuf", CHAPTER)
    body = opened.book.chapters[CHAPTER].body
    editor_changes(opened, body.replace(OLD, NEW), "helen-marsh")
    return example_book


def test_first_time_the_whole_chapter_with_nothing_marked(qtbot: QtBot, example_book: Path
                                                          ) -> None:
    page, _said = _page(qtbot, example_book)
    assert _listed(page) == [CHAPTER]
    words = open_book(example_book).book.chapters[CHAPTER].words
    assert page.chapters.item(0).text() == (f"Leaving care at eighteen\nReady for the book, "
                                            f"{words:,} words – not read here yet")
    assert "You have not looked at this chapter here before" in page.changed_words.text()
    assert "I was in care from eleven to eighteen." in page.words.toPlainText()
    assert not _marked(page, OLD)
    assert not page.next_button.isEnabled()
    assert page.count() == 1


def test_a_co_author_sees_what_changed_and_the_sentence_marked(
        qtbot: QtBot, changed_since_look: Path) -> None:
    page, said = _page(qtbot, changed_since_look)
    shown = page.changed_words.text()
    assert "What changed since you last looked" in shown
    assert "Helen Marsh reworded a sentence in 'Who am I?' on" in shown
    assert "Reworded a sentence" in shown and NEW in shown  # told in words, not only marked
    assert "One place is underlined" in shown
    assert _marked(page, NEW)
    assert not _marked(page, "I hate the phone system.")
    assert "“Leaving care at eighteen”: 1 change since you last looked." in said
    page.next_button.click()
    assert said[-1] == f"Change 1 of 1: Reworded a sentence. It now reads: {NEW}"
    assert page.words.textCursor().selectedText() == NEW


def test_having_read_it_nothing_new_next_time(qtbot: QtBot, changed_since_look: Path) -> None:
    page, said = _page(qtbot, changed_since_look)
    page.read_button.click()
    assert said[-1].startswith("Saved: you have read “Leaving care at eighteen”.")
    assert _last(changed_since_look) == "Amira Yusuf|Amira read 'Leaving care at eighteen'"
    again, _said = _page(qtbot, changed_since_look)  # opened again, later
    assert "There is nothing new to read." in again.changed_words.text()
    assert "Nothing in this chapter has changed since" in again.changed_words.text()
    assert not _marked(again, NEW)
    assert "not read here yet" not in again.chapters.item(0).text()
    assert again.count() == 0


def test_read_with_an_editor_present_is_signed_by_the_editor(
        qtbot: QtBot, changed_since_look: Path) -> None:
    page, _said = _page(qtbot, changed_since_look, present="helen-marsh", how=How.IN_PERSON)
    page.read_button.click()
    assert _last(changed_since_look) == ("Helen Marsh|Amira read 'Leaving care at eighteen' "
                                         "(recorded by Helen Marsh, told in person)")


def test_several_changes_one_after_another(qtbot: QtBot, example_book: Path) -> None:
    opened = open_book(example_book)
    remember_look(opened, "amira-yusuf", CHAPTER)
    body = opened.book.chapters[CHAPTER].body
    body = body.replace(OLD, NEW).replace(
        "She came to my graduation.", "She came to my graduation, in her best coat.")
    editor_changes(opened, body, "david-lowe")
    page, said = _page(qtbot, example_book)
    assert len(page.places) == 2
    page.next_button.click()
    assert said[-1].startswith("Change 1 of 2: Reworded a sentence. It now reads: I really")
    assert not page.previous_button.isEnabled()
    page.next_button.click()
    assert said[-1].startswith("Change 2 of 2: ")
    assert "in her best coat" in said[-1]
    assert not page.next_button.isEnabled()
    page.previous_button.click()
    assert said[-1].startswith("Change 1 of 2")


def test_an_editor_sees_the_chapters_with_their_commentary(qtbot: QtBot, example_book: Path
                                                           ) -> None:
    page, _said = _page(qtbot, example_book, "helen-marsh")
    book = open_book(example_book).book
    assert _listed(page) == [c.id for c in my_chapters(book, "helen-marsh")]
    page.chapters.setCurrentRow(1)
    assert "Commentary by Helen Marsh" in page.words.toPlainText()
    assert ":::" not in page.words.toPlainText()


def test_nobody_sees_another_co_authors_chapters(qtbot: QtBot, example_book: Path) -> None:
    book = open_book(example_book).book
    co_authors = sorted({a for c in book.chapters.values() for a in c.authors}
                        - set(book.editors))
    assert len(co_authors) == 17
    for person in co_authors:
        page, _said = _page(qtbot, example_book, person)
        theirs = {c.id for c in book.chapters.values() if person in c.authors}
        assert set(_listed(page)) == theirs, person
        shown = "\n".join(page.chapters.item(r).text() for r in range(page.chapters.count()))
        for chapter in book.chapters.values():
            if chapter.id not in theirs:
                assert chapter.title not in shown, (person, chapter.id)
        page.close()


def test_tab_goes_list_words_buttons_in_order(qtbot: QtBot, changed_since_look: Path) -> None:
    page, _said = _page(qtbot, changed_since_look)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.chapters.setFocus()
    qtbot.waitUntil(page.chapters.hasFocus)
    seen = [page.chapters]
    for _ in range(3):
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    # "Previous change" is off before the first change, so Tab passes over it
    assert seen == [page.chapters, page.words, page.next_button, page.read_button]
    for widget in seen:
        assert widget.accessibleName()
