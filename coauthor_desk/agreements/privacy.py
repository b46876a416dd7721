"""Hidden names stay hidden: find real names of people who chose not to be named in full.

Everything that would leave the folder in an export (chapter text and details, the book's
details and quotes, people's notes and chosen names, the bibliography) is listed by
`exported_texts`; exports use the same list, so this check and the exports cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.loader import BOOK_FILE
from coauthor_desk.manuscript.model import Book, CreditAs, Person
from coauthor_desk.problems import BookError, Problem

BIBLIOGRAPHY = "references.bib"
_CACHE = f"{files.LOCAL_FOLDER}/hidden-names.json"
# Details that never leave the folder: they name files, people's ids or the app's own workings.
_NOT_EXPORTED_BOOK_KEYS = {"editors", "chapters", "house_style"}
_NOT_EXPORTED_CHAPTER_KEYS = {"id", "authors", "status"}
_BOX_LINE = re.compile(r"^:::.*$", re.MULTILINE)
_AUTHOR_ATTRIBUTE = re.compile(r"\bauthors?=(\"[^\"]*\"|\S+)")
_HIDING = {CreditAs.FIRST_NAME, CreditAs.PEN_NAME, CreditAs.ANONYMOUS, CreditAs.GROUP}


@dataclass(frozen=True)
class ExportedText:
    """One piece of text that would be exported, and where it comes from.

    For a value in YAML details, the line is only worked out when someone asks for it."""

    file: str
    text: str
    known_line: int | None = None
    details: str = ""  # the YAML text holding the value
    path: tuple[Any, ...] = ()
    first_line: int = 1

    @property
    def line(self) -> int | None:
        if self.known_line is not None:
            return self.known_line
        return yaml_text.line_of(self.details, self.path, self.first_line)


def exported_texts(book: Book, skip: frozenset[str] = frozenset()) -> Iterator[ExportedText]:
    """Every piece of text an export of the book may contain, with its file and line (leaving
    out the chapter files in `skip`)."""
    book_text = files.read_text(book.root, BOOK_FILE).text
    details = yaml_text.parse(BOOK_FILE, book_text)
    for path, value in _strings(details, ()):
        if path[0] not in _NOT_EXPORTED_BOOK_KEYS and path[-1] not in ("person", "id"):
            yield ExportedText(BOOK_FILE, value, None, book_text, path)
    for chapter in book.ordered_chapters():
        if chapter.file in skip:
            continue
        for path, value in _strings(chapter.front_matter, ()):
            if path[0] not in _NOT_EXPORTED_CHAPTER_KEYS:
                yield ExportedText(chapter.file, value, None, chapter.front_matter_text, path, 2)
        first_body_line = chapter.front_matter_text.count("\n") + 3
        yield ExportedText(chapter.file, _BOX_LINE.sub(_without_authors, chapter.body),
                           first_body_line)
    for person in book.people.values():
        details = {"about": person.about, "credit": {"name": person.credit_name},
                   "self_description": person.self_description}
        source = files.read_text(book.root, person.file).text
        for path, value in _strings(details, ()):
            yield ExportedText(person.file, value, None, source, path)
    if (book.root / BIBLIOGRAPHY).is_file():
        yield ExportedText(BIBLIOGRAPHY, files.read_text(book.root, BIBLIOGRAPHY).text, 1)


def _without_authors(box_line: re.Match[str]) -> str:
    """A box's opening line without who wrote it: exports print their credited name instead."""
    return _AUTHOR_ATTRIBUTE.sub("", box_line.group())


def _strings(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
    elif isinstance(data, str) and path:
        yield path, data


@dataclass(frozen=True)
class _Hidden:
    person: Person
    pattern: re.Pattern[str]


_WORDS = re.compile(r"[^\W\d_]+")


def hidden_name_pattern(person: Person) -> re.Pattern[str] | None:
    """What would give away a person's real name: the full name in any case and spacing (also
    inside an e-mail address), the family name, and for pen names and anonymous people the
    first name too. None for people named in full."""
    if person.credit_as not in _HIDING:
        return None
    parts = person.name.split()
    if not parts:
        return None
    forms = [r"(?i:" + r"[\s._-]+".join(map(re.escape, parts)) + r")"]
    alone = [parts[-1]] if len(parts) > 1 else []
    if person.credit_as in (CreditAs.PEN_NAME, CreditAs.ANONYMOUS):
        alone.append(parts[0])
    # A name on its own is looked for as written or in capitals: in small letters it is
    # often an ordinary word ('hale', 'marsh').
    forms += [re.escape(form) for name in alone for form in dict.fromkeys((name, name.upper()))]
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")


def hidden_name_keys(person: Person) -> list[str]:
    """Words, in small letters, of which every match of `hidden_name_pattern` holds at least
    one (the family name; the first name too for pen names and anonymous people): text with
    none of them cannot give the name away, so the slower pattern can be skipped."""
    parts = person.name.lower().split()
    if not parts:
        return []
    keys = [parts[-1]]
    if person.credit_as in (CreditAs.PEN_NAME, CreditAs.ANONYMOUS):
        keys.append(parts[0])
    return keys


def hidden_name_findings(book: Book) -> list[Problem]:
    """Each place where a hidden real name would be exported, in plain words.

    What was found in each chapter is remembered by the chapter's content id (and the names
    looked for), so only changed chapters are read again."""
    hidden = [_Hidden(p, pattern) for p in book.people.values()
              if (pattern := hidden_name_pattern(p)) is not None]
    if not hidden:
        return []
    names_key = files.fingerprint("\n".join(h.pattern.pattern for h in hidden).encode())
    cache = DetailsCache(book.root, _CACHE)
    found: dict[str, list[Problem]] = {}
    for chapter in book.chapters.values():
        entry = cache.get(f"{chapter.fingerprint}:{names_key}", "findings")
        if entry is not None:
            found[chapter.file] = [Problem(**finding) for finding in entry["findings"]]
    # Looking for the words of all hidden names in a set is far quicker than running every
    # name's pattern over every line; the patterns run only where a word matched.
    name_words = {word.casefold() for h in hidden for word in _WORDS.findall(h.person.name)}
    try:
        for piece in exported_texts(book, frozenset(found)):
            found.setdefault(piece.file, []).extend(_scan(piece, hidden, name_words))
    except BookError as error:
        return error.problems
    for chapter in book.chapters.values():
        cache.put(f"{chapter.fingerprint}:{names_key}", {
            "findings": [finding.as_dict() for finding in found.get(chapter.file, [])]})
    cache.save()
    order = {file: i for i, file in enumerate([BOOK_FILE, *(c.file for c in
                                                           book.ordered_chapters())])}
    return [finding for file in sorted(found, key=lambda f: (order.get(f, len(order)), f))
            for finding in found[file]]


def _scan(piece: ExportedText, hidden: list[_Hidden], name_words: set[str]) -> list[Problem]:
    if name_words.isdisjoint(_WORDS.findall(piece.text.casefold())):
        return []
    return [Problem(piece.file, f"'{' '.join(match.group().split())}' is part of the real name "
                    f"of {_how_named(entry.person)}.", "Take it out or change it, so that "
                    "nobody can tell who they are.", _line_of(piece, match.start()))
            for entry in hidden for match in entry.pattern.finditer(piece.text)]


def _line_of(piece: ExportedText, offset: int) -> int | None:
    """The line of a place in a piece of text: its first line plus the line breaks before."""
    first = piece.line
    return None if first is None else first + piece.text.count("\n", 0, offset)


def _how_named(person: Person) -> str:
    if person.credit_as is CreditAs.ANONYMOUS:
        return "a co-author who chose not to be named"
    if person.credit_as is CreditAs.GROUP:
        return f"a member of {person.credited_as}, who are named only as a group"
    if person.credit_as is CreditAs.PEN_NAME:
        return f"the co-author who writes as {person.credited_as}"
    return f"{person.credited_as}, who chose to be named by first name only"
