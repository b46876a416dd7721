"""Others' edits to someone's words become suggestions, in the window's save and on the command
line; the owner edits their own words directly; an editor's own commentary box is theirs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coauthor_desk.cli import main
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import SuggestionDecision, ThreadKind
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import open_book

CHAPTER = "03-caring-for-ron"
FIRST = "Ron was a bus driver, and he was always the one who remembered birthdays."
SECOND = "About six years ago he began to forget things."


def _newest(folder: Path) -> tuple[str, str]:
    out = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%an%n%s"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return out[0], out[1]


def test_an_editors_changes_to_a_coauthors_sentences_become_one_suggestion_each(
        example_book: Path):
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    assert FIRST in body and SECOND in body
    edited = body.replace("Ron was a bus driver", "Ron drove buses").replace(
        SECOND, "He began forgetting things six years ago.")
    saved = save_edit(opened, CHAPTER, edited, "helen-marsh", reason="Shorter, I think")
    on_disk = load_book(example_book).chapters[CHAPTER].body
    assert on_disk == body  # Jean's words stay until Jean decides
    assert [(t.anchor.quote, t.proposed) for t in saved.suggested] == [
        (FIRST, "Ron drove buses, and he was always the one who remembered birthdays."),
        (SECOND, "He began forgetting things six years ago.")]
    threads = [t for t in load_threads(load_book(example_book))[0]
               if t.kind is ThreadKind.SUGGESTION
               and t.chapter == CHAPTER]
    assert {t.to for t in threads} == {"jean-thornton"}
    assert all(t.messages[0].text == "Shorter, I think" and t.started_by == "helen-marsh"
               for t in threads)
    assert _newest(example_book) == ("Helen Marsh", "Helen suggested 2 changes to Jean's "
                                     f"words in '{opened.book.chapters[CHAPTER].title}'")
    assert "2 changes to Jean Thornton's words are kept as suggested changes" in \
        saved.sentence(opened, "Caring for Ron")


def test_the_owner_changes_their_own_words_directly(example_book: Path):
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    saved = save_edit(opened, CHAPTER, body.replace(SECOND, "Then he forgot things."),
                      "jean-thornton")
    assert saved.suggested == () and saved.words_changed
    assert "Then he forgot things." in load_book(example_book).chapters[CHAPTER].body


def test_an_editor_adds_their_own_commentary_box_without_asking(example_book: Path):
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    box = "\n::: {.commentary author=\"helen-marsh\"}\nA word from the editor.\n:::\n"
    middle = body.index("\n# Background")
    edited = body[:middle] + "\n" + box + body[middle:]
    saved = save_edit(opened, CHAPTER, edited, "helen-marsh")
    assert saved.suggested == ()
    assert load_book(example_book).chapters[CHAPTER].body == edited
    # ... but the co-author's words around it are still theirs
    again = open_book(example_book)
    changed = edited.replace("A word from the editor.", "A word from the editor, changed.") \
        .replace(SECOND, "Six years ago.")
    saved = save_edit(again, CHAPTER, changed, "helen-marsh")
    assert [t.anchor.quote for t in saved.suggested] == [SECOND]
    assert "A word from the editor, changed." in load_book(example_book).chapters[CHAPTER].body


def test_a_change_that_spans_two_sentences_is_one_suggestion(example_book: Path):
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    joined = body.replace(f"birthdays. {SECOND}", "birthdays, until he began to forget.")
    saved = save_edit(opened, CHAPTER, joined, "helen-marsh")
    assert [t.anchor.quote for t in saved.suggested] == [f"{FIRST} {SECOND}"]


def test_spelling_fixes_go_in_directly_only_when_the_house_style_says_so(example_book: Path):
    body = load_book(example_book).chapters[CHAPTER].body
    slip = body.replace("remembered birthdays", "remembred birthdays")
    # The owner's slip first, saved by the owner.
    save_edit(open_book(example_book), CHAPTER, slip, "jean-thornton")
    saved = save_edit(open_book(example_book), CHAPTER, body, "helen-marsh")
    assert len(saved.suggested) == 1 and saved.fixed == ()
    book_yaml = example_book / "book.yaml"
    book_yaml.write_text(book_yaml.read_text("utf-8") + "house_style:\n  editors_fix_spelling: "
                         "true\n" if "house_style:" not in book_yaml.read_text("utf-8") else
                         book_yaml.read_text("utf-8").replace(
                             "house_style:\n", "house_style:\n  editors_fix_spelling: true\n"),
                         "utf-8")
    subprocess.run(["git", "-C", str(example_book), "commit", "-qam", "House style"],
                   check=True)
    opened = open_book(example_book)
    assert opened.book.house_style.get("editors_fix_spelling") is True
    saved = save_edit(opened, CHAPTER, body.replace(
        "remembred birthdays", "remembered birthdays"), "helen-marsh")
    assert saved.suggested == () and len(saved.fixed) == 1
    assert "remembered birthdays" in load_book(example_book).chapters[CHAPTER].body
    fixed = saved.fixed[0]
    assert fixed.decision is SuggestionDecision.FIXED and fixed.accepted
    assert fixed.to == "jean-thornton"
    # A change of meaning is never a spelling fix.
    saved = save_edit(open_book(example_book), CHAPTER, load_book(example_book).chapters[
        CHAPTER].body.replace("remembered birthdays", "forgot birthdays"), "helen-marsh")
    assert len(saved.suggested) == 1


def test_saving_refuses_plainly(example_book: Path):
    opened = open_book(example_book)
    with pytest.raises(BookError, match="no one called 'nobody'"):
        save_edit(opened, CHAPTER, "x", "nobody")
    with pytest.raises(BookError, match="no chapter called 'nope'"):
        save_edit(opened, "nope", "x", "helen-marsh")


def test_the_command_line_saves_suggests_lists_and_decides(example_book: Path, tmp_path: Path,
                                                           capsys):
    chapter = example_book / "chapters" / f"{CHAPTER}.md"
    edited = tmp_path / "new.md"
    edited.write_text(chapter.read_text("utf-8").replace(SECOND, "He forgot."), "utf-8")
    before = chapter.read_bytes()
    assert main(["save", str(example_book), CHAPTER, "--from", str(edited), "--by",
                 "helen-marsh", "--reason", "Shorter"]) == 0
    assert "One change to Jean Thornton's words is kept as a suggested change" in \
        capsys.readouterr().out
    assert chapter.read_bytes() == before
    assert main(["suggestions", str(example_book), "--for", "kwame-mensah"]) == 0
    assert "There are no suggested changes to Kwame Mensah's words." in capsys.readouterr().out
    assert main(["suggestions", str(example_book), "--for", "jean-thornton"]) == 0
    out = capsys.readouterr().out
    assert "Waiting for your choice" in out and "Suggested: “He forgot.”" in out
    thread_id = next(line.split("]")[0].strip(" [") for line in out.splitlines()
                     if line.strip().startswith("["))
    assert main(["decide", str(example_book), thread_id, "--use", "--by", "helen-marsh"]) == 1
    assert "Only Jean Thornton can decide" in capsys.readouterr().err
    assert chapter.read_bytes() == before
    assert main(["decide", str(example_book), thread_id, "--use", "--by", "jean-thornton",
                 "--on-behalf-by", "helen-marsh", "--how", "phone"]) == 0
    assert "He forgot." in chapter.read_text("utf-8")
    assert _newest(example_book)[0] == "Helen Marsh"
    assert "(recorded by Helen Marsh, told by phone)" in _newest(example_book)[1]
    assert main(["decide", str(example_book), thread_id, "--undo", "--by",
                 "jean-thornton"]) == 0
    assert chapter.read_bytes() == before
    assert _newest(example_book)[0] == "Jean Thornton"


def test_the_waiting_list_names_suggestions_to_decide_and_talks_asked_for(example_book: Path):
    from coauthor_desk.agreements.publish import publish_check
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.decide import Choice, decide
    from coauthor_desk.waiting import waiting_report

    def waiting() -> list[str]:
        opened = open_book(example_book)
        return [w.words for w in waiting_report(opened, publish_check(opened),
                                                load_threads(opened.book)[0])
                if w.kind == "suggestion"]

    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    [made] = save_edit(opened, CHAPTER, body.replace(SECOND, "He forgot."),
                       "helen-marsh").suggested
    assert waiting() == ["Jean Thornton has a suggested change to their words in 'Caring for "
                         "Ron' to decide (from Helen Marsh)."]
    decide(open_book(example_book), made.id, Choice.TALK, Acting("jean-thornton"))
    assert waiting() == ["Jean Thornton would like to talk with Helen Marsh about the suggested "
                         "change to “About six years ago he began to forget …” in "
                         "'Caring for Ron'."]


def test_the_review_command_refuses_someone_not_in_the_book_before_any_window(
        example_book: Path, capsys):
    assert main(["review", str(example_book), "--as", "nobody"]) == 1
    assert "There is nobody called 'nobody' in this book." in capsys.readouterr().err
    assert main(["review", str(example_book), "--as", "jean-thornton", "--with",
                 "no-editor"]) == 1
    assert "nobody called 'no-editor'" in capsys.readouterr().err
