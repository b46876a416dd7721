"""The jargon list: hard words and phrases with plainer choices, and finding them in text.

The list is the project's own (resources/plain/jargon.yaml); a book adds or drops entries in
its house style. Text is split into words once; each word looks up the phrases that start with
it, so the list can be long without slowing the check down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coauthor_desk import RESOURCES
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
    """Entries by their first word, longest phrase first."""

    def __init__(self, entries: list[tuple[str, Entry]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for form, entry in entries:
            words = tuple(_words(form))
            if words:
                self.by_first.setdefault(words[0], []).append((words, entry))
        for options in self.by_first.values():
            options.sort(key=lambda option: -len(option[0]))

    def find(self, text: str, skip: list[tuple[int, int]] = ()) -> list[Match]:
        """Every listed word or phrase in `text`, leaving out the spans in `skip` (quotes)."""
        tokens = [(m.group().lower().replace("’", "'"), m.start(), m.end())
                  for m in TOKEN.finditer(text)]
        found = []
        index = 0
        while index < len(tokens):
            options = self.by_first.get(tokens[index][0])
            match, length = None, 1
            for words, entry in options or ():
                end = index + len(words)
                if tuple(t[0] for t in tokens[index:end]) != words:
                    continue
                after = tokens[end][0] if end < len(tokens) else ""
                before = tokens[index - 1][0] if index else ""
                if after in entry.not_before or before in entry.not_after:
                    continue
                match, length = Match(entry, tokens[index][1], tokens[end - 1][2]), len(words)
                break
            if match and not any(a <= match.start < b for a, b in skip):
                found.append(match)
            index += length
        return found


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
