"""Who is acting in a review: the person themself, or an editor sitting with them who records
their choices for them (and says how the person told them), as agreements already are."""

from __future__ import annotations

from dataclasses import dataclass

from coauthor_desk.agreements.records import How
from coauthor_desk.history.versions import Identity, identity_of
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem


@dataclass(frozen=True)
class Acting:
    """`person` decides; `present`, when set, is the editor recording it for them, told `how`."""

    person: str
    present: str | None = None
    how: How | None = None

    def check(self, book: Book) -> Acting:
        """This, when everyone named is in the book and an editor acting says how they were
        told; otherwise a plain refusal."""
        for who, role in ((self.person, "whose review it is"), (self.present, "who is with "
                                                                 "them")):
            if who is not None and who not in book.people:
                raise BookError(Problem("people", f"There is nobody called '{who}' in this "
                                        f"book ({role}).", "Use the id of a person in the book "
                                        "(the name of their file in people/)."))
        if self.on_behalf and self.how is None:
            raise BookError(Problem("people", f"Say how {book.name_of(self.person)} told "
                                    f"{book.name_of(self.present or '')} their choice.",
                                    f"Choose one of: {', '.join(h.words for h in How)}."))
        return self

    @property
    def on_behalf(self) -> bool:
        return self.present is not None and self.present != self.person

    @property
    def recorder(self) -> str:
        """Whose name the saved version carries."""
        return self.present if self.on_behalf and self.present else self.person

    def identity(self, book: Book) -> Identity:
        return identity_of(book.people[self.recorder])

    def said(self, book: Book, words: str) -> str:
        """A version's description, saying who wrote it down for the person when someone did."""
        if not self.on_behalf or self.how is None:
            return words
        return (f"{words} (recorded by {book.name_of(self.recorder)}, told {self.how.words})")
