"""Who the names Word put on comments and tracked changes are among the book's people.

Word signs each comment and change with whatever name the writer's copy of Word was set up
with ("Helen M", "hmarsh"). Every one must be matched to a person before anything comes in, or
the import is refused with one message naming them all and how to say who they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.pandoc_tree import (
    CHANGES,
    PARAGRAPH_MARKS,
    attributes,
    is_span,
    nodes,
)
from coauthor_desk.word_import.word_file import read_word
from coauthor_desk.word_import.wording import comparable, listed


def names_in(blocks: list[Any]) -> list[str]:
    """Every name on a comment or tracked change, in the order they first appear."""
    found: dict[str, None] = {}
    for node in nodes(blocks):
        if is_span(node, *CHANGES, *PARAGRAPH_MARKS, "comment-start"):
            found.setdefault(attributes(node).get("author", "").strip(), None)
    return list(found)


class WordNames:
    """Matches the names Word put on comments and changes to the book's people: by full name,
    printed name, id or (when only one person has it) first name, ignoring capitals; or as the
    person importing said with --word-name."""

    def __init__(self, book: Book, file_name: str, given: dict[str, str] | None) -> None:
        self.book = book
        self.file_name = file_name
        self.used: dict[str, str] = {}  # name in Word -> person id
        self.given = {comparable(name): person for name, person in (given or {}).items()}
        wrong = sorted({p for p in self.given.values() if p not in book.people})
        if wrong:
            raise BookError(Problem(file_name, "The names given with --word-name point to "
                                    f"{listed([repr(w) for w in wrong])}, who "
                                    f"{'is' if len(wrong) == 1 else 'are'}"
                                    " not in the book.", "Use the ids of people in the book "
                                    "(the names of their files in people/, without .yaml)."))
        self.exact: dict[str, set[str]] = {}
        self.first: dict[str, set[str]] = {}
        for person in book.people.values():
            for name in (person.name, person.credit_name, person.credited_as, person.id):
                if name and name.strip():
                    self.exact.setdefault(comparable(name), set()).add(person.id)
            if person.name.split():
                self.first.setdefault(comparable(person.name.split()[0]), set()).add(person.id)

    def require(self, names: list[str]) -> None:
        """Match every name, or refuse with one message naming all that cannot be matched."""
        unknown: list[str] = []
        for name in names:
            person, why = self.match(name)
            if person is None:
                unknown.append(why)
            else:
                self.used[name] = person
        if unknown:
            examples = " ".join(f'--word-name "{n.strip()}=person-id"' for n in
                                [n for n in names if n not in self.used][:2])
            raise BookError(Problem(self.file_name, "The Word file has comments or changes by "
                                    f"{listed(unknown)}. The app cannot tell who "
                                    f"{'this is' if len(unknown) == 1 else 'they are'} in the "
                                    "book, so nothing was brought in.", "Say who each one is "
                                    f"and import again, for example: {examples} (a person's id "
                                    "is the name of their file in people/, without .yaml)."))

    def match(self, name: str) -> tuple[str | None, str]:
        """The person a name stands for (None when the app cannot tell), and the name as
        told in a message."""
        key = comparable(name)
        label = f"'{name}'" if name.strip() else "someone with no name (shown as '')"
        if key in self.given:
            return self.given[key], label
        for table in (self.exact, self.first):
            found = table.get(key, set())
            if len(found) == 1:
                return next(iter(found)), label
            if len(found) > 1:
                people = " or ".join(sorted(self.book.name_of(p) for p in found))
                return None, f"{label} (who could be {people})"
        return None, label

    def __call__(self, name: str) -> str:
        """The person id of a name `require` matched."""
        return self.used[name.strip()]


def who_is_who(book: Book, path: Path) -> list[tuple[str, str | None]]:
    """Each name in a Word file and the person the app takes it to be (None when it cannot
    tell), so the window can ask about the rest before anything is brought in."""
    names = WordNames(book, path.name, None)
    return [(name, names.match(name)[0]) for name in names_in(read_word(path)["blocks"])]
