"""Plain-language checks that explain themselves and suggest, never scold.

Each finding says where (paragraph and the characters of the source), what, why it matters in
one plain sentence, and a suggestion. The checks read the words that `manuscript.text` found in the
Markdown, so marks, links and footnote labels are never mistaken for words.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.checks.characters import CONTROL, hidden_characters
from coauthor_desk.checks.jargon import LIST_FILE, JargonList, book_jargon
from coauthor_desk.checks.readability import WORD, ease_words, reading_ease, syllables
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.text import Paragraph, Sentence, paragraphs
from coauthor_desk.problems import BookError, Problem

_CHECKS_VERSION = 2  # raise when the checks change, so remembered findings are not reused
CHECKS = ("jargon", "long-sentence", "passive", "long-paragraph", "acronym", "reading-ease",
          "hidden-character")
_TARGETS = {  # reading level: (sentence words, paragraph words, reading ease)
    "general": (25, 120, 50),
    "easy-read": (15, 60, 70),
}


@dataclass(frozen=True)
class Style:
    """What the book's house style asks of its text."""

    reading_level: str = "general"
    sentence_length: int = 25
    paragraph_length: int = 120
    reading_ease: int = 50
    checks: frozenset[str] = frozenset(CHECKS)
    jargon: JargonList = field(default_factory=lambda: book_jargon(None), compare=False)
    jargon_setting: str = ""  # the book's own jargon changes, as written (for `signature`)

    @property
    def signature(self) -> str:
        """Changes whenever anything that decides the findings changes (for caching)."""
        return files.fingerprint(json.dumps([
            self.reading_level, self.sentence_length, self.paragraph_length,
            self.reading_ease, sorted(self.checks), self.jargon_setting,
            files.fingerprint(LIST_FILE.read_bytes()), _CHECKS_VERSION]).encode())

    @classmethod
    def from_house_style(cls, house: dict[str, Any]) -> Style:
        level = str(house.get("reading_level", "general"))
        if level not in _TARGETS:
            raise BookError(Problem("book.yaml", f"The reading level '{level}' is not one the "
                                    "app knows.", "Use 'general' or 'easy-read'."))
        sentence, paragraph, ease = _TARGETS[level]
        off = set(house.get("checks_off") or [])
        unknown = off - set(CHECKS)
        if unknown:
            raise BookError(Problem("book.yaml", f"The house style turns off a check the app "
                                    f"does not have: {', '.join(sorted(unknown))}.",
                                    f"Use any of: {', '.join(CHECKS)}."))
        return cls(level, int(house.get("sentence_length", sentence)),
                   int(house.get("paragraph_length", paragraph)),
                   int(house.get("reading_ease", ease)), frozenset(CHECKS) - off,
                   book_jargon(house.get("jargon")),
                   json.dumps(house.get("jargon"), sort_keys=True, default=str))


@dataclass(frozen=True)
class Finding:
    """One thing worth a second look, where it is, and what might help."""

    check: str
    paragraph: int
    start: int  # characters of the source text
    end: int
    quote: str  # the words concerned
    what: str
    why: str
    suggestion: str
    term: str = ""  # for jargon: the list entry found
    section: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


@dataclass
class TextReport:
    """Findings for a text, with its reading ease for the whole and for each paragraph."""

    findings: list[Finding]
    reading_ease: float
    paragraph_ease: dict[int, float]
    words: int


def check_text(source: str, style: Style | None = None, offset: int = 0) -> list[Finding]:
    """Every finding in a Markdown text (a chapter body, or an editor's comment)."""
    return check_report(source, style, offset).findings


def check_report(source: str, style: Style | None = None, offset: int = 0) -> TextReport:
    """Check a Markdown text; `offset` is where it starts in its file, for the spans."""
    style = style or Style()
    findings: list[Finding] = []
    explained: set[str] = set()
    totals = [0, 0, 0]  # words, sentences, syllables
    ease: dict[int, float] = {}
    blocks = []
    for block in paragraphs(source):
        blocks.append(block)
        counts = _counts(block)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        ease[block.index] = reading_ease(*counts)
        findings += check_paragraph(block, style, explained, ease[block.index], counts[0])
    if "hidden-character" in style.checks:
        findings = sorted(findings + hidden_findings(source, blocks), key=lambda f: f.start)
    if offset:
        findings = [_moved(f, offset) for f in findings]
    return TextReport(findings, reading_ease(*totals), ease, totals[0])


def check_paragraph(block: Paragraph, style: Style, explained: set[str] | None = None,
                    ease: float | None = None, words: int | None = None) -> list[Finding]:
    """The findings in one paragraph; `explained` holds acronyms already explained (or used)
    earlier in the text, and gains this paragraph's."""
    explained = set() if explained is None else explained
    on = style.checks
    found: list[Finding] = []
    if "jargon" in on:
        found += _jargon(block, style.jargon)
    if block.kind != "heading":
        if "long-sentence" in on:
            for sentence in block.sentences:
                found += _long_sentence(block, sentence.text, sentence.start, style)
        if "passive" in on:
            found += _passive(block)
    if "acronym" in on:
        found += _acronyms(block, explained)
    if block.kind == "heading":
        return found
    if words is None or ease is None:
        counts = _counts(block)
        words, ease = counts[0], reading_ease(*counts)
    if "long-paragraph" in on and words > style.paragraph_length:
        found.append(_finding(block, "long-paragraph", 0, len(block.text), block.text[:60],
                              f"This paragraph has {words} words; the book aims for "
                              f"{style.paragraph_length} or fewer.",
                              "A long paragraph is hard to hold in mind, especially for "
                              "someone reading slowly or listening.",
                              "Try breaking it where the subject changes."))
    if "reading-ease" in on and words >= 20 and ease < style.reading_ease:
        found.append(_finding(block, "reading-ease", 0, len(block.text), block.text[:60],
                              f"This paragraph scores {ease:.0f} for reading ease "
                              f"({ease_words(ease)}); the book aims for {style.reading_ease} "
                              "or more.", "The score falls with long sentences and long words, "
                              "which make text harder for many readers.",
                              "Shorter sentences and everyday words raise it."))
    return found


def hidden_findings(source: str, blocks: list[Paragraph]) -> list[Finding]:
    """Control characters nobody can see, which exports turn into a line break or take out
    (see checks.characters); one finding for each. `blocks` are the source's paragraphs."""
    found = []
    starts = [block.start for block in blocks]
    for hidden in hidden_characters(source):
        at = bisect.bisect_right(starts, hidden.start) - 1
        block = blocks[at] if at >= 0 else None
        line_start = source.rfind("\n", 0, hidden.start) + 1
        line_end = source.find("\n", hidden.start)
        words = source[line_start:line_end if line_end >= 0 else len(source)]
        meant = "show it as a line break" if hidden.character in "\x0b\x0c" else "leave it out"
        quote = " ".join(CONTROL.sub(" ", words).split())[:60]
        found.append(Finding(
            "hidden-character", block.index if block else 0, hidden.start, hidden.start + 1,
            quote, f"There is {hidden.words} here, which cannot be seen.",
            f"Word files and e-books cannot hold it, so the exports {meant}.",
            "Delete it, and press Enter where a new line is wanted.",
            section=block.section if block else ""))
    return found


def _counts(block: Paragraph) -> tuple[int, int, int]:
    words = WORD.findall(block.text)
    return len(words), max(len(block.sentences), 1), sum(map(syllables, words))


def _finding(block: Paragraph, check: str, start: int, end: int, quote: str, what: str,
             why: str, suggestion: str, term: str = "") -> Finding:
    source_start, source_end = block.source_span(start, end)
    return Finding(check, block.index, source_start, source_end, quote, what, why, suggestion,
                   term, block.section)


def _moved(finding: Finding, offset: int) -> Finding:
    return Finding(finding.check, finding.paragraph, finding.start + offset,
                   finding.end + offset, finding.quote, finding.what, finding.why,
                   finding.suggestion, finding.term, finding.section)


# Jargon -------------------------------------------------------------------------------------

# Double quotes, and single quotes that open after a space and close before one (so that
# apostrophes, as in "didn't", are not taken for quotes).
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)|(?<!\w)'[^'\n]+'(?!\w)")


def _jargon(block: Paragraph, jargon: JargonList) -> list[Finding]:
    # Words in quotation marks are someone's own words (often the jargon they were given).
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(block.text)]
    result = []
    for match in jargon.find(block.text, quoted):
        entry, words = match.entry, block.text[match.start:match.end]
        choices = " or ".join(f"'{choice}'" for choice in entry.instead[:3])
        result.append(_finding(
            block, "jargon", match.start, match.end, words,
            f"'{words}' is jargon or a hard word for many readers.",
            entry.why or "Words used by services and officials can shut out people who "
            "do not use them every day.",
            f"You could say {choices}." if choices else "Try an everyday word instead.",
            entry.term))
    return result


# Long sentences -----------------------------------------------------------------------------

_SPLIT_HERE = re.compile(r"[,;:]\s+(?:and|but|so|because|which|while|when)\b|;\s")


def _long_sentence(block: Paragraph, sentence: str, start: int, style: Style) -> list[Finding]:
    if sentence.count(" ") < style.sentence_length:  # fewer spaces than that: short enough
        return []
    words = len(WORD.findall(sentence))
    if words <= style.sentence_length:
        return []
    middle = len(sentence) // 2
    places = sorted(_SPLIT_HERE.finditer(sentence), key=lambda m: abs(m.start() - middle))
    suggestion = (f"Try ending the sentence before '{places[0].group().strip(',;: ')}' and "
                  "starting a new one." if places else
                  "Try saying it in two or three shorter sentences.")
    return [_finding(block, "long-sentence", start, start + len(sentence), sentence,
                     f"This sentence has {words} words; the book aims for "
                     f"{style.sentence_length} or fewer.",
                     "Long sentences are harder to follow, especially when read aloud or in a "
                     "second language.", suggestion)]


# Passive voice ------------------------------------------------------------------------------

_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting|'re|" \
    r"wasn['’]t|weren['’]t|isn['’]t|aren['’]t)"
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
_PASSIVE = re.compile(rf"\b({_BE})\s+(?:{_BETWEEN}\s+){{0,3}}{_PARTICIPLE}{_AFTER}",
                      re.IGNORECASE)
# In questions the person comes between: 'Were you offered...?', 'Why was I not told?'
_QUESTION = re.compile(rf"\b(was|were|is|are|am)\s+(?:I|you|he|she|it|we|they)\s+"
                       rf"(?:{_BETWEEN}\s+){{0,2}}{_PARTICIPLE}{_AFTER}", re.IGNORECASE)


def _passive(block: Paragraph) -> list[Finding]:
    """At most one note per sentence, at its first possible passive."""
    result: list[Finding] = []
    noted = -1
    text = block.text
    questions = [m for m in _QUESTION.finditer(text) if "?" in text[m.end():m.end() + 200]] \
        if "?" in text else []
    for match in sorted([*_PASSIVE.finditer(text), *questions], key=lambda m: m.start()):
        if not _looks_passive(match):
            continue
        sentence = _sentence_at(block, match.start())
        if sentence is None or sentence.start == noted:
            continue
        noted = sentence.start
        words = block.text[match.start():match.end(2)]
        result.append(_finding(
            block, "passive", match.start(), match.end(2), sentence.text,
            f"This may be passive: '{words}'.",
            "A passive sentence can hide who did what, and people often want to know.",
            "If it helps, say who did it, for example 'they told me' rather than 'I was "
            "told'. If it reads better as it is, leave it."))
    return result


def _looks_passive(match: re.Match[str]) -> bool:
    """Leave out states and fixed expressions, unless 'by' follows or 'been' comes before
    ('the day centre was closed by the council', 'it had been closed')."""
    verb = match.group(2).lower()
    after, then = ((match.group(i) or "").strip().lower() for i in (3, 4))
    if verb in _NOT_PARTICIPLES or (verb, after) in _IDIOMS or verb in _FEELINGS:
        return False
    by_someone = after == "by" and then not in _NOT_DOERS
    return verb not in _STATES or by_someone or match.group(1).lower() in ("been", "being")


def _sentence_at(block: Paragraph, position: int) -> Sentence | None:
    sentences = block.sentences
    index = bisect.bisect_right([s.start for s in sentences], position) - 1
    return sentences[index] if index >= 0 else None


# Acronyms -----------------------------------------------------------------------------------

# Two or more capitals (with '&'), or mixed case with capitals for at least half the letters
# ('DoLS', 'SENCo'); a plural 's' may follow.
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z&]*[A-Z][A-Za-z]*\b")
_ROMAN = re.compile(r"^[IVXLC]+$")
_CAPITALS, _LETTERS = re.compile(r"[A-Z]"), re.compile(r"[^\W\d_]")
# Letters most readers in the UK know without being told.
WELL_KNOWN = {"UK", "US", "USA", "EU", "NHS", "GP", "A&E", "B&B", "BBC", "TV", "OK", "ID", "CV",
              "DIY", "PhD", "MP", "AM", "PM", "COVID"}
_EXPLAINED_AFTER = re.compile(r"\b(?:stands? for|short for|which means|that means|means)\b",
                              re.IGNORECASE)


def _acronyms(block: Paragraph, explained: set[str]) -> list[Finding]:
    text = block.text
    if not _ACRONYM.search(text):
        return []
    if len(_CAPITALS.findall(text)) > 0.5 * len(_LETTERS.findall(text)):
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
        result.append(_finding(
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
