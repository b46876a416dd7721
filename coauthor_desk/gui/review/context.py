"""What every part of the review window shares: the open book, whose review it is, who is with
them, and the window's ways to save in the background and to say what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Thread
from coauthor_desk.review.acting import Acting
from coauthor_desk.session import OpenBook


@dataclass
class ReviewContext:
    """Handed to each page. `run(sentence, work, done)` does `work` away from the window's
    thread while `sentence` is shown, then calls `done(result)` on the window's thread; when the
    work is refused, the plain reason is announced and `done` is not called. After anything is
    saved, pages call `changed()`: every page refreshes from the book as it now is."""

    opened: OpenBook
    acting: Acting
    announce: Callable[[str], None]
    run: Callable[[str, Callable[[], Any], Callable[[Any], None]], None]
    changed: Callable[[], None]
    _threads: list[Thread] | None = field(default=None, repr=False)

    @property
    def person(self) -> str:
        return self.acting.person

    @property
    def name(self) -> str:
        return self.opened.book.name_of(self.person)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.person

    def threads(self) -> list[Thread]:
        """Every readable thread of the book, read once per change."""
        if self._threads is None:
            self._threads = load_threads(self.opened.book)[0]
        return self._threads

    def forget(self) -> None:
        """Read threads afresh next time (something was saved)."""
        self._threads = None
