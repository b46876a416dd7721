"""Recovery copies: what someone typed and has not saved as a version yet, kept every few
seconds in the book's local folder so a crash loses nothing.

A copy remembers which saved text it started from. On reopening, a copy whose words differ
from the chapter as saved is offered back; the person chooses, and nothing is ever applied
without them. Copies are local to this computer and never shared.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.model import Book, Chapter

log = logging.getLogger(__name__)
FOLDER = f"{files.LOCAL_FOLDER}/recovery"


@dataclass(frozen=True)
class Recovery:
    """Unsaved words of one chapter: what was typed, the saved text it began from, and when."""

    chapter: str
    body: str
    based_on: str  # the content id of the chapter file when the typing began
    when: datetime
    chapter_changed: bool = False  # the chapter file changed after the typing began


def _file(chapter_id: str) -> str:
    return f"{FOLDER}/{chapter_id}.json"


def keep(root: Path, chapter: Chapter, body: str, now: datetime | None = None) -> None:
    """Keep what is being typed in a chapter, replacing the copy kept before."""
    data = {"chapter": chapter.id, "based_on": chapter.fingerprint, "body": body,
            "when": (now or datetime.now(UTC)).isoformat(timespec="seconds")}
    files.write_local(root, _file(chapter.id), json.dumps(data, ensure_ascii=False))


def discard(root: Path, chapter_id: str) -> None:
    """Forget a chapter's copy, once its words are saved as a version or put aside."""
    files.inside_book(root, _file(chapter_id)).unlink(missing_ok=True)


def recoveries(book: Book) -> list[Recovery]:
    """The copies whose words differ from their chapter as saved, in book order. A damaged copy
    or one for a chapter no longer in the book is left where it is and not offered."""
    found = []
    for chapter in book.ordered_chapters():
        path = book.root / _file(chapter.id)
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text("utf-8"))
            copy = Recovery(chapter.id, str(data["body"]), str(data["based_on"]),
                            datetime.fromisoformat(data["when"]),
                            str(data["based_on"]) != chapter.fingerprint)
        except (OSError, ValueError, KeyError, TypeError):
            log.info("a recovery copy could not be read: %s", path.name)
            continue
        if copy.body != chapter.body:
            found.append(copy)
    return found
