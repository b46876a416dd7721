"""Checks on sentences: too long, and perhaps passive."""

from __future__ import annotations

import bisect
import re

from coauthor_desk.checks.finding import Finding, finding_in
from coauthor_desk.checks.readability import WORD
from coauthor_desk.checks.style import Style
from coauthor_desk.manuscript.text import Paragraph, Sentence

# Long sentences -----------------------------------------------------------------------------

_SPLIT_HERE = re.compile(r"[,;:]\s+(?:and|but|so|because|which|while|when)\b|;\s")


def long_sentence_findings(block: Paragraph, sentence: str, start: int,
                           style: Style) -> list[Finding]:
    words = len(WORD.findall(sentence))
    if words <= style.sentence_length:
        return []
    middle = len(sentence) // 2
    places = sorted(_SPLIT_HERE.finditer(sentence), key=lambda m: abs(m.start() - middle))
    suggestion = (f"Try ending the sentence before '{places[0].group().strip(',;: ')}' and "
                  "starting a new one." if places else
                  "Try saying it in two or three shorter sentences.")
    return [finding_in(block, "long-sentence", start, start + len(sentence), sentence,
                     f"This sentence has {words} words; the book aims for "
                     f"{style.sentence_length} or fewer.",
                     "Long sentences are harder to follow, especially when read aloud or in a "
                     "second language.", suggestion)]


# Passive voice ------------------------------------------------------------------------------

_BE = ("am is are was were be been being get gets got gotten getting 're wasn't weren't "
       "isn't aren't").split()
_BE_WORDS = frozenset(_BE) - {"'re"}  # as the checks' words: "'re" is part of "they're"
_IRREGULAR = (
    "told given taken seen made done sent shown known born thrown written spoken chosen driven "
    "forgotten hidden bitten broken eaten fallen frozen ridden risen shaken stolen sworn torn "
    "woken worn beaten begun brought bought built caught dealt fed felt fought found held hit "
    "hurt kept laid led left lent lost meant met paid put read said sold set shot shut sought "
    "spent split spread stood struck stuck taught thought understood won wound cut let "
    "overlooked overheard forbidden mistaken undertaken withdrawn drawn grown blown flown "
    "known sung rung drunk sunk swum slept swept wept spelt burnt learnt dreamt spilt spoilt "
    "smelt")
# Feelings: never counted as passive, even with 'by' naming the cause ('I was shocked by it').
_FEELINGS = set((
    "tired interested worried scared bored excited pleased surprised shocked confused "
    "frightened annoyed amazed ashamed embarrassed exhausted delighted determined relieved "
    "satisfied disappointed concerned depressed stressed terrified overwhelmed convinced "
    "puzzled thrilled horrified upset devoted committed"
).split())
# States: not passive ('the door was closed'), unless 'by' someone follows or 'been' comes
# before ('closed by the council', 'it had been closed').
_STATES = _FEELINGS | set((
    "married used supposed retired qualified disabled involved prepared engaged divorced "
    "widowed isolated dedicated experienced skilled talented aged old-fashioned fed-up lost "
    "closed open tied born located based related crowded blessed stuck drunk meant furnished "
    "dressed called soaked situated frozen"
).split())
# After 'by', these say when or how, not who: 'by myself', 'by lunchtime'.
_NOT_DOERS = {"myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves",
              "then", "now", "lunchtime", "noon", "midday", "evening", "morning", "night"}
# Fixed expressions that look passive but are not: 'fed up', 'done with', 'made up of'.
_IDIOMS = {("fed", "up"), ("done", "with"), ("made", "up")}
_NOT_PARTICIPLES = {"red", "bed", "need", "shed", "feed", "seed", "speed", "breed", "hundred",
                    "sacred", "naked", "wicked", "ragged", "rugged", "crooked", "beloved",
                    "indeed", "proceed", "succeed", "exceed", "bleed", "weed", "steed"}
_BETWEEN = r"(?:not|never|also|just|often|always|then|all|really|even|once|very|still|" \
    r"already|only|later|soon|first|since|ever|\w+ly)"
_PARTICIPLE = rf"((?:\w+ed|{'|'.join(sorted(set(_IRREGULAR.split())))}))\b"
_AFTER = r"(\s+\w+)?(\s+\w+)?"  # the two words after, to tell 'by someone' from 'by noon'


def _whole_word(words: list[str]) -> str:
    """A choice of whole words, as the checks count words: not part of a longer word, nor
    after a letter and an apostrophe (the 'am' of "ma'am"), but "'re" after a word ("they're").
    Each word's first character comes before the look back at what is before it, so the
    search can leap to the next place that character is."""
    return "|".join(word[0] + (r"(?<!\w.)(?<![^\W\d_]'.)" if word[0].isalnum() else r"(?<=\w.)")
                    + word[1:] for word in words)


# Both read the paragraph as `readability.lowered` gives it: in small letters.
_PASSIVE = re.compile(rf"({_whole_word(_BE)})\s+(?:{_BETWEEN}\s+){{0,3}}{_PARTICIPLE}{_AFTER}")
# In questions the person comes between: 'Were you offered...?', 'Why was I not told?'
_QUESTION = re.compile(rf"({_whole_word(['was', 'were', 'is', 'are', 'am'])})\s+"
                       rf"(?:i|you|he|she|it|we|they)\s+"
                       rf"(?:{_BETWEEN}\s+){{0,2}}{_PARTICIPLE}{_AFTER}")


def passive_findings(block: Paragraph, small: str, words: list[str]) -> list[Finding]:
    """At most one note per sentence, at its first possible passive; `small` is the
    paragraph's text in small letters (`readability.lowered`) and `words` its words."""
    if _BE_WORDS.isdisjoint(words) and "'re" not in small:
        return []  # no 'was', 'is' or 'got' at all: nothing to look for
    result: list[Finding] = []
    noted = -1
    matches: list[re.Match[str]] = list(_PASSIVE.finditer(small))
    if "?" in small:
        matches = sorted(matches + [m for m in _QUESTION.finditer(small)
                                    if "?" in small[m.end():m.end() + 200]],
                         key=lambda m: m.start())
    for match in matches:
        if not _looks_passive(match):
            continue
        sentence = _sentence_at(block, match.start())
        if sentence is None or sentence.start == noted:
            continue
        noted = sentence.start
        words = block.text[match.start():match.end(2)]
        result.append(finding_in(
            block, "passive", match.start(), match.end(2), sentence.text,
            f"This may be passive: '{words}'.",
            "A passive sentence can hide who did what, and people often want to know.",
            "If it helps, say who did it, for example 'they told me' rather than 'I was "
            "told'. If it reads better as it is, leave it."))
    return result


def _looks_passive(match: re.Match[str]) -> bool:
    """Leave out states and fixed expressions, unless 'by' follows or 'been' comes before
    ('the day centre was closed by the council', 'it had been closed')."""
    verb = match.group(2)
    after, then = ((match.group(i) or "").strip() for i in (3, 4))
    if verb in _NOT_PARTICIPLES or (verb, after) in _IDIOMS or verb in _FEELINGS:
        return False
    by_someone = after == "by" and then not in _NOT_DOERS
    return verb not in _STATES or by_someone or match.group(1) in ("been", "being")


def _sentence_at(block: Paragraph, position: int) -> Sentence | None:
    sentences = block.sentences
    index = bisect.bisect_right([s.start for s in sentences], position) - 1
    return sentences[index] if index >= 0 else None
