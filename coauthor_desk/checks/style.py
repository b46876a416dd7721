"""The house style the checks hold a text to: the reading level, its targets, and the
checks turned on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.checks.jargon import LIST_FILE, JargonList, book_jargon
from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem

_CHECKS_VERSION = 2  # raise when the checks change, so remembered findings are not reused
CHECKS = ("jargon", "long-sentence", "passive", "long-paragraph", "acronym", "reading-ease",
          "hidden-character")
_TARGETS = {  # reading level: (sentence words, paragraph words, reading ease)
    "general": (25, 120, 50),
    "easy-read": (15, 60, 70),
}


@dataclass(frozen=True)
class Style:
    """What the book's house style asks of its text."""

    reading_level: str = "general"
    sentence_length: int = 25
    paragraph_length: int = 120
    reading_ease: int = 50
    checks: frozenset[str] = frozenset(CHECKS)
    jargon: JargonList = field(default_factory=lambda: book_jargon(None), compare=False)
    jargon_setting: str = ""  # the book's own jargon changes, as written (for `signature`)

    @property
    def signature(self) -> str:
        """Changes whenever anything that decides the findings changes (for caching)."""
        return files.fingerprint(json.dumps([
            self.reading_level, self.sentence_length, self.paragraph_length,
            self.reading_ease, sorted(self.checks), self.jargon_setting,
            files.fingerprint(LIST_FILE.read_bytes()), _CHECKS_VERSION]).encode())

    @classmethod
    def from_house_style(cls, house: dict[str, Any]) -> Style:
        level = str(house.get("reading_level", "general"))
        if level not in _TARGETS:
            raise BookError(Problem("book.yaml", f"The reading level '{level}' is not one the "
                                    "app knows.", "Use 'general' or 'easy-read'."))
        sentence, paragraph, ease = _TARGETS[level]
        off = set(house.get("checks_off") or [])
        unknown = off - set(CHECKS)
        if unknown:
            raise BookError(Problem("book.yaml", f"The house style turns off a check the app "
                                    f"does not have: {', '.join(sorted(unknown))}.",
                                    f"Use any of: {', '.join(CHECKS)}."))
        return cls(level, int(house.get("sentence_length", sentence)),
                   int(house.get("paragraph_length", paragraph)),
                   int(house.get("reading_ease", ease)), frozenset(CHECKS) - off,
                   book_jargon(house.get("jargon")),
                   json.dumps(house.get("jargon"), sort_keys=True, default=str))
