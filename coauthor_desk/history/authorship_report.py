"""Who wrote what as plain data (JSON-able, for `who-wrote --json` and the window) and in plain
words (for a person reading a terminal), from what `authorship.who_wrote_what` measured."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coauthor_desk.history.authorship import Authorship, Tally
    from coauthor_desk.manuscript.model import Book


def count_of(number: int, what: str) -> str:
    return f"{number:,} {what}{'' if number == 1 else 's'}"


def authorship_report(authorship: Authorship, book: Book) -> dict[str, Any]:
    """Who wrote what as plain data (JSON-able), with people's names as the app shows them."""
    chapters = [{"id": c.id, "title": c.title, "file": c.file, "saved": c.saved,
                 "unsaved_changes": c.unsaved_changes, "measured": c.measured,
                 **_tally_report(c, book)} for c in authorship.chapters]
    return {
        "measured_at": authorship.head,
        "book": {"title": book.title, **_tally_report(authorship.book, book)},
        "chapters": chapters,
        "unmatched_identities": _unmatched_report(authorship),
        "notes": list(authorship.notes),
    }


def _tally_report(tally: Tally, book: Book) -> dict[str, Any]:
    people = [{"id": person_id, "name": book.name_of(person_id),
               "words": tally.words.get(person_id, 0),
               "share": round(tally.share(person_id), 4),
               "versions_by_month": dict(sorted(tally.versions.get(person_id, {}).items()))}
              for person_id in set(tally.words) | set(tally.versions)]
    others = [{"name": who.name, "email": who.email, "words": tally.unmatched_words.get(who, 0),
               "share": round(tally.unmatched_share(who), 4),
               "versions_by_month": dict(sorted(tally.unmatched_versions.get(who, {}).items()))}
              for who in set(tally.unmatched_words) | set(tally.unmatched_versions)]
    return {"words": tally.total_words, "people": _by_words(people),
            "not_matched": _by_words(others)}


def _by_words(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (-e["words"], -sum(e["versions_by_month"].values()),
                                          e["name"].casefold()))


def _unmatched_report(authorship: Authorship) -> list[dict[str, Any]]:
    result = []
    for who in authorship.unmatched:
        result.append({
            "name": who.name, "email": who.email,
            "words": authorship.book.unmatched_words.get(who, 0),
            "versions": sum(authorship.book.unmatched_versions.get(who, {}).values()),
            "chapters": [c.id for c in authorship.chapters
                         if who in c.unmatched_words or who in c.unmatched_versions]})
    return result


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def authorship_text(report: dict[str, Any]) -> str:
    """The report in plain words, for a person reading a terminal."""
    whole = report["book"]
    lines = [f"Who wrote what in '{whole['title']}', from the newest saved version of each "
             "chapter", "", f"Whole book ({count_of(whole['words'], 'word')})"]
    lines += [f"  {line}" for line in _people_lines(whole)]
    lines += ["", "Chapters"]
    for chapter in report["chapters"]:
        shares = ", ".join(_share_phrase(entry) for entry in _everyone(chapter))
        if not chapter["saved"]:
            shares = "not saved as a version yet"
        elif not chapter["measured"]:
            shares = "could not be measured"
        lines.append(f"  Chapter '{chapter['title']}': {shares or 'no words yet'}")
    months = _month_lines(whole)
    if months:
        lines += ["", "Saved versions each month (whole book)"] + [f"  {m}" for m in months]
    if report["unmatched_identities"]:
        lines += ["", "Not matched to a person"]
        for who in report["unmatched_identities"]:
            lines.append(f"  {who['name']} ({who['email']}): {count_of(who['words'], 'word')}"
                         f", {count_of(who['versions'], 'saved version')}")
    if report["notes"]:
        lines += ["", "Notes"] + [f"  {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _everyone(tally: dict[str, Any]) -> list[dict[str, Any]]:
    """People and unmatched names together, most words first, leaving out those with none."""
    entries = tally["people"] + [{**e, "name": f"{e['name']} (not matched to a person)"}
                                 for e in tally["not_matched"]]
    return sorted((e for e in entries if e["words"]), key=lambda e: -e["words"])


def _share_phrase(entry: dict[str, Any]) -> str:
    return f"{entry['name']} {_percent(entry['share'])} ({count_of(entry['words'], 'word')})"


def _percent(share: float) -> str:
    if 0 < share < 0.005:
        return "under 1%"
    return f"{round(share * 100)}%"


def _people_lines(tally: dict[str, Any]) -> list[str]:
    entries = _everyone(tally)
    width = max((len(e["name"]) for e in entries), default=0)
    return [f"{e['name']:<{width}}  {_percent(e['share']):>8}  "
            f"{count_of(e['words'], 'word'):>13}" for e in entries]


def _month_lines(tally: dict[str, Any]) -> list[str]:
    entries = tally["people"] + [{**e, "name": f"{e['name']} (not matched to a person)"}
                                 for e in tally["not_matched"]]
    return [f"{e['name']}: " + ", ".join(f"{_month_name(month)} {count}" for month, count
                                         in e["versions_by_month"].items())
            for e in sorted(entries, key=lambda e: e["name"].casefold())
            if e["versions_by_month"]]


def _month_name(month: str) -> str:
    year, _, number = month.partition("-")
    index = int(number) - 1 if number.isdigit() else -1
    return f"{_MONTHS[index]} {year}" if 0 <= index < 12 else month

