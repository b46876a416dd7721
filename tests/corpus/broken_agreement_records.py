"""The corpus of broken agreement records, and how to put one case into a real book folder.

Each folder under `broken_agreements/` holds the record file(s) of one case, at the paths they
would have in a book folder (`agreements/<person>/<record>.yaml`, or somewhere else under
`agreements/` for files that are not where records go), and a `case.yaml` saying:

  about       what is wrong, in a few words
  file        the file the message must name (the first file of the case when left out)
  line        the line the message must name, or null when there is none
  words       a few plain words the message must say
  saved_by    how the files are saved: "the person" (under the identity of the person whose
              folder the file is in), "an editor" (Helen Marsh), or "not saved"
  then        optional, what happens afterwards: "change and save", "change, not saved"
              (apply `change`), "remove and save", "remove, not saved"; saved by an editor
  change      for `then`: lines to set, such as {decision: agreed, version: $CHAPTER_VERSION}
  make        optional: a recipe of corpus.broken_books.RECIPES applied to `file` before it is
              saved (files that should not be kept as they are in the project's history)
  counts_for  the agreements the record would give if it were counted, as a list of
              {person, use, target}. The base book leaves them undecided, so each must stay a
              blocker of its own.
  withdraws   the agreement a broken withdrawal is about. The base book has that agreement;
              it must stay as it was (the broken withdrawal is not counted either way), and
              the book must still not be ready because of the broken record.

In record files, `$CHAPTER_VERSION` and `$QUOTE_VERSION` stand for the current version of the
chapter `my-story` and of the quote `cover`, so that an "agreed" record would be a current
agreement if it were counted: the test then shows that it is refused for its breakage alone.

The base book is the `small_book` fixture (editor helen-marsh, co-author sam-jones credited by
first name, chapter my-story) with one quote by Sam, and every agreement it needs recorded and
saved properly, except those a case `counts_for`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, Use
from coauthor_desk.agreements.rules import current_version
from coauthor_desk.history.versions import Identity, identity_of
from coauthor_desk.manuscript.model import Book
from coauthor_desk.session import open_book

BROKEN_AGREEMENTS = Path(__file__).parent / "broken_agreements"
CASE_FILE = "case.yaml"
KEYS = {"about", "file", "line", "words", "saved_by", "then", "change", "make", "counts_for",
        "withdraws"}
SAVED_BY = ("the person", "an editor", "not saved")
THEN = ("change and save", "change, not saved", "remove and save", "remove, not saved")

EDITOR_ID, AUTHOR_ID, CHAPTER_ID, QUOTE_ID = "helen-marsh", "sam-jones", "my-story", "cover"
QUOTE = {"id": QUOTE_ID, "person": AUTHOR_ID, "used_for": "the back cover",
         "text": "Nobody asked me what I needed until I was asked to write it down."}
BASE_WHEN = datetime(2025, 1, 10, 10, 0, tzinfo=UTC)

Subject = tuple[str, Use, str | None]

CASES: list[str] = sorted(
    path.name for path in BROKEN_AGREEMENTS.iterdir() if (path / CASE_FILE).is_file())


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    file: str
    line: int | None
    words: list[str]
    saved_by: str
    then: str | None = None
    change: dict[str, str] = field(default_factory=dict)
    make: str | None = None
    counts_for: list[Subject] = field(default_factory=list)
    withdraws: Subject | None = None

    @property
    def files(self) -> list[str]:
        """The case's files, as paths inside the book folder."""
        folder = BROKEN_AGREEMENTS / self.name
        return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                      if path.is_file() and path.name != CASE_FILE)


def _subject(data: Any, case: str) -> Subject:
    if not isinstance(data, dict) or not {"person", "use"} <= set(data) <= {"person", "use",
                                                                           "target"}:
        raise ValueError(f"{case}: a subject is {{person, use, target}}, not {data!r}")
    return data["person"], Use(data["use"]), data.get("target")


def expectation(case: str) -> Case:
    """What `case.yaml` says about the case, checked, with the optional keys filled in."""
    data = yaml.safe_load((BROKEN_AGREEMENTS / case / CASE_FILE).read_text("utf-8"))
    if not isinstance(data, dict) or not {"about", "file", "saved_by"} <= set(data) <= KEYS:
        raise ValueError(f"{case}/{CASE_FILE} must hold 'about', 'file', 'saved_by' and only "
                         f"{sorted(KEYS)}")
    if data["saved_by"] not in SAVED_BY:
        raise ValueError(f"{case}: saved_by must be one of {SAVED_BY}")
    if data.get("then") not in (None, *THEN):
        raise ValueError(f"{case}: then must be one of {THEN}")
    if str(data.get("then") or "").startswith("change") != bool(data.get("change")):
        raise ValueError(f"{case}: 'change' goes with then: change ...")
    return Case(case, data["about"], data["file"], data.get("line"), list(data.get("words") or []),
                data["saved_by"], data.get("then"), dict(data.get("change") or {}),
                data.get("make"), [_subject(s, case) for s in data.get("counts_for") or []],
                _subject(data["withdraws"], case) if data.get("withdraws") else None)


# The base book ---------------------------------------------------------------------------------
def needed_subjects() -> list[Subject]:
    """Every agreement the base book needs."""
    return [(AUTHOR_ID, Use.CHAPTER, CHAPTER_ID), (EDITOR_ID, Use.NAMED, None),
            (AUTHOR_ID, Use.NAMED, None), (AUTHOR_ID, Use.QUOTE, QUOTE_ID)]


def add_quote(folder: Path) -> None:
    """Give the small book a quote by Sam (for the back cover), saved as a version."""
    text = (folder / "book.yaml").read_text("utf-8")
    text += yaml.safe_dump({"quotes": [QUOTE]}, sort_keys=False, width=200)
    (folder / "book.yaml").write_bytes(text.encode("utf-8"))
    opened = open_book(folder)
    opened.history.save_files_as_version(editor_identity(opened.book),
        "Added a quote for the back cover")


def record_base_agreements(folder: Path, leave_out: list[Subject] = ()) -> None:
    """Every agreement the book needs, each recorded by the person themself, except `leave_out`."""
    for number, (person, use, target) in enumerate(needed_subjects()):
        if (person, use, target) in leave_out:
            continue
        record_decision(open_book(folder), person, use, Decision.AGREED, target,
                        when=BASE_WHEN + timedelta(minutes=number))


def make_base_book(small_book: Path, leave_out: list[Subject] = ()) -> Path:
    add_quote(small_book)
    record_base_agreements(small_book, leave_out)
    return small_book


def editor_identity(book: Book) -> Identity:
    return identity_of(book.people[EDITOR_ID])


def person_identity(book: Book, relative: str) -> Identity:
    """The identity of the person whose folder `relative` is in (made up if they are unknown)."""
    parts = relative.split("/")
    person = parts[1] if len(parts) == 3 else EDITOR_ID
    if person in book.people:
        return identity_of(book.people[person])
    return Identity(person.replace("-", " ").title(), f"{person}@example.org")


# Putting a case in place -----------------------------------------------------------------------
def versions_of(book: Book) -> dict[str, str]:
    """What the `$...` placeholders in record files stand for in this book."""
    return {"$CHAPTER_VERSION": current_version(book, AUTHOR_ID, Use.CHAPTER, CHAPTER_ID) or "",
            "$QUOTE_VERSION": current_version(book, AUTHOR_ID, Use.QUOTE, QUOTE_ID) or ""}


def _fill(data: bytes, versions: dict[str, str]) -> bytes:
    for placeholder, version in versions.items():
        data = data.replace(placeholder.encode("ascii"), version.encode("ascii"))
    return data


def _set_lines(text: str, values: dict[str, str]) -> str:
    """Set `key: value` lines (replacing the key's line, or adding one at the end)."""
    for key, value in values.items():
        line = f"{key}: {value}"
        pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
        text = pattern.sub(line, text, count=1) if pattern.search(text) else \
            text + ("" if text.endswith("\n") else "\n") + line + "\n"
    return text


def put_case_in_place(case: Case, folder: Path) -> None:
    """Write the case's files into the book folder and save them the way case.yaml says."""
    from corpus.broken_books import RECIPES

    opened = open_book(folder)
    book, history = opened.book, opened.history
    versions = versions_of(book)
    source = BROKEN_AGREEMENTS / case.name
    for relative in case.files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_fill((source / relative).read_bytes(), versions))
    if case.make is not None:
        RECIPES[case.make](folder, case.file)
    if case.saved_by != "not saved":
        for relative in case.files:
            who = editor_identity(book) if case.saved_by == "an editor" else \
                person_identity(book, relative)
            history.save_files_as_version(who, f"Added {relative}", [relative])
    if case.then is None:
        return
    path = folder / case.file
    if case.then.startswith("change"):
        text = path.read_bytes().decode("utf-8")
        changed = _set_lines(text, case.change)
        path.write_bytes(_fill(changed.encode("utf-8"), versions))
    else:
        path.unlink()
    if case.then.endswith("and save"):
        history.save_files_as_version(editor_identity(book), f"Changed {case.file}", [case.file])


def materialise(case: Case, small_book: Path) -> Path:
    """The base book (from the small_book fixture's folder) with the case put in place."""
    make_base_book(small_book, case.counts_for)
    put_case_in_place(case, small_book)
    return small_book

