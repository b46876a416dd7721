"""Giving '[name left out]' back its words when a review copy comes home.

Exports print '[name left out]' for names people chose to keep out of the book. The chapter
still has the real words, and they must never be replaced by the marker, so each one is put
back from the chapter; any that cannot be placed are told.
"""

from __future__ import annotations

import re

from coauthor_desk.export.assemble import LEFT_OUT
from coauthor_desk.word_import.wording import plural

# '[name left out]' as pandoc writes it back (with its brackets escaped, or not).
_LEFT_OUT = re.compile(r"\\?\[" + re.escape(LEFT_OUT[1:-1]) + r"\\?\]")


def put_back_hidden_names(text: str, body: str) -> tuple[str, list[str]]:
    """The text with each '[name left out]' replaced by the chapter's own words there (found by
    the text on either side); notes for any that could not be placed."""
    found = list(_LEFT_OUT.finditer(text))
    if not found:
        return text, []
    pieces: list[str] = []
    position = 0
    lost = 0
    for index, match in enumerate(found):
        lower = found[index - 1].end() if index else 0
        upper = found[index + 1].start() if index + 1 < len(found) else len(text)
        words = _words_for(body, text[max(lower, match.start() - 40):match.start()],
                           text[match.end():min(upper, match.end() + 40)])
        lost += words is None
        pieces += [text[position:match.start()], match.group() if words is None else words]
        position = match.end()
    pieces.append(text[position:])
    notes = [f"The Word file has '{LEFT_OUT}' in {lost} place{plural(lost)} where the app could "
             "not tell which words were left out. Check the chapter there and put the words "
             "back."] if lost else []
    return "".join(pieces), notes


def _words_for(body: str, before: str, after: str) -> str | None:
    """The words of the chapter between these two pieces of text, when only one place fits."""
    for size in (40, 20, 10):
        left, right = before[-size:], after[:size]
        if not left.strip() and not right.strip():
            return None
        places = re.findall(re.escape(left) + r"([^\n]{1,80}?)" + re.escape(right), body)
        if len(set(places)) == 1:
            return places[0]
    return None
