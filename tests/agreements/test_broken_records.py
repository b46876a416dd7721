"""Broken agreement records are reported plainly and never counted as agreement.

Every case in tests/corpus/broken_agreements is put into a real book folder with a real history
(the small_book fixture, with every agreement it needs recorded properly except the ones the
case would give) and saved the way its case.yaml says. Then, for each case:

(a) the publish check lists a "record" blocker naming the file (and line), in plain words;
(b) the record is not counted: what it would have agreed to is still a blocker, and a broken
    withdrawal leaves the book not ready;
(c) nothing in the folder changed (the git-ignored local caches in .coauthor/ aside), and
    git sees the same changes as before;
(d) `coauthor-desk check DIR --publish` exits with 1 and prints the same message, and its
    --json output lists the file among the blockers.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from corpus.broken_agreement_records import (
    AUTHOR_ID,
    BROKEN_AGREEMENTS,
    CASES,
    CHAPTER_ID,
    EDITOR_ID,
    Case,
    editor_identity,
    expectation,
    make_base_book,
    materialise,
    needed_subjects,
    person_identity,
)
from corpus.broken_books import RECIPES, git

from coauthor_desk import cli
from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import AGREEMENT, RECORD, Blocker, publish_check
from coauthor_desk.agreements.records import Decision, Use
from coauthor_desk.agreements.rules import State, current_version
from coauthor_desk.history.versions import History
from coauthor_desk.session import open_book

# Cases where the app does not yet do what the issue asks. Strict: when the app is fixed the test
# passes, and the entry must be removed.
KNOWN_BUGS: dict[str, str] = {}  # case -> why it still fails; empty when all pass

# What the issue names, each of which must have at least one case.
REQUIRED = {
    "person-unknown", "person-field-unknown", "person-differs-from-folder", "chapter-unknown",
    "quote-unknown", "use-unknown", "decision-unknown", "agreed-without-version",
    "when-in-the-future", "when-unreadable", "duplicate-id-two-people",
    "duplicate-id-yaml-and-yml", "id-not-file-name", "on-behalf-without-how",
    "recorded-by-unknown", "expires-unreadable", "yaml-unclosed-quote", "yaml-tab-in-value",
    "not-a-mapping-list", "not-a-mapping-empty", "not-utf8", "outside-loose-file",
    "outside-too-deep", "outside-not-yaml", "alias-bomb", "self-recorded-saved-by-editor",
    "changed-after-saved", "changed-not-saved", "removed-and-saved", "removed-not-saved",
    "never-saved",
}

# Words that are not plain: a traceback, Python's own words, and git's words.
NOT_PLAIN = [
    (re.compile(r"Traceback|File \"|, in <?\w+>?$|line \d+, in ", re.MULTILINE), "a traceback"),
    (re.compile(r"\b(None|True|False)\b|object at 0x|\b\w*(Error|Exception)\b|[\[{]'"),
     "Python's own words"),
    (re.compile(r"\b(commit|branch|merge|repositor(y|ies))\b", re.IGNORECASE), "git's words"),
]
LOCAL_ONLY = ".coauthor"  # caches kept on this computer, git-ignored (DESIGN.md §3)


def cases() -> list[object]:
    return [pytest.param(case, id=case, marks=pytest.mark.xfail(
        strict=True, reason=KNOWN_BUGS[case])) if case in KNOWN_BUGS else case for case in CASES]


# Helpers ---------------------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, bytes]:
    """The bytes of every file in the book folder, leaving out the history and local caches."""
    found = {}
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in (".git", LOCAL_ONLY)]
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def git_status(root: Path) -> str:
    return git(root, "status", "--porcelain=v1", "--untracked-files=all").stdout


def assert_plain(text: str, label: str) -> None:
    for pattern, what in NOT_PLAIN:
        found = pattern.search(text)
        assert found is None, f"{label}: {what} ({found.group()!r}) in:\n{text}"


def names_file(text: str, file: str, line: int | None) -> bool:
    """Whether one line of `text` names `file` as a whole path, with `line N` when given."""
    path = re.compile(rf"(?<![\w./-]){re.escape(file)}(?![\w/-]|\.\w)")
    at_line = re.compile(rf"\bline {line}\b")
    return any(path.search(row) and (line is None or at_line.search(row))
               for row in text.splitlines())


def record_blockers(blockers: list[Blocker]) -> list[Blocker]:
    return [b for b in blockers if b.kind == RECORD]


def agreement_blocker_for(blockers: list[Blocker], person: str, use: Use,
                          target: str | None) -> list[Blocker]:
    """The agreement blockers about one person's agreement to one thing."""
    found = [b for b in blockers if b.kind == AGREEMENT and b.person == person]
    if use is Use.CHAPTER:
        return [b for b in found if b.chapter == target]
    if use is Use.QUOTE:
        return [b for b in found if b.chapter is None and b.what.startswith("Quote")]
    if use is Use.NAMED:
        return [b for b in found if b.chapter is None and b.what.startswith("Credits")]
    return [b for b in found if b.chapter is None and b.what.startswith("Authorship")]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# The corpus itself -----------------------------------------------------------------------------
def test_the_corpus_covers_the_issue_and_is_safe_to_keep():
    assert REQUIRED <= set(CASES), sorted(REQUIRED - set(CASES))
    assert set(KNOWN_BUGS) <= set(CASES)
    for name in CASES:
        case = expectation(name)
        assert case.about and case.files, name
        assert case.file in case.files, f"{name}: {case.file} is not one of the case's files"
        assert all(path.startswith("agreements/") for path in case.files), name
        assert case.make in (None, *RECIPES), name
        assert case.words, f"{name}: say what the message must mention"
        for relative in case.files:
            path = BROKEN_AGREEMENTS / name / relative
            assert not path.is_symlink() and path.stat().st_size < 16 * 1024, relative
            if case.make is None:  # files kept in git are UTF-8; the others are made at test time
                path.read_bytes().decode("utf-8")


def test_the_base_book_is_ready(small_book):
    """The control: with every agreement recorded properly, the book can be published."""
    opened = open_book(make_base_book(small_book))
    check = publish_check(opened)
    assert check.ready, [str(b) for b in check.blockers]
    assert not check.agreements.problems
    assert len(check.agreements.records) == len(needed_subjects())


def test_a_left_out_agreement_is_one_blocker(small_book):
    left_out = [(AUTHOR_ID, Use.CHAPTER, CHAPTER_ID), (EDITOR_ID, Use.NAMED, None)]
    opened = open_book(make_base_book(small_book, left_out))
    blockers = publish_check(opened).blockers
    assert len(blockers) == 2, [str(b) for b in blockers]
    for subject in left_out:
        assert len(agreement_blocker_for(blockers, *subject)) == 1, subject


# Every broken record ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", cases())
def test_a_broken_record_is_reported_plainly_and_never_counted(name, small_book, capsys):
    case: Case = expectation(name)
    folder = materialise(case, small_book)
    before, status_before = snapshot(folder), git_status(folder)

    # (a) one plain "record" blocker naming the file and line
    opened = open_book(folder)
    check = publish_check(opened)
    named = [b for b in record_blockers(check.blockers) if b.file == case.file]
    assert named, f"no record blocker names {case.file}: {[str(b) for b in check.blockers]}"
    others = [b for b in record_blockers(check.blockers) if b.file != case.file]
    assert not others, f"blockers about other records: {[str(b) for b in others]}"
    for blocker in named:
        text = str(blocker)
        assert_plain(text, name)
        assert names_file(blocker.what, case.file, case.line), text
        if case.line is not None:
            assert blocker.line == case.line, text
        for words in case.words:
            assert words in text, f"does not say {words!r}: {text}"
        assert blocker.todo.strip(), "the message does not say what to do"

    # (b) never counted
    assert not check.ready
    assert not any(r.file == case.file for r in check.agreements.records)
    agreements = [b for b in check.blockers if b.kind == AGREEMENT]
    for subject in case.counts_for:
        assert check.standings[subject].state is not State.AGREED, subject
        assert agreement_blocker_for(check.blockers, *subject), \
            f"{subject} is not a blocker: {[str(b) for b in check.blockers]}"
    assert len(agreements) == len(case.counts_for), \
        f"unexpected agreement blockers: {[str(b) for b in agreements]}"
    if case.withdraws is not None:  # the base agreement stands; the record blocks on its own
        assert check.standings[case.withdraws].state is State.AGREED
    assert not [b for b in check.blockers if b.kind not in (AGREEMENT, RECORD)]

    # (d) the command line says the same, and exits with 1
    code, out, err = run_cli(capsys, "check", str(folder), "--publish")
    assert code == 1, err
    assert "did not expect" not in err, err
    assert_plain(out, f"{name}: check --publish")
    for blocker in named:
        assert f"{blocker.what} {blocker.todo}" in out, out
    code, out, err = run_cli(capsys, "check", str(folder), "--publish", "--json")
    assert code == 1, err
    report = json.loads(out)
    assert report["ready"] is False
    listed = [b for b in report["blockers"] if b["kind"] == RECORD and b["file"] == case.file]
    assert listed, report["blockers"]
    if case.line is not None:
        assert {b["line"] for b in listed} == {case.line}

    # (c) nothing on disk changed
    assert snapshot(folder) == before
    assert git_status(folder) == status_before


# Records that are fine, but are not counted ----------------------------------------------------
def test_a_removed_record_put_back_as_it_was_counts_again(small_book):
    folder = make_base_book(small_book, [(AUTHOR_ID, Use.CHAPTER, CHAPTER_ID)])
    opened = open_book(folder)
    record = record_decision(opened, AUTHOR_ID, Use.CHAPTER, Decision.AGREED, CHAPTER_ID)
    saved = (folder / record.file).read_bytes()
    editor = editor_identity(opened.book)
    (folder / record.file).unlink()
    opened.history.save_files_as_version(editor, "Removed a record", [record.file])
    assert any(b.file == record.file for b in publish_check(open_book(folder)).blockers)
    (folder / record.file).write_bytes(saved)  # as the message says: put it back, save
    opened.history.save_files_as_version(editor, "Put the record back", [record.file])
    check = publish_check(open_book(folder))
    assert check.ready, [str(b) for b in check.blockers]


def test_a_saved_record_whose_file_name_has_accented_letters_counts(small_book):
    folder = make_base_book(small_book, [(AUTHOR_ID, Use.CHAPTER, CHAPTER_ID)])
    opened = open_book(folder)
    version = current_version(opened.book, AUTHOR_ID, Use.CHAPTER, CHAPTER_ID)
    relative = "agreements/sam-jones/décision.yaml"
    (folder / relative).write_bytes(
        f"id: décision\nperson: sam-jones\nuse: chapter\nchapter: my-story\ndecision: agreed\n"
        f"version: {version}\nwhen: '2025-03-01T12:00:00+00:00'\nrecorded_by: sam-jones\n"
        .encode())
    History(folder).save_files_as_version(person_identity(opened.book, relative), "Sam agreed")
    check = publish_check(open_book(folder))
    assert check.ready, [str(b) for b in check.blockers]


def test_a_withdrawal_saved_and_removed_in_another_copy_is_still_reported(small_book):
    folder = make_base_book(small_book)
    git(folder, "checkout", "--quiet", "-b", "sams-copy")
    opened = open_book(folder)
    record = record_decision(opened, AUTHOR_ID, Use.CHAPTER, Decision.WITHDRAWN, CHAPTER_ID)
    (folder / record.file).unlink()
    opened.history.save_files_as_version(editor_identity(opened.book), "Tidied up", [record.file])
    git(folder, "checkout", "--quiet", "main")
    readme = folder / "NOTES.md"
    readme.write_text("Notes for the editors.\n", "utf-8")
    opened.history.save_files_as_version(editor_identity(opened.book), "Added notes", ["NOTES.md"])
    git(folder, "merge", "--quiet", "--no-ff", "--no-edit", "sams-copy")
    check = publish_check(open_book(folder))
    assert [b for b in check.blockers if b.kind == RECORD and b.file == record.file], \
        [str(b) for b in check.blockers]
