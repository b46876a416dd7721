"""The changes a person makes to a book from the window, each saved as one version through the
history's transaction and told back in one plain sentence. The window runs these away from its
own thread; the command line and the tests call them too."""

from __future__ import annotations

from typing import Any

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.store import describe
from coauthor_desk.comments.actions import accept_suggestion, reopen, reply, resolve, start_thread
from coauthor_desk.history.versions import Identity, Version, identity_of
from coauthor_desk.manuscript import front_matter
from coauthor_desk.manuscript.edit import move_chapter, person_file, save_chapter, save_person
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Chapter, Status
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import OpenBook


def _first_name(opened: OpenBook, who: str) -> str:
    person = opened.book.people.get(who)
    if person is None:
        raise BookError(Problem("people", f"There is no one called '{who}' in the book.",
                                "Choose a person from the list of people."))
    return person.name.split()[0] if person.name.split() else person.id


def save_chapter_version(opened: OpenBook, chapter_id: str, body: str, who: str,
                         description: str = "", reason: str = "") -> Version | None:
    """Save a chapter's words as a new version signed by `who`, with their short description
    (or a plain one). None when the words are the same as the newest version. Changes to
    words that are someone else's are kept as suggestions for them (see review.suggest)."""
    return save_edit(opened, chapter_id, body, who, description, reason).version


def bring_back(opened: OpenBook, chapter_id: str, version_id: str, who: str) -> Version:
    """Make a chapter's words what they were in an older version, saved as a new version on
    top (so the words replaced stay in history too). The chapter's details (title, authors,
    where it is) stay as they are now."""
    first = _first_name(opened, who)
    chapter = opened.book.chapters.get(chapter_id)
    if chapter is None:
        raise BookError(Problem("book.yaml", f"There is no chapter called '{chapter_id}'.",
                                "Choose a chapter from the list."))
    old = [v for v in opened.history.versions(relative=chapter.file) if v.id == version_id]
    if not old:
        raise BookError(Problem(chapter.file, "That saved version is not in this chapter's "
                                "history.", "Choose a version from the chapter's history."))
    _, body = front_matter.split_text(chapter.file, opened.history.text_at(version_id,
                                                                           chapter.file))
    if body == chapter.body:
        raise BookError(Problem(chapter.file, "The words of that version are the same as "
                                "the words now.", "Nothing needs bringing back."))
    said = (f"{first} brought back the words of '{chapter.title}' as saved on "
            f"{day_words(old[0].when)}")
    # Someone else's words brought back are offered to them, like any other change.
    version = save_edit(opened, chapter_id, body, who, said).version
    assert version is not None  # the words differ, so there is something to save
    return version


def save_words(opened: OpenBook, chapter: Chapter, words: str, who: str,
               description: str, reason: str = "") -> str:
    return save_edit(opened, chapter.id, words, who, description, reason).sentence(
        opened, chapter.title)


def bring_back_words(opened: OpenBook, chapter: Chapter, version_id: str, who: str) -> str:
    return f"{bring_back(opened, chapter.id, version_id, who).description}."


def record(opened: OpenBook, choice: dict[str, Any]) -> str:
    return f"Recorded: {describe(opened.book, record_decision(opened, **choice))}."


def comment(opened: OpenBook, chapter_id: str, quote: str, occurrence: int,
            choice: dict[str, Any]) -> str:
    thread = start_thread(opened, chapter_id, quote, occurrence=occurrence, **choice)
    return (f"Left a {thread.kind.value} for {opened.book.name_of(thread.to)} on "
            f"“{quote[:40]}”.")


def act_on_thread(opened: OpenBook, act: str, thread_id: str, who: str, words: str) -> str:
    """Reply to a comment, mark it done, open it again, or use its suggested words."""
    name = opened.book.name_of(who)
    if act == "reply":
        reply(opened, thread_id, who, words)
        return f"{name} replied."
    if act == "done":
        resolve(opened, thread_id, who)
        return f"{name} marked the comment as done."
    if act == "reopen":
        reopen(opened, thread_id, who)
        return f"{name} opened the comment again."
    accept_suggestion(opened, thread_id, who)
    return f"{name} used the suggested words."


def move(opened: OpenBook, chapter: Chapter, to_row: int, who: str | None) -> str:
    """Move a chapter in the book's order; saved as a version when we know who did it."""
    said = f"Moved '{chapter.title}' to be chapter {to_row + 1}"
    with _as(opened, who, said):
        move_chapter(opened.book, chapter.id, to_row)
    return f"{said}."


def change_chapter_details(opened: OpenBook, chapter: Chapter, who: str | None,
                           title: str | None = None, status: Status | None = None,
                           authors: list[str] | None = None) -> str:
    """Give a chapter a new title, status or authors, saved as a version. Only those lines of
    its details change: the file keeps its name and id, and anything typed there by hand."""
    asked: dict[str, Any] = {"title": " ".join(title.split()) if title is not None else None,
                             "status": status, "authors": authors}
    changes = {key: value for key, value in asked.items() if value is not None}
    if "title" in changes and not changes["title"]:
        raise BookError(Problem(chapter.file, "The chapter needs a title.", "Type a title."))
    unknown = [a for a in changes.get("authors", []) if a not in opened.book.people]
    if unknown:
        raise BookError(Problem(chapter.file, f"There is no one called '{unknown[0]}' in the "
                                "book.", "Choose the authors from the list of people."))
    what = [{"title": "title", "status": "status", "authors": "authors"}[k] for k in changes]
    if not what:
        return f"'{chapter.title}' has no changes to save."
    said = f"Changed the {' and '.join(what)} of '{chapter.title}'"
    with _as(opened, who, said) as saving:
        save_chapter(opened.book, chapter.id, **changes)
    return f"{said}." if saving.version else f"'{chapter.title}' has no changes to save."


def save_person_details(opened: OpenBook, choice: dict[str, Any], who: str | None) -> str:
    said = (f"Changed {choice['name'].strip()}'s details" if choice["person_id"] else
            f"Added {choice['name'].strip()} to the book")
    person_file(choice["name"], choice["person_id"])  # refuses a name that cannot be a file
    with _as(opened, who, said):
        save_person(opened.book, **choice)
    return f"{said}."


def _as(opened: OpenBook, who: str | None, said: str) -> Any:
    """The transaction for a change by `who`; without a known person, the version is signed
    with this computer's own name."""
    if who is not None:
        return opened.history.transaction(identity_of(opened.book.people[who]), said)
    own = opened.history.own_identity()
    return opened.history.transaction(
        Identity(own.name or "Editor", own.email or "editor@people.invalid"), said)
