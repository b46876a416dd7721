"""Helpers for the credits tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from coauthor_desk.manuscript.model import Book


def changed(book: Book, **people_changes: dict[str, Any]) -> Book:
    """A copy of the book with some people's details changed, e.g. changed(book,
    jean_thornton={"about": None}); the book itself is left as it was."""
    people = dict(book.people)
    for key, changes in people_changes.items():
        person_id = key.replace("_", "-")
        people[person_id] = dataclasses.replace(people[person_id], **changes)
    return dataclasses.replace(book, people=people)
