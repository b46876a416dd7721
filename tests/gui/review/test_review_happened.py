"""'What happened to what you said': a co-author's replies and decisions with what became of
them, newest first, and nothing of anyone else's."""

from pathlib import Path

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, Use
from coauthor_desk.comments.actions import reply, start_thread
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.gui.review.happened_page import HappenedPage
from coauthor_desk.session import open_book
from tests.gui.review_support import review_context

JEAN, HELEN = "jean-thornton", "helen-marsh"
RON = "03-caring-for-ron"


def shown_page(qtbot, folder: Path, person: str) -> HappenedPage:
    context, _ = review_context(folder, person)
    page = HappenedPage(context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def test_jean_sees_her_answer_and_then_helens_reply(qtbot, example_book):
    question = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                            JEAN, "Could you tell us her name?", HELEN, ThreadKind.QUESTION)
    reply(open_book(example_book), question.id, JEAN, "Her name was Pat.")
    page = shown_page(qtbot, example_book, JEAN)
    first = page.texts()[0]
    assert first.startswith("What you wrote: You replied on")
    assert "Helen's question about 'Caring for Ron': “Her name was Pat.”" in first
    assert first.endswith("What happened: No answer yet.")

    reply(open_book(example_book), question.id, HELEN, "Thank you, Jean. I have added it.")
    page.context.forget()
    page.refresh()
    first = page.texts()[0]
    assert "What happened: Helen replied on" in first and "I have added it." in first


def test_a_withdrawal_shows_at_the_top_and_what_it_means(qtbot, example_book):
    record_decision(open_book(example_book), JEAN, Use.CHAPTER, Decision.WITHDRAWN, RON)
    page = shown_page(qtbot, example_book, JEAN)
    first = page.texts()[0]
    assert first.startswith("An agreement: You withdrew your agreement to your chapter "
                            "'Caring for Ron' on")
    assert "What happened: It is not used in the book" in first
    older = [t for t in page.texts() if "You agreed to your chapter 'Caring for Ron'" in t]
    assert older and older[0].endswith("You changed your mind later (see above).")
    assert page.list.accessibleName() and page.list.currentRow() == 0


def test_nobody_sees_another_co_authors_replies(qtbot, example_book):
    book = open_book(example_book).book
    co_authors = [p for p in book.people.values() if p.id not in book.editors
                  and not p.is_editor]
    assert len(co_authors) == 17
    for person in co_authors:  # each co-author answers a question about their own chapter
        chapter = next(c for c in book.ordered_chapters() if person.id in c.authors)
        words = next(line for line in chapter.body.splitlines()
                     if line.strip() and not line.startswith(("#", ":::")))
        quote = " ".join(words.split()[:5])
        question = start_thread(open_book(example_book), chapter.id, quote, person.id,
                                "Is this right?", HELEN, ThreadKind.QUESTION, occurrence=1)
        reply(open_book(example_book), question.id, person.id, f"Yes, from {person.id}.")
    for person in co_authors:
        page = shown_page(qtbot, example_book, person.id)
        shown = "\n".join(page.texts())
        assert f"Yes, from {person.id}." in shown
        others = [p for p in co_authors if p.id != person.id]
        assert not [p.id for p in others if f"Yes, from {p.id}." in shown], person.id
        assert not [name for p in others for name in (p.name, p.credited_as)
                    if name and name != person.credited_as and name in shown], person.id
        page.close()
