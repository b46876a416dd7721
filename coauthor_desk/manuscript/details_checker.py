"""Problems about one file's details, each pinned to the line of the key it is about.

Loading a book checks book.yaml, every person's file and every chapter's details the same way:
a value is read as text or as a list of names, and what is wrong is said in plain words with
the line to look at. Kept apart from the loader, which makes one for each file it reads.
"""

from __future__ import annotations

from typing import Any

from coauthor_desk.manuscript import yaml_text
from coauthor_desk.problems import Problem


class DetailsChecker:
    """Collects problems about one file, finding the line of a key only when needed."""

    def __init__(self, relative: str, text: str, problems: list[Problem], first_line: int = 1,
                 prefix: tuple[object, ...] = ()):
        self.relative, self.text, self.problems, self.first_line, self.prefix = (
            relative, text, problems, first_line, prefix)

    def inside(self, *path: object) -> DetailsChecker:
        """A checker for a mapping nested inside this file, so lines are found under it."""
        return DetailsChecker(self.relative, self.text, self.problems, self.first_line,
                              (*self.prefix, *path))

    def add(self, path: tuple[object, ...], what: str, todo: str) -> None:
        path = (*self.prefix, *path)
        line = yaml_text.line_of(self.text, path, self.first_line) if path else None
        self.problems.append(Problem(self.relative, what, todo, line))

    def text_value(self, data: dict[str, Any], key: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add((key,), f"The '{key}' is missing or empty.",
                         f"Add a line like '{key}: ...' near the top of the file.")
            return None
        if not isinstance(value, (str, int, float)):
            self.add((key,), f"The '{key}' should be a short piece of text.",
                     f"Write it on one line, like '{key}: ...'.")
            return None
        return str(value).strip()

    def list_value(self, data: dict[str, Any], key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.add((key,), f"The '{key}' should be a list of names.",
                     f"Write it like '{key}: [first, second]'.")
            return []
        return [str(v).strip() for v in value]
