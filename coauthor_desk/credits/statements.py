"""The contributions statement (who did what) and the authorship statement (who we are)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from coauthor_desk.credits.characteristics import Description, describe, join_groups
from coauthor_desk.credits.defaults import contributions_of
from coauthor_desk.credits.names import (
    CO_AUTHOR,
    EDITOR,
    chapter_numbers,
    credits_for,
    how_many,
    join_words,
    name_sort_key,
    number_words,
    role_noun,
    sentence_start,
    unnamed_phrase,
)
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import CONTRIBUTION_ROLES, DEGREES, Book, Contribution

_DEGREE_RANK = {degree: rank for rank, degree in enumerate(DEGREES)}


@dataclass(frozen=True)
class ContributionLine:
    """One kind of contribution and who made it: 'Wrote the first draft: Jean Thornton (lead,
    chapter 3), ... and one co-author who chose not to be named.'"""

    role: str
    label: str
    credited: tuple[str, ...]  # each printed name, with how much and where in brackets
    not_named: int  # people who made this contribution but are not named
    text: str


def contributions_statement(book: Book, permissions: Permissions) -> list[ContributionLine]:
    """Every kind of contribution someone made, the CRediT roles first and then the kinds CRediT
    lacks, in the order the app lists them. People not named are counted, never named."""
    made: dict[str, list[tuple[str, Contribution]]] = {}
    for person in book.people.values():
        for contribution in contributions_of(book, person):
            made.setdefault(contribution.role, []).append((person.id, contribution))
    lines = []
    for role, label in CONTRIBUTION_ROLES.items():
        if role in made:
            lines.append(_line(book, permissions, role, label, made[role]))
    return lines


def contributions_text(lines: list[ContributionLine]) -> str:
    return "\n".join(line.text for line in lines)


def _line(book: Book, permissions: Permissions, role: str, label: str,
          made: list[tuple[str, Contribution]]) -> ContributionLine:
    people = list(dict.fromkeys(person_id for person_id, _ in made))
    credits, unnamed = credits_for(book, people, permissions)
    numbers = chapter_numbers(book)
    entries = []
    for credit in credits:
        theirs = [c for person_id, c in made if person_id in credit.members]
        details, rank = _details(theirs, numbers, credit.is_group)
        entries.append((rank, name_sort_key(credit.name), credit.name + details))
    entries.sort(key=lambda entry: entry[:2])
    credited = tuple(text for _, _, text in entries)
    parts = list(credited)
    if unnamed:
        parts.append(unnamed_phrase(unnamed))
    return ContributionLine(role, label, credited, sum(unnamed.values()),
                            f"{label}: {join_words(parts)}.")


def _details(contributions: list[Contribution], numbers: dict[str, int],
             is_group: bool) -> tuple[str, int]:
    """' (lead, chapter 3)': how much and where, for one name; and how to rank it (lead first).

    A group is one name: its members' chapters are put together, and a degree is given only
    when all of them gave the same one."""
    if is_group:
        degrees = {c.degree for c in contributions}
        chapters = {chapter for c in contributions for chapter in c.chapters}
        by_degree = {degrees.pop() if len(degrees) == 1 else None: chapters}
    else:
        by_degree = {}
        for contribution in contributions:
            by_degree.setdefault(contribution.degree, set()).update(contribution.chapters)
    pieces = []
    for degree in sorted(by_degree, key=_rank):
        chapters = sorted((c for c in by_degree[degree] if c in numbers), key=numbers.__getitem__)
        words = [degree] if degree else []
        if chapters:
            plural = "chapters" if len(chapters) > 1 else "chapter"
            words.append(f"{plural} {join_words(str(numbers[c]) for c in chapters)}")
        if words:
            pieces.append(", ".join(words))
    rank = min((_rank(d) for d in by_degree), default=len(DEGREES))
    return (f" ({'; '.join(pieces)})" if pieces else ""), rank


def _rank(degree: str | None) -> int:
    return _DEGREE_RANK.get(degree, len(DEGREES)) if degree else len(DEGREES)


def authorship_statement(book: Book, permissions: Permissions) -> str:
    """'Twenty people wrote this book: three editors and seventeen co-authors. Of the eighteen
    who chose to be counted, ...'. The totals use everyone (the bylines make them public); every
    characteristic comes only from people who agreed to be counted, in groups of at least the
    house style's `smallest_group` (see `characteristics`). With fewer counted than that, only
    the totals are given."""
    sentences = [_totals(book)]
    description = describe(book, permissions)
    if description is not None:
        sentences.extend(_described(description, len(book.people)))
    return " ".join(s for s in sentences if s)


def _totals(book: Book) -> str:
    kinds = Counter(role_noun(book, person) for person in book.people.values())
    total = sum(kinds.values())
    if not total:
        return ""
    parts = [how_many(kinds[noun], noun) for noun in (EDITOR, CO_AUTHOR) if kinds[noun]]
    if len(parts) == 1:
        return f"{sentence_start(parts[0])} wrote this book."
    people = "person" if total == 1 else "people"
    return f"{sentence_start(number_words(total))} {people} wrote this book: {join_words(parts)}."


def _described(description: Description, everyone: int) -> list[str]:
    counted = len(description.counted)
    clauses = []
    if description.gender:
        clauses.append(join_groups(description.gender))
    if description.youngest and description.oldest:
        ages = f"aged from {description.youngest.words} to {description.oldest.words}"
        clauses.append(ages if not clauses else f"they are {ages}")
    if description.ethnic:
        clauses.append(join_groups(description.ethnic))
    sentences = []
    if clauses:
        number = number_words(counted)
        if counted == everyone:
            opening = f"All {number} chose to be counted"
            joiner = ": they are " if clauses[0].startswith("aged") else ": "
        elif clauses[0].startswith("aged"):
            opening, joiner = f"The {number} who chose to be counted", " are "
        else:
            opening, joiner = f"Of the {number} who chose to be counted", ", "
        sentences.append(f"{opening}{joiner}{'; '.join(clauses)}.")
    if description.experience:
        items = join_words(f"{g.words} ({_how_many_people(g.count, counted)})"
                           for g in description.experience)
        who = "Between them they have" if sentences else \
            f"Between them, the {number_words(counted)} who chose to be counted have"
        sentences.append(f"{who} experience of {items}.")
    return sentences


def _how_many_people(count: int, counted: int) -> str:
    if count == counted:
        return "all of them"
    return f"{number_words(count)} {'person' if count == 1 else 'people'}"
