"""Checks on whole chapters: where each finding is in the chapter file, and the report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from coauthor_desk.checks.characters import CONTROL, hidden_characters
from coauthor_desk.checks.finding import Finding
from coauthor_desk.checks.readability import ease_words
from coauthor_desk.checks.style import Style
from coauthor_desk.checks.text_checks import check_report, hidden_findings
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem

CACHE_FILE = f"{files.LOCAL_FOLDER}/checks-cache.json"


@dataclass
class ChapterCheck:
    """The findings of one chapter, with spans and lines in its file."""

    chapter: Chapter
    findings: list[Finding]
    lines: list[int]  # the file line of each finding
    reading_ease: float
    words: int


def check_chapters(book: Book, chapter_ids: list[str] | None = None) -> list[ChapterCheck]:
    """Check the chosen chapters (all, in book order, by default) against the house style.

    What was found in a chapter is remembered by its content id and the house style, so only
    chapters that changed are read again."""
    style = Style.from_house_style(book.house_style)
    chosen = book.ordered_chapters() if not chapter_ids else [_chapter(book, c)
                                                              for c in chapter_ids]
    cache = DetailsCache(book.root, CACHE_FILE)
    signature = style.signature
    checked = []
    for chapter in chosen:
        key = f"{chapter.fingerprint}:{signature}"
        known = cache.get(key, "findings", "lines", "ease", "words")
        if known is not None:
            checked.append(ChapterCheck(chapter, [Finding(**f) for f in known["findings"]],
                                        known["lines"], known["ease"], known["words"]))
            continue
        result = check_chapter(book, chapter, style)
        cache.put(key, {"findings": [f.as_dict() for f in result.findings],
                        "lines": result.lines, "ease": result.reading_ease,
                        "words": result.words})
        checked.append(result)
    cache.save()
    return checked


def _chapter(book: Book, chapter_id: str) -> Chapter:
    if chapter_id not in book.chapters:
        raise BookError(Problem("book.yaml", f"The book has no chapter '{chapter_id}'.",
                                f"Use one of: {', '.join(book.chapter_order)}."))
    return book.chapters[chapter_id]


def check_chapter(book: Book, chapter: Chapter, style: Style) -> ChapterCheck:
    text = files.read_text(book.root, chapter.file).text
    offset = len(text) - len(chapter.body)
    report = check_report(chapter.body, style, offset)
    findings = report.findings
    if "hidden-character" in style.checks:  # the title and details are printed too
        findings = _hidden_in_title(chapter, text[:offset]) + findings
    lines = [text.count("\n", 0, finding.start) + 1 for finding in findings]
    return ChapterCheck(chapter, findings, lines, report.reading_ease, report.words)


def _hidden_in_title(chapter: Chapter, front: str) -> list[Finding]:
    """Hidden characters in the details at the top, as written or as YAML escapes ('\\v'),
    shown at the title's line."""
    found = hidden_findings(front, [])
    if not found and hidden_characters(chapter.title):
        at = max(front.find("title:"), 0)
        found = [replace(finding, start=at, end=at + 6, quote=" ".join(
            CONTROL.sub(" ", chapter.title).split())) for finding in
            hidden_findings(chapter.title, [])]
    return found


def checks_report(checked: list[ChapterCheck]) -> dict[str, Any]:
    """The findings as plain data (the --json output)."""
    return {"chapters": [{
        "id": c.chapter.id, "title": c.chapter.title, "file": c.chapter.file,
        "words": c.words, "reading_ease": round(c.reading_ease, 1),
        "findings": [{**f.as_dict(), "line": line} for f, line in zip(c.findings, c.lines,
                                                                       strict=True)],
    } for c in checked]}


def checks_text(report: dict[str, Any]) -> str:
    """The findings in plain words, chapter by chapter, for a terminal."""
    lines = []
    for chapter in report["chapters"]:
        ease = chapter["reading_ease"]
        found = chapter["findings"]
        lines.append(f"{chapter['title']} ({chapter['file']}): {chapter['words']:,} words, "
                     f"reading ease {ease:.0f} ({ease_words(ease)}), "
                     + ("nothing to suggest." if not found else
                        f"{len(found)} suggestion{'s' if len(found) != 1 else ''}:"))
        for finding in found:
            lines.append(f"  line {finding['line']}: {finding['what']} {finding['why']} "
                         f"{finding['suggestion']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
