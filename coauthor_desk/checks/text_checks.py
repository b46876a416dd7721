"""Plain-language checks that explain themselves and suggest, never scold.

Each finding says where (paragraph and the characters of the source), what, why it matters in
one plain sentence, and a suggestion. The checks read the words that `manuscript.text` found in the
Markdown, so marks, links and footnote labels are never mistaken for words.
"""

from __future__ import annotations

import bisect

from coauthor_desk.checks.characters import CONTROL, hidden_characters
from coauthor_desk.checks.finding import Finding, TextReport, finding_in, moved
from coauthor_desk.checks.readability import (
    ease_words,
    lowered,
    reading_ease,
    small_words,
    syllables,
)
from coauthor_desk.checks.sentences import long_sentence_findings, passive_findings
from coauthor_desk.checks.style import Style
from coauthor_desk.checks.words import acronym_findings, jargon_findings
from coauthor_desk.manuscript.text import Paragraph, paragraphs, sentence_spans


def check_words(source: str, style: Style | None = None, offset: int = 0) -> list[Finding]:
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
        found, counts = _check(block, style, explained)
        findings += found
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        ease[block.index] = reading_ease(*counts)
    if "hidden-character" in style.checks:
        findings = sorted(findings + hidden_findings(source, blocks), key=lambda f: f.start)
    if offset:
        findings = [moved(f, offset) for f in findings]
    return TextReport(findings, reading_ease(*totals), ease, totals[0])


def check_paragraph(block: Paragraph, style: Style,
                    explained: set[str] | None = None) -> list[Finding]:
    """The findings in one paragraph; `explained` holds acronyms already explained (or used)
    earlier in the text, and gains this paragraph's."""
    return _check(block, style, set() if explained is None else explained)[0]


def _check(block: Paragraph, style: Style, explained: set[str]
           ) -> tuple[list[Finding], tuple[int, int, int]]:
    """The findings in one paragraph, and its counts of words, sentences and syllables."""
    on = style.checks
    small = lowered(block.text)
    all_words = small_words(small)  # read once, for the counts and the jargon
    spans = sentence_spans(block.text)  # the checks need only where sentences are
    words = len(all_words)
    counts = (words, max(len(spans), 1), sum(map(syllables, all_words)))
    ease = reading_ease(*counts)
    found: list[Finding] = []
    if "jargon" in on:
        found += jargon_findings(block, style.jargon, small, all_words)
    if block.kind != "heading":
        if "long-sentence" in on:
            text, most = block.text, style.sentence_length
            for start, end in spans:
                if text.count(" ", start, end) >= most:  # fewer spaces: short enough
                    found += long_sentence_findings(block, text[start:end], start, style)
        if "passive" in on:
            found += passive_findings(block, small, all_words)
    if "acronym" in on:
        found += acronym_findings(block, explained)
    if block.kind == "heading":
        return found, counts
    if "long-paragraph" in on and words > style.paragraph_length:
        found.append(finding_in(block, "long-paragraph", 0, len(block.text), block.text[:60],
                              f"This paragraph has {words} words; the book aims for "
                              f"{style.paragraph_length} or fewer.",
                              "A long paragraph is hard to hold in mind, especially for "
                              "someone reading slowly or listening.",
                              "Try breaking it where the subject changes."))
    if "reading-ease" in on and words >= 20 and ease < style.reading_ease:
        found.append(finding_in(block, "reading-ease", 0, len(block.text), block.text[:60],
                              f"This paragraph scores {ease:.0f} for reading ease "
                              f"({ease_words(ease)}); the book aims for {style.reading_ease} "
                              "or more.", "The score falls with long sentences and long words, "
                              "which make text harder for many readers.",
                              "Shorter sentences and everyday words raise it."))
    return found, counts


def hidden_findings(source: str, blocks: list[Paragraph]) -> list[Finding]:
    """Control characters nobody can see, which exports turn into a line break or take out
    (see checks.characters); one finding for each. `blocks` are the source's paragraphs.
    The quote is each line's start, read once per line: a line of thousands of form feeds
    would otherwise be read whole for each of them."""
    found = []
    starts = [block.start for block in blocks]
    quotes: dict[int, str] = {}
    for hidden in hidden_characters(source):
        at = bisect.bisect_right(starts, hidden.start) - 1
        block = blocks[at] if at >= 0 else None
        line_start = source.rfind("\n", 0, hidden.start) + 1
        if line_start not in quotes:
            line_end = source.find("\n", hidden.start)
            words = source[line_start:line_end if line_end >= 0 else len(source)]
            quotes[line_start] = " ".join(CONTROL.sub(" ", words).split())[:60]
        quote = quotes[line_start]
        meant = "show it as a line break" if hidden.character in "\x0b\x0c" else "leave it out"
        found.append(Finding(
            "hidden-character", block.index if block else 0, hidden.start, hidden.start + 1,
            quote, f"There is {hidden.words} here, which cannot be seen.",
            f"Word files and e-books cannot hold it, so the exports {meant}.",
            "Delete it, and press Enter where a new line is wanted.",
            section=block.section if block else ""))
    return found
