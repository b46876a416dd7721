"""What the credits may say about whom, as decided by people's current agreements.

The credits never read agreement records themselves: whoever builds the credits (the agreements
rules, a preview, a test) hands over a `Permissions`. Anyone left out of `named` is treated
exactly like someone who chose to be anonymous, so a withdrawn or missing agreement can never
let a name slip into the book.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coauthor_desk.manuscript.model import Book


@dataclass(frozen=True)
class Permissions:
    """Who may be named as they chose, and whose self-description may be counted."""

    named: frozenset[str] = frozenset()  # may be named as they chose
    counted: frozenset[str] = frozenset()  # self-description may count in the authorship statement

    def __post_init__(self) -> None:
        # Accept any collection of ids, but keep the frozen, hashable form.
        object.__setattr__(self, "named", frozenset(self.named))
        object.__setattr__(self, "counted", frozenset(self.counted))

    @classmethod
    def everyone(cls, book: Book) -> Permissions:
        """As if everyone had agreed to everything: for previews and tests, never for publishing
        without the agreements behind it."""
        ids = frozenset(book.people)
        return cls(named=ids, counted=ids)

    @classmethod
    def nobody(cls) -> Permissions:
        """As if nobody had agreed to anything yet: every name is left out."""
        return cls()

    def with_named(self, ids: Iterable[str]) -> Permissions:
        return Permissions(frozenset(ids), self.counted)

    def with_counted(self, ids: Iterable[str]) -> Permissions:
        return Permissions(self.named, frozenset(ids))
