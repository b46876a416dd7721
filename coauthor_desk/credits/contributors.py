"""Notes on contributors: a few lines about each name in the book, in their own words if they
wrote some."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from coauthor_desk.credits.defaults import WROTE_FIRST_DRAFT, authored_chapters, contributions_of
from coauthor_desk.credits.names import (
    CO_AUTHOR,
    EDITOR,
    NOT_NAMED,
    Credit,
    chapter_numbers,
    chapter_reference,
    credits_for,
    how_many,
    join_words,
    name_sort_key,
    number_words,
    role_noun,
    sentence_start,
)
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import CONTRIBUTION_ROLES, Book, Contribution

_ROLE_ORDER = {role: index for index, role in enumerate(CONTRIBUTION_ROLES)}
# Contributions whose words read better naming the chapters directly.
_WITH_CHAPTERS = {
    WROTE_FIRST_DRAFT: "wrote the first draft of {}",
    "reviewed-chapter": "reviewed {}",
    "illustrated": "illustrated {}",
}


@dataclass(frozen=True)
class ContributorNote:
    """One entry: the name as printed, how many people it stands for, and the note itself."""

    name: str
    members: int
    text: str

    @property
    def heading(self) -> str:
        if self.members > 1:
            return f"{self.name} ({number_words(self.members)} members)"
        return self.name


@dataclass(frozen=True)
class ContributorNotes:
    entries: tuple[ContributorNote, ...]
    closing: str  # how many chose not to be named; empty when everyone is named

    def text(self) -> str:
        parts = [f"{entry.heading}\n{entry.text}" for entry in self.entries]
        if self.closing:
            parts.append(self.closing)
        return "\n\n".join(parts)


def notes_on_contributors(book: Book, permissions: Permissions) -> ContributorNotes:
    """One entry per printed name, editors first (in the book's order), then everyone else by the
    name printed; a group once. A person's own `about` is printed exactly as they wrote it;
    without one, a sentence is made from their chapters and contributions. People who are not
    named are only counted, in one closing sentence."""
    order = [p for p in book.editors if p in book.people]
    order += [p for p in book.people if p not in order]
    credits, unnamed = credits_for(book, order, permissions)
    editors = [c for c in credits if c.is_editor]
    others = sorted((c for c in credits if not c.is_editor), key=lambda c: name_sort_key(c.name))
    entries = tuple(ContributorNote(c.name, len(c.members), _note(book, c))
                    for c in [*editors, *others])
    return ContributorNotes(entries, _closing(unnamed))


def _closing(unnamed: Counter[str]) -> str:
    parts = [how_many(unnamed[noun], noun) for noun in (EDITOR, CO_AUTHOR) if unnamed[noun]]
    if not parts:
        return ""
    return f"{sentence_start(join_words(parts))} {NOT_NAMED}."


def _note(book: Book, credit: Credit) -> str:
    people = [book.people[i] for i in credit.members]
    own_words = list(dict.fromkeys(p.about for p in people if p.about and p.about.strip()))
    if own_words:
        # Their words, unchanged; a note shared by a group's members is printed once.
        return "\n\n".join(own_words)
    return _made_note(book, credit)


def _made_note(book: Book, credit: Credit) -> str:
    """Made from what they did: "Robin Ashby wrote 'Finding my way back' (chapter 4)." """
    first: list[str] = []
    if credit.is_editor:
        editors = sum(role_noun(book, p) == EDITOR for p in book.people.values())
        first.append(f"is one of the {number_words(editors)} editors of this book"
                     if editors > 1 else "edited this book")
    chapters = authored_chapters(book, credit.members)
    if chapters:
        sole = [c for c in chapters if set(book.chapters[c].authors) <= set(credit.members)]
        shared = [c for c in chapters if c not in sole]
        if sole:
            first.append(f"wrote {_chapter_list(book, sole)}")
        if shared:
            first.append(f"co-wrote {_chapter_list(book, shared)}")
    rest = _other_contributions(book, credit, set(chapters))
    sentences = []
    if first:
        sentences.append(f"{credit.name} {join_words(first)}.")
    if rest:
        sentences.append(f"{credit.name} {'also ' if first else ''}{join_words(rest)}.")
    if not sentences:
        sentences.append(f"{credit.name} is one of the people who made this book.")
    return " ".join(sentences)


def _other_contributions(book: Book, credit: Credit, authored: set[str]) -> list[str]:
    """Each kind of contribution once, in the usual order, in words that follow a name."""
    by_role: dict[str, set[str]] = {}
    for person_id in credit.members:
        for contribution in contributions_of(book, book.people[person_id]):
            by_role.setdefault(contribution.role, set()).update(contribution.chapters)
    phrases = []
    for role, chapters in sorted(by_role.items(), key=lambda item: _role_order(item[0])):
        if role == WROTE_FIRST_DRAFT and (not chapters or chapters <= authored) and authored:
            continue  # already said: they wrote their chapters
        phrases.append(contribution_words(book, Contribution(role, None, tuple(chapters))))
    return phrases


def contribution_words(book: Book, contribution: Contribution) -> str:
    """A contribution as words that follow a name: 'shared their story', 'reviewed chapters 3
    and 13', 'took part in interviews or conversations for chapter 10'."""
    label = contribution.label
    words = label[:1].lower() + label[1:]
    if not contribution.chapters:
        return words
    numbers = chapter_numbers(book)
    known = sorted((c for c in contribution.chapters if c in numbers), key=numbers.__getitem__)
    if not known:
        return words
    plural = "chapters" if len(known) > 1 else "chapter"
    where = f"{plural} {join_words(str(numbers[c]) for c in known)}"
    if contribution.role in _WITH_CHAPTERS:
        return _WITH_CHAPTERS[contribution.role].format(where)
    return f"{words} for {where}"


def _chapter_list(book: Book, chapter_ids: list[str]) -> str:
    return join_words(chapter_reference(book, c) for c in chapter_ids)


def _role_order(role: str) -> int:
    return _ROLE_ORDER.get(role, len(_ROLE_ORDER))
