"""Small pieces of plain English shared by the import's messages, summaries and notes.

The import tells people a lot in sentences ("2 comments were left out"); these keep the
counting words right in one place.
"""

from __future__ import annotations


def plural(count: int) -> str:
    """The 's' a noun takes for this count."""
    return "" if count == 1 else "s"


def was(count: int) -> str:
    return "was" if count == 1 else "were"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def short(words: str, size: int = 50) -> str:
    """Words to quote in a message: on one line, cut at `size` characters."""
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


def straight_quotes(text: str) -> str:
    """Word's curly quotes as straight ones, so that Word's text compares with the book's."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def comparable(text: str) -> str:
    """Text as names and titles are compared: spaces made single, capitals ignored."""
    return " ".join(text.split()).casefold()
