"""What changed, in plain words: "reworded two sentences and added a paragraph in 'What have
I learnt?'", and the story of a chapter's versions in fixed sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coauthor_desk.changes.kinds import ChangeKind
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Status

if TYPE_CHECKING:
    from coauthor_desk.changes.change import Change, ChangeReport, VersionChanges

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER_WORDS = ("no", "a", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_CARDINALS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_of(count: int, singular: str, plural: str | None = None) -> str:
    """'a sentence', 'two sentences', '12 sentences': numbers under ten in words."""
    plural = plural or f"{singular}s"
    amount = _NUMBER_WORDS[count] if count < 10 else str(count)
    return f"{amount} {singular if count == 1 else plural}"


def _cardinal(count: int) -> str:
    return _CARDINALS[count] if count < 10 else str(count)


def _noun(kind: ChangeKind, block: str) -> str:
    if block == "heading":
        return "heading"
    if kind.whole_paragraph:
        return "point" if block == "list item" else "paragraph"
    return "sentence"


def phrase(kind: ChangeKind, changes: Sequence[Change]) -> tuple[str, str]:
    """(verb, what) for some changes of one kind: ('reworded', 'two sentences')."""
    count = len(changes)
    if kind is ChangeKind.SLIP:
        return "corrected", number_of(count, "small slip")
    if kind in (ChangeKind.SPLIT, ChangeKind.PARAGRAPH_SPLIT):
        verb = "split" if kind is ChangeKind.SPLIT else "broke"
        parts = sum(len(c.new) for c in changes)
        noun = "sentence" if kind is ChangeKind.SPLIT else "paragraph"
        return verb, f"{number_of(count, noun)} into {_cardinal(parts)}"
    if kind in (ChangeKind.JOINED, ChangeKind.PARAGRAPHS_JOINED):
        parts = sum(len(c.old) for c in changes)
        noun = "sentences" if kind is ChangeKind.JOINED else "paragraphs"
        return "joined", f"{_cardinal(parts)} {noun} into {_cardinal(count)}"
    verb = _VERBS[kind]
    by_noun: dict[str, int] = {}
    for change in changes:
        noun = _noun(kind, change.block)
        by_noun[noun] = by_noun.get(noun, 0) + 1
    return verb, _and([number_of(n, noun) for noun, n in by_noun.items()])


_VERBS = {ChangeKind.REWORDED: "reworded", ChangeKind.ADDED: "added",
          ChangeKind.PARAGRAPH_ADDED: "added", ChangeKind.REMOVED: "took out",
          ChangeKind.PARAGRAPH_REMOVED: "took out", ChangeKind.MOVED: "moved",
          ChangeKind.PARAGRAPH_MOVED: "moved"}


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    comma = "," if any(" and " in part for part in parts) else ""
    return f"{', '.join(parts[:-1])}{comma} and {parts[-1]}"


def _in_section(section: str) -> str:
    return f"in '{section}'" if section else "at the start of the chapter"


def changes_phrase(changes: Sequence[Change]) -> str:
    """What some changes did, by section: "reworded two sentences and added a paragraph in
    'What have I learnt?'". More than three sections are told together."""
    by_section: dict[str, list[Change]] = {}
    for change in changes:
        by_section.setdefault(change.section, []).append(change)
    if len(by_section) > 3:
        return f"{_what_was_done(changes)} in {_cardinal(len(by_section))} sections"
    return _and([f"{_what_was_done(found)} {_in_section(section)}"
                 for section, found in by_section.items()])


def _what_was_done(changes: Sequence[Change]) -> str:
    by_kind: dict[ChangeKind, list[Change]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    by_verb: dict[str, list[str]] = {}
    for kind in ChangeKind:
        if kind in by_kind:
            verb, what = phrase(kind, by_kind[kind])
            by_verb.setdefault(verb, []).append(what)
    return _and([f"{verb} {_and(things)}" for verb, things in by_verb.items()])


def _detailsphrase(details: str) -> str:
    if details.startswith("status:"):
        return f"marked the chapter '{Status(details.split(':', 1)[1]).label}'"
    return "changed the chapter's details"


def summary(report: ChangeReport) -> list[str]:
    """The story in fixed plain sentences, oldest first: one for each person's versions on one
    day ("Sam reworded two sentences in 'Who am I?' on 3 March 2025.")."""
    lines = []
    groups: list[tuple[str, date, list[VersionChanges]]] = []
    for step in report.versions:
        day = step.version.when.date()
        if groups and groups[-1][0] == step.name and groups[-1][1] == day:
            groups[-1][2].append(step)
        else:
            groups.append((step.name, day, [step]))
    for name, day, steps in groups:
        found = [change for step in steps for change in step.changes]
        details = [step.details for step in steps if step.details]
        parts = [changes_phrase(found)] if found else []
        if details:
            parts.append(_detailsphrase(details[-1]))
        did = _and(parts) if parts else "saved a version without changing any words"
        lines.append(f"{name} {did} on {day_words(day)}.")
    if not report.versions:
        when = (f"the version saved on {day_words(report.base.when.date())}" if report.base
                else "then")
        if report.since and _DAY.match(report.since):
            when = day_words(date.fromisoformat(report.since))
        lines.append(f"Nothing in this chapter has changed since {when}.")
    if report.unsaved:
        lines.append("This chapter also has changes that are not saved as a version yet; they "
                     "are not shown here.")
    return lines
