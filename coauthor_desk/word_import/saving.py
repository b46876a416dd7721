"""Saving an import as one version signed by the person who sent the Word file.

The chapter, book.yaml for a new chapter and every new thread file go into the same version, so
history shows one step ("Helen brought in ...") that holds all of it. It is checked first that
nothing unsaved could be lost; the history's transaction makes it all or nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from coauthor_desk.comments.actions import new_thread_id
from coauthor_desk.comments.file_format import thread_file_text
from coauthor_desk.comments.model import Thread, ThreadKind, thread_path
from coauthor_desk.history.versions import Version, identity_of
from coauthor_desk.manuscript import files, front_matter
from coauthor_desk.manuscript.edit import add_chapter, save_chapter
from coauthor_desk.manuscript.loader import BOOK_FILE, SAFE_ID, chapter_file
from coauthor_desk.manuscript.model import Book, Chapter, Status, count_words
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.result import ImportedThread
from coauthor_desk.word_import.wording import plural

if TYPE_CHECKING:
    from coauthor_desk.session import OpenBook

log = logging.getLogger(__name__)


def check_book(opened: OpenBook, chapter_id: str, chapter: Chapter | None) -> None:
    """Refuse before reading anything when the import could lose or mix up words."""
    book = opened.book
    unsaved = set(opened.history.unsaved_files())
    if chapter is not None:
        if chapter.file in unsaved:
            raise BookError(Problem(chapter.file, "This chapter has changes that are not saved "
                                    "as a version yet, so the Word file was not brought in (it "
                                    "would replace them).", "Save a version of the chapter "
                                    "first, so its words are kept; then import the Word file "
                                    "again."))
        return
    relative = chapter_file(chapter_id)
    if not SAFE_ID.match(chapter_id):
        raise BookError(Problem(relative, f"'{chapter_id}' cannot be used as the name of a "
                                "chapter.", "Use letters, numbers and '-' only, such as "
                                "'my-story'."))
    if files.inside_book(book.root, relative).exists():
        raise BookError(Problem(relative, f"The book has a file {relative}, but it is not in "
                                "the list of chapters in book.yaml.", "Add it to the list in "
                                "book.yaml to bring in a new version of it, or choose another "
                                "name for the new chapter."))
    if BOOK_FILE in unsaved:
        raise BookError(Problem(BOOK_FILE, "book.yaml has changes that are not saved as a "
                                "version yet, so the new chapter was not added.", "Save a "
                                "version first; then import the Word file again."))


def save_import(opened: OpenBook, chapter: Chapter | None, chapter_id: str, title: str,
                person_id: str, body: str, text_changed: bool, threads: list[ImportedThread],
                replied: list[Thread], file_name: str
                ) -> tuple[list[ImportedThread], list[Thread], Version | None]:
    """Write everything and save it as one version; the threads as written (with their ids and
    the fingerprints of their files, to answer them later), the conversations answered, and
    the version. If anything fails half way, the history's transaction puts every file
    back."""
    book = opened.book
    description = _description(book, person_id, title, file_name, chapter is None,
                               text_changed, threads, len(replied))
    try:
        with opened.history.transaction(identity_of(book.people[person_id]),
                                        description) as saving:
            saved = _write(book, chapter, chapter_id, title, person_id, body, text_changed,
                           threads)
            answered = [_answer(book, thread) for thread in replied]
    except BaseException:
        if chapter is not None:  # the loaded book goes back to what the files hold again
            book.chapters[chapter_id] = chapter
        else:
            book.chapters.pop(chapter_id, None)
            if chapter_id in book.chapter_order:
                book.chapter_order.remove(chapter_id)
        raise
    return saved, answered, saving.version


def _answer(book: Book, thread: Thread) -> Thread:
    """Write a conversation with its new replies, refusing if its file changed since it was
    read (someone else answered meanwhile)."""
    try:
        fingerprint = files.write_text(book.root, thread.file, thread_file_text(thread),
                                       thread.fingerprint)
    except BookError:
        raise BookError(Problem(thread.file, "Someone changed this conversation while the Word "
                                "file was being brought in, so nothing was saved.", "Import the "
                                "Word file again.")) from None
    return replace(thread, fingerprint=fingerprint)


def _write(book: Book, chapter: Chapter | None, chapter_id: str, title: str, person_id: str,
           body: str, text_changed: bool, threads: list[ImportedThread]
           ) -> list[ImportedThread]:
    """Write the chapter, book.yaml and the thread files; the threads as written."""
    if chapter is None:
        add_chapter(book, title, [person_id], chapter_id)
        _fill_new_chapter(book, chapter_id, title, person_id, body)
    elif text_changed:
        save_chapter(book, chapter_id, body)
    saved: list[ImportedThread] = []
    for item in threads:
        # The id is picked now, so that it is unique against the threads already written.
        thread_id = new_thread_id(book, item.thread.started_when, item.thread.started_by)
        thread = replace(item.thread, id=thread_id, file=thread_path(chapter_id, thread_id))
        fingerprint = files.write_text(book.root, thread.file, thread_file_text(thread), None)
        saved.append(ImportedThread(replace(thread, fingerprint=fingerprint), item.replies))
    return saved


def _fill_new_chapter(book: Book, chapter_id: str, title: str, person_id: str,
                      body: str) -> None:
    """Put the Word file's words into the chapter add_chapter just made, and tell the loaded
    book about it."""
    relative = chapter_file(chapter_id)
    made = files.read_text(book.root, relative)
    details = {"id": chapter_id, "title": title, "authors": [person_id],
               "status": Status.DRAFTING.value}
    raw = front_matter.render_details(details)
    fingerprint = files.write_text(book.root, relative, front_matter.join(raw, body),
                                   made.fingerprint)
    book.chapters[chapter_id] = Chapter(chapter_id, relative, title, [person_id],
                                        Status.DRAFTING, details, raw, body, fingerprint,
                                        count_words(body))
    book.chapter_order.append(chapter_id)


def _description(book: Book, person_id: str, title: str, file_name: str, new: bool,
                 text_changed: bool, threads: list[ImportedThread], answered: int) -> str:
    """The version's description, such as "Helen Marsh brought in a new version of ..."."""
    name = book.name_of(person_id)
    comments = sum(1 for t in threads if t.thread.kind is not ThreadKind.SUGGESTION)
    suggestions = len(threads) - comments
    extra = []
    if comments:
        extra.append(f"{comments} comment{plural(comments)}")
    if suggestions:
        extra.append(f"{suggestions} suggested change{plural(suggestions)}")
    if answered:
        extra.append(f"answers to {answered} question{plural(answered)}")
    with_ = f", with {' and '.join(extra)}" if extra else ""
    if new:
        return f"{name} brought in '{title}' as a new chapter from the Word file " \
               f"{file_name}{with_}"
    if text_changed:
        return f"{name} brought in a new version of '{title}' from the Word file " \
               f"{file_name}{with_}"
    return f"{name} brought in {' and '.join(extra)} on '{title}' from the Word file {file_name}"
