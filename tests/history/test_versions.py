import subprocess
from pathlib import Path

import pytest

from coauthor_desk.history.git_runner import GitFailed
from coauthor_desk.history.versions import History, Identity, identity_of, start_history
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError

SAM = Identity("Sam Jones", "sam.jones@example.org")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Tech Author", "-c",
                           "user.email=tech@example.org", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def test_a_new_book_starts_with_one_saved_version(small_book: Path):
    versions = History(small_book).versions()
    assert len(versions) == 1
    assert versions[0].name == "Helen Marsh" and versions[0].description == "Started the book"
    assert git(small_book, "status", "--porcelain") == ""


def test_a_version_is_saved_as_the_person_doing_the_work(small_book: Path):
    book = load_book(small_book)
    save_chapter(book, "my-story", body="I grew up by the sea.\n")
    history = History(small_book)
    version = history.save_files_as_version(identity_of(book.people["sam-jones"]),
        "Wrote my first part")
    assert version is not None
    assert (version.name, version.email) == ("Sam Jones", "sam.jones@example.org")
    assert git(small_book, "log", "-1", "--format=%an|%cn|%s") == \
        "Sam Jones|Sam Jones|Wrote my first part\n"


def test_saving_with_nothing_changed_makes_no_version(small_book: Path):
    history = History(small_book)
    assert history.save_files_as_version(SAM, "Nothing new") is None
    assert len(history.versions()) == 1


def test_a_chapters_versions_and_any_old_text(small_book: Path):
    history = History(small_book)
    book = load_book(small_book)
    for number in range(3):
        book = load_book(small_book)
        save_chapter(book, "my-story", body=f"Draft {number}\n")
        history.save_files_as_version(SAM, f"Draft {number}", ["chapters/my-story.md"])
    versions = history.versions("chapters/my-story.md")
    assert [v.description for v in versions] == ["Draft 2", "Draft 1", "Draft 0",
                                                 "Started the book"]
    assert versions[0].when >= versions[-1].when
    assert history.text_at(versions[2].id, "chapters/my-story.md").endswith("Draft 0\n")
    with pytest.raises(BookError, match="not part of that saved version"):
        history.text_at(versions[-1].id, "chapters/never.md")
    with pytest.raises(BookError, match="outside the book folder"):
        history.text_at(versions[0].id, "../secret")


def test_hand_edits_and_plain_git_versions_are_noticed(small_book: Path):
    history = History(small_book)
    assert not history.outside_changes().any
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text() + "\nTyped in a text editor.\n")
    changes = history.outside_changes()
    assert changes.unsaved_files == ["chapters/my-story.md"] and not changes.new_versions
    git(small_book, "commit", "-qam", "Edited with plain git")
    changes = History(small_book).outside_changes()
    assert [v.description for v in changes.new_versions] == ["Edited with plain git"]
    assert changes.changed_files == ["chapters/my-story.md"] and not changes.unsaved_files
    history.mark_seen()
    assert not history.outside_changes().any


def test_hooks_never_run_and_program_settings_refuse_the_book(small_book: Path,
                                                              tmp_path: Path):
    marker = tmp_path / "ran"
    hook = small_book / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch {marker}-hook\n")
    hook.chmod(0o755)
    for hook_name in ("post-commit", "commit-msg"):
        other = hook.with_name(hook_name)
        other.write_text(hook.read_text().replace("-hook", f"-{hook_name}"))
        other.chmod(0o755)
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text() + "More.\n")
    history = History(small_book)
    assert history.save_files_as_version(SAM, "Saved despite the hooks") is not None
    git(small_book, "config", "filter.evil.clean", f"touch {marker}-filter; cat")
    git(small_book, "config", "core.fsmonitor", f"touch {marker}-fsmonitor; true")
    (small_book / ".gitattributes").write_text("* filter=evil\n")
    with pytest.raises(BookError) as refused:
        History(small_book)
    said = refused.value.plain()
    assert "'filter.evil.clean'" in said and "'core.fsmonitor'" in said
    assert said.startswith(".git/config: ") and "run a program" in said
    assert list(tmp_path.glob("ran*")) == []


def test_a_second_history_in_the_same_folder_is_refused(small_book: Path):
    with pytest.raises(BookError, match="already keeps a history"):
        start_history(small_book, SAM, "Again")


def test_tidy_packs_the_history(small_book: Path):
    history = History(small_book)
    history.tidy()
    assert "packs: 1" in git(small_book, "count-objects", "-v")


def test_git_failing_is_told_in_plain_words(small_book: Path):
    """git's own words (its step names, its advice) never reach the person."""
    history = History(small_book)
    (small_book / "chapters" / "new.md").write_text("New words.\n", "utf-8")
    (small_book / ".git" / "index.lock").write_text("", "utf-8")  # git busy, after opening
    with pytest.raises(GitFailed) as caught:
        history.save_files_as_version(Identity("Helen Marsh", "helen@example.org"), "New")
    said = str(caught.value.problems[0])
    assert "Another program was saving a version of this book" in said
    assert "delete" not in said  # nobody is ever told to delete a lock
    assert "index.lock" in caught.value.detail  # git's words are kept, but not shown
    for inside in ("commit", "'add'", "manually", "fatal"):
        assert inside not in said


@pytest.mark.parametrize(("git_said", "told"), [
    ("fatal: Unable to create '/b/.git/index.lock': Permission denied",
     "is not allowed to change the history"),
    ("fatal: Unable to create '/b/.git/HEAD.lock': File exists.\n\nAnother git process seems "
     "to be running", ".git/HEAD.lock: Another program was saving"),
    ("error: unable to write file: No space left on device", "The disk is full"),
    ("fatal: something else entirely", "could not be kept just now"),
])
def test_what_git_said_is_told_by_its_cause(git_said: str, told: str):
    said = str(GitFailed("commit", git_said).problems[0])
    assert told in said
    assert "fatal" not in said and "commit" not in said


def test_the_git_command_is_found_among_its_settings():
    from coauthor_desk.history.git_runner import _subcommand

    assert _subcommand(["-c", "user.name=Helen", "commit", "-m", "x"]) == "commit"
    assert _subcommand(["--no-pager", "log"]) == "log"


def test_a_book_named_by_a_relative_path_works(small_book: Path, monkeypatch):
    monkeypatch.chdir(small_book.parent)
    history = History(Path(small_book.name))
    assert history.versions() and history.unsaved_files() == []


def test_a_history_rewritten_elsewhere_is_noticed_without_failing(small_book: Path):
    from coauthor_desk.manuscript import cache

    history = History(small_book)
    cache.store(small_book, "seen.json", {"head": "0" * 40})  # a version no longer there
    changes = history.outside_changes()
    assert [v.description for v in changes.new_versions] == ["Started the book"]


def test_settings_changed_after_a_checked_opening_are_checked_again(small_book: Path):
    History(small_book)  # checked, and remembered as checked
    History(small_book)
    git(small_book, "config", "diff.external", "/bin/false")
    with pytest.raises(BookError, match="'diff.external'"):
        History(small_book)
