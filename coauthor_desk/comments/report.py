"""Where each thread's words are now, and the threads of a book as a report (plain data and
plain words)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coauthor_desk.comments.model import Found, Thread, ThreadState
from coauthor_desk.comments.where_now import thread_status
from coauthor_desk.comments.wording import day_of, short_words
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import Problem

if TYPE_CHECKING:

    pass


# Reports -----------------------------------------------------------------------------------------
def threads_report(book: Book, threads: list[Thread],
                   problems: list[Problem] | None = None) -> dict[str, Any]:
    """Every thread with where its words are now, who it waits on, and any broken files, as
    plain data (for --json and the window)."""
    entries = []
    waiting: dict[str, list[str]] = {}
    lost = 0
    for thread in threads:
        status = thread_status(book, thread)
        chapter = book.chapters.get(thread.chapter)
        if thread.is_open:
            waiting.setdefault(thread.to, []).append(thread.id)
            lost += status.found is Found.LOST
        entries.append({
            "id": thread.id, "file": thread.file, "chapter": thread.chapter,
            "chapter_title": chapter.title if chapter else thread.chapter,
            "chapter_file": chapter.file if chapter else None,
            "kind": thread.kind.value, "kind_words": thread.kind.words,
            "status": thread.status.value, "to": thread.to, "to_name": book.name_of(thread.to),
            "started_by": thread.started_by, "started_by_name": book.name_of(thread.started_by),
            "started_when": thread.started_when, "quote": thread.anchor.quote,
            "proposed": thread.proposed, "accepted": thread.accepted,
            "resolved_by": thread.resolved_by,
            "resolved_by_name": book.name_of(thread.resolved_by) if thread.resolved_by else None,
            "resolved_when": thread.resolved_when,
            "anchor": status.as_dict(),
            "messages": [{"by": m.by, "name": book.name_of(m.by), "when": m.when,
                          "text": m.text} for m in thread.messages],
        })
    return {
        "threads": entries,
        "open": sum(1 for t in threads if t.is_open),
        "resolved": sum(1 for t in threads if not t.is_open),
        "lost": lost,
        "waiting": [{"person": person, "name": book.name_of(person), "threads": ids}
                    for person, ids in sorted(waiting.items(),
                                              key=lambda item: book.name_of(item[0]))],
        "problems": [p.as_dict() for p in problems or []],
    }


def threads_text(report: dict[str, Any]) -> str:
    """The report in plain words, for a person reading a terminal."""
    lines = [f"Comments: {report['open']} open, {report['resolved']} resolved"]
    if report["lost"]:
        lines.append(f"{report['lost']} open comment(s) are about words that are no longer in "
                     "their chapter.")
    chapter = None
    for entry in report["threads"]:
        if entry["chapter"] != chapter:
            chapter = entry["chapter"]
            where = f" ({entry['chapter_file']})" if entry["chapter_file"] else ""
            lines += ["", f"{entry['chapter_title']}{where}"]
        state = "Open" if entry["status"] == ThreadState.OPEN else "Resolved"
        kind = entry["kind_words"]
        at = f", line {entry['anchor']['line']}" if entry["anchor"]["line"] else ""
        lines.append(f"  {state} {kind} from {entry['started_by_name']} to {entry['to_name']}"
                     f"{at} [{entry['id']}]")
        lines.append(f"    About: “{short_words(entry['quote'], 80)}”")
        if entry["proposed"] is not None:
            suggestion = f"“{short_words(entry['proposed'], 80)}”" if entry["proposed"] else \
                "take these words out"
            lines.append(f"    Suggested: {suggestion}")
        lines.append(f"    {entry['anchor']['words']}")
        for message in entry["messages"]:
            lines.append(f"    {message['name']}, {day_of(message['when'])}: "
                         f"{' '.join(message['text'].split())}")
        if entry["status"] == ThreadState.RESOLVED and entry["resolved_by_name"]:
            how = "Accepted" if entry["accepted"] else "Resolved"
            lines.append(f"    {how} by {entry['resolved_by_name']}, "
                         f"{day_of(entry['resolved_when'])}.")
    if not report["threads"]:
        lines += ["", "There are no comments yet."]
    if report["waiting"]:
        lines += ["", "Waiting for an answer"]
        for entry in report["waiting"]:
            count = len(entry["threads"])
            lines.append(f"  {entry['name']}: {count} open comment{'s' if count > 1 else ''}")
    if report["problems"]:
        lines += ["", "Comment files that could not be read"]
        for p in report["problems"]:
            where = p["file"] if p["line"] is None else f"{p['file']}, line {p['line']}"
            lines.append(f"  {where}: {p['what']} {p['todo']}")
    return "\n".join(lines)
