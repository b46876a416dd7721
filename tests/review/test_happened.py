"""What happened to what a person said: real threads and agreement records in a real book."""

from pathlib import Path

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import check_agreements
from coauthor_desk.agreements.records import Decision as AgreementDecision
from coauthor_desk.agreements.records import How, Use
from coauthor_desk.comments.actions import reply, resolve, start_thread
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Thread, ThreadKind
from coauthor_desk.review.acting import Acting
from coauthor_desk.review.decide import Choice, decide
from coauthor_desk.review.happened import AGREEMENT, REPLY, SUGGESTION, what_happened
from coauthor_desk.session import open_book

JEAN, HELEN, KWAME = "jean-thornton", "helen-marsh", "kwame-mensah"
RON = "03-caring-for-ron"


def happened(folder: Path, person: str):
    opened = open_book(folder)
    agreements, standing = check_agreements(opened)
    threads = load_threads(opened.book)[0]
    return what_happened(opened.book, person, threads, agreements.records, standing)


def choose(folder: Path, thread: Thread, choice: Choice, present: str | None = None,
           how: How | None = None) -> None:
    """Jean's choice about a suggestion, made as the review window makes it."""
    decide(open_book(folder), thread.id, choice, Acting(JEAN, present, how))


def test_a_reply_shows_the_editors_answer_then_no_answer(example_book: Path) -> None:
    question = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                            JEAN, "Could you say her name?", HELEN, ThreadKind.QUESTION)
    reply(open_book(example_book), question.id, JEAN, "She was called Pat.")
    rows = [r for r in happened(example_book, JEAN) if r.kind == REPLY]
    assert len(rows) == 1
    assert "You replied on" in rows[0].said and "Helen's question" in rows[0].said
    assert "She was called Pat." in rows[0].said and rows[0].became == "No answer yet."

    reply(open_book(example_book), question.id, HELEN, "Thank you, I will add it.")
    row = [r for r in happened(example_book, JEAN) if r.kind == REPLY][0]
    assert row.became.startswith("Helen replied on") and "I will add it" in row.became


def test_a_question_marked_answered_says_so(example_book: Path) -> None:
    question = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                            JEAN, "Could you say her name?", HELEN, ThreadKind.QUESTION)
    reply(open_book(example_book), question.id, JEAN, "Pat.")
    resolve(open_book(example_book), question.id, HELEN)
    row = [r for r in happened(example_book, JEAN) if r.kind == REPLY][0]
    assert row.became.startswith("Helen marked the question as answered on")


def test_used_words_are_checked_in_the_chapter(example_book: Path) -> None:
    suggestion = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                              JEAN, "A small change?", HELEN, ThreadKind.SUGGESTION,
                              proposed="the memory nurse was a true treasure")
    choose(example_book, suggestion, Choice.USE)
    row = [r for r in happened(example_book, JEAN) if r.kind == SUGGESTION][0]
    assert "You chose to use the new words." in row.said
    assert row.became == "Your chapter now reads: “the memory nurse was a true treasure”"


def test_kept_words_stay_and_talk_stays_open(example_book: Path) -> None:
    kept = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                        JEAN, "Plainer?", HELEN, ThreadKind.SUGGESTION,
                        proposed="the memory nurse was very good")
    choose(example_book, kept, Choice.KEEP, HELEN, How.IN_PERSON)
    talk = start_thread(open_book(example_book), RON, "who can blame him", JEAN, "Cut this?",
                        HELEN, ThreadKind.SUGGESTION, proposed="")
    choose(example_book, talk, Choice.TALK)
    rows = {r.said.split("”")[0]: r for r in happened(example_book, JEAN)
            if r.kind == SUGGESTION}
    kept_row = rows["Helen suggested changing “the memory nurse was a treasure"]
    assert kept_row.became == "Your words stayed: “the memory nurse was a treasure”"
    assert "(Helen wrote it down for you, told in person.)" in kept_row.said
    talk_row = rows["Helen suggested changing “who can blame him"]
    assert "You asked to talk about it." in talk_row.said
    assert talk_row.became == "Nobody has answered yet. The conversation is still open."


def test_agreement_decisions_say_whether_they_still_hold(example_book: Path) -> None:
    rows = [r for r in happened(example_book, JEAN) if r.kind == AGREEMENT]
    chapter = [r for r in rows if "Caring for Ron" in r.said][0]
    assert chapter.said.startswith("You agreed to your chapter 'Caring for Ron' on 24 March")
    assert "(You told Priya, by phone.)" in chapter.said
    assert chapter.became == "This still holds."
    quotes = [r for r in rows if "back cover" in r.said]
    assert [r.said.split(" your")[0] for r in quotes] == ["You withdrew", "You agreed to"]
    assert quotes[1].became == "You changed your mind later (see above)."
    assert quotes[0].became.startswith("It is not used")

    record_decision(open_book(example_book), JEAN, Use.CHAPTER, AgreementDecision.WITHDRAWN,
                    RON, on_behalf_by=HELEN, how=How.PHONE)
    newest = happened(example_book, JEAN)[0]
    assert newest.kind == AGREEMENT
    assert newest.said.startswith("You withdrew your agreement to your chapter 'Caring for Ron'")


def test_the_rows_are_newest_first(example_book: Path) -> None:
    rows = happened(example_book, JEAN)
    assert [r.when for r in rows] == sorted((r.when for r in rows), reverse=True)


def test_another_co_authors_reply_is_not_named(example_book: Path) -> None:
    question = start_thread(open_book(example_book), RON, "the memory nurse was a treasure",
                            JEAN, "Could you say her name?", HELEN, ThreadKind.QUESTION)
    reply(open_book(example_book), question.id, JEAN, "Pat.")
    reply(open_book(example_book), question.id, KWAME, "My nurse was good too.")
    row = [r for r in happened(example_book, JEAN) if r.kind == REPLY][0]
    assert row.became.startswith("Another co-author replied")
    assert "Kwame" not in row.became
    kwame = [r for r in happened(example_book, KWAME) if r.kind == REPLY]
    assert "My nurse was good too." in kwame[0].said
    assert "Jean" not in " ".join(f"{r.said} {r.became}" for r in kwame)
