"""'Questions and comments' in the review window, as a co-author uses it: only what is meant
for them, who asked and about which words, a reply saved under their own name (or recorded by
the editor with them), and nobody sees anyone else's."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from review_support import review_context

from coauthor_desk.agreements.records import How
from coauthor_desk.comments.actions import start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Thread, ThreadKind
from coauthor_desk.gui.review.questions_page import THREAD_ROLE, QuestionsPage
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.session import open_book


def _page(qtbot: QtBot, folder: Path, person: str = "amira-yusuf", **acting: object
          ) -> tuple[QuestionsPage, list[str]]:
    context, said = review_context(folder, person, **acting)  # type: ignore[arg-type]
    page = QuestionsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page, said


def _last(folder: Path) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%an|%s"], cwd=folder,
                          capture_output=True, text=True, check=True).stdout.strip()


def _ids(page: QuestionsPage) -> list[str]:
    shown = page.threads_list
    return [shown.item(r).data(THREAD_ROLE) for r in range(shown.count())]


def _texts(page: QuestionsPage) -> list[str]:
    return [page.threads_list.item(r).text() for r in range(page.threads_list.count())]


def _first_sentence(body: str) -> str:
    """A sentence of a chapter that is there once, to ask about."""
    for line in body.splitlines():
        line = line.strip()
        if line and line[0].isalpha() and ". " in line:
            sentence = line.split(". ")[0] + "."
            if body.count(sentence) == 1:
                return sentence
    raise AssertionError("no sentence found")


@pytest.fixture
def asked(example_book: Path) -> dict[str, Thread]:
    """Helen asked Amira two questions and David left her a comment; Helen also suggested a
    change to Amira's words, and asked Jean a question about her own chapter."""
    opened = open_book(example_book)
    day = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    ron = opened.book.chapters["03-caring-for-ron"].body
    wanted = {
        "which": ("02-leaving-care", "I love the patients.", "amira-yusuf",
                  "Which patients do you mean?", "helen-marsh", ThreadKind.QUESTION, None),
        "pat": ("02-leaving-care", "She came to my graduation.", "amira-yusuf",
                "Would Pat like to be thanked by name?", "helen-marsh", ThreadKind.QUESTION, None),
        "thanks": ("02-leaving-care", "I hate the phone system.", "amira-yusuf",
                   "This made me laugh.", "david-lowe", ThreadKind.COMMENT, None),
        "suggest": ("02-leaving-care", "I work on the front desk at a dental surgery.",
                    "amira-yusuf", "Shorter?", "helen-marsh", ThreadKind.SUGGESTION,
                    "I work at a dentist's."),
        "jean": ("03-caring-for-ron", _first_sentence(ron), "jean-thornton",
                 "Is Ron happy to be named?", "helen-marsh", ThreadKind.QUESTION, None),
    }
    return {key: start_thread(opened, chapter, quote, to, text, by, kind, proposed=proposed,
                              when=day + timedelta(minutes=minutes))
            for minutes, (key, (chapter, quote, to, text, by, kind, proposed))
            in enumerate(wanted.items())}


def test_a_co_author_sees_only_questions_for_them(qtbot: QtBot, example_book: Path,
                                                  asked: dict[str, Thread]) -> None:
    page, _said = _page(qtbot, example_book)
    assert _ids(page) == [asked["which"].id, asked["pat"].id, asked["thanks"].id]
    assert page.count() == 3
    assert page.list_label.text() == "3 waiting for your answer, 0 answered"
    assert _texts(page)[0] == "Helen asked: Which patients do you mean?"
    assert _texts(page)[2] == "David said: This made me laugh."
    shown = page.thread_view.toPlainText()
    day = day_words(moment(asked["which"].started_when))  # type: ignore[arg-type]
    assert f"Helen Marsh asked you a question on {day}" in shown
    assert "It is about these words in “Leaving care at eighteen”:" in shown
    assert "“I love the patients.”" in shown
    assert f"Helen Marsh, {day}:" in shown and "Which patients do you mean?" in shown
    assert "Waiting for your answer." in shown
    assert not any("Shorter?" in t or "Ron" in t for t in _texts(page))


def test_answering_a_question_saves_it_under_their_name(qtbot: QtBot, example_book: Path,
                                                        asked: dict[str, Thread]) -> None:
    page, said = _page(qtbot, example_book)
    assert not page.send_button.isEnabled()  # nothing written yet
    qtbot.keyClicks(page.reply_box, "The people who come in with toothache.")
    page.send_button.click()
    assert said[-1] == "Your reply to Helen's question is saved."
    text = (example_book / asked["which"].file).read_text("utf-8")
    assert "by: amira-yusuf" in text and "The people who come in with toothache." in text
    assert _last(example_book) == ("Amira Yusuf|Amira replied to Helen's question on "
                                   "'Leaving care at eighteen'")
    # on to the next question, with an empty box
    assert page.current().id == asked["pat"].id  # type: ignore[union-attr]
    assert page.reply_box.toPlainText() == ""
    # the answered one shows the reply, as "You"
    page.select(asked["which"].id)
    assert "You, " in page.thread_view.toPlainText()
    assert "The people who come in with toothache." in page.thread_view.toPlainText()


def test_an_editor_present_records_the_reply_for_them(qtbot: QtBot, example_book: Path,
                                                      asked: dict[str, Thread]) -> None:
    page, said = _page(qtbot, example_book, present="helen-marsh", how=How.IN_PERSON)
    page.select(asked["thanks"].id)
    qtbot.keyClicks(page.reply_box, "Everyone hates it!")
    page.send_button.click()
    assert said[-1] == "Your reply to David's comment is saved."
    assert _last(example_book) == (
        "Helen Marsh|Amira replied to David's comment on 'Leaving care at eighteen' "
        "(recorded by Helen Marsh, told in person)")
    thread = next(t for t in load_threads(open_book(example_book).book)[0]
                  if t.id == asked["thanks"].id)
    assert thread.messages[-1].by == "amira-yusuf"


def test_marking_as_answered_moves_it_and_can_still_be_replied_to(
        qtbot: QtBot, example_book: Path, asked: dict[str, Thread]) -> None:
    page, said = _page(qtbot, example_book)
    page.answered_button.click()
    assert said[-1] == "Helen's question is marked as answered."
    assert _last(example_book) == ("Amira Yusuf|Amira resolved Helen's question on "
                                   "'Leaving care at eighteen'")
    assert _ids(page) == [asked["pat"].id, asked["thanks"].id, asked["which"].id]
    assert _texts(page)[2] == "Answered: Helen asked: Which patients do you mean?"
    assert page.list_label.text() == "2 waiting for your answer, 1 answered"
    assert page.current().id == asked["pat"].id  # type: ignore[union-attr]
    page.threads_list.setCurrentRow(2)
    assert page.current().id == asked["which"].id  # type: ignore[union-attr]
    assert "Answered (marked by you on" in page.thread_view.toPlainText()
    assert not page.answered_button.isEnabled()  # cannot be changed ...
    qtbot.keyClicks(page.reply_box, "One more thing.")
    assert page.send_button.isEnabled()  # ... except by replying
    page.send_button.click()
    assert "One more thing." in (example_book / asked["which"].file).read_text("utf-8")


def test_an_empty_reply_is_not_sent(qtbot: QtBot, example_book: Path,
                                    asked: dict[str, Thread]) -> None:
    page, said = _page(qtbot, example_book)
    head = _last(example_book)
    page.reply_box.setPlainText("   ")
    page.send_reply()
    assert said[-1] == "Your reply is empty. Write what you want to say first."
    assert _last(example_book) == head


def test_nothing_waiting_is_said_plainly(qtbot: QtBot, example_book: Path) -> None:
    page, _said = _page(qtbot, example_book, "colin-fraser")
    assert page.count() == 0
    assert "There are no questions or comments for you." in page.thread_view.toPlainText()
    assert not page.send_button.isEnabled() and not page.answered_button.isEnabled()


def test_nobody_sees_another_persons_questions_or_chapters(qtbot: QtBot, example_book: Path
                                                           ) -> None:
    """Every co-author of the example book gets a question, a comment and a suggestion from an
    editor; each sees their own two and nothing of anyone else's."""
    opened = open_book(example_book)
    book = opened.book
    co_authors = sorted({a for c in book.chapters.values() for a in c.authors}
                        - set(book.editors))
    assert len(co_authors) == 17
    words: dict[str, list[str]] = {}
    for person in co_authors:
        chapter = next(c for c in book.ordered_chapters() if person in c.authors)
        quote = _first_sentence(chapter.body)
        first = book.name_of(person).split()[0]
        mine = [f"A question for {first} only.", f"A comment for {first} only.",
                f"A suggestion for {first} only."]
        start_thread(opened, chapter.id, quote, person, mine[0], "helen-marsh", ThreadKind.QUESTION)
        start_thread(opened, chapter.id, quote, person, mine[1], "priya-raman")
        start_thread(opened, chapter.id, quote, person, mine[2], "david-lowe",
                     ThreadKind.SUGGESTION,
                     proposed=quote + " Indeed.")
        words[person] = mine
    start_thread(opened, "01-introduction", _first_sentence(
        book.chapters["01-introduction"].body), "david-lowe", "For David, an editor.",
        "helen-marsh", ThreadKind.QUESTION)
    for person in co_authors:
        page, _said = _page(qtbot, example_book, person)
        seen = []
        for row in range(page.threads_list.count()):
            page.threads_list.setCurrentRow(row)
            seen.append(page.threads_list.item(row).text())
            seen.append(page.thread_view.toPlainText())
        everything = "\n".join(seen)
        assert page.count() == 2, person
        assert words[person][0] in everything and words[person][1] in everything, person
        assert words[person][2] not in everything, person  # suggestions are another page
        for other, theirs in words.items():
            if other != person:
                assert not any(w in everything for w in theirs), (person, other)
        assert "For David" not in everything
        page.close()


def test_tab_goes_lists_text_reply_buttons_in_order(qtbot: QtBot, example_book: Path,
                                                    asked: dict[str, Thread]) -> None:
    page, _said = _page(qtbot, example_book)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.threads_list.setFocus()
    qtbot.waitUntil(page.threads_list.hasFocus)
    qtbot.keyClick(page.threads_list, Qt.Key.Key_Down)  # the next question
    assert page.current().id == asked["pat"].id  # type: ignore[union-attr]
    seen = [page.threads_list]
    for _ in range(2):
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    qtbot.keyClicks(page.reply_box, "Yes, she would.")
    for _ in range(2):
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [page.threads_list, page.thread_view, page.reply_box, page.send_button,
                    page.answered_button]
    for widget in seen:
        assert widget.accessibleName()
    assert page.reply_box.accessibleName() == "Your reply"
    assert page.reply_box.toPlainText() == "Yes, she would."  # Tab left the words as they were


def test_words_typed_are_kept_while_looking_at_another(qtbot: QtBot, example_book: Path,
                                                       asked: dict[str, Thread]) -> None:
    page, _said = _page(qtbot, example_book)
    qtbot.keyClicks(page.reply_box, "Half an answer")
    page.threads_list.setCurrentRow(1)
    assert page.reply_box.toPlainText() == ""
    page.threads_list.setCurrentRow(0)
    assert page.reply_box.toPlainText() == "Half an answer"
