"""Checks on words: jargon and hard words, and acronyms not explained."""

from __future__ import annotations

import re

from coauthor_desk.checks.finding import Finding, finding_in
from coauthor_desk.checks.jargon import JargonList
from coauthor_desk.checks.readability import WORD
from coauthor_desk.manuscript.text import Paragraph

# Jargon -------------------------------------------------------------------------------------

# Double quotes, and single quotes that open after a space and close before one (so that
# apostrophes, as in "didn't", are not taken for quotes). Each choice starts with its quote
# mark, so the search can leap to the next one, and no quote runs on past another opening
# mark of its kind, so a paragraph of opening marks never closed costs no more than its length.
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]*’(?!\w)|'(?<!\w.)[^'\n]+'(?!\w)")


def jargon_findings(block: Paragraph, jargon: JargonList, small: str,
                    all_words: list[str]) -> list[Finding]:
    """Listed words in a paragraph; `small` and `all_words` as `JargonList.find_in` takes them."""
    # Words in quotation marks are someone's own words (often the jargon they were given).
    def quoted() -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _QUOTED.finditer(block.text)]

    result = []
    for match in jargon.find_in(small, all_words, quoted):
        entry, words = match.entry, block.text[match.start:match.end]
        choices = " or ".join(f"'{choice}'" for choice in entry.instead[:3])
        result.append(finding_in(
            block, "jargon", match.start, match.end, words,
            f"'{words}' is jargon or a hard word for many readers.",
            entry.why or "Words used by services and officials can shut out people who "
            "do not use them every day.",
            f"You could say {choices}." if choices else "Try an everyday word instead.",
            entry.term))
    return result


# Acronyms -----------------------------------------------------------------------------------

# Two or more capitals (with '&'), or mixed case with capitals for at least half the letters
# ('DoLS', 'SENCo'); a plural 's' may follow.
# (The capital comes before the look back at what is before it, so the search can leap from
# capital to capital.)
_ACRONYM = re.compile(r"[A-Z](?<!\w.)[A-Za-z&]*[A-Z][A-Za-z]*\b")
_ROMAN = re.compile(r"^[IVXLC]+$")
_CAPITALS, _NOT_LETTERS = re.compile(r"[A-Z]"), re.compile(r"[\W\d_]+")
# Letters most readers in the UK know without being told.
WELL_KNOWN = {"UK", "US", "USA", "EU", "NHS", "GP", "A&E", "B&B", "BBC", "TV", "OK", "ID", "CV",
              "DIY", "PhD", "MP", "AM", "PM", "COVID"}
_EXPLAINED_AFTER = re.compile(r"\b(?:stands? for|short for|which means|that means|means)\b",
                              re.IGNORECASE)


def acronym_findings(block: Paragraph, explained: set[str]) -> list[Finding]:
    text = block.text
    if not _ACRONYM.search(text):
        return []
    if len(_CAPITALS.findall(text)) > 0.5 * len(_NOT_LETTERS.sub("", text)):
        return []  # written in capitals throughout: a shout or a sign, not acronyms
    result = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group()
        if acronym.endswith("s") and acronym[:-1].isupper():
            acronym = acronym[:-1]  # a plural: 'GPs'
        capitals = sum(c.isupper() for c in acronym)
        if capitals * 2 < len(acronym) or acronym in explained or acronym in WELL_KNOWN or \
                _ROMAN.match(acronym):
            continue
        explained.add(acronym)
        if _explained_here(text, match.start(), match.end(), acronym):
            continue
        result.append(finding_in(
            block, "acronym", match.start(), match.end(), acronym,
            f"'{acronym}' is not explained the first time it is used.",
            "Not everyone knows what the letters stand for, and a screen reader may read "
            "them as a word.",
            f"Write it out in full the first time, with the letters after it in brackets, "
            f"for example 'the words in full ({acronym})'."))
    return result


def _explained_here(text: str, start: int, end: int, acronym: str) -> bool:
    """'Personal Independence Payment (PIP)' or 'PIP (Personal Independence Payment)'."""
    if text[max(start - 1, 0):start] == "(" and text[end:end + 1] == ")":
        before = WORD.findall(text[max(0, start - 120):start - 1])[-len(acronym) - 3:]
        initials = "".join(w[0].upper() for w in before if w[0].isupper() or len(w) > 3)
        return acronym.replace("&", "") in initials or len(before) >= len(acronym)
    after = text[end:end + 3].lstrip()
    # '... (PIP)', 'PIP (...)', or 'I've got COPD. That stands for ...' just after.
    return after.startswith("(") or bool(_EXPLAINED_AFTER.search(text, end, end + 120))
