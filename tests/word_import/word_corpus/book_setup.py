"""What a book must hold before the corpus's review copies can come back into it: the same
conversations, with the same ids, as when the copies were made; and how Tomasz answers them in
his copy (make_corpus and the tests both use these, so the two always agree)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

from coauthor_desk.comments.actions import start_thread
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.session import OpenBook

CHAPTER = "08-therapy-in-a-second-language"
TITLE = "Therapy in a second language"
QUESTION = "Could you say more about how that felt?"
SUGGESTION = "Is this the word you want?"
ANSWER = "It felt lonely, like being behind glass."
COMMENT_ANSWER = "Yes, far too much is what I meant."


def ask_tomasz(opened: OpenBook) -> None:
    """Helen's question and suggestion for Tomasz, waiting in his review copy."""
    start_thread(opened, CHAPTER, "I nodded a lot.", "tomasz-nowak", QUESTION, "helen-marsh",
                 ThreadKind.QUESTION, when=datetime(2025, 3, 1, 10, tzinfo=UTC))
    start_thread(opened, CHAPTER, "I think I nodded too much.", "tomasz-nowak", SUGGESTION,
                 "helen-marsh", ThreadKind.SUGGESTION, proposed="I think I nodded far too much.",
                 when=datetime(2025, 3, 1, 11, tzinfo=UTC))


def answer_questions(path: Path, target: Path) -> None:
    """Tomasz types an answer under Helen's question and comments on her suggestion."""
    document = docx.Document(str(path))
    for paragraph in list(document.paragraphs):
        if paragraph.text.startswith("Could you say more"):
            typed = copy.deepcopy(paragraph._p)
            paragraph._p.addnext(typed)
            new = Paragraph(typed, paragraph._parent)
            for extra in new.runs[1:]:
                extra._r.getparent().remove(extra._r)
            new.runs[0].text = ANSWER
            new.style = document.styles["Normal"]
        if paragraph.text.startswith("About these words") and "too much" in paragraph.text:
            document.add_comment(paragraph.runs, text=COMMENT_ANSWER, author="Tomasz Nowak",
                                 initials="TN")
    document.save(str(target))
