"""The jargon list: hard words and phrases with plainer choices, and finding them in text.

The list is the project's own (resources/plain/jargon.yaml); a book adds or drops entries in
its house style. Text is split into words once; each word looks up the phrases that start with
it, so the list can be long without slowing the check down.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coauthor_desk import RESOURCES
from coauthor_desk.checks.readability import WORD, lowered, small_words
from coauthor_desk.manuscript import yaml_text
from coauthor_desk.problems import BookError, Problem

LIST_FILE = RESOURCES / "plain" / "jargon.yaml"
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Entry:
    """One hard word or phrase, the plainer words to offer, and why it matters."""

    term: str
    instead: tuple[str, ...]
    why: str = ""
    not_before: frozenset[str] = frozenset()  # skip when the next word is one of these
    not_after: frozenset[str] = frozenset()  # skip when the word before is one of these


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int
    end: int


class JargonList:
    """Entries found through their longest word: a phrase can only be in a text when that
    word is, and the set of the text's words (which the checks make anyway) answers that at
    once."""

    def __init__(self, entries: list[tuple[str, Entry]]) -> None:
        self.by_key: dict[str, list[tuple[re.Pattern[str], Entry, frozenset[str]]]] = {}
        for form, entry in entries:
            words = _words(form)
            if words:
                pattern = re.compile(r"(?<![\w'-])" + r"\s+".join(map(re.escape, words))
                                     + r"(?![\w-]|'\w)")
                needed = WORD.findall(" ".join(words))  # as the text's words are counted
                self.by_key.setdefault(max(needed, key=len), []).append(
                    (pattern, entry, frozenset(needed)))
        self.keys = frozenset(self.by_key)

    def find(self, text: str) -> list[Match]:
        """Every listed word or phrase in any text (a whole chapter, say)."""
        small = lowered(text)
        return self.find_in(small, small_words(small))

    def find_in(self, small: str, all_words: list[str],
                skip: Callable[[], list[tuple[int, int]]] = list) -> list[Match]:
        """Every listed word or phrase in a text, longest first where they overlap. `small` is
        the text as `readability.lowered` gives it and `all_words` its words (WORD); `skip`
        gives the spans to leave out (quotations), asked only when something is found."""
        keys = self.keys.intersection(all_words)
        if not keys:
            return []  # the usual case, found at the speed of a set
        words = set(all_words)
        candidates = sorted(
            (Match(entry, m.start(), m.end()) for key in keys
             for pattern, entry, needed in self.by_key[key] if needed <= words
             for m in pattern.finditer(small)),
            key=lambda match: (match.start, -match.end))
        skipped = skip() if candidates else []
        found: list[Match] = []
        for match in candidates:
            if found and match.start < found[-1].end:
                continue  # inside a longer phrase already found
            if any(a <= match.start < b for a, b in skipped) or _excluded(small, match):
                continue
            found.append(match)
        return found


def _excluded(lowered: str, match: Match) -> bool:
    """Whether the words around a match rule it out (not_before / not_after)."""
    entry = match.entry
    if entry.not_before:
        after = TOKEN.match(lowered, len(lowered) - len(lowered[match.end:].lstrip()))
        if after and after.group() in entry.not_before:
            return True
    if entry.not_after:
        before = TOKEN.findall(lowered[max(0, match.start - 40):match.start])
        if before and before[-1] in entry.not_after:
            return True
    return False


def _words(text: str) -> list[str]:
    return [m.group().lower().replace("’", "'") for m in TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def standard_entries() -> tuple[tuple[str, Entry], ...]:
    """The project's own list, as (form, entry) pairs."""
    text = LIST_FILE.read_text("utf-8")
    return tuple(_entries(str(LIST_FILE.name), yaml_text.parse(str(LIST_FILE.name), text)))


def _entries(where: str, data: Any) -> list[tuple[str, Entry]]:
    if not isinstance(data, list):
        raise BookError(Problem(where, "The jargon list should be a list of entries.",
                                "Start each entry with '- term: ...'."))
    pairs = []
    for item in data:
        if not isinstance(item, dict) or not str(item.get("term", "")).strip():
            raise BookError(Problem(where, f"A jargon entry has no 'term': {item!r:.60}.",
                                    "Give each entry a 'term' and an 'instead' list."))
        instead = item.get("instead") or []
        entry = Entry(str(item["term"]).strip().lower(),
                      tuple(str(i) for i in ([instead] if isinstance(instead, str) else instead)),
                      str(item.get("why") or ""),
                      frozenset(_lowered(item.get("not_before"))),
                      frozenset(_lowered(item.get("not_after"))))
        pairs += [(form, entry) for form in [entry.term, *_lowered(item.get("forms"))]]
    return pairs


def _lowered(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v).strip().lower() for v in (value if isinstance(value, list) else [value])]


def book_jargon(setting: Any) -> JargonList:
    """The standard list with a book's own changes: house_style.jargon {add: [...], drop: [...]}."""
    if setting is None:
        return _standard_list()
    entries = list(standard_entries())
    if not isinstance(setting, dict):
        raise BookError(Problem("book.yaml", "The house style's 'jargon' should say what to add "
                                "and what to drop.", "Write it like 'jargon: {drop: [pathway]}'."))
    dropped = set(_lowered(setting.get("drop")))
    entries = [(form, entry) for form, entry in entries if entry.term not in dropped]
    entries += _entries("book.yaml", setting.get("add") or [])
    return JargonList(entries)


@lru_cache(maxsize=1)
def _standard_list() -> JargonList:
    return JargonList(list(standard_entries()))
