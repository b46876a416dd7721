"""Changing a book folder: a new book, a new chapter, a chapter's text or details.

Every change goes through `files.write_text`, which refuses to overwrite a file that changed on
disk since the book was loaded. Saving a *version* (history) is a separate, deliberate step.
book.yaml, people's files and chapter details are also edited by hand, so changes to them go
through `yaml_edit`: only the lines of the details that change differ, comments stay.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from coauthor_desk import RESOURCES
from coauthor_desk.manuscript import files, front_matter, yaml_edit, yaml_text
from coauthor_desk.manuscript.loader import BOOK_FILE, DEFAULT_HOUSE_STYLE, SAFE_ID, chapter_file
from coauthor_desk.manuscript.model import Book, Chapter, CreditAs, Status, count_words
from coauthor_desk.problems import BookError, Problem

CHAPTER_TEMPLATE = RESOURCES / "templates" / "chapter.md"
# What a new file is for, at its top, for whoever opens it in a text editor.
BOOK_HEADER = ("The book's details. 'chapters' is their order, by the names of their files in "
               "chapters/.\nThis file can be changed by hand; CoAuthor Desk keeps your comments.")
PERSON_HEADER = ("One person in the book: how they want to be named, their roles and what helps "
                 "them take part.\nThis file can be changed by hand; CoAuthor Desk keeps your "
                 "comments.")


def slug(text: str) -> str:
    """A stable, file-safe id made from a name or title ("Amira Yusuf" -> "amira-yusuf")."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60] or "untitled"


def write_new_book(root: Path, title: str, editor_name: str | None = None) -> None:
    """Write the files of an empty book into `root`, which must be empty or not exist yet."""
    if root.exists() and any(root.iterdir()):
        raise BookError(Problem(str(root), "This folder is not empty.",
                                "Choose a new or empty folder for the new book."))
    root.mkdir(parents=True, exist_ok=True)
    editors = []
    if editor_name:
        editor_id = slug(editor_name)
        editors.append(editor_id)
        person = {"id": editor_id, "name": editor_name, "credit": {"as": "full-name"},
                  "roles": ["editor"], "access_needs": [], "git": []}
        files.write_text(root, f"people/{editor_id}.yaml",
                         yaml_edit.new_text(person, PERSON_HEADER), None)
    details = {"title": title, "editors": editors, "chapters": [],
               "house_style": dict(DEFAULT_HOUSE_STYLE)}
    files.write_text(root, BOOK_FILE, yaml_edit.new_text(details, BOOK_HEADER), None)
    (root / "chapters").mkdir(exist_ok=True)


def add_chapter(book: Book, title: str, authors: list[str], chapter_id: str | None = None) -> str:
    """Make a chapter from the chapter template and add it to the end of the book's list."""
    chapter_id = chapter_id or slug(title)
    if not SAFE_ID.match(chapter_id) or chapter_id in book.chapters:
        raise BookError(Problem(chapter_file(chapter_id), "A chapter with this name already "
                                "exists, or the name cannot be used.", "Choose another name."))
    details = {"id": chapter_id, "title": title, "authors": authors,
               "status": Status.IDEA.value}
    body = CHAPTER_TEMPLATE.read_text("utf-8")
    text = front_matter.join(front_matter.render_details(details), "\n" + body)
    files.write_text(book.root, chapter_file(chapter_id), text, None)
    book_text = files.read_text(book.root, BOOK_FILE)
    listed = yaml_text.parse(BOOK_FILE, book_text.text) or {}
    order = listed.get("chapters") if isinstance(listed, dict) else None
    order = [*order, chapter_id] if isinstance(order, list) else [chapter_id]
    files.write_text(book.root, BOOK_FILE, yaml_edit.edit(BOOK_FILE, book_text.text,
                                                          {"chapters": order}),
                     book_text.fingerprint)
    return chapter_id


def save_chapter(book: Book, chapter_id: str, body: str | None = None,
                 **details: Any) -> Chapter:
    """Write a chapter's new body and/or details safely; returns the chapter as now on disk.

    The details are written back as they were typed; when some change, only their lines do,
    so comments and layout that someone wrote by hand survive.
    """
    chapter = book.chapters[chapter_id]
    raw = chapter.front_matter_text
    new_details = dict(chapter.front_matter)
    if details:
        new_details.update({key: value.value if isinstance(value, Enum) else value
                            for key, value in details.items()})
        raw = front_matter.change_details(chapter.file, raw, {
            key: value.value if isinstance(value, Enum) else value
            for key, value in details.items()})
    new_body = chapter.body if body is None else body
    text = front_matter.join(raw, new_body)
    new_fingerprint = files.write_text(book.root, chapter.file, text, chapter.fingerprint)
    updated = Chapter(chapter.id, chapter.file, str(new_details.get("title", chapter.title)),
                      list(new_details.get("authors", chapter.authors)),
                      Status(new_details.get("status", chapter.status)), new_details, raw,
                      new_body, new_fingerprint, count_words(new_body))
    book.chapters[chapter_id] = updated
    return updated


def move_chapter(book: Book, chapter_id: str, place: int) -> list[str]:
    """Move a chapter to `place` in the book's order (0 for first); the new order. Only the
    order in book.yaml changes: chapter files and their names stay as they are."""
    if chapter_id not in book.chapter_order:
        raise BookError(Problem(BOOK_FILE, f"There is no chapter called '{chapter_id}' in the "
                                "book's list.", "Choose a chapter from the list."))
    order = [c for c in book.chapter_order if c != chapter_id]
    order.insert(max(0, min(place, len(order))), chapter_id)
    book_text = files.read_text(book.root, BOOK_FILE)
    files.write_text(book.root, BOOK_FILE, yaml_edit.edit(BOOK_FILE, book_text.text,
                                                          {"chapters": order}),
                     book_text.fingerprint)
    book.chapter_order[:] = order
    return order


def person_file(name: str, person_id: str | None = None) -> str:
    """Where a person's details are kept: by their id, or for someone new, by their name."""
    return f"people/{person_id or slug(' '.join(name.split()))}.yaml"


def save_person(book: Book, name: str, credit_as: CreditAs | str, credit_name: str | None,
                roles: list[str], access_needs: list[str], about: str | None = None,
                person_id: str | None = None) -> str:
    """Add a person (no `person_id`) or change one, keeping everything else in their file as
    it was (git identities, contributions, self-description). Returns their id."""
    name = " ".join(name.split())
    relative = person_file(name, person_id)
    if credit_as not in set(CreditAs):
        raise BookError(Problem(relative, f"'{credit_as}' is not a way of being named that the "
                                "app knows.", "Choose one from the list."))
    credit_as = CreditAs(credit_as)
    if not name:
        raise BookError(Problem(relative, "The person needs a name.", "Type their name."))
    if credit_as in (CreditAs.PEN_NAME, CreditAs.GROUP) and not (credit_name or "").strip():
        raise BookError(Problem(relative, f"To be named by a {credit_as.value.replace('-', ' ')}"
                                ", the name to print is needed.", "Type the name to print."))
    changes: dict[str, Any] = {
        "name": name,
        "credit": {"as": credit_as.value, **({"name": credit_name.strip()}
                                              if credit_name and credit_name.strip() else {})},
        "roles": list(roles), "access_needs": list(access_needs)}
    if about is not None:  # None: leave their own words as they are; "": take them out
        changes["about"] = about.strip() or yaml_edit.REMOVE
    if person_id is None:
        person_id = slug(name)
        if not person_id or person_id in book.people or not SAFE_ID.match(person_id):
            raise BookError(Problem(relative, "Someone with this name is already in the book, "
                                    "or the name cannot be used for a file.",
                                    "Add something to tell them apart, such as a middle name."))
        data = {"id": person_id, **{k: v for k, v in changes.items()
                                    if v is not yaml_edit.REMOVE}}
        files.write_text(book.root, relative, yaml_edit.new_text(data, PERSON_HEADER), None)
    else:
        current = files.read_text(book.root, book.people[person_id].file)
        files.write_text(book.root, current.relative,
                         yaml_edit.edit(current.relative, current.text, changes),
                         current.fingerprint)
    return person_id
