"""Names as printed in the credits, and the small pieces of English every credit needs.

One place decides how a person appears: by the name they chose, once for a group, or not at
all. Everything in the credits goes through `credits_for`, so the rule "not in `named` means
treated as anonymous" cannot be forgotten by one output and kept by another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import Book, CreditAs, Person

# Kind, neutral words for anyone not named: true of people who chose it, and said the same way
# of people whose agreement is missing or withdrawn, so nobody can tell the two apart.
NOT_NAMED = "chose not to be named"
EDITOR = "editor"
CO_AUTHOR = "co-author"

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


@dataclass(frozen=True)
class Credit:
    """One name as printed: a person, or a group printed once for all its members.

    `members` holds people's ids so the credits can count and sort; it is never printed."""

    name: str
    members: tuple[str, ...]
    is_group: bool = False
    is_editor: bool = False


def printed_name(person: Person, permissions: Permissions) -> str | None:
    """The name printed for this person, or None when they are not to be named at all."""
    if person.id not in permissions.named:
        return None
    return person.credited_as or None


def role_noun(book: Book, person: Person | None) -> str:
    """'editor' or 'co-author': the only thing said about someone who is not named."""
    if person is not None and (person.is_editor or person.id in book.editors):
        return EDITOR
    return CO_AUTHOR


def credits_for(book: Book, person_ids: Iterable[str],
                permissions: Permissions) -> tuple[list[Credit], Counter[str]]:
    """The printed names for these people in their order (a group once, where its first member
    comes), and how many of them are not named, by 'editor' or 'co-author'."""
    credits: list[Credit] = []
    groups: dict[str, int] = {}
    unnamed: Counter[str] = Counter()
    seen: set[str] = set()
    for person_id in person_ids:
        if person_id in seen:
            continue
        seen.add(person_id)
        person = book.people.get(person_id)
        name = printed_name(person, permissions) if person is not None else None
        if person is None or name is None:
            unnamed[role_noun(book, person)] += 1
            continue
        editor = role_noun(book, person) == EDITOR
        if person.credit_as is CreditAs.GROUP:
            if name in groups:
                index = groups[name]
                old = credits[index]
                credits[index] = Credit(name, (*old.members, person_id), True,
                                        old.is_editor or editor)
                continue
            groups[name] = len(credits)
            credits.append(Credit(name, (person_id,), True, editor))
        else:
            credits.append(Credit(name, (person_id,), False, editor))
    return credits, unnamed


def unnamed_phrase(unnamed: Counter[str]) -> str:
    """'a co-author who chose not to be named', 'an editor and two co-authors who chose not to
    be named'; empty when everyone is named."""
    parts = [counted_noun(unnamed[noun], noun) for noun in (EDITOR, CO_AUTHOR) if unnamed[noun]]
    if not parts:
        return ""
    return f"{join_words(parts)} who {NOT_NAMED}"


def counted_noun(count: int, noun: str) -> str:
    """'a co-author', 'an editor', 'three co-authors'."""
    if count == 1:
        return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
    return f"{number_words(count)} {noun}s"


def how_many(count: int, noun: str) -> str:
    """'one co-author', 'three editors'."""
    return f"{number_words(count)} {noun}{'' if count == 1 else 's'}"


def number_words(number: int) -> str:
    """Whole numbers under a hundred in words ('twenty-one'); larger ones in figures."""
    if number < 0 or number >= 100:
        return f"{number:,}"
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def sentence_start(text: str) -> str:
    """The text with its first letter made a capital, for the start of a sentence."""
    return text[:1].upper() + text[1:]


def join_words(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C' (no comma before 'and', as in British house styles)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def name_sort_key(name: str) -> tuple[str, str]:
    """Sort names as a reader looks them up: ignoring case and a leading 'The'."""
    folded = name.casefold()
    return (folded.removeprefix("the ").strip(), folded)


def chapter_numbers(book: Book) -> dict[str, int]:
    """Each chapter's number in the book, counting from 1 in the book's order."""
    return {chapter_id: number for number, chapter_id in enumerate(book.chapter_order, start=1)}


def chapter_reference(book: Book, chapter_id: str) -> str:
    """"'Caring for Ron' (chapter 3)", the way a reader finds a chapter."""
    chapter = book.chapters.get(chapter_id)
    number = chapter_numbers(book).get(chapter_id)
    title = f"'{chapter.title}'" if chapter is not None else "a chapter"
    return f"{title} (chapter {number})" if number is not None else title
