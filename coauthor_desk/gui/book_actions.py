"""The changes a person makes from the window, each saved as a version and told back in one
plain sentence. No Qt here: the window runs these away from its own thread, and imports them
when first used."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.store import describe
from coauthor_desk.history.chapter_versions import bring_back, save_chapter_version
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.edit import move_chapter, person_file, save_person
from coauthor_desk.manuscript.loader import BOOK_FILE
from coauthor_desk.manuscript.model import Chapter
from coauthor_desk.plain.feedback import accept_suggestion, reopen, reply, resolve, start_thread
from coauthor_desk.problems import BookError
from coauthor_desk.status import OpenBook


def save_words(opened: OpenBook, chapter: Chapter, words: str, who: str,
               description: str) -> str:
    saved = save_chapter_version(opened, chapter.id, words, who, description)
    return (f"Saved a version of '{chapter.title}': {saved.description}." if saved
            else f"'{chapter.title}' has no changes to save.")


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
    return _as_version(opened, who, f"Moved '{chapter.title}' to be chapter {to_row + 1}",
                       [BOOK_FILE], lambda: move_chapter(opened.book, chapter.id, to_row))


def save_person_details(opened: OpenBook, choice: dict[str, Any], who: str | None) -> str:
    said = (f"Changed {choice['name'].strip()}'s details" if choice["person_id"] else
            f"Added {choice['name'].strip()} to the book")
    return _as_version(opened, who, said, [person_file(choice["name"], choice["person_id"])],
                       lambda: save_person(opened.book, **choice))


def _as_version(opened: OpenBook, who: str | None, said: str, paths: list[str],
                change: Callable[[], object]) -> str:
    """Change the files at `paths`, then save them as a version signed by `who` (when known);
    `said`, as a sentence. If the version cannot be saved, the files are put back as they
    were, so the book never holds a change its history does not."""
    root = opened.book.root
    before = {path: files.read_text(root, path).text if files.inside_book(root, path).exists()
              else None for path in paths}
    change()
    try:
        if who is not None:
            opened.history.save_version(identity_of(opened.book.people[who]), said, paths)
    except BookError:
        for path, text in before.items():
            if text is None:
                files.inside_book(root, path).unlink(missing_ok=True)
            else:
                files.write_text(root, path, text, files.read_text(root, path).fingerprint)
        with suppress(BookError):  # (git may still be unable to; the files are back anyway)
            opened.history.git.run("reset", "--quiet", "--", *paths)
        raise
    return f"{said}."
