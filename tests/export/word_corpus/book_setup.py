"""What a book must hold before the corpus's review copies can come back into it: the same
conversations, with the same ids, as when the copies were made (make_corpus and the tests both
call this, so the two always agree)."""

from __future__ import annotations

from datetime import UTC, datetime

from coauthor_desk.plain.feedback import Kind, start_thread
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
                 Kind.QUESTION, when=datetime(2025, 3, 1, 10, tzinfo=UTC))
    start_thread(opened, CHAPTER, "I think I nodded too much.", "tomasz-nowak", SUGGESTION,
                 "helen-marsh", Kind.SUGGESTION, proposed="I think I nodded far too much.",
                 when=datetime(2025, 3, 1, 11, tzinfo=UTC))
