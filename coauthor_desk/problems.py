"""Problems found in a book folder, told in plain words.

Every layer reports trouble as a `Problem`: which file, which line (when there is one), what is
wrong and what to do about it. The command line prints them; the window shows them. Nobody sees a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a book folder, and what to do about it."""

    file: str
    what: str
    todo: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}: {self.what} {self.todo}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "what": self.what, "todo": self.todo}


class BookError(Exception):
    """Raised when a book folder cannot be used as it is. Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def plain(self) -> str:
        """The message a person reads: one problem per line."""
        return "\n".join(str(p) for p in self.problems)
