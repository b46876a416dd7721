"""A change report shown: as plain data (JSON) and in plain words for a terminal."""

from __future__ import annotations

from typing import Any

from coauthor_desk.changes.change import Change, ChangeReport, counts
from coauthor_desk.changes.kinds import ChangeKind
from coauthor_desk.changes.wording import changes_phrase
from coauthor_desk.history.versions import Version
from coauthor_desk.manuscript.fields import day_words


def _version_dict(version: Version | None, name: str | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {"id": version.id, "name": name, "saved_as": version.name,
            "when": version.when.isoformat(), "day": day_words(version.when.date()),
            "description": version.description}


def changes_report(report: ChangeReport) -> dict[str, Any]:
    """The report as plain data (JSON-able), for the command line and the window."""
    return {
        "chapter": report.chapter, "title": report.title, "file": report.file,
        "since": report.since,
        "base": _version_dict(report.base, report.base_name),
        "newest": _version_dict(report.newest, None),
        "unsaved": report.unsaved,
        "summary": report.summary,
        "versions": [{**(_version_dict(step.version, step.name) or {}), "person": step.person,
                      "details": step.details, "counts": counts(step.changes),
                      "what": changes_phrase(step.changes) if step.changes else "",
                      "changes": [c.as_dict() for c in step.changes]}
                     for step in report.versions],
        "counts": counts(report.changes),
        "sections": [{"section": section, "changes": [c.as_dict() for c in found]}
                     for section, found in report.by_section],
    }


def changes_text(report: ChangeReport) -> str:
    """The report in plain words, for a person reading a terminal."""
    lines = [f"What changed in '{report.title}' ({report.file})"]
    if report.base is not None:
        lines.append(f"Compared with the version {report.base_name} saved on "
                     f"{day_words(report.base.when.date())}, up to the newest saved version.")
    elif report.versions:
        lines.append("Compared with before the chapter was first saved, up to the newest saved "
                     "version.")
    lines.append("")
    lines += report.summary
    if report.changes:
        lines += ["", "Word by word"]
        for section, found in report.by_section:
            lines += ["", section or "At the start of the chapter"]
            for change in found:
                lines += _change_lines(change)
    return "\n".join(lines)


def _change_lines(change: Change) -> list[str]:
    lines = [f"  {change.label}:"]
    if change.kind in (ChangeKind.REWORDED, ChangeKind.SLIP, ChangeKind.SPLIT,
                       ChangeKind.JOINED) or (change.kind is ChangeKind.MOVED and change.words):
        lines += [f"    before: “{' '.join(change.old)}”", f"    now:    “{' '.join(change.new)}”"]
        if change.words:
            lines.append(f"    {change.spoken_words}")
    elif change.kind in (ChangeKind.PARAGRAPH_SPLIT, ChangeKind.PARAGRAPHS_JOINED):
        lines += [f"    before: “{_short(t)}”" for t in change.old]
        lines += [f"    now:    “{_short(t)}”" for t in change.new]
    else:
        lines += [f"    “{_short(t)}”" for t in (change.new or change.old)]
    return lines


def _short(words_text: str, most: int = 300) -> str:
    return words_text if len(words_text) <= most else words_text[: most - 1].rstrip() + "…"
