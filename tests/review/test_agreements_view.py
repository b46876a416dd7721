"""One person's agreements in plain rows, from the real example book's records."""

from pathlib import Path

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import check_agreements
from coauthor_desk.agreements.records import Decision, Use
from coauthor_desk.agreements.rules import State
from coauthor_desk.review.agreements_view import (
    agreement_rows,
    confirm_words,
    saved_words,
    subjects_for,
)
from coauthor_desk.session import open_book


def rows_of(folder: Path, person: str):
    opened = open_book(folder)
    _, standing = check_agreements(opened)
    return opened.book, agreement_rows(opened.book, person, standing)


def test_jeans_agreements_say_where_each_stands(example_book: Path) -> None:
    book, rows = rows_of(example_book, "jean-thornton")
    by_use = {row.use: row for row in rows}
    assert [row.use for row in rows] == [Use.CHAPTER, Use.NAMED, Use.QUOTE,
                                         Use.SELF_DESCRIPTION]
    chapter = by_use[Use.CHAPTER]
    assert chapter.heading == "Your chapter 'Caring for Ron'"
    assert chapter.words == ("You agreed on 24 March 2025 (told to Priya, by phone) to the "
                             "version of 'Caring for Ron' you saw then.")
    assert chapter.choices == (Decision.WITHDRAWN,) and not chapter.waiting
    quote = by_use[Use.QUOTE]
    assert quote.state is State.WITHDRAWN and quote.words.startswith("You withdrew on 1 June")
    assert quote.choices == (Decision.AGREED,)
    assert "Jean Thornton" in by_use[Use.NAMED].heading


def test_a_chapter_changed_since_asks_to_look_again(example_book: Path) -> None:
    _, rows = rows_of(example_book, "tomasz-nowak")
    chapter = rows[0]
    assert chapter.state is State.NEEDS_CHECKING and chapter.waiting
    assert "The chapter changed after you agreed" in chapter.words
    assert "please look again" in chapter.words
    assert chapter.choices == (Decision.AGREED, Decision.WITHDRAWN)


def test_not_asked_yet_offers_yes_and_no(example_book: Path) -> None:
    _, rows = rows_of(example_book, "kwame-mensah")
    chapter = rows[0]
    assert chapter.state is State.NOT_ASKED
    assert chapter.words.startswith("Not asked yet.")
    assert chapter.choices == (Decision.AGREED, Decision.NOT_AGREED)


def test_someone_who_chose_no_name_is_not_asked_about_being_named(example_book: Path) -> None:
    opened = open_book(example_book)
    uses = [use for _, use, _ in subjects_for(opened.book, "anon-survivor")]
    assert Use.NAMED not in uses and Use.CHAPTER in uses


def test_what_happens_is_said_before_confirming_and_after_saving(example_book: Path) -> None:
    book, rows = rows_of(example_book, "jean-thornton")
    chapter = rows[0]
    words = confirm_words(book, "jean-thornton", chapter, Decision.WITHDRAWN)
    assert words == ("If you withdraw, your chapter 'Caring for Ron' will not be in the book, "
                     "or in any copy made from now on, until you agree again. You can change "
                     "your mind at any time.")
    assert "as it reads today" in confirm_words(book, "jean-thornton", chapter, Decision.AGREED)
    named = confirm_words(book, "jean-thornton", rows[1], Decision.WITHDRAWN)
    assert "chose not to be named" in named
    assert saved_words(chapter, Decision.WITHDRAWN) == \
        "Saved: you withdrew your agreement for 'Caring for Ron'."


def test_a_decision_written_down_by_an_editor_says_so(example_book: Path) -> None:
    from coauthor_desk.agreements.records import How

    record_decision(open_book(example_book), "kwame-mensah", Use.CHAPTER, Decision.AGREED,
                    "10-after-the-stroke", on_behalf_by="helen-marsh", how=How.IN_PERSON)
    _, rows = rows_of(example_book, "kwame-mensah")
    assert rows[0].state is State.AGREED
    assert "(told to Helen, in person)" in rows[0].words


def test_no_row_speaks_of_another_co_author(example_book: Path) -> None:
    opened = open_book(example_book)
    _, standing = check_agreements(opened)
    book = opened.book
    co_authors = [p for p in book.people.values() if not p.is_editor
                  and p.id not in book.editors]
    assert len(co_authors) == 17
    for person in co_authors:
        others = [name for p in co_authors if p.id != person.id
                  for name in (p.name, p.credited_as) if name and name != person.credited_as]
        for row in agreement_rows(book, person.id, standing):
            text = f"{row.heading} {row.words}"
            assert not [name for name in others if name in text], (person.id, text)
