"""Feedback threads in a real book folder with a real history (comments.threads)."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coauthor_desk.comments.actions import accept_suggestion, reopen, reply, resolve, start_thread
from coauthor_desk.comments.anchors import Anchor
from coauthor_desk.comments.file_format import load_threads, parse_thread, thread_file_text
from coauthor_desk.comments.model import LOST_WORDS, Found, Message, Thread, ThreadKind, ThreadState
from coauthor_desk.comments.report import threads_report, threads_text
from coauthor_desk.comments.where_now import thread_status
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError
from coauthor_desk.session import OpenBook, open_book

EDITOR, AUTHOR, CHAPTER = "helen-marsh", "sam-jones", "my-story"
WHEN = datetime(2025, 3, 3, 14, 20, tzinfo=UTC)
QUOTE = "nobody at the council ever listened"
BODY = """
# Who am I?

My name is Sam. When I left care at eighteen, nobody at the council ever listened to me.
I moved into a flat on my own.

# What have I learnt?

It was cold. I was scared. It was cold. I was happy.

::: {.commentary author="helen-marsh"}
# Commentary

Sam's chapter shows how often young people leaving care are not heard.
:::
"""
NOT_PLAIN = re.compile(r"Traceback|\b(None|True|False)\b|\w+(Error|Exception)\b|object at 0x|"
                       r"\b(commit|branch|merge|repository)\b", re.IGNORECASE)


def story_book(folder: Path) -> OpenBook:
    """The small book with Sam's chapter written and saved as a version by Sam."""
    opened = open_book(folder)
    save_chapter(opened.book, CHAPTER, BODY)
    opened.history.save_files_as_version(identity_of(opened.book.people[AUTHOR]),
        "Sam wrote his story")
    return open_book(folder)


def edit_chapter(folder: Path, old: str, new: str) -> Book:
    """Someone changes the chapter (and saves a version); the book as it is afterwards."""
    opened = open_book(folder)
    chapter = opened.book.chapters[CHAPTER]
    assert old in chapter.body
    save_chapter(opened.book, CHAPTER, chapter.body.replace(old, new, 1))
    opened.history.save_files_as_version(identity_of(opened.book.people[AUTHOR]),
                                         "Sam changed his story")
    return open_book(folder).book


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                                           "GIT_CONFIG_NOSYSTEM": "1"}).stdout


def snapshot(folder: Path) -> dict[str, bytes]:
    found = {}
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name not in (".git", ".coauthor")]
        for name in names:
            path = Path(parent, name)
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def refused(call, *args, **kwargs) -> str:
    """The plain message of a refusal."""
    with pytest.raises(BookError) as caught:
        call(*args, **kwargs)
    message = caught.value.plain()
    assert not NOT_PLAIN.search(message), message
    return message


@pytest.fixture
def opened(small_book) -> OpenBook:
    return story_book(small_book)


def question(opened: OpenBook, quote: str = QUOTE, **kwargs) -> Thread:
    options = {"kind": ThreadKind.QUESTION, "when": WHEN} | kwargs
    return start_thread(opened, CHAPTER, quote, AUTHOR, "Who did you talk to there?", EDITOR,
                        **options)


# Starting, replying, resolving -------------------------------------------------------------------
def test_start_reply_resolve_reopen_are_versions_under_the_right_names(opened):
    folder = opened.book.root
    thread = question(opened)
    assert thread.file == f"feedback/{CHAPTER}/20250303-142000-{EDITOR}.yaml"
    assert (folder / thread.file).is_file()

    later = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    thread = reply(opened, thread.id, AUTHOR, "  The housing team, mostly.\n", when=later)
    thread = resolve(opened, thread.id, EDITOR, when=later)
    thread = reopen(opened, thread.id, AUTHOR, when=later)
    thread = resolve(opened, thread.id, AUTHOR, when=later)

    versions = opened.history.versions(thread.file)
    assert [(v.name, v.description) for v in reversed(versions)] == [
        ("Helen Marsh", "Helen asked Sam a question about 'My story'"),
        ("Sam Jones", "Sam replied to Helen's question on 'My story'"),
        ("Helen Marsh", "Helen resolved Helen's question on 'My story'"),
        ("Sam Jones", "Sam reopened Helen's question on 'My story'"),
        ("Sam Jones", "Sam resolved Helen's question on 'My story'"),
    ]
    assert {v.email for v in versions if v.name == "Sam Jones"} == {"sam.jones@example.org"}
    assert not opened.history.unsaved_files()

    threads, problems = load_threads(open_book(folder).book)
    assert problems == []
    assert threads == [thread]
    loaded = threads[0]
    assert loaded.messages == (
        Message(EDITOR, "2025-03-03T14:20:00+00:00", "Who did you talk to there?"),
        Message(AUTHOR, "2025-03-04T09:00:00+00:00", "The housing team, mostly."))
    assert loaded.status is ThreadState.RESOLVED and loaded.resolved_by == AUTHOR
    assert loaded.resolved_when == "2025-03-04T09:00:00+00:00"
    assert loaded.kind is ThreadKind.QUESTION and loaded.to == AUTHOR and loaded.chapter == CHAPTER


def test_the_file_is_plain_yaml_a_person_can_read(opened):
    thread = start_thread(opened, CHAPTER, QUOTE, AUTHOR, "Was it the whole council?\n\nOr "
                          "one office?", EDITOR, kind="suggestion",
                          proposed="nobody at the housing office listened", when=WHEN)
    text = (opened.book.root / thread.file).read_text("utf-8")
    assert text == (
        "id: 20250303-142000-helen-marsh\n"
        "chapter: my-story\n"
        "kind: suggestion\n"
        "to: sam-jones\n"
        "status: open\n"
        "anchor:\n"
        "  quote: nobody at the council ever listened\n"
        "  prefix: \". When I left care at eighteen, \"\n"
        "  suffix: \" to me.\\nI moved into a flat on m\"\n"
        "proposed: nobody at the housing office listened\n"
        "messages:\n"
        "- by: helen-marsh\n"
        "  when: '2025-03-03T14:20:00+00:00'\n"
        "  text: |-\n"
        "    Was it the whole council?\n"
        "\n"
        "    Or one office?\n")
    assert yaml.safe_load(text)["messages"][0]["when"] == "2025-03-03T14:20:00+00:00"


def test_ids_are_unique_across_the_book(opened):
    first = question(opened)
    second = question(opened, "I was scared")
    assert second.id == f"{first.id}-2"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                            blacklist_characters="\r\x85\u2028\u2029\ufeff"),
                              max_size=60), min_size=4, max_size=4))
def test_any_words_survive_the_file_unchanged(small_book, words):
    book = open_book(small_book).book
    quote, prefix, suffix, message = words
    thread = Thread("t", "feedback/my-story/t.yaml", CHAPTER, Anchor(quote + "x", prefix, suffix),
                    ThreadKind.SUGGESTION, AUTHOR, ThreadState.OPEN,
                    (Message(EDITOR, "2025-03-03T14:20:00+00:00", message + "y"),), message)
    text = thread_file_text(thread)
    assert parse_thread(thread.file, text, book) == thread


# Refusals ------------------------------------------------------------------------------------
def test_starting_a_thread_refuses_plainly_and_changes_nothing(opened):
    folder = opened.book.root
    before, versions = snapshot(folder), len(opened.history.versions())

    assert "are not in the chapter 'My story'" in refused(question, opened, "the town hall")
    message = refused(question, opened, "It was cold")
    assert "are in the chapter 2 times" in message and "which time you mean" in message
    assert "no number 3" in refused(question, opened, "It was cold", occurrence=3)
    assert "does not say which words" in refused(question, opened, "  ")
    assert "The comment is empty" in refused(
        start_thread, opened, CHAPTER, QUOTE, AUTHOR, " \n", EDITOR)
    assert "'nobody' is not a person in the book" in refused(
        start_thread, opened, CHAPTER, QUOTE, "nobody", "Hello", EDITOR)
    assert "'ghost' is not a person in the book" in refused(
        start_thread, opened, CHAPTER, QUOTE, AUTHOR, "Hello", "ghost")
    assert "no chapter 'other'" in refused(
        start_thread, opened, "other", QUOTE, AUTHOR, "Hello", EDITOR)
    assert "not a kind of comment" in refused(question, opened, kind="praise")
    assert "needs the words you suggest" in refused(question, opened, kind="suggestion")
    assert "Only a suggested change" in refused(question, opened, proposed="other words")
    assert "the same as the words already there" in refused(
        question, opened, kind="suggestion", proposed=QUOTE)

    assert snapshot(folder) == before
    assert len(opened.history.versions()) == versions


def test_which_of_repeated_words_is_chosen_by_number(opened):
    thread = question(opened, "It was cold", occurrence=2)
    body = opened.book.chapters[CHAPTER].body
    status = thread_status(opened.book, thread)
    assert status.match.start == body.rindex("It was cold")
    assert thread.anchor.prefix.endswith("I was scared. ")


def test_words_copied_from_the_screen_are_pinned_to_the_file_as_it_is(opened):
    thread = question(opened, "listened to me. I moved")  # a line break in the file
    assert thread.anchor.quote == "listened to me.\nI moved"
    assert thread_status(opened.book, thread).found is Found.FOUND


# Anchors after edits -------------------------------------------------------------------------
def test_anchors_survive_edits_and_say_what_happened(opened):
    folder = opened.book.root
    thread = question(opened)
    first_line = thread_status(opened.book, thread).line
    text = (folder / "chapters/my-story.md").read_text("utf-8").split("\n")
    assert QUOTE in text[first_line - 1]

    book = edit_chapter(folder, "# Who am I?\n", "# Who am I?\n\nA new first paragraph.\n")
    status = thread_status(book, thread)
    assert status.found is Found.FOUND and status.words == "Found where it was."
    assert status.line == first_line + 2

    book = edit_chapter(folder, "eighteen, nobody", "eighteen years old, nobody")
    status = thread_status(book, thread)
    assert status.found is Found.MOVED and status.match.text == QUOTE
    assert "the words are the same" in status.words

    book = edit_chapter(folder, "council ever listened to me", "council ever listened to me, "
                        "or to my sister")
    assert thread_status(book, thread).match.text == QUOTE

    book = edit_chapter(folder, "nobody at the council ever", "nobody at the\ncouncil ever")
    status = thread_status(book, thread)
    assert status.found in (Found.FOUND, Found.MOVED) and status.match.text == \
        "nobody at the\ncouncil ever listened"

    book = edit_chapter(folder, "nobody at the\ncouncil ever listened",
                        "nobody at the council really listened")
    status = thread_status(book, thread)
    assert status.found is Found.CHANGED
    assert "the words changed a little" in status.words
    assert "“nobody at the council really listened”" in status.words

    book = edit_chapter(folder, "nobody at the council really listened to me, or to my sister",
                        "I was on my own")
    status = thread_status(book, thread)
    assert status.found is Found.LOST and status.line is None
    assert status.words == LOST_WORDS == (
        "The words this comment was about are no longer in the chapter. It may have been "
        "rewritten: read the comment and decide if it still applies.")


# Suggestions ---------------------------------------------------------------------------------
def suggestion(opened: OpenBook, quote: str = QUOTE, proposed: str = "nobody at the council "
               "listened", **kwargs) -> Thread:
    return start_thread(opened, CHAPTER, quote, AUTHOR, "'Ever' is not needed here.", EDITOR,
                        kind=ThreadKind.SUGGESTION, proposed=proposed, when=WHEN, **kwargs)


def test_the_author_accepts_a_suggestion_which_changes_exactly_the_quote(opened):
    folder = opened.book.root
    thread = suggestion(opened)
    chapter_file = folder / "chapters/my-story.md"
    before = chapter_file.read_text("utf-8")

    accepted = accept_suggestion(opened, thread.id, AUTHOR,
                                 when=datetime(2025, 3, 5, tzinfo=UTC))
    after = chapter_file.read_text("utf-8")
    assert after == before.replace(QUOTE, "nobody at the council listened")
    assert accepted.accepted and accepted.status is ThreadState.RESOLVED
    assert accepted.resolved_by == AUTHOR

    newest = opened.history.versions(limit=1)[0]
    assert (newest.name, newest.description) == (
        "Sam Jones", "Sam used Helen's suggested words in 'My story'")
    changed = git(folder, "show", "--name-only", "--format=", newest.id).split()
    assert sorted(changed) == ["chapters/my-story.md", thread.file]
    assert opened.history.text_at(f"{newest.id}~1", "chapters/my-story.md") == before
    assert not opened.history.unsaved_files()

    book = open_book(folder).book
    (loaded,), _ = load_threads(book)
    assert loaded.accepted and thread_status(book, loaded).found is Found.FOUND
    assert "already accepted" in refused(accept_suggestion, open_book(folder), thread.id, AUTHOR)


def test_only_the_author_may_accept_a_change_to_their_words(opened):
    folder = opened.book.root
    thread = suggestion(opened)
    before, versions = snapshot(folder), len(opened.history.versions())
    message = refused(accept_suggestion, opened, thread.id, EDITOR)
    assert "Only Sam Jones can accept a change to these words" in message
    assert snapshot(folder) == before and len(opened.history.versions()) == versions


def test_an_editors_commentary_is_the_editors_to_change(opened):
    folder = opened.book.root
    thread = start_thread(opened, CHAPTER, "are not heard", EDITOR, "Could we say 'ignored'?",
                          AUTHOR, kind="suggestion", proposed="are ignored", when=WHEN)
    assert "Only Helen Marsh can accept" in refused(accept_suggestion, opened, thread.id, AUTHOR)
    accept_suggestion(opened, thread.id, EDITOR)
    assert "young people leaving care are ignored." in \
        (folder / "chapters/my-story.md").read_text("utf-8")
    assert opened.history.versions(limit=1)[0].name == "Helen Marsh"


def test_a_suggestion_is_not_applied_to_words_that_changed_or_went(opened):
    folder = opened.book.root
    thread = suggestion(opened)
    edit_chapter(folder, QUOTE, "nobody at the council ever really listened")
    reopened = open_book(folder)
    before = snapshot(folder)
    message = refused(accept_suggestion, reopened, thread.id, AUTHOR)
    assert "have changed since it was made" in message
    assert "“nobody at the council ever really listened”" in message
    edit_chapter(folder, "nobody at the council ever really listened to me", "I was alone")
    assert LOST_WORDS in refused(accept_suggestion, open_book(folder), thread.id, AUTHOR)
    assert snapshot(folder) == before | {"chapters/my-story.md":
                                         (folder / "chapters/my-story.md").read_bytes()}


def test_a_suggestion_is_not_mixed_with_changes_not_yet_saved(opened):
    folder = opened.book.root
    thread = suggestion(opened)
    chapter_file = folder / "chapters/my-story.md"
    chapter_file.write_text(chapter_file.read_text("utf-8") + "\nA line not saved yet.\n",
                            "utf-8")
    reopened = open_book(folder)
    before = snapshot(folder)
    assert "not saved as a version yet" in refused(accept_suggestion, reopened, thread.id,
                                                   AUTHOR)
    assert snapshot(folder) == before


def test_a_suggestion_cannot_be_accepted_when_the_chapter_changed_on_disk(opened):
    folder = opened.book.root
    thread = suggestion(opened)
    edit_chapter(folder, "I was happy.", "I was happy in the end.")
    before = snapshot(folder)
    message = refused(accept_suggestion, opened, thread.id, AUTHOR)  # the book read before
    assert "changed outside CoAuthor Desk" in message
    assert snapshot(folder) == before


def test_a_comment_is_not_a_suggestion(opened):
    thread = question(opened)
    assert "not a suggested change" in refused(accept_suggestion, opened, thread.id, AUTHOR)


# Shared files ----------------------------------------------------------------------------------
def test_a_thread_changed_on_disk_since_it_was_read_is_not_overwritten(opened):
    folder = opened.book.root
    started = question(opened)
    (thread,), _ = load_threads(opened.book)  # Sam opens the thread and starts typing ...
    path = folder / thread.file
    # ... meanwhile Helen's copy adds a reply, and it arrives with "get the latest"
    someone_else = path.read_text("utf-8") + (
        "- by: helen-marsh\n  when: '2025-03-03T15:00:00+00:00'\n  text: Take your time.\n")
    path.write_text(someone_else, "utf-8")
    versions = len(opened.history.versions())
    for call, args in ((reply, (AUTHOR, "The housing team.")), (resolve, (AUTHOR,)),
                       (accept_suggestion, (AUTHOR,))):
        message = refused(call, opened, thread, *args)
        assert "changed this comment since it was opened" in message or \
            "not a suggested change" in message
        assert path.read_text("utf-8") == someone_else
    assert len(opened.history.versions()) == versions
    # Read again, the reply goes after Helen's
    latest = reply(opened, started.id, AUTHOR, "The housing team.")
    assert [m.by for m in latest.messages] == [EDITOR, EDITOR, AUTHOR]


def test_a_thread_can_be_named_by_chapter_and_id(opened):
    thread = question(opened)
    reply(opened, f"{CHAPTER}/{thread.id}", AUTHOR, "Yes.")
    assert "no comment 'nothing-here'" in refused(reply, opened, "nothing-here", AUTHOR, "Hi")
    assert "already open" in refused(reopen, opened, thread.id, AUTHOR)
    resolve(opened, thread.id, AUTHOR)
    assert "already resolved by Sam Jones" in refused(resolve, opened, thread.id, EDITOR)
    assert "The reply is empty" in refused(reply, opened, thread.id, AUTHOR, "")


# Reports -------------------------------------------------------------------------------------
def test_the_report_says_where_each_thread_stands_in_plain_words(opened):
    folder = opened.book.root
    question(opened)
    suggestion(opened, "I was scared", "I was frightened")
    comment = start_thread(opened, CHAPTER, "I was happy", AUTHOR, "Keep this!", EDITOR,
                           when=WHEN)
    resolve(opened, comment.id, AUTHOR)
    book = edit_chapter(folder, QUOTE + " ", "")
    threads, problems = load_threads(book)
    report = threads_report(book, threads, problems)
    assert (report["open"], report["resolved"], report["lost"]) == (2, 1, 1)
    assert report["waiting"] == [{"person": AUTHOR, "name": "Sam Jones",
                                  "threads": [t.id for t in threads if t.is_open]}]
    text = threads_text(report)
    assert not NOT_PLAIN.search(text), text
    assert "My story (chapters/my-story.md)" in text
    assert "Open question from Helen Marsh to Sam Jones" in text
    assert LOST_WORDS in text
    assert "Suggested: “I was frightened”" in text
    assert "Resolved by Sam Jones" in text
    assert "Sam Jones: 2 open comments" in text
    assert "Helen Marsh, 3 March 2025: Who did you talk to there?" in text


# The example book ----------------------------------------------------------------------------
def test_in_the_example_book_each_person_decides_about_their_own_words(example_book):
    opened = open_book(example_book)
    chapter = "02-leaving-care"
    in_amiras_words = start_thread(
        opened, chapter, "I hate the phone system.", "amira-yusuf", "Could we keep this? It made "
        "me laugh.", "david-lowe", kind="suggestion", proposed="I really hate the phone system.")
    in_helens_commentary = start_thread(
        opened, chapter, "persistent gap", "helen-marsh", "Plainer?", "amira-yusuf",
        kind="suggestion", proposed="gap")
    assert "Only Amira Yusuf can accept" in refused(
        accept_suggestion, opened, in_amiras_words.id, "helen-marsh")
    assert "Only Helen Marsh can accept" in refused(
        accept_suggestion, opened, in_helens_commentary.id, "amira-yusuf")
    accept_suggestion(opened, in_amiras_words.id, "amira-yusuf")
    accept_suggestion(opened, in_helens_commentary.id, "helen-marsh")
    text = (example_book / "chapters" / f"{chapter}.md").read_text("utf-8")
    assert "I really hate the phone system." in text
    assert "illustrates the gap between" in text
    assert [v.name for v in opened.history.versions(limit=2)] == ["Helen Marsh", "Amira Yusuf"]
    threads, problems = load_threads(open_book(example_book).book)
    assert problems == [] and all(t.accepted for t in threads)
