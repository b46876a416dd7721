"""Where the book stands: each chapter, each person, and what is waiting on whom."""

from __future__ import annotations

from typing import Any

from coauthor_desk.manuscript.model import Book
from coauthor_desk.session import OpenBook


def waiting_on(book: Book) -> dict[str, list[str]]:
    """For each person, the chapters whose next step is theirs, in book order."""
    waiting: dict[str, list[str]] = {}
    for chapter in book.ordered_chapters():
        turn = chapter.status.waiting_on
        people = chapter.authors if turn == "authors" else book.editors if turn else []
        for person_id in people:
            waiting.setdefault(person_id, []).append(chapter.id)
    return waiting


def status_report(opened: OpenBook) -> dict[str, Any]:
    """Everything `coauthor-desk status` shows, as plain data (also its --json output)."""
    book = opened.book
    waiting = waiting_on(book)
    chapters = [{
        "id": c.id, "title": c.title, "file": c.file, "status": c.status.value,
        "status_label": c.status.label, "words": c.words, "authors": c.authors,
        "author_names": [book.name_of(a) for a in c.authors],
        "waiting_on": c.status.waiting_on,
    } for c in book.ordered_chapters()]
    people = [{
        "id": p.id, "name": p.name, "credited_as": p.credited_as, "credit": p.credit_as.value,
        "roles": p.roles, "access_needs": p.access_needs,
        "chapters": [c.id for c in book.ordered_chapters() if p.id in c.authors],
        "waiting_on_them": waiting.get(p.id, []),
    } for p in sorted(book.people.values(), key=lambda p: p.name)]
    return {
        "title": book.title,
        "subtitle": book.subtitle,
        "words": sum(c["words"] for c in chapters),
        "chapters": chapters,
        "people": people,
        "waiting": [{"person": person_id, "name": book.name_of(person_id),
                     "chapters": chapter_ids} for person_id, chapter_ids in waiting.items()],
        "unsaved_files": opened.unsaved_files,
        "notes": [note.as_dict() for note in book.notes],
    }


def status_text(report: dict[str, Any]) -> str:
    """The report in plain words, for a person reading a terminal."""
    titles = {c["id"]: c["title"] for c in report["chapters"]}
    lines = [report["title"], f"{len(report['chapters'])} chapters, {report['words']:,} words, "
             f"{len(report['people'])} people", "", "Chapters"]
    width = max((len(c["title"]) for c in report["chapters"]), default=10)
    for c in report["chapters"]:
        lines.append(f"  {c['title']:<{width}}  {c['status_label']:<26} {c['words']:>6,} words"
                     f"  {', '.join(c['author_names'])}")
    lines += ["", "Waiting on"]
    for entry in report["waiting"]:
        named = "; ".join(f"'{titles[i]}'" for i in entry["chapters"])
        lines.append(f"  {entry['name']}: {named}")
    if not report["waiting"]:
        lines.append("  Nobody: every chapter is ready.")
    lines += ["", "People"]
    for p in report["people"]:
        credit = p["credited_as"] or "not named (anonymous)"
        needs = f"  needs: {', '.join(p['access_needs'])}" if p["access_needs"] else ""
        lines.append(f"  {p['name']} (in the book as: {credit}){needs}")
    if report["unsaved_files"]:
        lines += ["", "Changed since the last saved version (not yet saved as a version):"]
        lines += [f"  {name}" for name in report["unsaved_files"]]
    if report["notes"]:
        lines += ["", "Notes"]
        lines += [f"  {n['file']}: {n['what']} {n['todo']}" for n in report["notes"]]
    return "\n".join(lines)
