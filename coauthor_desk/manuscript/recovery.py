"""Recovery copies: what someone typed and has not saved as a version yet, kept every few
seconds so a crash loses nothing.

A copy remembers which saved text it started from. On reopening, a copy whose words differ
from the chapter as saved is offered back; the person chooses, and nothing is ever applied
without them. Copies are this person's own: they live in the per-user state folder
(`platformdirs`), in a folder named after the book's place on this computer, never in the book
folder, so they never travel with it and another copy of the book is never offered them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coauthor_desk.manuscript import cache
from coauthor_desk.manuscript.model import Book, Chapter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovery:
    """Unsaved words of one chapter: what was typed, the saved text it began from, and when."""

    chapter: str
    body: str
    based_on: str  # the content id of the chapter file when the typing began
    when: datetime
    chapter_changed: bool = False  # the chapter file changed after the typing began


def folder(root: Path) -> Path:
    """Where this book's recovery copies are kept on this computer."""
    return cache.state_folder(root) / "recovery"


def copy_file(root: Path, chapter_id: str) -> Path:
    """The file holding a chapter's recovery copy (it may not exist)."""
    if not chapter_id or any(c in chapter_id for c in "/\\:") or chapter_id.startswith("."):
        raise ValueError(f"not a chapter id: {chapter_id!r}")
    return folder(root) / f"{chapter_id}.json"


def keep(root: Path, chapter: Chapter, body: str, now: datetime | None = None) -> None:
    """Keep what is being typed in a chapter, replacing the copy kept before; written whole
    and waited for, since these are words nobody could type again from memory."""
    data = {"chapter": chapter.id, "based_on": chapter.fingerprint, "body": body,
            "when": (now or datetime.now(UTC)).isoformat(timespec="seconds")}
    cache.write_private(copy_file(root, chapter.id),
                        json.dumps(data, ensure_ascii=False).encode("utf-8"), durable=True)


def discard(root: Path, chapter_id: str) -> None:
    """Forget a chapter's copy, once its words are saved as a version or put aside."""
    copy_file(root, chapter_id).unlink(missing_ok=True)


def recoveries(book: Book) -> list[Recovery]:
    """The copies whose words differ from their chapter as saved, in book order. A damaged copy
    or one for a chapter no longer in the book is left where it is and not offered."""
    found = []
    for chapter in book.ordered_chapters():
        path = copy_file(book.root, chapter.id)
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
