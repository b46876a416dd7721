"""Choosing between two people's words after a clash, in plain words.

When two people changed the same sentence, the chapter keeps the words shared first and a
record under `clashes/` keeps the other words. Choosing puts the chosen words (or words
written again) in the chapter, removes the record, and saves both as one version signed by
the person who chose. For a whole file kept twice, choosing keeps one copy and removes the
other. Everything happens in one change: all of it, or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coauthor_desk.history.sharing.clashes import FILE, FOLDER, ClashRecord, open_clashes
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook

KEPT, OTHER = "kept", "other"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def find_clash(opened: OpenBook, which: str) -> ClashRecord:
    """An open clash by its number as listed (from 1), its record's name or its path."""
    records, _ = open_clashes(opened.book.root)
    if which.strip().isdigit() and 1 <= int(which) <= len(records):
        return records[int(which) - 1]
    name = which.strip().replace("\\", "/")
    for record in records:
        if name in (record.file, record.file.removeprefix(f"{FOLDER}/"),
                    record.file.removeprefix(f"{FOLDER}/").removesuffix(".yaml")):
            return record
    listed = (f"There are {len(records)} open, numbered 1 to {len(records)}." if records
              else "There are none open.")
    raise BookError(Problem(FOLDER, f"There is no open clash called '{which}'. {listed}",
                            "Choose one from the list of clashes (the Waiting list)."))


def choice_names(record: ClashRecord) -> tuple[str, str]:
    """How to call the two versions: by who wrote them ("Priya's"), or, when one person
    changed the words on two computers, "the book's" and "the other"."""
    if record.kept_by != record.other_by:
        return f"{record.kept_by}'s", f"{record.other_by}'s"
    return "the book's", "the other"


def question(record: ClashRecord) -> str:
    """The choice in one plain sentence."""
    kept, other = choice_names(record)
    what = "this sentence" if record.kind != FILE else record.about
    who = (f"{record.kept_by} and {record.other_by} both" if record.kept_by != record.other_by
           else f"{record.kept_by} (on two computers)")
    return (f"{who} changed {what}: use {kept}, use {other}"
            + (", or write it again." if record.kind != FILE else "."))


def choose(opened: OpenBook, record_file: str, who: str, use: str | None = None,
           words: str | None = None) -> str:
    """Settle one clash for the person `who` (their id): `use` KEPT or OTHER, or `words`
    written again. Saved as one version; returns what was done, in a sentence."""
    book = opened.book
    person = book.people.get(who)
    if person is None:
        raise BookError(Problem("people", f"There is no one called '{who}' in the book.",
                                "Choose a person from the list of people."))
    if (use is None) == (words is None) or use not in (None, KEPT, OTHER):
        raise BookError(Problem(record_file, "Say which words to use: the words in the book "
                                "now, the other words, or words written again.",
                                "Choose one of the three."))
    record = find_clash(opened, record_file)
    first = person.name.split()[0] if person.name.split() else person.id
    kept_name, other_name = choice_names(record)
    if record.kind == FILE:
        if words is not None:
            raise BookError(Problem(record.about, "A whole file kept twice cannot be written "
                                    "again here.", f"Choose {kept_name} or {other_name} "
                                    "version, then change the file as usual."))
        said = (f"{first} chose {kept_name if use == KEPT else other_name} version of "
                f"{record.about}")
        with opened.history.transaction(identity_of(person), said) as saving:
            _settle_file(opened, record, use == KEPT, saving.keep)
            _remove(opened, record.file, saving.keep)
        return f"{said}; the other copy is removed."
    title = next((c.title for c in book.chapters.values() if c.file == record.about),
                 record.about)
    if words is not None:
        new = words.strip()
        if not new:
            raise BookError(Problem(record.about, "The words written again are empty.",
                                    "Type the sentence as it should be."))
        said = f"{first} wrote again a sentence in '{title}' that two people had changed"
    else:
        new = record.kept if use == KEPT else record.other
        said = (f"{first} chose {kept_name if use == KEPT else other_name} words for a "
                f"sentence in '{title}'")
    text = files.read_text(book.root, record.about)
    changed = text.text
    if not (use == KEPT and words is None):
        start = _where(text.text, record)
        if start is None:
            raise BookError(Problem(
                record.about, f"Paragraph {record.paragraph} of '{title}' has changed since "
                f"{record.kept_by} and {record.other_by} both changed it, so the words "
                f"“{record.kept}” are no longer there to replace.", "Nothing was changed. "
                "Put the words you want in the paragraph yourself, then choose "
                f"“use {kept_name}” to keep the chapter as it is now.", record.line))
        changed = text.text[:start] + new + text.text[start + len(record.kept):]
    with opened.history.transaction(identity_of(person), said) as saving:
        if changed != text.text:
            files.write_text(book.root, record.about, changed, text.fingerprint)
        _remove(opened, record.file, saving.keep)
    return f"{said}."


def _where(text: str, record: ClashRecord) -> int | None:
    """Where the kept words start: in the paragraph the record names, else in the only
    paragraph that still has them. None when they cannot be found for certain."""
    if not record.kept:
        return None
    if record.line is not None:
        lines = text.splitlines(keepends=True)
        if 1 <= record.line <= len(lines):
            begin = sum(len(line) for line in lines[:record.line - 1])
            end_match = _BLANK_LINE.search(text, begin)
            end = end_match.start() if end_match else len(text)
            found = text.find(record.kept, begin, end)
            if found >= 0:
                return found
    places, position = [], 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        found = text.find(record.kept, position, end)
        if found >= 0:
            places.append(found)
        position = match.end() if match else len(text)
    return places[0] if len(places) == 1 else None


def _settle_file(opened: OpenBook, record: ClashRecord, keep_book_file: bool,
                 keep: Callable[[str], None] | None) -> None:
    """Keep the book's file and remove the other copy, or put the other copy in its place."""
    assert keep is not None
    root = opened.book.root
    copy = record.other_copy
    copy_path = files.inside_book(root, copy) if copy else None
    if not keep_book_file:
        if copy_path is None or not copy_path.is_file():
            raise BookError(Problem(record.about, f"The other copy ({copy}) is no longer "
                                    "there, so it cannot be used.", "Nothing was changed. "
                                    f"Choose {choice_names(record)[0]} version instead."))
        keep(record.about)
        files.write_bytes(files.inside_book(root, record.about), copy_path.read_bytes())
    if copy and copy_path is not None and copy_path.exists():
        _remove(opened, copy, keep)


def _remove(opened: OpenBook, relative: str, keep: Callable[[str], None] | None) -> None:
    assert keep is not None
    keep(relative)
    files.inside_book(opened.book.root, relative).unlink(missing_ok=True)
