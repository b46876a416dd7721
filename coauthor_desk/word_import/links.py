"""Links inside the Word file: kept where the book can keep their place, plain words otherwise.

Word links to places in the same file by bookmarks: a heading, a table's caption ("See Table
1"), any words. The book's chapters are Markdown read without attributes (see export.outputs),
so the only places a link can point to are headings, by the id the book gives each heading from
its words. A link to a heading whose id is the book's kind (lowercase letters, digits and
hyphens) and unique in the whole book points to it by that id; any other link to a place inside
the file becomes its plain words, and the import says so. A link to nothing would stop the
book's PDF being made. Links to web pages, e-mail addresses and telephone numbers stay as they
are; links to files on the sender's computer (or anything else) become plain words too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from coauthor_desk.export.links import SECTIONS, heading_lines
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError
from coauthor_desk.word_import.pandoc_tree import nodes, plain
from coauthor_desk.word_import.wording import listed, plural, short, was

_BOOK_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_PLAIN_KINDS = ("http://", "https://", "mailto:", "tel:")  # as the export allows (export.links)
_READ_AS = "markdown-header_attributes-bracketed_spans-native_spans-raw_html-raw_tex"
_NOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")


def settle_links(blocks: list[Any], book: Book, chapter_id: str, what: str) -> list[str]:
    """Point each link to a heading in the file at the heading's id in the book, or make it
    plain words; notes for the person about the links made plain."""
    links = [n for n in nodes(blocks) if n.get("t") == "Link"]
    inside = [n for n in links if _leads_inside(n)]
    elsewhere = [n for n in links if not _leads_inside(n) and not n["c"][2][0].strip().lower(
        ).startswith(_PLAIN_KINDS)]
    notes = _made_plain(elsewhere, "to files or places other than web pages, e-mail addresses "
                        "and telephone numbers", "the book links only to those, and to its "
                        "own headings")
    if not inside:
        return notes
    places = _heading_places(blocks)
    ids = _book_ids(book, chapter_id, _heading_words(blocks), what)
    unplaced = []
    for node in inside:
        found = places.get(node["c"][2][0][1:])
        book_id = ids.get(found[1]) if found else None
        if book_id is None:
            unplaced.append(node)
            continue
        node["c"][0] = ["", [], []]
        node["c"][2] = [f"#{book_id}", ""]
    return notes + _made_plain(unplaced, "to places inside the Word file", "the places they "
                               "pointed to (bookmarks, captions or cross-references) are not "
                               "headings of the chapter, so the book cannot link to them")


def _leads_inside(link: dict[str, Any]) -> bool:
    target = link["c"][2][0]
    return target.startswith("#") or not target.strip()


def _made_plain(links: list[dict[str, Any]], what: str, why: str) -> list[str]:
    """Make the links their plain words; a note saying so."""
    if not links:
        return []
    shown = listed([f"“{short(plain(n['c'][1]), 40)}”" for n in links[:3]])
    for node in links:
        node["t"], node["c"] = "Span", [["", [], []], node["c"][1]]
    count = len(links)
    return [f"{count} link{plural(count)} {what} ({shown}{' and others' if count > 3 else ''}) "
            f"{was(count)} kept as plain words: {why}."]


def _heading_words(blocks: list[Any]) -> list[str]:
    """The words of every heading, in order."""
    return [" ".join(plain(n["c"][2]).split()) for n in nodes(blocks) if n.get("t") == "Header"]


def _heading_places(blocks: list[Any]) -> dict[str, tuple[str, int]]:
    """Every id of a place in the file that is a heading (the heading's own, or a bookmark
    inside it) -> the heading's words and its number among the headings."""
    places: dict[str, tuple[str, int]] = {}
    number = 0
    for node in nodes(blocks):
        if node.get("t") != "Header":
            continue
        words = " ".join(plain(node["c"][2]).split())
        inside = [n["c"][0][0] for n in nodes(node["c"][2]) if n.get("t") == "Span"]
        for identifier in [node["c"][1][0], *inside]:
            if identifier:
                places.setdefault(identifier, (words, number))
        number += 1
    return places


def _book_ids(book: Book, chapter_id: str, mine: list[str], what: str) -> dict[int, str]:
    """Heading number -> the id the book gives it, for the headings of this chapter whose id is
    the book's kind and no other heading of the book has."""
    if not mine:
        return {}
    others = [f"# {c.title}" for c in book.ordered_chapters()]
    others += [f"# {title}" for title in (*SECTIONS, "Contents")]
    for chapter in book.ordered_chapters():
        if chapter.id != chapter_id:
            others += [_NOTE_MARK.sub("", line) for line in heading_lines(chapter.body)]
    source = "\n\n".join([*(f"# {_escaped(words)}" for words in mine), *others]) + "\n"
    try:
        data = run_pandoc(["-f", _READ_AS, "-t", "json"], text=source, what=what)
    except BookError:
        return {}  # the links become plain words, which is always safe
    found = [b["c"][1][0] for b in json.loads(data.decode("utf-8"))["blocks"]
             if b.get("t") == "Header"]
    if len(found) != len(mine) + len(others):
        return {}
    ids: dict[int, str] = {}
    for index, identifier in enumerate(found[:len(mine)]):
        copy = re.fullmatch(r"(.*)-\d+", identifier)
        if copy and copy.group(1) in found[:index]:
            continue  # a second heading with the same words: its id is not its own
        if not _BOOK_ID.match(identifier) or any(
                re.fullmatch(re.escape(identifier) + r"-\d+", other) for other in found):
            continue
        ids[index] = identifier
    return ids


def _escaped(words: str) -> str:
    """Heading words as Markdown that reads back as the same words."""
    return re.sub(r"([\\`*_{}\[\]<>#+!|~^$@])", r"\\\1", words) or "-"
