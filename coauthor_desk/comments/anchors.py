"""Finding the words a comment is about, after the chapter has changed.

A comment is pinned to a chapter by the words it is about (the quote) and a little of the text
on either side (prefix and suffix), like the W3C Web Annotation TextQuoteSelector. Nothing
depends on character positions, so the comment survives any edit elsewhere in the chapter.
Finding it again goes from strict to tolerant: the exact words (the prefix and suffix choosing
between several places), then the same words with different spacing or capital letters, then
words that changed a little (difflib, on the neighbourhood of prefix, quote and suffix). Each
step says how sure it is, so people are told plainly when the words moved or changed.

Everything works on the Markdown source of the chapter body, so a match is a span of the file.

The cost is bounded for any input: a quote longer than MAX_QUOTE is refused by the callers, only
the MAX_CONTEXT characters nearest the quote on either side are used, and the tolerant steps that
compare texts closely (difflib, whose time grows with the square of the length) only look at
short texts, falling back to comparing words for long ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache

CONTEXT = 32  # characters of prefix and suffix, as most annotation tools keep
_MORE_CONTEXT = 32  # added to both when 32 is not enough to tell repeated words apart
_SIDE_OK = 8  # characters of prefix or suffix that must still be next to an exact match
_SIMILAR = 0.6  # how alike the old and new words must be to count as "changed a little"
_SIMILAR_IN_PLACE = 0.45  # ... when the text on both sides is still as it was
_CONTEXT_SAME = 0.8
_CANDIDATES = 8  # neighbourhoods compared in detail, out of every place in the chapter
MAX_QUOTE = 20_000  # characters a comment can be about: about 3,000 words, several pages
MAX_CONTEXT = 1_000  # characters of text either side that are kept and compared, at most
_FUZZY_LIMIT = 5_000  # longer quotes are found as they are, or with other spacing or capitals
_LETTERS_LIMIT = 500  # letter-by-letter likeness only for texts up to this long
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Anchor:
    """The words a comment is about and the text on either side of them, as written."""

    quote: str
    prefix: str = ""
    suffix: str = ""


class MatchHow(StrEnum):
    """How the words were found again."""

    EXACT = "exact"  # the very same characters
    SPACING = "spacing"  # the same words; only spaces or line breaks differ
    TOLERANT = "tolerant"  # the same words apart from spacing and capital letters
    FUZZY = "fuzzy"  # words that changed a little


@dataclass(frozen=True)
class Match:
    """Where the words are in the chapter body now."""

    start: int
    end: int
    text: str  # the body's characters start:end, as they are now
    how: MatchHow
    context_same: bool  # the prefix and suffix are still right next to the words
    similarity: float  # 1.0 for the same words

    @property
    def words_same(self) -> bool:
        return self.how in (MatchHow.EXACT, MatchHow.SPACING)

    @property
    def where_it_was(self) -> bool:
        """The same characters with the same text around them: nothing to tell anyone."""
        return self.how is MatchHow.EXACT and self.context_same


def anchor_at(body: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor for body[start:end]: the quote and `context` characters on either side,
    more when that is not enough to tell this place from another with the same words (up to
    MAX_CONTEXT: beyond that, the same words in the same surroundings are taken in order)."""
    quote = body[start:end]
    # How far the text beside each other place is as here (read once: a page of one letter
    # repeated has thousands of such places), up to MAX_CONTEXT.
    widest = body[max(0, start - MAX_CONTEXT):start], body[end:end + MAX_CONTEXT]
    others = [_alike_beside(body, p, p + len(quote), *widest)
              for p in occurrences(body, quote) if p != start]
    while True:
        anchor = Anchor(quote, body[max(0, start - context):start], body[end:end + context])
        # This place always matches its own text in full; a place that differs within this
        # much text still differs with more, so only places still level are looked at again.
        others = [(before, after) for before, after in others
                  if before >= len(anchor.prefix) and after >= len(anchor.suffix)]
        if not others or context >= min(max(start, len(body) - end), MAX_CONTEXT):
            return anchor
        context = min(context + _MORE_CONTEXT, MAX_CONTEXT)


def occurrences(body: str, quote: str) -> list[int]:
    """Every place the quote starts in the body (overlapping places included)."""
    found: list[int] = []
    if not quote:
        return found
    position = body.find(quote)
    while position != -1:
        found.append(position)
        position = body.find(quote, position + 1)
    return found


def find_places(body: str, quote: str) -> list[tuple[int, int]]:
    """Every place (start, end) that holds the quote: the exact characters, or failing that the
    same words with other spacing (a quote copied from the screen, where a line break in the
    file shows as a space). Spaces around the quote are left out."""
    quote = quote.strip()
    if not quote:
        return []
    exact = [(p, p + len(quote)) for p in occurrences(body, quote)]
    if exact:
        return exact
    spaced = _SPACE.sub(" ", quote)
    pattern = re.compile(r"\s+".join(re.escape(word) for word in spaced.split(" ")))
    return [(m.start(), m.end()) for m in pattern.finditer(body)]


def find_anchor(body: str, anchor: Anchor) -> Match | None:
    """Where the anchor's words are in `body` now, or None when they cannot be found."""
    if not anchor.quote.strip():
        return None
    anchor = _nearest_context(anchor)
    exact = _exact(body, anchor)
    if exact is not None and _one_side_intact(body, exact, anchor):
        return exact
    tolerant = _tolerant(body, anchor)
    if tolerant is not None and (exact is None or tolerant.context_same):
        return tolerant
    fuzzy = _fuzzy(body, anchor) if len(anchor.quote) <= _FUZZY_LIMIT else None
    if exact is not None:
        # The same words elsewhere, with nothing of the old text around them: only a place
        # where the old neighbourhood is intact and the words changed a little is better.
        return fuzzy if fuzzy is not None and fuzzy.context_same else exact
    return tolerant or fuzzy


def _nearest_context(anchor: Anchor) -> Anchor:
    """The anchor with at most MAX_CONTEXT characters either side (those nearest the quote),
    so a hand-made file with pages of context costs no more than a usual one."""
    if len(anchor.prefix) <= MAX_CONTEXT and len(anchor.suffix) <= MAX_CONTEXT:
        return anchor
    return Anchor(anchor.quote, anchor.prefix[-MAX_CONTEXT:], anchor.suffix[:MAX_CONTEXT])


def exact_place(body: str, anchor: Anchor) -> Match | None:
    """The anchor's very words, for changing them: the one place they are, or, when they are
    there more than once, the place the text around them still points to. None when they are
    gone or it is not clear which place is meant: never other words that look alike."""
    places = occurrences(body, anchor.quote) if anchor.quote.strip() else []
    if not places:
        return None
    size = len(anchor.quote)
    scored = sorted(((_context_score(body, p, p + size, anchor), p) for p in places),
                    key=lambda item: -item[0])
    start = scored[0][1]
    match = Match(start, start + size, anchor.quote, MatchHow.EXACT,
                  _context_same(body, start, start + size, anchor), 1.0)
    if len(places) > 1 and (scored[0][0] == scored[1][0] or
                            not _one_side_intact(body, match, anchor)):
        return None
    return match


def body_line(body: str, offset: int) -> int:
    """The line of the body (from 1) that holds character `offset`."""
    return body.count("\n", 0, offset) + 1


# Exact ------------------------------------------------------------------------------------------
def _exact(body: str, anchor: Anchor) -> Match | None:
    places = occurrences(body, anchor.quote)
    if not places:
        return None
    size = len(anchor.quote)
    best = max(places, key=lambda p: _context_score(body, p, p + size, anchor))  # first on ties
    end = best + size
    return Match(best, end, anchor.quote, MatchHow.EXACT,
                 _context_same(body, best, end, anchor), 1.0)


def _context_score(body: str, start: int, end: int, anchor: Anchor) -> int:
    """How many characters of the prefix and suffix are still right next to body[start:end]."""
    return sum(_alike_beside(body, start, end, anchor.prefix, anchor.suffix))


def _alike_beside(body: str, start: int, end: int, prefix: str, suffix: str) -> tuple[int, int]:
    """How many characters just before body[start:end] are as `prefix` ends, and just after
    it as `suffix` starts."""
    return (_common_end(body[max(0, start - len(prefix)):start], prefix),
            _common_start(body[end:end + len(suffix)], suffix))


def _context_same(body: str, start: int, end: int, anchor: Anchor) -> bool:
    return body.startswith(anchor.suffix, end) and body[:start].endswith(anchor.prefix)


def context_kept(body: str, match: Match, anchor: Anchor) -> bool:
    """Whether the text on at least one side of the match is still as the anchor says (enough
    of it to be sure this is the place, and not the same words somewhere else)."""
    return _one_side_intact(body, match, anchor)


def _one_side_intact(body: str, match: Match, anchor: Anchor) -> bool:
    before, after = _alike_beside(body, match.start, match.end, anchor.prefix, anchor.suffix)
    return (before >= min(_SIDE_OK, len(anchor.prefix))
            or after >= min(_SIDE_OK, len(anchor.suffix)))


def _common_start(a: str, b: str) -> int:
    """How many characters a and b start with alike, found by halving (a slice at a time)."""
    same, differs = 0, min(len(a), len(b)) + 1  # a[:same] == b[:same]; a[:differs] differs
    while differs - same > 1:
        middle = (same + differs) // 2
        same, differs = (middle, differs) if a[same:middle] == b[same:middle] else (same, middle)
    return same


def _common_end(a: str, b: str) -> int:  # characters alike at the end (see _common_start)
    return _common_start(a[::-1], b[::-1])


# Tolerant: spacing and capital letters -------------------------------------------------------
@lru_cache(maxsize=16)  # a report looks for many comments in the same chapter
def _normal(text: str) -> tuple[str, list[int]]:
    """Text with every run of spaces and line breaks as one space and small letters only,
    and for each of its characters the position of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for position, character in enumerate(text):
        if character.isspace():
            if not in_space:
                out.append(" ")
                where.append(position)
            in_space = True
            continue
        in_space = False
        for small in character.lower():
            out.append(small)
            where.append(position)
    return "".join(out), where


def _squeeze(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _tolerant(body: str, anchor: Anchor) -> Match | None:
    normal_body, where = _normal(body)
    quote = _normal(anchor.quote)[0].strip()
    if not quote:
        return None
    prefix, suffix = _normal(anchor.prefix)[0], _normal(anchor.suffix)[0]
    places = occurrences(normal_body, quote)
    if not places:
        return None

    def score(p: int) -> int:
        return (_common_end(normal_body[max(0, p - len(prefix)):p], prefix)
                + _common_start(normal_body[p + len(quote):p + len(quote) + len(suffix)],
                                suffix))

    best = max(places, key=score)
    start, end = where[best], where[best + len(quote) - 1] + 1
    text = body[start:end]
    how = MatchHow.SPACING if _squeeze(text) == _squeeze(anchor.quote) else MatchHow.TOLERANT
    same = (normal_body[:best].rstrip().endswith(prefix.strip())
            and normal_body[best + len(quote):].lstrip().startswith(suffix.strip()))
    similarity = 1.0 if how is MatchHow.SPACING else _similarity(anchor.quote, text)
    return Match(start, end, text, how, same, similarity)


# Fuzzy: words that changed a little ------------------------------------------------------------
@lru_cache(maxsize=16)
def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _fuzzy(body: str, anchor: Anchor) -> Match | None:
    """The place whose words are most like the quote, judged with the text around it."""
    quote = _tokens(anchor.quote)
    prefix, suffix = _tokens(anchor.prefix), _tokens(anchor.suffix)
    found = _tokens(body)
    if not quote or not found:
        return None
    needle = [t[0] for t in prefix + quote + suffix]
    words = [t[0] for t in found]
    size = len(needle)
    first, last = len(prefix), len(prefix) + len(quote)  # the quote's tokens in the needle
    best: tuple[float, Match] | None = None
    for window in _likely_windows(words, needle):
        low, high = max(0, window - size // 2), min(len(words), window + size + size // 2)
        codes = SequenceMatcher(None, needle, words[low:high], autojunk=False).get_opcodes()
        start, end = _map_start(codes, first), _map_end(codes, last)
        if start is None or end is None or end <= start:
            continue  # the quote's words were all taken out here
        begin, finish = found[low + start][1], found[low + end - 1][2]
        text = body[begin:finish]
        similarity = _similarity(anchor.quote, text)
        before = _likeness(anchor.prefix, body[max(0, begin - len(anchor.prefix)):begin])
        after = _likeness(anchor.suffix, body[finish:finish + len(anchor.suffix)])
        in_place = before >= _CONTEXT_SAME and after >= _CONTEXT_SAME
        if similarity < (_SIMILAR_IN_PLACE if in_place else _SIMILAR):
            continue
        score = 2 * similarity + before + after
        if best is None or score > best[0]:
            best = (score, Match(begin, finish, text, MatchHow.FUZZY, in_place, similarity))
    return best[1] if best else None


def _similarity(old: str, new: str) -> float:
    """How alike two wordings are, from 0 to 1: the mean of how alike their letters are
    (kind to spelling fixes) and how alike their words are (unrelated sentences share many
    letters, but few words). Long wordings are compared by their words only: comparing
    letter by letter takes time that grows with the square of the length."""
    old_letters, new_letters = _normal(old)[0].strip(), _normal(new)[0].strip()
    if old_letters == new_letters:
        return 1.0
    words = _word_likeness(old, new)
    if max(len(old_letters), len(new_letters)) > _LETTERS_LIMIT:
        return words
    letters = SequenceMatcher(None, old_letters, new_letters, autojunk=False).ratio()
    return (letters + words) / 2


def _likeness(old: str, new: str) -> float:
    if not old:
        return 1.0
    old_letters, new_letters = _normal(old)[0], _normal(new)[0]
    if max(len(old_letters), len(new_letters)) > _LETTERS_LIMIT:
        return _word_likeness(old, new)
    return SequenceMatcher(None, old_letters, new_letters, autojunk=False).ratio()


def _word_likeness(old: str, new: str) -> float:
    return SequenceMatcher(None, [t[0] for t in _tokens(old)], [t[0] for t in _tokens(new)],
                           autojunk=False).ratio()


def _likely_windows(words: list[str], needle: list[str]) -> list[int]:
    """Where runs of len(needle) words share the most words with the needle (best first,
    a few, not overlapping much): a quick count, so difflib only looks closely at those."""
    size = min(len(needle), len(words))
    wanted = Counter(needle)
    have: Counter[str] = Counter()
    shared = 0
    scores: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        if have[word] < wanted[word]:
            shared += 1
        have[word] += 1
        if index >= size:
            gone = words[index - size]
            have[gone] -= 1
            if have[gone] < wanted[gone]:
                shared -= 1
        if index >= size - 1 and shared:
            scores.append((shared, index - size + 1))
    scores.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[int] = []
    for _shared, start in scores:
        if all(abs(start - other) > size // 2 for other in chosen):
            chosen.append(start)
            if len(chosen) == _CANDIDATES:
                break
    return chosen


def _map_start(codes: list[tuple[str, int, int, int, int]], index: int) -> int | None:
    """Where the needle's token `index` (the quote's first) is in the window."""
    for tag, i1, i2, j1, j2 in codes:
        if i1 <= index < i2:
            if tag == "equal":
                return j1 + index - i1
            return j1 + round((index - i1) * (j2 - j1) / (i2 - i1))
    return None


def _map_end(codes: list[tuple[str, int, int, int, int]], index: int) -> int | None:
    """Where the needle's tokens before `index` (the quote's last, and before) end in the
    window. Words added just after the quote are not counted as part of it."""
    last = index - 1
    for tag, i1, i2, j1, j2 in codes:
        if i1 <= last < i2:
            if tag == "equal":
                return j1 + last - i1 + 1
            return j1 + round((index - i1) * (j2 - j1) / (i2 - i1))
    return None
