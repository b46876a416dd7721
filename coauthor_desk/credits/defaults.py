"""What each person contributed: what they listed, or sensible defaults when they listed nothing."""

from __future__ import annotations

from coauthor_desk.manuscript.model import Book, Contribution, Person

WROTE_FIRST_DRAFT = "writing-original-draft"
# What editors of a co-produced book do, whether or not anyone wrote it down.
EDITOR_DEFAULTS = ("project-administration", "writing-review-editing", "supervision")


def contributions_of(book: Book, person: Person) -> list[Contribution]:
    """The person's contributions as they listed them. When they listed none: chapter authors
    wrote the first draft of their chapters (lead when they wrote it alone, equal when with
    others), and editors ran the project, reviewed and edited the writing and guided others."""
    if person.contributions:
        return list(person.contributions)
    result = []
    authored = [chapter for chapter in book.ordered_chapters() if person.id in chapter.authors]
    alone = tuple(c.id for c in authored if len(set(c.authors)) == 1)
    together = tuple(c.id for c in authored if len(set(c.authors)) > 1)
    if alone:
        result.append(Contribution(WROTE_FIRST_DRAFT, "lead", alone))
    if together:
        result.append(Contribution(WROTE_FIRST_DRAFT, "equal", together))
    if person.is_editor or person.id in book.editors:
        result.extend(Contribution(role) for role in EDITOR_DEFAULTS)
    return result


def authored_chapters(book: Book, person_ids: tuple[str, ...] | list[str]) -> list[str]:
    """The chapters (ids, in book order) any of these people is an author of."""
    wanted = set(person_ids)
    return [c.id for c in book.ordered_chapters() if wanted.intersection(c.authors)]
