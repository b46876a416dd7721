"""Sharing a book between computers, through real shared copies on this computer: a bare copy
in a folder and `git daemon` on 127.0.0.1. Two people's changes combine without a question
unless both changed the same sentence; then both versions are kept, the clash waits for a
choice and blocks publishing."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from sharing_servers import bare, git, git_daemon

from coauthor_desk.agreements.publish import CLASH, publish_check
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.history.sharing import get, open_clashes, share, sharing_status, sync
from coauthor_desk.history.sharing.engine import SyncResult
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import files
from coauthor_desk.session import open_book
from coauthor_desk.waiting import waiting_report, waiting_text

HELEN = Identity("Helen Marsh", "helen.marsh@example.org")
SAM = Identity("Sam Jones", "sam.jones@example.org")
CHAPTER = "chapters/my-story.md"
PARAGRAPH = ("I grew up by the sea. My mother worked at the harbour. We moved inland when I was "
             "nine.\n\nLater paragraph about school.\n")
# The words DESIGN.md keeps off the screen (as tests/gui/test_accessibility.py's INSIDE_WORDS),
# with git's other words for sharing.
INSIDE_WORDS = re.compile(r"\b(commit\w*|push\w*|pull\w*|fetch\w*|merg\w*|branch\w*|"
                          r"repositor\w*|rebas\w*|remote\w*|stash\w*|consent\w*|git|"
                          r"service users?)\b", re.IGNORECASE)


def edit(root: Path, who: Identity, old: str, new: str, path: str = CHAPTER) -> None:
    """One saved version changing `old` to `new` in a file, as the window saves it."""
    with History(root).transaction(who, f"{who.name} edited"):
        text = files.read_text(root, path)
        assert old in text.text, (old, text.text)
        files.write_text(root, path, text.text.replace(old, new, 1), text.fingerprint)


def add_file(root: Path, who: Identity, path: str, text: str) -> None:
    with History(root).transaction(who, f"{who.name} added {path}"):
        files.write_text(root, path, text, None)


def said(result: SyncResult) -> list[str]:
    return [result.summary(), *result.notes, *result.warnings]


def no_inside_words(words: list[str]) -> None:
    assert [w for w in words if INSIDE_WORDS.search(w)] == []


@pytest.fixture
def book(small_book: Path) -> Path:
    edit(small_book, HELEN, "# Background\n", "# Background\n\n" + PARAGRAPH)
    return small_book


@pytest.fixture
def daemon(tmp_path: Path):
    base = tmp_path / "served"
    base.mkdir()
    with git_daemon(base) as address:
        yield base, address


@pytest.fixture
def two_computers(book: Path, daemon, tmp_path: Path) -> tuple[Path, Path]:
    """Helen's computer shares the book through the daemon; Sam's has a copy of it."""
    base, address = daemon
    bare(base, "book.git")
    result = share(book, f"{address}/book.git", HELEN)
    assert result.sent >= 2
    other = tmp_path / "sam"
    assert get(f"{address}/book.git", other) == len(History(book).versions())
    return book, other


def text(root: Path, path: str = CHAPTER) -> str:
    return (root / path).read_text("utf-8")


def settled(root: Path) -> None:
    """Nothing half-way: no merge or rebase in progress, no journal, the files as saved,
    the history sound."""
    git_dir = root / ".git"
    for left in ("MERGE_HEAD", "rebase-merge", "rebase-apply", "coauthor/journal.json",
                 "index.lock"):
        assert not (git_dir / left).exists(), left
    assert History(root).unsaved_files() == []
    git(root, "fsck", "--no-progress")


def test_different_sentences_of_one_paragraph_both_survive(two_computers):
    helen, sam = two_computers
    edit(helen, HELEN, "I grew up by the sea.", "I grew up in a small town by the sea.")
    edit(sam, SAM, "We moved inland when I was nine.", "We moved inland when I was ten.")
    assert sharing_status(helen) == "1 change to share"
    first = sync(helen, HELEN)
    second = sync(sam, SAM)
    assert first.sent == 1 and second.got == 1 and second.clashes == 0
    sync(helen, HELEN)
    for root in (helen, sam):
        words = text(root)
        assert "I grew up in a small town by the sea." in words
        assert "We moved inland when I was ten." in words
        assert not (root / "clashes").exists()
        assert "<<<<<<<" not in words
        settled(root)
        assert sharing_status(root) == "Up to date"
    assert git(helen, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    # The combined version has both people's versions as its parents.
    assert len(git(sam, "log", "-1", "--format=%P").split()) == 2
    no_inside_words(said(first) + said(second))


def test_different_paragraphs_files_and_records_combine(two_computers):
    helen, sam = two_computers
    edit(helen, HELEN, "I grew up by the sea.", "I grew up near the sea.")
    edit(sam, SAM, "Later paragraph about school.", "Later paragraph about my school.")
    add_file(helen, HELEN, "feedback/my-story/helen-1.yaml", "id: helen-1\n")
    add_file(sam, SAM, "feedback/my-story/sam-1.yaml", "id: sam-1\n")
    add_file(sam, SAM, "notes.md", "Sam's notes.\n")
    (sam / "pictures").mkdir()
    (sam / "pictures" / "harbour.png").write_bytes(b"\x89PNG\r\n\x1a\n\0picture")  # by hand
    sync(helen, HELEN)
    result = sync(sam, SAM)
    sync(helen, HELEN)
    assert result.clashes == 0
    for root in (helen, sam):
        assert "I grew up near the sea." in text(root)
        assert "about my school" in text(root)
        for path in ("feedback/my-story/helen-1.yaml", "feedback/my-story/sam-1.yaml",
                     "notes.md", "pictures/harbour.png"):
            assert (root / path).is_file(), path
        assert (root / "pictures" / "harbour.png").read_bytes().endswith(b"\0picture")
        settled(root)


def test_the_same_sentence_keeps_both_and_blocks_publishing(two_computers):
    helen, sam = two_computers
    edit(helen, HELEN, "My mother worked at the harbour.", "My mother ran the harbour café.")
    edit(sam, SAM, "My mother worked at the harbour.", "My mother mended nets at the harbour.")
    sync(helen, HELEN)  # Helen's version is shared first, so the text keeps it
    result = sync(sam, SAM)
    sync(helen, HELEN)
    assert result.clashes == 1
    for root in (helen, sam):
        assert "My mother ran the harbour café." in text(root)
        assert "My mother mended nets" not in text(root)
        records, problems = open_clashes(root)
        assert problems == [] and len(records) == 1
        record = records[0]
        assert record.about == CHAPTER and record.line is not None
        paragraph_start = text(root).splitlines()[record.line - 1]
        assert paragraph_start.startswith("I grew up by the sea."), paragraph_start
        assert record.kept == "My mother ran the harbour café."
        assert record.other == "My mother mended nets at the harbour."
        assert (record.kept_by, record.other_by) == ("Helen Marsh", "Sam Jones")
        opened = open_book(root)
        check = publish_check(opened)
        assert [b.kind for b in check.blockers if b.kind == CLASH] == [CLASH]
        found = waiting_report(opened, check, load_threads(opened.book)[0])
        listed = waiting_text(found)
        assert "both changed the same sentence" in listed and "Sam Jones" in listed
        settled(root)
    no_inside_words(said(result) + [b.what + b.todo for b in check.blockers if b.kind == CLASH]
                    + [w.words for w in found if w.kind == "clash"])
    # Choosing (here: removing the record) lets the book be published again, everywhere.
    with History(sam).transaction(SAM, "Chose Helen's words") as saving:
        saving.keep(record.file)  # type: ignore[misc]
        (sam / record.file).unlink()
    sync(sam, SAM)
    sync(helen, HELEN)
    assert open_clashes(helen) == ([], [])
    assert not [b for b in publish_check(open_book(helen)).blockers if b.kind == CLASH]


def test_a_hand_edited_file_that_clashes_keeps_both_copies(two_computers):
    helen, sam = two_computers
    edit(helen, HELEN, "title: A Small Book", "title: A Book by the Sea", "book.yaml")
    edit(sam, SAM, "title: A Small Book", "title: Our Small Book", "book.yaml")
    sync(helen, HELEN)
    result = sync(sam, SAM)
    sync(helen, HELEN)
    assert result.clashes == 1 and any("book.yaml" in note for note in result.notes)
    for root in (helen, sam):
        assert "title: A Book by the Sea" in text(root, "book.yaml")
        kept = [name for name in os.listdir(root) if name.startswith("book.yaml.other-")]
        assert len(kept) == 1, kept
        assert "title: Our Small Book" in text(root, kept[0])
        open_book(root)  # the book still opens: the other copy is not read as details
        settled(root)
    assert sorted(os.listdir(helen)) == sorted(os.listdir(sam))
    no_inside_words(said(result))


def test_a_windows_edit_of_one_line_is_a_one_line_change(two_computers):
    helen, sam = two_computers
    assert "* text=auto eol=lf" in text(helen, ".gitattributes")
    windows = text(sam).replace("We moved inland when I was nine.",
                                "We moved inland at nine.").replace("\n", "\r\n")
    (sam / CHAPTER).write_bytes(windows.encode("utf-8"))  # as a Windows editor saves it
    sync(sam, SAM)
    changed = git(sam, "diff", "--numstat", "HEAD~1", "HEAD", "--", CHAPTER).split()
    assert changed[:2] == ["1", "1"], changed
    sync(helen, HELEN)
    assert "We moved inland at nine." in text(helen) and "\r" not in text(helen)


def test_a_file_too_large_to_share_is_refused_before_saving(two_computers):
    from coauthor_desk.history.transaction import MAX_SHARED_FILE_BYTES
    from coauthor_desk.problems import BookError

    helen, _ = two_computers
    before = git(helen, "rev-parse", "HEAD")
    picture = "pictures/harbour.png"
    with pytest.raises(BookError) as refused, \
            History(helen).transaction(HELEN, "Added a picture") as saving:
        saving.keep(picture)  # type: ignore[misc]
        (helen / "pictures").mkdir()
        with open(helen / picture, "wb") as out:
            out.truncate(MAX_SHARED_FILE_BYTES + 1)
    problem = refused.value.problems[0]
    assert problem.file == picture and "larger than" in problem.what
    assert git(helen, "rev-parse", "HEAD") == before and not (helen / picture).exists()
    no_inside_words([str(problem)])
    # Put there by hand, it is left out of sharing, with a plain warning; the rest is shared.
    with open(helen / picture, "wb") as out:
        out.truncate(MAX_SHARED_FILE_BYTES + 1)
    edit(helen, HELEN, "I grew up by the sea.", "I grew up by a grey sea.")
    result = sync(helen, HELEN)
    assert result.sent == 1 and any(picture in w for w in result.warnings)
    assert picture not in git(helen, "ls-files")


def test_sharing_to_a_folder_and_getting_a_copy(book: Path, tmp_path: Path):
    shared = tmp_path / "network drive" / "our book"
    shared.parent.mkdir()
    result = share(book, str(shared), HELEN)
    assert (shared / "HEAD").is_file() and result.warnings == []
    History(book)  # the settings written pass the book folder's own checks
    listing = git(book, "config", "--local", "--list")
    assert f"remote.shared.url={shared}" in listing
    other = tmp_path / "second computer"
    get(str(shared), other)
    opened = open_book(other)
    assert opened.book.title == "A Small Book" and opened.unsaved_files == []
    edit(other, SAM, "I grew up by the sea.", "I grew up by the cold sea.")
    assert sync(other, SAM).sent == 1
    assert sync(book, HELEN).got == 1 and "the cold sea" in text(book)
    settled(book)


def test_status_sentences(book: Path, tmp_path: Path):
    assert sharing_status(book) == "Not connected: working on this computer"
    share(book, str(tmp_path / "shared"), HELEN)
    assert sharing_status(book) == "Up to date"
    edit(book, HELEN, "I grew up by the sea.", "I grew up by the sea, happily.")
    edit(book, HELEN, "Later paragraph", "A later paragraph")
    assert sharing_status(book) == "2 changes to share"
    no_inside_words([sharing_status(book), "Not connected: working on this computer"])


def test_a_shared_folder_that_would_run_a_program_is_refused(book: Path, tmp_path: Path):
    shared = tmp_path / "shared"
    share(book, str(shared), HELEN)
    trap = shared / "hooks" / "post-update"
    trap.write_text("#!/bin/sh\ntouch \"$0.sprung\"\n")
    trap.chmod(0o755)
    edit(book, HELEN, "I grew up by the sea.", "I grew up by the sea.!")
    from coauthor_desk.problems import BookError

    with pytest.raises(BookError) as refused:
        sync(book, HELEN)
    assert "programs" in refused.value.problems[0].what
    assert not (shared / "hooks" / "post-update.sprung").exists()


def test_a_shared_copy_naming_a_file_in_the_history_folder_is_refused(book: Path,
                                                                      tmp_path: Path):
    """A shared copy made by hand to hold '.git/config' changes nothing on this computer."""
    from coauthor_desk.problems import BookError

    shared = tmp_path / "shared"
    share(book, str(shared), HELEN)
    bare_git = ["git", "--git-dir", str(shared)]

    def plumbing(*args: str, data: str = "") -> str:
        return subprocess.run([*bare_git, *args], input=data, capture_output=True, text=True,
                              check=True).stdout.strip()

    trap = plumbing("hash-object", "-w", "--stdin", data="[core]\n\tfsmonitor = touch sprung\n")
    inner = plumbing("mktree", data=f"100644 blob {trap}\tconfig\n")
    tip = plumbing("rev-parse", "main")
    tree_lines = plumbing("ls-tree", f"{tip}^{{tree}}") + f"\n040000 tree {inner}\t.git\n"
    tree = plumbing("mktree", data=tree_lines)
    hostile = plumbing("-c", "user.name=X", "-c", "user.email=x@example.org", "commit-tree",
                       tree, "-p", tip, "-m", "hostile")
    plumbing("update-ref", "refs/heads/main", hostile)
    before = (book / ".git" / "config").read_bytes()
    with pytest.raises(BookError) as refused:
        sync(book, HELEN)
    assert "broken or unsafe" in refused.value.problems[0].what
    assert (book / ".git" / "config").read_bytes() == before
    no_inside_words([str(refused.value.problems[0])])


def test_a_lock_left_in_a_shared_folder_by_a_stopped_sync_does_not_stop_sharing(
        book: Path, tmp_path: Path):
    shared = tmp_path / "shared"
    share(book, str(shared), HELEN)
    left = shared / "refs" / "heads" / "main.lock"
    left.write_text("0" * 40 + "\n")
    os.utime(left, (time.time() - 60, time.time() - 60))
    edit(book, HELEN, "I grew up by the sea.", "I grew up by the northern sea.")
    assert sync(book, HELEN).sent == 1
    assert not left.exists()
    assert git(book, "rev-parse", "HEAD") == git(book, "--git-dir", str(shared), "rev-parse",
                                                 "main")
