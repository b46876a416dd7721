"""Clash records: when two people changed the same words, both versions are kept.

The chapter (or file) keeps the version that was already shared; the other is kept in a small
record file under `clashes/`, one new file per clash, so records combine like every other
record (they are only ever added). The record's name comes from what clashed, so two computers
that meet the same clash write the same file and do not clash again. A clash stays open (it is
listed as waiting, and publishing is blocked) until someone chooses and removes the record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.problems import BookError, Problem

FOLDER = "clashes"
SENTENCE, FILE = "sentence", "file"
_HEADER = ("# Two people changed the same words at the same time. The book keeps the version "
           "that was\n# shared first ('kept'); the other is here until someone chooses (on the "
           "Waiting tab,\n# or with 'coauthor-desk choose').\n")


@dataclass(frozen=True)
class ClashRecord:
    """One clash, as the record file says it."""

    file: str  # the record itself
    kind: str  # SENTENCE (in a chapter) or FILE (a whole file kept twice)
    about: str  # the chapter's or file's path in the book
    paragraph: int | None
    kept: str
    other: str
    kept_by: str
    other_by: str
    when: str
    other_copy: str | None = None
    line: int | None = None  # where the paragraph starts in the file, from 1

    def what(self) -> str:
        """The clash in plain words: who changed what, and where."""
        if self.kind == FILE:
            return (f"{self.kept_by} and {self.other_by} both changed {self.about}: the book "
                    f"keeps {self.kept_by}'s version, and {self.other_by}'s is kept beside it "
                    f"as {self.other_copy}.")
        return (f"{self.kept_by} and {self.other_by} both changed the same sentence in "
                f"paragraph {self.paragraph} of {self.about}: the text keeps "
                f"{self.kept_by}'s “{_short(self.kept)}”; {self.other_by}'s was "
                f"“{_short(self.other)}”.")

    def todo(self) -> str:
        """What to do about it."""
        if self.kind == FILE:
            return "Choose which to keep, on the Waiting tab (or with 'coauthor-desk choose')."
        return ("Choose one, or write it again, on the Waiting tab (or with 'coauthor-desk "
                "choose').")

    def sentence(self) -> str:
        return f"{self.what()} {self.todo()}"


def _short(words: str, most: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= most else words[:most - 1] + "…"


def record_name(*parts: str) -> str:
    """The record's path, the same on every computer for the same clash."""
    return f"{FOLDER}/{files.fingerprint(chr(0).join(parts).encode('utf-8'))[:16]}.yaml"


def record_text(kind: str, about: str, kept: str, other: str, was: str, kept_by: str,
                other_by: str, when: datetime, paragraph: int | None = None,
                line: int | None = None, other_copy: str | None = None) -> str:
    """A clash record's YAML text."""
    data: dict[str, object] = {"kind": kind, "about": about}
    if paragraph is not None:
        data.update(paragraph=paragraph, line=line)
    data.update(kept=kept, kept_by=kept_by, other=other, other_by=other_by, was=was,
                when=when.isoformat(timespec="seconds"))
    if other_copy:
        data["other_copy"] = other_copy
    return _HEADER + yaml_text.dump(data)


def open_clashes(root: Path) -> tuple[list[ClashRecord], list[Problem]]:
    """Every clash record in the book, and records that cannot be read."""
    folder = root / FOLDER
    if not folder.is_dir():
        return [], []
    found, problems = [], []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        relative = f"{FOLDER}/{name}"
        try:
            data = yaml_text.parse(relative, files.read_text(root, relative).text)
            found.append(_record(relative, data))
        except BookError as error:
            problems += error.problems
    return found, problems


def _record(relative: str, data: object) -> ClashRecord:
    if not isinstance(data, dict) or data.get("kind") not in (SENTENCE, FILE):
        raise BookError(Problem(relative, "This clash record cannot be read.",
                                "Restore it from the history, or remove it once the clash is "
                                "sorted out."))
    paragraph, line = data.get("paragraph"), data.get("line")
    return ClashRecord(relative, str(data["kind"]), str(data.get("about", "")),
                       paragraph if isinstance(paragraph, int) else None,
                       str(data.get("kept", "")), str(data.get("other", "")),
                       str(data.get("kept_by", "someone")), str(data.get("other_by", "someone")),
                       str(data.get("when", "")),
                       str(data["other_copy"]) if data.get("other_copy") else None,
                       line if isinstance(line, int) else None)
