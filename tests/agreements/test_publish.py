"""The publish check on the example book and on small books changed step by step."""

from datetime import UTC, datetime
from pathlib import Path

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import check_report, check_text, publish_check
from coauthor_desk.agreements.records import Decision, Use
from coauthor_desk.agreements.rules import State
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.session import open_book

SAM = Identity("Sam Jones", "sam.jones@example.org")


def agree_to_everything(folder: Path) -> None:
    for use, target in ((Use.CHAPTER, "my-story"), (Use.NAMED, None)):
        record_decision(open_book(folder), "sam-jones", use, Decision.AGREED, target)
    record_decision(open_book(folder), "helen-marsh", Use.NAMED, Decision.AGREED)


def test_the_example_book_shows_its_mix_of_agreements(example_book: Path):
    check = publish_check(open_book(example_book))
    states = {s.subject: s.state for s in check.standings.values()}
    assert states[("tomasz-nowak", Use.CHAPTER, "08-therapy-in-a-second-language")] is \
        State.NEEDS_CHECKING
    assert states[("jean-thornton", Use.QUOTE, "back-cover")] is State.WITHDRAWN
    assert states[("kwame-mensah", Use.QUOTE, "launch-leaflet")] is State.AGREED
    assert states[("jean-thornton", Use.CHAPTER, "03-caring-for-ron")] is State.AGREED
    assert states[("peter-quinn", Use.CHAPTER, "15-a-bed-for-the-night")] is State.NOT_ASKED
    assert states[("anon-survivor", Use.SELF_DESCRIPTION, None)] is State.NOT_AGREED
    agreed = sum(state is State.AGREED for state in states.values())
    assert agreed > len(states) * 3 / 4  # most people agreed
    assert check.agreements.problems == [] and not check.ready
    text = check_text(check_report(check, open_book(example_book).book))
    assert ("Chapter 8, 'Therapy in a second language': Tomasz Nowak agreed to the version of "
            "18 April 2025. Since then two paragraphs changed. Ask Tomasz to look again.") in text
    assert "Jean Thornton withdrew their agreement to the quote used for the back cover" in text
    for word in ("commit", "branch", "merge", "repository", "Traceback"):
        assert word not in text


def test_a_chapter_is_blocked_until_its_author_agrees_and_again_after_it_changes(
        small_book: Path):
    first = publish_check(open_book(small_book))
    assert {b.chapter for b in first.blockers} == {"my-story", None}
    agree_to_everything(small_book)
    assert publish_check(open_book(small_book)).ready
    book = open_book(small_book).book
    save_chapter(book, "my-story", body=book.chapters["my-story"].body + "\nOne more thing.\n")
    History(small_book).save_files_as_version(SAM, "Added a line")
    after = publish_check(open_book(small_book))
    assert [b.chapter for b in after.blockers] == ["my-story"]
    assert "one paragraph was added" in after.blockers[0].what


def test_changing_only_the_status_keeps_the_agreement(small_book: Path):
    agree_to_everything(small_book)
    save_chapter(open_book(small_book).book, "my-story", status="ready")
    History(small_book).save_files_as_version(SAM, "Ready")
    assert publish_check(open_book(small_book)).ready


def test_withdrawing_and_agreeing_again(small_book: Path):
    agree_to_everything(small_book)
    record_decision(open_book(small_book), "sam-jones", Use.CHAPTER, Decision.WITHDRAWN,
                    "my-story")
    blocked = publish_check(open_book(small_book))
    assert "Sam Jones withdrew their agreement to the chapter being published" in \
        blocked.blockers[0].what
    record_decision(open_book(small_book), "sam-jones", Use.CHAPTER, Decision.AGREED,
                    "my-story")
    assert publish_check(open_book(small_book)).ready


def test_an_agreement_that_ran_out_blocks(small_book: Path):
    agree_to_everything(small_book)
    record_decision(open_book(small_book), "sam-jones", Use.NAMED, Decision.AGREED,
                    expires=datetime(2030, 1, 1).date())
    assert publish_check(open_book(small_book)).ready
    later = publish_check(open_book(small_book), now=datetime(2030, 1, 2, tzinfo=UTC))
    assert [b.what for b in later.blockers] == [
        "Credits: Sam Jones's agreement to being named as 'Sam' ran out on 1 January 2030."]


def test_a_new_credit_choice_needs_the_person_to_agree_again(small_book: Path):
    agree_to_everything(small_book)
    person = small_book / "people" / "sam-jones.yaml"
    person.write_text(person.read_text().replace("credit: {as: first-name}",
                                                 "credit: {as: pen-name, name: Jo Rivers}"))
    check = publish_check(open_book(small_book))
    assert [b.what for b in check.blockers] == [
        "Credits: Sam Jones agreed to being named as 'Sam' on "
        f"{_day(check)}. Since then the book would name them 'Jo Rivers'."]


def _day(check) -> str:
    record = next(s.record for s in check.standings.values() if s.use is Use.NAMED
                  and s.person == "sam-jones")
    return f"{record.when.day} {record.when:%B %Y}"


def test_a_hidden_name_in_a_chapter_blocks_with_its_line(small_book: Path):
    agree_to_everything(small_book)
    chapter = small_book / "chapters" / "my-story.md"
    lines = chapter.read_text().split("\n")
    lines.insert(9, "My neighbour, Mrs Jones, told me.")
    chapter.write_text("\n".join(lines))
    check = publish_check(open_book(small_book))
    assert [(b.kind, b.file, b.line) for b in check.blockers] == [
        ("agreement", "chapters/my-story.md", None),  # the text changed since Sam agreed
        ("hidden-name", "chapters/my-story.md", 10)]
    assert "'Jones' is part of the real name of Sam, who chose to be named by first name " \
        "only." in check.blockers[1].what
