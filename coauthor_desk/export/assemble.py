"""The book as one pandoc Markdown document, ready for any output format.

A short pipeline of small steps: check what may be published, pick the chapters, turn each one
into its printed form (title, byline, headings one level down, commentary credited, footnotes
made unique), add the front and back matter from the credits, then take out every hidden name.
Every export and review copy starts here, so they all honour the same agreements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from coauthor_desk.agreements.privacy import (
    BIBLIOGRAPHY,
    hidden_name_keys,
    hidden_name_pattern,
)
from coauthor_desk.agreements.publish import PublishCheck, permissions_from, publish_check
from coauthor_desk.agreements.records import Use
from coauthor_desk.agreements.rules import State
from coauthor_desk.checks.characters import CONTROL, plain_characters
from coauthor_desk.credits.bylines import byline
from coauthor_desk.credits.contributors import notes_on_contributors
from coauthor_desk.credits.defaults import contributions_of
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.credits.statements import authorship_statement, contributions_statement
from coauthor_desk.export.book_page import book_details
from coauthor_desk.export.chapter_text import box, boxes_of, only_our_boxes, printed_body
from coauthor_desk.export.links import (
    CACHE_FILE,
    heading_lines,
    linked_places,
    links_in,
    places,
    unlink,
)
from coauthor_desk.export.pictures import pictures_in, refused_pictures
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook

LEFT_OUT = "[name left out]"
# A chapter is left out of every export while one of its authors has taken back or refused
# their agreement; a draft may hold chapters whose agreement is only missing or out of date.
_KEEPS_OUT = {State.WITHDRAWN, State.NOT_AGREED}


@dataclass
class Assembled:
    """The book (or part of it) as pandoc Markdown, with its details and what was left out."""

    markdown: str
    title: str
    subtitle: str | None
    mark: str | None  # 'Draft' or 'Review copy' when it is not the book to publish
    chapters: list[str] = field(default_factory=list)  # the chapter ids it holds, in order
    left_out: list[str] = field(default_factory=list)  # plain sentences for the person exporting
    bibliography: bool = False
    pictures: dict[str, Path] = field(default_factory=dict)  # as written in the text: its file
    book: dict[str, Any] = field(default_factory=dict)  # editors, date, page: book_page.py

    def metadata(self) -> dict[str, Any]:
        """The details pandoc puts on the title page and in the e-book's record (editors as
        its creators, its date and language); written to a file of our own, so no chapter can
        add details of its own."""
        details: dict[str, Any] = {"title": self.title, "lang": "en-GB", "toc-title": "Contents"}
        if self.subtitle:
            details["subtitle"] = self.subtitle
        if self.mark:
            details["mark"] = self.mark
        return details | self.book


def ready_to_publish(opened: OpenBook, draft: bool, now: datetime | None = None
                     ) -> PublishCheck:
    """The publish check; refuses with the plain list of blockers unless this is a draft."""
    check = publish_check(opened, now)
    if check.blockers and not draft:
        raise BookError([Problem(b.file or "book.yaml", b.what, b.todo, b.line)
                         for b in check.blockers] + [Problem(
                             "book.yaml", "Because of the things above, the book cannot be "
                             "exported for publishing yet.", "Sort them out first, or make a "
                             "draft instead: a draft is marked as one on every page and leaves "
                             "out what was withdrawn.")])
    return check


def assemble_book(opened: OpenBook, draft: bool = False, now: datetime | None = None
                  ) -> Assembled:
    """The whole book: title page, front matter, chapters in order, contributions, references.
    Chapters an author withdrew or refused are left out, and so is every mention of them."""
    check = ready_to_publish(opened, draft, now)
    permissions = permissions_from(check.standings)
    chapters, left_out = _publishable(opened.book, check, opened.book.ordered_chapters())
    book = _without_chapters_left_out(opened.book, chapters)
    cache = DetailsCache(book.root, CACHE_FILE)
    parts = [_front_matter(book, permissions, chapters, draft, left_out)]
    parts += [_chapter(book, chapter, permissions, number, cache)
              for number, chapter in enumerate(chapters, 1)]
    parts.append(_back_matter(book, permissions, "\n\n".join(parts)))
    cache.save()
    return replace(_finish(book, "\n\n".join(p for p in parts if p), "Draft" if draft else None,
                           chapters, left_out), book=book_details(book, permissions, now))


def _without_chapters_left_out(book: Book, kept: list[Chapter]) -> Book:
    """The book as the export shows it: only the kept chapters (numbered in their new order),
    each person's contributions only to those, and nobody whose only part was in a chapter
    left out, so the credits cannot point at withdrawn text either."""
    if len(kept) == len(book.chapters):
        return book
    ids = {c.id for c in kept}
    people = {}
    for person in book.people.values():
        contributions = [replace(c, chapters=tuple(i for i in c.chapters if i in ids))
                         for c in contributions_of(book, person)
                         if not c.chapters or any(i in ids for i in c.chapters)]
        writes = any(person.id in c.authors for c in kept)
        if contributions or writes or person.id in book.editors or person.is_editor:
            people[person.id] = replace(person, contributions=contributions)
    return replace(book, chapters={c.id: c for c in kept}, chapter_order=[c.id for c in kept],
                   people=people)


def assemble_chapters(opened: OpenBook, check: PublishCheck, chapter_ids: list[str], note: str,
                      mark: str, after: str = "") -> Assembled:
    """Some chapters on their own (a review copy), opened by a note to the reader and followed
    by `after` (Markdown of the caller's). Agreements and hidden names are honoured as ever."""
    book, permissions = opened.book, permissions_from(check.standings)
    wanted = [book.chapters[i] for i in chapter_ids]
    chapters, left_out = _publishable(book, check, wanted)
    cache = DetailsCache(book.root, CACHE_FILE)
    parts = [box("review-note", note + "".join(f" {line}" for line in left_out))]
    parts += [_chapter(book, chapter, permissions, book.chapter_order.index(chapter.id) + 1,
                       cache) for chapter in chapters]
    parts.append(after)  # the cache is not saved: it would forget the other chapters
    return replace(_finish(book, "\n\n".join(p for p in parts if p), mark, chapters, left_out),
                   book=book_details(book, permissions))


def left_out_of(check: PublishCheck, chapter: Chapter) -> bool:
    """Whether an author of the chapter has withdrawn or refused their agreement to it."""
    states = [check.standings.get((author, Use.CHAPTER, chapter.id)) for author in
              chapter.authors]
    return any(s is not None and s.state in _KEEPS_OUT for s in states)


def _publishable(book: Book, check: PublishCheck, wanted: list[Chapter]
                 ) -> tuple[list[Chapter], list[str]]:
    """The chapters no author has withdrawn or refused, and a plain sentence for each other."""
    kept = [chapter for chapter in wanted if not left_out_of(check, chapter)]
    left_out = [f"Chapter {book.chapter_order.index(c.id) + 1} is left out, because its author "
                "took back or did not give their agreement." for c in wanted if c not in kept]
    return kept, left_out


def _finish(book: Book, markdown: str, mark: str | None, chapters: list[Chapter],
            left_out: list[str]) -> Assembled:
    """The last steps for any export: hidden characters made plain, boxes made our own, links
    to missing places made words, hidden names taken out; with a note for each thing changed."""
    hide = _hider(book)
    notes = _hidden_character_notes(book, markdown, chapters)
    markdown = only_our_boxes(plain_characters(markdown))
    markdown, broken = _without_links_to_nowhere(book, markdown, chapters)
    refused = [f"{_where(book, c, line)}: the picture '{name}' is an SVG drawing, which can "
               "hold scripts, so only its description is shown. Save it as a PNG or JPEG "
               "picture and use that name." for c, name, line in refused_pictures(chapters)]
    title = plain_characters(book.title, markdown=False)
    subtitle = plain_characters(book.subtitle, markdown=False) if book.subtitle else None
    return Assembled(hide(markdown) + "\n", hide(title), hide(subtitle) if subtitle else None,
                     mark, [c.id for c in chapters], left_out + notes + broken + refused,
                     (book.root / BIBLIOGRAPHY).is_file(), pictures_in(book.root, chapters))


def _where(book: Book, chapter: Chapter, line: int) -> str:
    return (f"Chapter {book.chapter_order.index(chapter.id) + 1}, '{chapter.title}' "
            f"({chapter.file}, line {line})")


def _hidden_character_notes(book: Book, markdown: str, chapters: list[Chapter]) -> list[str]:
    """A note for each chapter with hidden control characters, and one for any elsewhere."""
    details = book.title + (book.subtitle or "")
    if not CONTROL.search(markdown) and not CONTROL.search(details):
        return []
    held = [c for c in chapters if CONTROL.search(c.body) or CONTROL.search(c.title)]
    notes = [f"Chapter {book.chapter_order.index(c.id) + 1}, '{plain_characters(c.title, False)}'"
             f" ({c.file}) has hidden characters that Word files and e-books cannot hold: the "
             "export shows them as line breaks or leaves them out. Its suggestions show where."
             for c in held]
    in_chapters = sum(len(CONTROL.findall(f"{c.body}\n{c.title}")) for c in held)
    if CONTROL.search(details) or len(CONTROL.findall(markdown)) > in_chapters:
        notes.append("The book's details or people's names hold hidden characters that Word "
                     "files and e-books cannot hold; the export leaves them out. Check book.yaml "
                     "and the files in the people folder.")
    return notes


def _without_links_to_nowhere(book: Book, markdown: str, chapters: list[Chapter]
                              ) -> tuple[str, list[str]]:
    """Links to places the book does not have, shown as their plain words, and a note for
    each one a chapter holds (the publish check refuses them; drafts and review copies are
    still made)."""
    linked = linked_places(markdown)
    if not linked:
        return markdown, []
    missing = linked - places(heading_lines(markdown))
    notes = [f"{_where(book, chapter, link.line)}: the link to '#{link.place}' leads to no "
             "heading in the book, so it is shown as plain words." for chapter in chapters
             for link in links_in(chapter) if link.place in missing]
    return unlink(markdown, missing), notes


def _hider(book: Book) -> Callable[[str], str]:
    """Replaces every hidden real name with a plain marker. The publish check refuses an export
    that would need it; drafts and review copies rely on it."""
    hidden = [(pattern, hidden_name_keys(person)) for person in book.people.values()
              if (pattern := hidden_name_pattern(person)) is not None]

    def hide(text: str) -> str:
        lowered = text.lower()
        for pattern, keys in hidden:
            if any(key in lowered for key in keys):
                text = pattern.sub(LEFT_OUT, text)
        return text

    return hide


def _front_matter(book: Book, permissions: Permissions, chapters: list[Chapter], draft: bool,
                  left_out: list[str]) -> str:
    parts = []
    if draft:
        parts.append(box("draft-note", "This is a draft, not the book to publish. "
                          + " ".join(left_out)))
    notes = notes_on_contributors(book, permissions)
    if notes.entries:
        entries = [f"**{entry.heading}**\n\n{entry.text}" for entry in notes.entries]
        parts.append(_section("Notes on contributors", "\n\n".join(
            entries + ([notes.closing] if notes.closing else []))))
    statement = authorship_statement(book, permissions)
    if statement:
        parts.append(_section("About the authors", statement))
    learnings = key_learnings(book, chapters)
    if learnings:
        parts.append(_section("Key learnings", "\n".join(
            f"- {words} (Chapter {number})" for number, words in learnings)))
    return "\n\n".join(parts)


def key_learnings(book: Book, chapters: list[Chapter]) -> list[tuple[int, str]]:
    """The Markdown of every key-learning box, with its chapter's number, in book order."""
    found = []
    for chapter in chapters:
        number = book.chapter_order.index(chapter.id) + 1
        found += [(number, words) for words in boxes_of(chapter.body, "key-learning")]
    return found


def _back_matter(book: Book, permissions: Permissions, before: str) -> str:
    """Contributions, and the list of references when the book `before` cites any."""
    parts = []
    lines = contributions_statement(book, permissions)
    if lines:
        parts.append(_section("Contributions", "\n\n".join(line.text for line in lines)))
    if (book.root / BIBLIOGRAPHY).is_file() and _cites(book.root, before):
        parts.append(_section("References", "::: {#refs}\n:::"))
    return "\n\n".join(parts)


_ENTRY_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)\s*,")
_CITED = re.compile(r"(?<![\w.])@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")


def _cites(root: Path, markdown: str) -> bool:
    """Whether the Markdown cites an entry of the book's list of references (references.bib),
    so that the References heading never stands over an empty list."""
    keys = set(_ENTRY_KEY.findall(files.read_text(root, BIBLIOGRAPHY).text))
    return any(key in keys for key in _CITED.findall(markdown))


def _section(title: str, body: str) -> str:
    return f"# {title}\n\n{body}"


def _chapter(book: Book, chapter: Chapter, permissions: Permissions, number: int,
             cache: DetailsCache) -> str:
    """One chapter as printed: its title, its byline, then its text."""
    body = printed_body(book, chapter, permissions, number, cache)
    said = byline(book, chapter, permissions)
    top = f"# {chapter.title}"
    return "\n\n".join([top, box("byline", said) if said else "", body.strip()])


def made_on(now: datetime | None = None) -> str:
    """'30 November 2026': the day an export was made, for its title page."""
    return day_words((now or datetime.now()).date())
