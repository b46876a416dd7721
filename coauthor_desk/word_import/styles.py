"""Word paragraph styles back into the book's shape: the app's own extras dropped, its boxes
made boxes again, every other style forgotten.

The app's review copies and exports put a chapter's title, bylines, notes and contents page in
styles of their own, and its key-learning and commentary boxes in styles named after them. A
file coming back must lose the first and keep the second, and a commentary box must keep the
editor who owns its words.
"""

from __future__ import annotations

import re
from typing import Any

from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.word_import.pandoc_tree import nodes, plain
from coauthor_desk.word_import.wording import comparable, listed

# Word paragraph styles of the app's own review copies and exports that are not the chapter.
DROPPED_STYLES = {"byline", "review note", "draft note", "box title", "toc heading"}
# Styles of a document's details (pandoc reads them at the top of a file as its title, authors,
# date and abstract): not the chapter's words there, but words like any others further down.
DETAILS_STYLES = {"title", "subtitle", "author", "date", "abstract"}
BOX_STYLES = {"key learning": "key-learning", "commentary": "commentary"}
_CONTENTS = re.compile(r"^(?:toc ?[1-9]|contents ?[1-9]|contents heading)$")
# What the app itself writes in those styles; anything else there was typed by someone.
_APP_SHAPES = {"byline": re.compile(r"^By \S"),
               "review note": re.compile(r"^Your review copy, made on "),
               "draft note": re.compile(r"^This is a draft"),
               "box title": re.compile(r"^(Key learnings?|Commentary)$", re.IGNORECASE)}
COMMENTARY = "commentary"


def style(node: dict[str, Any]) -> str | None:
    """The Word style pandoc kept on a Div or Span (lower case, spaces made single)."""
    if node.get("t") not in ("Div", "Span"):
        return None
    found = dict(node["c"][0][2]).get("custom-style")
    return comparable(found) if isinstance(found, str) else None


def is_dropped(block: dict[str, Any]) -> bool:
    """Whether a block is one of the app's extras (a title, a note, a contents page)."""
    heading = block.get("t") == "Header" and "TOC-Heading" in block["c"][1][1]
    return heading or style(block) in DROPPED_STYLES or is_contents(block)


def is_contents(block: dict[str, Any]) -> bool:
    """Whether a block is a line of a contents list, as Word fills one in when it updates the
    document's fields (styles 'toc 1', 'TOC1') or LibreOffice does ('Contents 1'): made from
    the headings, so not words of the chapter."""
    if _CONTENTS.match(style(block) or ""):
        return True
    words = [n for n in block.get("c", []) if n.get("t") not in ("Space", "SoftBreak")] \
        if block.get("t") in ("Para", "Plain") else []
    return len(words) == 1 and words[0].get("t") == "Link" and \
        words[0]["c"][2][0].startswith("#_Toc")  # a line of it in a file without its style


def unexpected_words(block: dict[str, Any]) -> list[str]:
    """The paragraphs of one of the app's own parts that the app did not write (someone typed
    on after the note at the top of a review copy, say): they would be lost with the part."""
    shape = _APP_SHAPES.get(style(block) or "")
    if shape is None:
        return []
    found = []
    for paragraph in (n for n in nodes(block["c"][1]) if n.get("t") in ("Para", "Plain")):
        words = " ".join(plain(paragraph).split())
        if words and not shape.match(words):
            found.append(words)
    return found


def left_out_note(typed: list[str]) -> list[str]:
    """A note naming words typed into the app's own parts of a file, which were left out."""
    if not typed:
        return []
    shown = listed([f"“{words}”" for words in dict.fromkeys(typed)])
    return [f"Words typed into parts of the Word file the app makes itself (such as the note at "
            f"the top or a byline) were left out: {shown}. Add them to the chapter or as a "
            "reply in the app if they are wanted."]


def box_class(block: dict[str, Any]) -> str | None:
    """The kind of box a Div is, if it is one of the book's boxes."""
    return next((c for c in block["c"][0][1] if c in BOX_STYLES.values()), None)


def commentary_owners(book: Book, author: str | None) -> list[str]:
    """Whose words a commentary box holds: its author, or the editors when it names nobody."""
    return [author] if author and author in book.people else list(book.editors)


def commentary_authors(chapter: Chapter | None) -> list[str | None]:
    """The author= of each commentary box of the chapter as it is, in order."""
    if chapter is None:
        return []
    authors: list[str | None] = []
    for line in chapter.body.split("\n"):
        if re.match(r"^\s*:{3,}\s*\{[^}]*\.commentary\b", line):
            found = re.search(r"\bauthor=\"([^\"]*)\"", line) or re.search(
                r"\bauthor=([^\s}\"]+)", line)
            authors.append(found.group(1) if found else None)
    return authors


class Boxes:
    """Turns Word's styled paragraphs into the book's boxes, giving each commentary box the
    author the chapter's box in the same place has (Word does not keep it)."""

    def __init__(self, authors: list[str | None]) -> None:
        self.authors = authors
        self.commentaries = 0
        self.typed: list[str] = []  # words typed into the app's own parts, left out

    def restyle(self, blocks: list[Any]) -> list[Any]:
        """The blocks as the book has them: the app's own extras dropped, boxes as boxes
        (paragraphs of one box together, a heading just above a commentary inside it), every
        other style unwrapped."""
        out: list[Any] = []
        for block in blocks:
            kind = style(block)
            if is_dropped(block):
                self.typed += unexpected_words(block)
                continue
            if kind in BOX_STYLES:
                box = BOX_STYLES[kind]
                inner = self.restyle(block["c"][1])
                previous = out[-1] if out else None
                if previous is not None and previous.get("t") == "Div" and \
                        box_class(previous) == box:
                    previous["c"][1] += inner
                    continue
                if box == COMMENTARY and previous is not None and previous.get("t") == "Header":
                    inner.insert(0, out.pop())
                out.append({"t": "Div", "c": [["", [box], self._attributes(box)], inner]})
                continue
            if kind is not None:
                out += self.restyle(block["c"][1])
                continue
            out.append(block)
        return out

    def _attributes(self, box: str) -> list[list[str]]:
        if box != COMMENTARY:
            return []
        index = self.commentaries
        self.commentaries += 1
        if not self.authors:
            return []
        author = self.authors[min(index, len(self.authors) - 1)]
        return [] if author is None else [["author", author]]
