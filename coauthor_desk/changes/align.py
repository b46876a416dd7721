"""Line up two lists of sentences the way a reader would, and show the words that changed.

Sentences that are exactly the same (apart from spacing) are lined up first, with difflib. In
each stretch between them, the remaining sentences are paired so that as many words as possible
line up, in order (a small dynamic programme): one old sentence with one new sentence when at
least half of their words match, or one with two or three when a sentence was split or joined.
Word similarity is difflib's ratio on the lists of words (2 x matching words / all words), so
every decision can be explained as "these sentences share most of their words".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from coauthor_desk.changes.matching import Matcher

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Tokens for showing changes word by word: a word or a run of punctuation, each with the spaces
# after it, so that the pieces put together give back the sentence.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\s*|[^\w\s]+\s*|_+\s*|\s+")
REWORDED_AT = 0.5  # a pair of sentences shares at least half of its words
SPLIT_AT = 0.6  # one sentence and the two or three it became share most of their words
_MOST_OF_A_PIECE = 1 / 3  # each of those pieces takes a third of its words from the other
_MOST_CELLS = 40_000  # bigger stretches only pair sentences near the diagonal
_BAND = 40
_NEGATIONS = {"not", "no", "never", "nothing", "nobody", "none", "cannot", "can't", "won't",
              "don't", "didn't", "isn't", "wasn't", "nor"}


def words(text: str) -> tuple[str, ...]:
    """The words of a text in small letters, for comparing (punctuation left out)."""
    return tuple(match.group().casefold() for match in WORD.finditer(text))


@lru_cache(maxsize=65536)
def normal(text: str) -> str:
    """A text with runs of spaces and line breaks made single spaces (remembered: the many
    versions of a chapter share most of their paragraphs)."""
    return " ".join(text.split())


def similarity(old: Sequence[str], new: Sequence[str]) -> float:
    """How alike two lists of words are, from 0 to 1: twice the words that line up, in order,
    over all the words of both."""
    if not old and not new:
        return 1.0
    return Matcher(old, new).ratio()


@dataclass(frozen=True)
class Link:
    """Old sentences that became new ones: "same" (1 to 1, unchanged), "pair" (1 to 1,
    changed), "split" (1 to 2 or 3) or "join" (2 or 3 to 1). Indexes into the lists given."""

    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]


@dataclass(frozen=True)
class Piece:
    """A run of a changed sentence: "same", "removed" (taken out) or "added" (put in)."""

    kind: str
    text: str


def align(old: Sequence[str], new: Sequence[str]) -> list[Link]:
    """Which of the `old` sentences became which of the `new` ones, in order. Sentences left
    out of every link were taken out (old) or put in (new)."""
    old_norms, new_norms = [normal(t) for t in old], [normal(t) for t in new]
    old_words, new_words = [words(t) for t in old], [words(t) for t in new]
    links: list[Link] = []
    matcher = Matcher(old_norms, new_norms)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            links += [Link("same", (i1 + k,), (j1 + k,)) for k in range(i2 - i1)]
        elif i1 < i2 and j1 < j2:
            links += _Stretch(old_words[i1:i2], new_words[j1:j2], old[i1:i2], new[j1:j2]
                              ).links(i1, j1)
    return links


class _Stretch:
    """The best pairing of the sentences between two exact matches (a dynamic programme that
    maximises the words lined up; a split or join costs half a word, so it is only chosen when
    every piece brings words of its own).

    Before any word-by-word comparison, a cheap bound from the sets of words rules out pairs
    that cannot reach the threshold: the words two sentences can line up are at most the
    distinct words they share plus the repeats of either."""

    def __init__(self, old: list[tuple[str, ...]], new: list[tuple[str, ...]],
                 old_texts: Sequence[str], new_texts: Sequence[str]) -> None:
        self.old, self.new = old, new
        self.old_texts, self.new_texts = old_texts, new_texts
        self.old_sets = [frozenset(w) for w in old]
        self.new_sets = [frozenset(w) for w in new]
        self.n, self.m = len(old), len(new)
        banded = self.n * self.m > _MOST_CELLS
        self.width = (_BAND + abs(self.n - self.m)) * max(self.n, 1) if banded else None

    def rows(self, j: int) -> range:
        """The old sentences near new sentence j (|j n - i m| <= width), or all of them when
        the stretch is short: a long stretch is worked through only near its diagonal, in time
        and room in step with its length (thousands of sentences rewritten filled n x m cells
        before, minutes and gigabytes)."""
        if self.width is None:
            return range(self.n + 1)
        low = -(-(j * self.n - self.width) // self.m)
        return range(max(0, low), min(self.n, (j * self.n + self.width) // self.m) + 1)

    def links(self, i0: int, j0: int) -> list[Link]:
        n, m = self.n, self.m
        score: dict[tuple[int, int], float] = {(0, 0): 0.0}  # only cells a path reaches
        back: dict[tuple[int, int], tuple[str, int, int]] = {}
        matcher = Matcher()
        for j in range(m + 1):
            if j:
                matcher.set_seq2(self.new[j - 1])
            for i in self.rows(j):
                if not i and not j:
                    continue
                best, how = -1.0, None
                if score.get((i - 1, j), -2.0) > best:
                    best, how = score[i - 1, j], ("old", 1, 0)
                if score.get((i, j - 1), -2.0) > best:
                    best, how = score[i, j - 1], ("new", 0, 1)
                if i and j and (i - 1, j - 1) in score:
                    gain = self._pair(matcher, i - 1, j - 1)
                    if gain and score[i - 1, j - 1] + gain > best:
                        best, how = score[i - 1, j - 1] + gain, ("pair", 1, 1)
                for k in (2, 3):
                    if i and j >= k and (i - 1, j - k) in score:
                        gain = _split(self.old[i - 1], self.old_sets[i - 1],
                                      self.new[j - k:j], self.new_sets[j - k:j])
                        if gain and score[i - 1, j - k] + gain > best:
                            best, how = score[i - 1, j - k] + gain, ("split", 1, k)
                    if j and i >= k and (i - k, j - 1) in score:
                        gain = _split(self.new[j - 1], self.new_sets[j - 1],
                                      self.old[i - k:i], self.old_sets[i - k:i])
                        if gain and score[i - k, j - 1] + gain > best:
                            best, how = score[i - k, j - 1] + gain, ("join", k, 1)
                if how is not None:
                    score[i, j], back[i, j] = best, how
        found: list[Link] = []
        i, j = n, m
        while i or j:
            kind, di, dj = back[i, j]
            i, j = i - di, j - dj
            if kind in ("pair", "split", "join"):
                found.append(Link(kind, tuple(range(i0 + i, i0 + i + di)),
                                  tuple(range(j0 + j, j0 + j + dj))))
        found.reverse()
        return found

    def _pair(self, matcher: Matcher, i: int, j: int) -> float:
        """Words lined up when old sentence i became new sentence j, or 0 when they are not
        recognisably the same sentence."""
        old, new = self.old[i], self.new[j]
        total = len(old) + len(new)
        most = _most_matched(self.old_sets[i], len(old), self.new_sets[j], len(new))
        if total and 2 * most / total >= REWORDED_AT:
            matcher.set_seq1(old)
            ratio = matcher.ratio()
            matched = ratio * total / 2
            if ratio >= REWORDED_AT and (matched >= 2 or max(len(old), len(new)) <= 2):
                return matched
        # Very short sentences with a slip in them share few words; they are still the same.
        if max(len(old), len(new)) <= 4 and is_slip(self.old_texts[i], self.new_texts[j]):
            return float(max(len(old), 1))
        return 0.0


def _most_matched(a: frozenset[str], a_length: int, b: frozenset[str], b_length: int) -> int:
    """At most how many words of two sentences can line up: the distinct words they share,
    plus the repeated words of the one with fewer repeats."""
    return len(a & b) + min(a_length - len(a), b_length - len(b))


def _split(whole: tuple[str, ...], whole_set: frozenset[str], pieces: Sequence[tuple[str, ...]],
           piece_sets: Sequence[frozenset[str]]) -> float:
    """Words lined up when `whole` became `pieces` (or the pieces became it), less half a word
    for each extra piece; 0 unless every piece takes a third of its words from it."""
    joined_length = sum(len(piece) for piece in pieces)
    total = len(whole) + joined_length
    if not total or 2 * min(len(whole), joined_length) / total < SPLIT_AT:
        return 0.0
    for piece, piece_set in zip(pieces, piece_sets, strict=True):
        needed = max(1.0, _MOST_OF_A_PIECE * len(piece))
        if len(piece_set & whole_set) + len(piece) - len(piece_set) < needed:
            return 0.0
    joined = [word for piece in pieces for word in piece]
    matcher = Matcher(whole, joined)
    if matcher.quick_ratio() < SPLIT_AT:
        return 0.0
    blocks = matcher.get_matching_blocks()
    matched = sum(block.size for block in blocks)
    if 2 * matched / total < SPLIT_AT:
        return 0.0
    start = 0
    for piece in pieces:
        end = start + len(piece)
        inside = sum(max(0, min(b.b + b.size, end) - max(b.b, start)) for b in blocks)
        if not piece or inside < max(1.0, _MOST_OF_A_PIECE * len(piece)):
            return 0.0
        start = end
    return matched - 0.5 * (len(pieces) - 1)


def pieces(old: str, new: str) -> list[Piece]:
    """The words of `old` and `new` in order, each marked as kept, taken out or put in."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    keys_old = [token.strip() for token in old_tokens]
    keys_new = [token.strip() for token in new_tokens]
    found: list[Piece] = []

    def put(kind: str, text: str) -> None:
        if not text:
            return
        if found and found[-1].kind == kind:
            found[-1] = Piece(kind, found[-1].text + text)
        else:
            found.append(Piece(kind, text))

    matcher = Matcher(keys_old, keys_new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("same", "".join(new_tokens[j1:j2]))
        else:
            put("removed", "".join(old_tokens[i1:i2]))
            put("added", "".join(new_tokens[j1:j2]))
    return found


def spoken(found: Sequence[Piece]) -> str:
    """The changed words as a screen reader or read-aloud voice says them."""
    parts = []
    for piece in found:
        text = normal(piece.text)
        if piece.kind == "removed" and text:
            parts.append(f"took out: “{text}”")
        elif piece.kind == "added" and text:
            parts.append(f"put in: “{text}”")
    return "; ".join(parts)


def is_slip(old: str, new: str) -> bool:
    """Whether `old` became `new` by fixing one or two small slips: a misspelt word (one or two
    letters), a word typed twice, capitals, punctuation or spacing. A change to a number or
    to a word like 'not' is never a slip: it changes what the sentence says."""
    if normal(old) == normal(new):
        return False
    old_tokens = [t.strip() for t in _TOKEN.findall(old) if t.strip()]
    new_tokens = [t.strip() for t in _TOKEN.findall(new) if t.strip()]
    if abs(len(old_tokens) - len(new_tokens)) > 2:
        return False
    fixes = 0
    matcher = Matcher(old_tokens, new_tokens)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        fixes += 1
        gone, came = old_tokens[i1:i2], new_tokens[j1:j2]
        if fixes > 2 or not _small_fix(gone, came, old_tokens, i1, i2):
            return False
    return True


def _small_fix(gone: list[str], came: list[str], old_tokens: list[str], i1: int,
               i2: int) -> bool:
    if all(not _is_word(t) for t in gone + came):
        return True  # punctuation only
    if len(gone) == 1 and len(came) == 1:
        a, b = gone[0], came[0]
        if a.casefold() == b.casefold():
            return True  # capitals only
        if _meaningful(a) or _meaningful(b):
            return False
        return min(len(a), len(b)) >= 2 and _distance(a.casefold(), b.casefold()) <= 2
    if not came and len(gone) == 1 and _is_word(gone[0]):
        word = gone[0].casefold()
        before = old_tokens[i1 - 1].casefold() if i1 > 0 else None
        after = old_tokens[i2].casefold() if i2 < len(old_tokens) else None
        return word in (before, after)  # a word typed twice
    # A word with its punctuation, e.g. "well ," for "well,": compare the words alone.
    words_gone = [t for t in gone if _is_word(t)]
    words_came = [t for t in came if _is_word(t)]
    if len(words_gone) == len(words_came) == 1:
        return _small_fix(words_gone, words_came, old_tokens, i1, i2)
    return False


def _is_word(token: str) -> bool:
    return bool(WORD.match(token))


def _meaningful(word: str) -> bool:
    return word.casefold() in _NEGATIONS or any(c.isdigit() for c in word)


def _distance(a: str, b: str) -> int:
    """Letters to add, remove, change or swap to turn a into b (stops counting above 3)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if (previous2 is not None and i > 1 and j > 1 and ca == b[j - 2]
                    and a[i - 2] == cb):
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
        if min(previous) > 2:
            return 3
    return previous[-1]
