"""Saving a chapter as a version, and bringing back an older version, in plain words.

Bringing back never rewinds history: the old words are saved as a new version on top, so the
words being replaced stay in history too. Nothing is lost either way.
"""

from __future__ import annotations

from coauthor_desk.history.versions import Version, identity_of
from coauthor_desk.manuscript import front_matter, recovery
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.status import OpenBook


def _person(opened: OpenBook, who: str) -> str:
    person = opened.book.people.get(who)
    if person is None:
        raise BookError(Problem("people", f"There is no one called '{who}' in the book.",
                                "Choose a person from the list of people."))
    return person.name.split()[0] if person.name.split() else person.id


def save_chapter_version(opened: OpenBook, chapter_id: str, body: str, who: str,
                         description: str = "") -> Version | None:
    """Save a chapter's words as a new version signed by `who`, with their short description
    (or a plain one). None when the words are the same as the newest version."""
    first = _person(opened, who)
    chapter = save_chapter(opened.book, chapter_id, body)
    said = description.strip() or f"{first} changed '{chapter.title}'"
    version = opened.history.save_version(identity_of(opened.book.people[who]), said,
                                          [chapter.file])
    recovery.discard(opened.book.root, chapter_id)
    return version


def bring_back(opened: OpenBook, chapter_id: str, version_id: str, who: str) -> Version:
    """Make a chapter's words what they were in an older version, saved as a new version. The
    chapter's details (title, authors, where it is) stay as they are now."""
    first = _person(opened, who)
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
    updated = save_chapter(opened.book, chapter_id, body)
    said = (f"{first} brought back the words of '{chapter.title}' as saved on "
            f"{day_words(old[0].when)}")
    version = opened.history.save_version(identity_of(opened.book.people[who]), said,
                                          [updated.file])
    assert version is not None  # the words differ, so there is something to save
    recovery.discard(opened.book.root, chapter_id)
    return version
