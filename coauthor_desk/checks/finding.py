"""One finding: where it is, what it is, why it matters and what might help."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coauthor_desk.manuscript.text import Paragraph


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



def finding_in(block: Paragraph, check: str, start: int, end: int, quote: str, what: str,
               why: str, suggestion: str, term: str = "") -> Finding:
    """A finding at characters `start`..`end` of the paragraph's words, placed in its source."""
    source_start, source_end = block.source_span(start, end)
    return Finding(check, block.index, source_start, source_end, quote, what, why, suggestion,
                   term, block.section)


def moved(finding: Finding, offset: int) -> Finding:
    """The same finding in a text that starts `offset` characters into its file."""
    return Finding(finding.check, finding.paragraph, finding.start + offset,
                   finding.end + offset, finding.quote, finding.what, finding.why,
                   finding.suggestion, finding.term, finding.section)
