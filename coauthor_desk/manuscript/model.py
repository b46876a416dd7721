"""The book as plain data: the book itself, its chapters and its people."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from coauthor_desk.problems import Problem


class Status(StrEnum):
    """Where a chapter is on its way to the book, in the words used in the folder."""

    IDEA = "idea"
    DRAFTING = "drafting"
    WITH_EDITORS = "with-editors"
    WITH_AUTHOR = "with-author"
    AGREED = "agreed"
    READY = "ready"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def waiting_on(self) -> str | None:
        """Whose turn it is: "authors", "editors" or nobody."""
        return _WAITING_ON[self]


_STATUS_LABELS = {
    Status.IDEA: "An idea",
    Status.DRAFTING: "Being written",
    Status.WITH_EDITORS: "With the editors",
    Status.WITH_AUTHOR: "With the author to review",
    Status.AGREED: "Agreed by the author",
    Status.READY: "Ready for the book",
}
_WAITING_ON = {
    Status.IDEA: "authors",
    Status.DRAFTING: "authors",
    Status.WITH_EDITORS: "editors",
    Status.WITH_AUTHOR: "authors",
    Status.AGREED: "editors",
    Status.READY: None,
}


class CreditAs(StrEnum):
    """How a person chose to be named in the book."""

    FULL_NAME = "full-name"
    FIRST_NAME = "first-name"
    PEN_NAME = "pen-name"
    GROUP = "group"
    ANONYMOUS = "anonymous"


ACCESS_NEED_LABELS = {
    "large-print": "Large print",
    "audio": "Audio (read aloud)",
    "word-files": "Works in Word files",
    "easy-read": "Easy Read",
}

# The fourteen CRediT roles, then the contributions CRediT lacks that co-produced books rely on.
CONTRIBUTION_ROLES = {
    "conceptualization": "Came up with the idea",
    "data-curation": "Looked after the material gathered",
    "formal-analysis": "Analysed the material",
    "funding-acquisition": "Found the funding",
    "investigation": "Did the research",
    "methodology": "Shaped how the work was done",
    "project-administration": "Ran the project",
    "resources": "Provided materials or places to meet",
    "software": "Wrote software",
    "supervision": "Guided others' work",
    "validation": "Checked the work",
    "visualization": "Made the figures",
    "writing-original-draft": "Wrote the first draft",
    "writing-review-editing": "Reviewed and edited the writing",
    "shared-story": "Shared their story",
    "conversations": "Took part in interviews or conversations",
    "reviewed-chapter": "Reviewed a chapter",
    "facilitated": "Facilitated or supported others",
    "organised-meetings": "Organised meetings",
    "illustrated": "Illustrated",
}
DEGREES = ("lead", "equal", "supporting")

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


_BOX_LINE = re.compile(r"^:::.*$", re.MULTILINE)


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, leaving out Markdown marks and
    the attribute lines of boxes (':::')."""
    return _count(text) - sum(_count(line.group()) for line in _BOX_LINE.finditer(text))


def _count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Contribution:
    """One kind of contribution a person made, how large a part (if said) and to which chapters."""

    role: str
    degree: str | None = None
    chapters: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return CONTRIBUTION_ROLES[self.role]


@dataclass(frozen=True)
class Quote:
    """Words of one person used outside their chapter, such as on the cover or in publicity."""

    id: str
    person: str
    text: str
    used_for: str


@dataclass
class Person:
    """Someone who takes part in the book, and how they want to be named."""

    id: str
    name: str
    credit_as: CreditAs
    credit_name: str | None
    roles: list[str]
    contact_prefers: str | None
    access_needs: list[str]
    self_description: dict[str, Any]
    git_identities: list[str]
    file: str
    about: str | None = None  # their own words for the notes on contributors
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def credited_as(self) -> str | None:
        """The name printed in the book, or None for someone who chose not to be named."""
        if self.credit_as is CreditAs.ANONYMOUS:
            return None
        if self.credit_as is CreditAs.FULL_NAME:
            return self.credit_name or self.name
        if self.credit_as is CreditAs.FIRST_NAME:
            return self.credit_name or self.name.split()[0]
        return self.credit_name

    @property
    def display_name(self) -> str:
        """The name shown inside the app to the people running the book."""
        return self.name

    @property
    def is_editor(self) -> bool:
        return "editor" in self.roles


@dataclass
class Chapter:
    """One chapter file: its details (front matter) and its Markdown body."""

    id: str
    file: str
    title: str
    authors: list[str]
    status: Status
    front_matter: dict[str, Any]
    front_matter_text: str
    body: str
    fingerprint: str
    words: int


@dataclass
class Book:
    """A whole book folder as it was loaded."""

    root: Path
    title: str
    subtitle: str | None
    editors: list[str]
    chapter_order: list[str]
    house_style: dict[str, Any]
    chapters: dict[str, Chapter]
    people: dict[str, Person]
    quotes: dict[str, Quote] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)

    def ordered_chapters(self) -> list[Chapter]:
        return [self.chapters[chapter_id] for chapter_id in self.chapter_order]

    def name_of(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return person.display_name if person else person_id
