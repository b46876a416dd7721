"""A review context for testing one page of the review window on its own: the work a page
starts runs at once, on the test's thread, and what the page announces is kept in a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coauthor_desk.agreements.records import How
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.problems import BookError
from coauthor_desk.review.acting import Acting
from coauthor_desk.session import open_book


class Said(list[str]):
    """Every sentence a page announced, in order."""


def review_context(folder: Path, person: str, present: str | None = None,
                   how: How | None = None,
                   changed: Callable[[], None] | None = None) -> tuple[ReviewContext, Said]:
    said = Said()
    opened = open_book(folder)

    def run(sentence: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        said.append(sentence)
        try:
            result = work()
        except BookError as error:
            said.append(error.plain())
            return
        done(result)

    context = ReviewContext(opened, Acting(person, present, how).check(opened.book),
                            said.append, run, lambda: None)

    def on_change() -> None:
        context.forget()
        if changed is not None:
            changed()

    context.changed = on_change
    return context, said
