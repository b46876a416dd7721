"""Hidden control characters: what they meant, and where they are.

Text pasted from Word or typed in some editors can carry characters nobody sees: a vertical tab
(Word's line break, Shift+Enter), a form feed (a page break) or an escape. XML does not allow
them, so a Word file or e-book holding one is broken. Every export turns them into what they
meant (a line break) or takes them out; the chapter checks say where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Every C0 control but tab, newline and carriage return, DEL and the C1 controls, and the two
# code points XML never allows.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BREAKS = "\x0b\x0c"  # vertical tab, form feed: a new line in the text that held them
_NAMES = {"\x0b": "a vertical tab (Word's line break)", "\x0c": "a form feed (a page break)",
          "\x1b": "an escape character", "\x00": "a null character",
          "\x7f": "a delete character"}


@dataclass(frozen=True)
class Hidden:
    """One hidden character: where it is in the text, and what it is in words."""

    start: int
    character: str

    @property
    def words(self) -> str:
        return _NAMES.get(self.character, f"a hidden control character (code "
                                          f"{ord(self.character)})")


def hidden_characters(text: str) -> list[Hidden]:
    """Every control character in the text, in order."""
    return [Hidden(m.start(), m.group()) for m in CONTROL.finditer(text)]


def plain_characters(text: str, markdown: bool = True) -> str:
    """The text with its control characters as they were meant: a vertical tab or form feed
    between words becomes a line break (a space in a one-line text, such as a title); at the
    edge of a line it adds nothing, and every other control character is taken out."""
    if not CONTROL.search(text):
        return text
    between = f"(?<=\\S)[ \t]*[{_BREAKS}][ \t{_BREAKS}]*(?=\\S)"
    text = re.sub(between, _HardBreak() if markdown else " ", text)
    return CONTROL.sub("", text)


def plain_details(details: Any) -> Any:
    """Details for a title page or an e-book's record (names, dates, titles), with every text
    in them made plain: each is one line, so a line break becomes a space."""
    if isinstance(details, str):
        return plain_characters(details, markdown=False)
    if isinstance(details, dict):
        return {key: plain_details(value) for key, value in details.items()}
    if isinstance(details, list | tuple):
        return [plain_details(value) for value in details]
    return details


class _HardBreak:
    """Pandoc's hard line break is a backslash at the end of the line; a heading stays one
    line (a space), and code gets a plain new line, where a backslash would show. What the
    line is and its backticks so far are read on from the break before on the same line, not
    again from the line's start for each break (a line of thousands of them)."""

    def __init__(self) -> None:
        self.counted, self.ticks, self.plain = -1, 0, "\\\n"

    def __call__(self, found: re.Match[str]) -> str:
        text, at = found.string, found.start()
        if self.counted < 0 or text.rfind("\n", self.counted, at) >= 0:  # a new line
            line_start = text.rfind("\n", 0, at) + 1
            line = text[line_start:at]
            self.counted, self.ticks = line_start, 0
            self.plain = (" " if line.lstrip(" >").startswith("#") else "\n"
                          if line.startswith(("```", "~~~", "    ", "\t")) else "\\\n")
        self.ticks += text.count("`", self.counted, at)
        self.counted = at
        return "\n" if self.plain == "\\\n" and self.ticks % 2 else self.plain
