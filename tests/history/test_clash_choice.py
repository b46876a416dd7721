"""Choosing between two people's words after a clash: through the core and the command line,
with real copies of a book shared through a folder. The chosen words go in the chapter, the
record goes, the version is signed by whoever chose, and nothing waits or blocks any more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_sharing import HELEN, SAM, edit, no_inside_words, settled, text

from coauthor_desk import cli
from coauthor_desk.agreements.publish import CLASH, publish_check
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.history.sharing import get, open_clashes, share, sync
from coauthor_desk.history.sharing.choose import KEPT, OTHER, choose, question
from coauthor_desk.history.versions import History
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book
from coauthor_desk.waiting import waiting_report

CHAPTER = "chapters/my-story.md"
PARAGRAPH = ("I grew up by the sea. My mother worked at the harbour. We moved inland when I was "
             "nine.\n\nLater paragraph about school.\n")
HELENS = "My mother ran the harbour café."
SAMS = "My mother mended nets at the harbour."


@pytest.fixture
def clash(small_book: Path, tmp_path: Path) -> Path:
    """Helen and Sam changed the same sentence on two computers, sharing through a folder;
    Sam's copy, after syncing, keeps Helen's words and a clash record. Returns Sam's folder."""
    edit(small_book, HELEN, "# Background\n", "# Background\n\n" + PARAGRAPH)
    shared = tmp_path / "shared folder"
    share(small_book, str(shared), HELEN)
    sam = tmp_path / "sam"
    get(str(shared), sam)
    edit(small_book, HELEN, "My mother worked at the harbour.", HELENS)
    edit(sam, SAM, "My mother worked at the harbour.", SAMS)
    sync(small_book, HELEN)
    assert sync(sam, SAM).clashes == 1
    assert HELENS in text(sam) and SAMS not in text(sam)
    return sam


def record_file(root: Path) -> str:
    records, problems = open_clashes(root)
    assert problems == [] and len(records) == 1
    return records[0].file


def nothing_waits(root: Path, record: str) -> None:
    """The record is gone; Waiting no longer lists a clash and publishing is not blocked."""
    assert not (root / record).exists()
    assert open_clashes(root) == ([], [])
    opened = open_book(root)
    check = publish_check(opened)
    assert [b for b in check.blockers if b.kind == CLASH] == []
    waiting = waiting_report(opened, check, load_threads(opened.book)[0])
    assert [w for w in waiting if w.kind == "clash"] == []
    settled(root)


def newest_author(root: Path) -> str:
    return History(root).versions()[0].name


def test_the_clash_asks_in_plain_words(clash: Path):
    record = open_clashes(clash)[0][0]
    assert question(record) == ("Helen Marsh and Sam Jones both changed this sentence: use "
                                "Helen Marsh's, use Sam Jones's, or write it again.")
    no_inside_words([question(record)])


@pytest.mark.parametrize(("use", "words", "expected"), [
    (KEPT, None, HELENS), (OTHER, None, SAMS),
    (None, "My mother sold fish at the harbour.", "My mother sold fish at the harbour.")])
def test_each_choice_through_the_core(clash: Path, use: str | None, words: str | None,
                                      expected: str):
    record = record_file(clash)
    before = len(History(clash).versions())
    said = choose(open_book(clash), record, "sam-jones", use=use, words=words)
    chapter = text(clash)
    assert f"I grew up by the sea. {expected} We moved inland" in chapter
    assert [w for w in (HELENS, SAMS, "sold fish") if w in chapter] == \
        [w for w in (HELENS, SAMS, "sold fish") if w in expected]
    assert len(History(clash).versions()) == before + 1
    assert newest_author(clash) == "Sam Jones"
    assert said.startswith("Sam ") and said == History(clash).versions()[0].description + "."
    no_inside_words([said])
    nothing_waits(clash, record)
    # Shared, the choice reaches the other computer too.
    sync(clash, SAM)
    helen = clash.parent / "small"
    sync(helen, HELEN)
    assert f"I grew up by the sea. {expected} We moved inland" in text(helen)
    assert open_clashes(helen) == ([], [])


@pytest.mark.parametrize(("flags", "expected"), [
    (["--use-kept"], HELENS), (["--use-other"], SAMS),
    (["--words", "My mother kept the harbour lights."], "My mother kept the harbour lights.")])
def test_each_choice_through_the_command_line(clash: Path, capsys, flags: list[str],
                                              expected: str):
    record = record_file(clash)
    assert cli.main(["clashes", str(clash), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["number"] for c in listed] == [1] and listed[0]["record"] == record
    assert listed[0]["kept"] == HELENS and listed[0]["other"] == SAMS
    assert cli.main(["clashes", str(clash)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Helen Marsh and Sam Jones both changed this sentence")
    no_inside_words([out])
    assert cli.main(["choose", str(clash), "1", *flags, "--by", "helen-marsh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Helen chose") or out.startswith("Helen wrote again")
    assert f"I grew up by the sea. {expected} We moved inland" in text(clash)
    assert newest_author(clash) == "Helen Marsh"
    nothing_waits(clash, record)
    assert cli.main(["clashes", str(clash)]) == 0
    assert "No clashes" in capsys.readouterr().out
    # Once chosen, it is gone: choosing again is refused with a plain message.
    assert cli.main(["choose", str(clash), "1", "--use-kept", "--by", "helen-marsh"]) == 1
    assert "no open clash" in capsys.readouterr().err


def test_the_command_line_takes_the_record_name_and_refuses_a_wrong_call(clash: Path, capsys):
    record = record_file(clash)
    with pytest.raises(SystemExit) as wrong:
        cli.main(["choose", str(clash), "1", "--use-kept", "--use-other"])
    assert wrong.value.code == 2
    capsys.readouterr()
    assert cli.main(["choose", str(clash), "7", "--use-kept", "--by", "sam-jones"]) == 1
    assert "no open clash called '7'" in capsys.readouterr().err
    name = Path(record).stem
    assert cli.main(["choose", str(clash), name, "--use-other", "--by", "sam-jones"]) == 0
    assert SAMS in text(clash)
    nothing_waits(clash, record)


def test_a_paragraph_changed_since_is_refused_and_nothing_changes(clash: Path):
    record = record_file(clash)
    edit(clash, SAM, HELENS, "My mother, later, ran the harbour café.")
    chapter, versions = text(clash), len(History(clash).versions())
    for use, words in ((OTHER, None), (None, "Something else.")):
        with pytest.raises(BookError) as refused:
            choose(open_book(clash), record, "sam-jones", use=use, words=words)
        problem = refused.value.problems[0]
        assert "has changed since" in problem.what and "Nothing was changed" in problem.todo
        no_inside_words([str(problem)])
    assert text(clash) == chapter and (clash / record).is_file()
    assert len(History(clash).versions()) == versions
    settled(clash)
    # Keeping the chapter as it is now still settles it.
    choose(open_book(clash), record, "sam-jones", use=KEPT)
    assert text(clash) == chapter
    nothing_waits(clash, record)


@pytest.fixture
def file_clash(small_book: Path, tmp_path: Path) -> Path:
    """book.yaml changed by hand on both computers: kept twice. Returns Sam's folder."""
    shared = tmp_path / "shared folder"
    share(small_book, str(shared), HELEN)
    sam = tmp_path / "sam"
    get(str(shared), sam)
    edit(small_book, HELEN, "title: A Small Book", "title: A Book by the Sea", "book.yaml")
    edit(sam, SAM, "title: A Small Book", "title: Our Small Book", "book.yaml")
    sync(small_book, HELEN)
    assert sync(sam, SAM).clashes == 1
    return sam


@pytest.mark.parametrize(("use", "title"), [(KEPT, "A Book by the Sea"),
                                            (OTHER, "Our Small Book")])
def test_a_file_kept_twice_both_ways(file_clash: Path, use: str, title: str):
    record = record_file(file_clash)
    copy = open_clashes(file_clash)[0][0].other_copy
    assert copy and (file_clash / copy).is_file()
    said = choose(open_book(file_clash), record, "helen-marsh", use=use)
    assert f"title: {title}" in text(file_clash, "book.yaml")
    assert not (file_clash / copy).exists()
    assert open_book(file_clash).book.title == title
    assert newest_author(file_clash) == "Helen Marsh"
    no_inside_words([said])
    nothing_waits(file_clash, record)
    with pytest.raises(BookError):
        choose(open_book(file_clash), record, "helen-marsh", use=KEPT)


def test_writing_a_file_again_is_refused(file_clash: Path):
    record = record_file(file_clash)
    with pytest.raises(BookError) as refused:
        choose(open_book(file_clash), record, "helen-marsh", words="title: Mine")
    assert "cannot be written again" in refused.value.problems[0].what
    assert (file_clash / record).is_file()


def test_a_choice_that_cannot_be_saved_changes_nothing(file_clash: Path):
    """All or nothing: the other copy, made too large to share by hand, is refused when it
    would be saved; the book's file, the other copy and the record are all put back."""
    from coauthor_desk.history.transaction import MAX_SHARED_FILE_BYTES

    record = record_file(file_clash)
    copy = open_clashes(file_clash)[0][0].other_copy
    assert copy is not None
    with open(file_clash / copy, "r+b") as out:
        out.truncate(MAX_SHARED_FILE_BYTES + 1)
    book_file = (file_clash / "book.yaml").read_bytes()
    versions = len(History(file_clash).versions())
    with pytest.raises(BookError) as refused:
        choose(open_book(file_clash), record, "helen-marsh", use=OTHER)
    assert "larger than" in refused.value.problems[0].what
    assert (file_clash / "book.yaml").read_bytes() == book_file
    assert (file_clash / copy).stat().st_size == MAX_SHARED_FILE_BYTES + 1
    assert (file_clash / record).is_file()
    assert len(History(file_clash).versions()) == versions
    assert not (file_clash / ".git" / "coauthor" / "journal.json").exists()
    # Keeping the book's file instead still works.
    choose(open_book(file_clash), record, "helen-marsh", use=KEPT)
    assert not (file_clash / copy).exists() and open_clashes(file_clash) == ([], [])


def test_one_person_on_two_computers_is_asked_plainly(clash: Path):
    from dataclasses import replace

    record = replace(open_clashes(clash)[0][0], other_by="Helen Marsh")
    assert question(record) == ("Helen Marsh (on two computers) changed this sentence: use "
                                "the book's, use the other, or write it again.")
