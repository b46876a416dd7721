"""Suggested changes told plainly, for the command line and for scripts (--json)."""

from __future__ import annotations

from typing import Any

from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.manuscript.model import Book
from coauthor_desk.review.queue import Suggestion


def suggestions_report(book: Book, found: list[Suggestion]) -> dict[str, Any]:
    """Each suggestion with its words, who made it and why, and where it stands."""
    return {"suggestions": [_entry(book, s) for s in found],
            "waiting": sum(1 for s in found if s.waiting)}


def _entry(book: Book, suggestion: Suggestion) -> dict[str, Any]:
    thread = suggestion.thread
    return {"id": thread.id, "chapter": suggestion.chapter.id,
            "chapter_title": suggestion.chapter.title, "file": thread.file,
            "owners": list(suggestion.owners),
            "owner_names": [book.name_of(o) for o in suggestion.owners],
            "by": thread.started_by, "by_name": book.name_of(thread.started_by),
            "when": thread.started_when, "why": thread.messages[0].text,
            "words_now": thread.anchor.quote, "suggested": thread.proposed,
            "waiting": suggestion.waiting, "usable": suggestion.usable,
            "decision": thread.decision.value if thread.decision else
            ("used" if thread.accepted else None),
            "state": suggestion.state,
            "decided_by": thread.resolved_by, "recorded_by": thread.recorded_by,
            "how": thread.how,
            "messages": [{"by": m.by, "name": book.name_of(m.by), "when": m.when,
                          "text": m.text} for m in thread.messages[1:]]}


def suggestions_text(report: dict[str, Any], whose: str | None) -> str:
    """The report as a person reads it on a terminal."""
    entries = report["suggestions"]
    if not entries:
        return f"There are no suggested changes to {whose or 'anyone'}'s words."
    lines = [f"Suggested changes to {whose or 'people'}'s words: {report['waiting']} waiting "
             f"out of {len(entries)}."]
    chapter = None
    for entry in entries:
        if entry["chapter"] != chapter:
            chapter = entry["chapter"]
            lines += ["", entry["chapter_title"]]
        lines.append(f"  [{entry['id']}] {entry['state']} "
                     f"(words of {' or '.join(entry['owner_names'])})")
        lines.append(f"    Now:       “{_short(entry['words_now'])}”")
        lines.append(f"    Suggested: “{_short(entry['suggested'] or '')}”"
                     if entry["suggested"] else "    Suggested: take these words out")
        lines.append(f"    From {entry['by_name']}, {_day(entry['when'])}: {entry['why']}")
        for message in entry["messages"]:
            lines.append(f"    {message['name']}, {_day(message['when'])}: {message['text']}")
    return "\n".join(lines)


def _short(words: str, size: int = 200) -> str:
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


def _day(when: str) -> str:
    found = moment(when)
    return day_words(found) if found else when
