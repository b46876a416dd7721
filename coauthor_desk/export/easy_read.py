"""Easy Read review copies: one sentence to a line, plenty of space, hard words explained.

Easy Read (UK Department of Health and Mencap guidance) is more than large text. Where an
editor has written an Easy Read version of a chapter beside it (chapters/<id>.easy.md), the
copy uses that; otherwise it lays out the chapter's own words a sentence at a time. Either way,
hard words from the jargon list are explained in a box at the start of each chapter, and a
sentence of more than 15 words is marked, so the editor can make it shorter before the copy is
sent. The copy is assembled by the same code as every export, so agreements and hidden names
are honoured in the Easy Read version too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from coauthor_desk.agreements.publish import PublishCheck
from coauthor_desk.checks.jargon import JargonList, book_jargon
from coauthor_desk.export.assemble import Assembled, assemble_chapters
from coauthor_desk.manuscript import files, front_matter
from coauthor_desk.manuscript.loader import CHAPTERS
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.manuscript.text import split_sentences
from coauthor_desk.session import OpenBook

LONGEST = 15  # words in a sentence, at most (Easy Read guidance)
EASY_ENDING = ".easy.md"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Marks, notes and links (whose words stay); a bracket never holds another, so a text of
# thousands of '[' never closed is read once, not once from each.
_MARKS = re.compile(r"[*_`]|\[\^[^\[\]]+\]|!?\[([^\[\]]*)\]\([^)\[]*\)")
# Blocks kept as they are: headings, boxes' own lines, lists, quotes, tables, footnotes, code.
_KEEP = re.compile(r"^(#|:::|[-*+] |\d+[.)] |>|\||\[\^|```|~~~| {4})")


@dataclass
class EasyRead:
    """The copy ready to render, and how many sentences are marked as too long."""

    assembled: Assembled
    long_sentences: int
    own_versions: list[str]  # the chapters whose Easy Read version an editor wrote


def easy_file(chapter_id: str) -> str:
    """Where an editor writes a chapter's Easy Read version, beside the chapter."""
    return f"{CHAPTERS}/{chapter_id}{EASY_ENDING}"


def easy_version(book: Book, chapter: Chapter) -> Chapter | None:
    """The chapter with its Easy Read words in place of its own, when an editor wrote them.
    Details at the top of the file (between '---' lines) are allowed and left out."""
    relative = easy_file(chapter.id)
    if not (book.root / relative).is_file():
        return None
    text = files.read_text(book.root, relative).text
    body = front_matter.split_text(relative, text)[1] if text.startswith("---\n") else text
    fingerprint = "easy-" + hashlib.sha256(body.encode("utf-8")).hexdigest()
    return replace(chapter, body=body, fingerprint=fingerprint)


def easy_read_copy(opened: OpenBook, check: PublishCheck, chapter_ids: list[str], note: str,
                   after: str = "") -> EasyRead:
    """The person's chapters as an Easy Read copy (see the module docstring)."""
    book = opened.book
    versions = {c: v for c in chapter_ids if (v := easy_version(book, book.chapters[c]))}
    easy_book = replace(book, chapters={**book.chapters, **versions})
    assembled = assemble_chapters(replace(opened, book=easy_book), check, chapter_ids, note,
                                  "Review copy", after)
    markdown, long = lay_out(assembled.markdown, book_jargon(book.house_style.get("jargon")))
    return EasyRead(replace(assembled, markdown=markdown,
                            book=assembled.book | {"easy-read": "true"}), long, list(versions))


def words_in(text: str) -> int:
    """The words a reader sees in a piece of Markdown."""
    return len(_WORD.findall(_MARKS.sub(r"\1", text)))


def lay_out(markdown: str, jargon: JargonList) -> tuple[str, int]:
    """Markdown with one sentence to a paragraph, long sentences marked, and a box of hard
    words after each chapter's title and byline; and how many sentences were marked."""
    chapters = re.split(r"(?m)^(?=# )", markdown)
    out, marked = [], 0
    for part in chapters:
        blocks = [b for b in re.split(r"\n\s*\n", part) if b.strip()]
        laid: list[str] = []
        for block in blocks:
            text, count = _sentences(block)
            laid.append(text)
            marked += count
        if part.startswith("# "):
            at = 2 if len(blocks) > 1 and blocks[1].startswith("::: {.byline}") else 1
            laid[at:at] = [_hard_words(part, jargon)] if _hard_words(part, jargon) else []
        out.append("\n\n".join(laid))
    return "\n\n".join(o for o in out if o) + "\n", marked


def _sentences(block: str) -> tuple[str, int]:
    """A block with each sentence of its plain paragraph lines on its own."""
    lines = block.split("\n")
    head = [line for line in lines[:1] if line.startswith(":::")]
    tail = [line for line in lines[len(head):][-1:] if line.strip() == ":::"]
    middle = lines[len(head):len(lines) - len(tail)]
    if not middle or _KEEP.match(middle[0]):
        return block, 0
    marked = 0
    sentences = []
    for sentence in split_sentences(" ".join(line.strip() for line in middle)):
        words = sentence.text.strip()
        if words_in(words) > LONGEST:
            marked += 1
            sentences.append(f"::: {{#box-long-sentence}}\n{words}\n:::")
        else:
            sentences.append(words)
    return "\n\n".join(head + sentences + tail), marked


def _hard_words(chapter: str, jargon: JargonList) -> str:
    """A box explaining the listed hard words this chapter uses, each once."""
    seen: dict[str, str] = {}
    for match in jargon.find(chapter):
        entry = match.entry
        if entry.term not in seen and entry.instead:
            seen[entry.term] = f"- **{entry.term}** means {entry.instead[0]}."
    if not seen:
        return ""
    return "::: {#box-hard-words}\n" + "\n".join(seen.values()) + "\n:::"
