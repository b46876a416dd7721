"""Reading ease: the Flesch formula, with syllables counted by rule, offline and fast.

The Flesch reading ease score is 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables
per word): about 60-70 is plain English, below 30 is hard going. Syllables are counted from
groups of vowels with the common English exceptions (a silent final 'e', '-le', '-ed').
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# WORD in small letters, for texts whose only letters are a to z (most English, whatever its
# quotation marks and dashes): the same words, found faster.
_SMALL_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
_OTHER_LETTER = re.compile(r"[^\x00-\x7f](?<=[^\W\d_])")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Endings that add no syllable: a silent final 'e' (but not '-le' after a consonant, as in
# 'table'), and '-es' / '-ed' where they are not said as a syllable ('takes', 'arranged').
_SILENT_ENDING = re.compile(r"(?:(?<![^aeiouy]l)(?<!e)e|(?<![sxzhcg])es|(?<![td])ed)$")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """How many syllables a word has, by rule (close enough for a reading ease score)."""
    word = word.lower()
    if len(word) <= 3:
        return 1
    return max(len(_VOWEL_GROUPS.findall(_SILENT_ENDING.sub("", word))), 1)


def lowered(text: str) -> str:
    """The text in small letters with curly apostrophes made straight, each character still
    where it was (so a place found in it is the same place in the text)."""
    small = text.lower()
    if len(small) != len(text):  # a letter such as 'İ' became two: keep such letters as they are
        small = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return small.replace("’", "'")


def small_words(small: str) -> list[str]:
    """The words (WORD) of a text as `lowered` gives it."""
    return (WORD if _OTHER_LETTER.search(small) else _SMALL_WORD).findall(small)


def syllable_count(text: str) -> int:
    """The syllables of all the words of a text."""
    return sum(map(syllables, WORD.findall(text)))


def reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    """The Flesch reading ease score of a text with these counts."""
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


def ease_words(score: float) -> str:
    """What a reading ease score means, in a few plain words."""
    if score >= 80:
        return "very easy to read"
    if score >= 60:
        return "plain English"
    if score >= 50:
        return "fairly hard to read"
    if score >= 30:
        return "hard to read"
    return "very hard to read"
