"""Refusing edits typed without tracked changes into words the sender does not own.

Words typed in Word with Track Changes off are the sender's own edits. Where the sender owns
the words they come in; in someone else's words (an editor's commentary, a co-author's
paragraph) they would change that person's words behind their back, so the import is refused.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from coauthor_desk.manuscript import text as markdown_text
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.converter import Converter
from coauthor_desk.word_import.hidden_names import put_back_hidden_names
from coauthor_desk.word_import.markdown import markdown
from coauthor_desk.word_import.markers import strip_markers
from coauthor_desk.word_import.resolve import resolved
from coauthor_desk.word_import.styles import COMMENTARY, commentary_owners
from coauthor_desk.word_import.word_names import WordNames
from coauthor_desk.word_import.wording import short, straight_quotes


def require_own_words(book: Book, chapter: Chapter, person_id: str, tree: dict[str, Any],
                      blocks: list[Any], name_of: WordNames, box_authors: list[str | None],
                      what: str) -> None:
    """Refuse unless the file with every tracked change undone matches the chapter wherever
    the sender does not own the words."""
    converter = Converter(book, name_of, [], box_authors)
    original = strip_markers(converter.convert(resolved(blocks, lambda _name: False)))
    text = put_back_hidden_names(markdown(tree, original, what), chapter.body)[0]
    before = markdown_text.paragraphs(chapter.body)
    after = markdown_text.paragraphs(text)

    def key(paragraph: markdown_text.Paragraph) -> tuple[str | None, str]:
        return paragraph.box, " ".join(straight_quotes(paragraph.text).split())

    def owners_of(paragraph: markdown_text.Paragraph) -> list[str]:
        if paragraph.box == COMMENTARY:
            return commentary_owners(book, paragraph.box_author)
        return list(chapter.authors)

    matcher = SequenceMatcher(None, [key(p) for p in before], [key(p) for p in after],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for paragraph in before[i1:i2] + after[j1:j2]:
            whose = owners_of(paragraph)
            if person_id in whose or paragraph.kind == "heading":
                continue  # a box's heading (such as 'Commentary') is the chapter's shape
            names = " and ".join(book.name_of(p) for p in whose) or "the chapter's author"
            raise BookError(Problem(what, f"The Word file changes {names}'s words without "
                                    f"tracked changes (near “{short(paragraph.text)}”). Only "
                                    f"{names} can change them, so nothing was brought in.",
                                    "Make the change again in Word with Track Changes turned "
                                    f"on (Review, Track Changes), so {names} can accept it; or "
                                    "put those words back as they were. Then import the file "
                                    "again."))
