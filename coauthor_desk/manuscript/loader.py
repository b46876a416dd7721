"""Load a whole book folder and check it, collecting every problem in plain words."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from coauthor_desk.manuscript import files, front_matter, yaml_text
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.details_checker import DetailsChecker
from coauthor_desk.manuscript.model import (
    CONTRIBUTION_ROLES,
    DEGREES,
    Book,
    Chapter,
    Contribution,
    CreditAs,
    Person,
    Quote,
    Status,
    count_words,
)
from coauthor_desk.problems import BookError, Problem

BOOK_FILE = "book.yaml"
CHAPTERS = "chapters"
PEOPLE = "people"
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PRIVATE_KEYS = {"phone", "telephone", "mobile", "address", "postcode", "postal_address",
                "date_of_birth", "birthday", "nhs_number"}
DEFAULT_HOUSE_STYLE: dict[str, Any] = {
    "reading_level": "general",  # general or easy-read: sets the targets of the checks
    "not_heard_from_weeks": 4,
    "smallest_group": 3,
}
# Whole numbers a house style may set, each with an example. Targets left out follow the
# reading level (see checks).
_WHOLE_NUMBERS = {"sentence_length": 25, "paragraph_length": 120, "reading_ease": 50,
                  "not_heard_from_weeks": 4, "smallest_group": 3}


def load_book(root: Path | str) -> Book:
    """Read and check every file of the book; raise BookError listing all problems found."""
    root = Path(root)
    require_book_folder(root)
    problems: list[Problem] = []
    cache = DetailsCache(root)
    book_file = files.read_text(root, BOOK_FILE)
    details = yaml_text.parse(BOOK_FILE, book_file.text)
    if not isinstance(details, dict):
        raise BookError(Problem(BOOK_FILE, "book.yaml should hold the book's details as "
                                "'name: value' lines, and it does not.", "Start it with a line "
                                "like 'title: Our Book'.", 1))
    check = DetailsChecker(BOOK_FILE, book_file.text, problems)
    title = check.text_value(details, "title") or ""
    chapter_files = _chapter_list(root, details, check)
    people_files = [name for name in _names_in(root, PEOPLE)
                    if name.endswith((".yaml", ".yml")) and not name.startswith(".")]
    people = _load_people(root, people_files, set(chapter_files), problems, cache)
    # People whose own file has a problem (reported already) are not "missing" elsewhere too.
    known = set(people) | {name.rsplit(".", 1)[0] for name in people_files}
    chapters = {}
    for chapter_id, relative in chapter_files.items():
        chapter = _load_chapter(root, relative, chapter_id, known, problems, cache)
        if chapter is not None:
            chapters[chapter_id] = chapter
    editors = check.list_value(details, "editors")
    for index, editor in enumerate(editors):
        if editor not in known:
            check.add(("editors", index), f"The editor '{editor}' has no file in people/.",
                      f"Add people/{editor}.yaml, or correct the name in book.yaml.")
    house_style = _house_style(details.get("house_style"), check)
    quotes = _quotes(details.get("quotes"), known, check)
    if problems:
        raise BookError(problems)
    book = Book(root, title, check.text_value(details, "subtitle", required=False), editors,
                list(chapter_files), house_style, chapters, people, quotes)
    book.notes = _unlisted_chapters(root, chapter_files)
    cache.save()
    return book


def require_book_folder(root: Path) -> None:
    """Refuse plainly a folder that does not exist or holds no book.yaml."""
    if not root.is_dir():
        raise BookError(Problem(str(root), "This folder does not exist.",
                                "Check the name, or make a new book with 'coauthor-desk new'."))
    if not (root / BOOK_FILE).exists():
        raise BookError(Problem(BOOK_FILE, "This folder has no book.yaml, so it is not a book "
                                "folder.", "Open the folder that holds book.yaml, or make a new "
                                "book with 'coauthor-desk new'."))


def chapter_file(chapter_id: str) -> str:
    return f"{CHAPTERS}/{chapter_id}.md"


def _chapter_list(root: Path, details: dict[str, Any], check: DetailsChecker) -> dict[str, str]:
    """Chapter ids in book order, each with its file. Entries are ids or paths ending in .md."""
    entries = details.get("chapters") or []
    if not isinstance(entries, list):
        check.add(("chapters",), "The list of chapters should be a list, one chapter per line.",
                  "Write each chapter on its own line starting with '- '.")
        return {}
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        entry = str(entry).strip() if isinstance(entry, (str, int)) else ""
        relative = entry if entry.endswith(".md") else chapter_file(entry)
        chapter_id = relative.rsplit("/", 1)[-1].removesuffix(".md")
        try:
            files.check_relative(relative)
        except BookError as error:
            check.add(("chapters", index), f"The chapter '{entry}': {error.problems[0].what}",
                      "List chapters by their name, like '- my-chapter', for files in the "
                      "chapters folder.")
            continue
        if not SAFE_ID.match(chapter_id):
            check.add(("chapters", index), f"'{entry}' is not a usable chapter name.",
                      "Use letters, numbers and dashes only, like '- 07-my-story'.")
            continue
        if chapter_id.casefold() in seen:
            check.add(("chapters", index), f"The chapter '{entry}' is listed twice.",
                      "Remove one of the two lines.")
            continue
        seen[chapter_id.casefold()] = relative
        result[chapter_id] = relative
    return result


def _load_chapter(root: Path, relative: str, chapter_id: str, person_ids: set[str],
                  problems: list[Problem], cache: DetailsCache) -> Chapter | None:
    try:
        source = files.read_text(root, relative)
        raw, body = front_matter.split_text(relative, source.text)
        known = cache.get(source.fingerprint, "details", "words")
        if known is None:
            known = {"details": front_matter.parse_details(relative, raw),
                     "words": count_words(body)}
            cache.put(source.fingerprint, known)
    except BookError as error:
        problems.extend(error.problems)
        return None
    details = known["details"]
    check = DetailsChecker(relative, raw, problems, first_line=2)
    if "id" in details and str(details["id"]) != chapter_id:
        check.add(("id",), f"The id '{details['id']}' does not match the file name "
                  f"({chapter_id}.md).", f"Change the line to 'id: {chapter_id}', or rename "
                  "the file and its entry in book.yaml.")
    title = check.text_value(details, "title")
    authors = check.list_value(details, "authors")
    for index, author in enumerate(authors):
        if author not in person_ids:
            check.add(("authors", index), f"The author '{author}' has no file in people/.",
                      f"Add people/{author}.yaml, or correct the name here.")
    status_text = str(details.get("status", "idea")).strip()
    try:
        status = Status(status_text)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        check.add(("status",), f"The status '{status_text}' is not one the app knows.",
                  f"Use one of: {allowed}.")
        return None
    if title is None:
        return None
    return Chapter(chapter_id, relative, title, authors, status, details, raw, body,
                   source.fingerprint, known["words"])


def _load_people(root: Path, names: list[str], chapter_ids: set[str], problems: list[Problem],
                 cache: DetailsCache) -> dict[str, Person]:
    people: dict[str, Person] = {}
    seen: dict[str, str] = {}
    for name in names:
        relative = f"{PEOPLE}/{name}"
        person = _load_person(root, relative, chapter_ids, problems, cache)
        if person is None:
            continue
        if person.id.casefold() in seen:
            problems.append(Problem(relative, f"The id '{person.id}' is also used by "
                                    f"{seen[person.id.casefold()]}.", "Give each person their "
                                    "own id; ids that differ only in capital letters count as "
                                    "the same."))
            continue
        seen[person.id.casefold()] = relative
        people[person.id] = person
    return people


def _load_person(root: Path, relative: str, chapter_ids: set[str], problems: list[Problem],
                 cache: DetailsCache) -> Person | None:
    try:
        source = files.read_text(root, relative)
        known = cache.get(source.fingerprint, "data")
        if known is None:
            known = {"data": yaml_text.parse(relative, source.text)}
            cache.put(source.fingerprint, known)
        data = known["data"]
    except BookError as error:
        problems.extend(error.problems)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(relative, "This person's file is empty or is not a list of "
                                "'name: value' lines.", "Start it with 'id: ...' and 'name: "
                                "...'.", 1))
        return None
    count_before = len(problems)
    check = DetailsChecker(relative, source.text, problems)
    stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    person_id = check.text_value(data, "id")
    if person_id is not None and person_id != stem:
        check.add(("id",), f"The id '{person_id}' does not match the file name ({stem}.yaml).",
                  f"Change the line to 'id: {stem}', or rename the file to {person_id}.yaml.")
    name = check.text_value(data, "name")
    lowered = source.text.lower()
    private = _private_keys(data) if any(key in lowered for key in PRIVATE_KEYS) else []
    for path in private:
        check.add(path, f"This file holds a private detail ('{path[-1]}').",
                  "Remove it: phone numbers, addresses and the like never belong in the shared "
                  "book folder. Keep them somewhere private.")
    credit = data.get("credit") or {}
    if isinstance(credit, str):
        credit = {"as": credit}
    credit_as = CreditAs.FULL_NAME
    credit_name = None
    if not isinstance(credit, dict):
        check.add(("credit",), "The 'credit' should say how this person wants to be named.",
                  "Write it like 'credit: {as: first-name}'.")
    else:
        try:
            credit_as = CreditAs(str(credit.get("as", "full-name")))
        except ValueError:
            allowed = ", ".join(c.value for c in CreditAs)
            check.add(("credit", "as"), f"'{credit.get('as')}' is not a way of being named that "
                      "the app knows.", f"Use one of: {allowed}.")
        credit_name = check.text_value(credit, "name", required=False)
        if credit_as in (CreditAs.PEN_NAME, CreditAs.GROUP) and not credit_name:
            check.add(("credit",), f"This person chose to be named by a {credit_as.value}, but "
                      "the name is missing.", "Add it under credit, like 'name: Robin Ashby'.")
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    self_description = data.get("self_description") or {}
    if not isinstance(self_description, dict):
        check.add(("self_description",), "The self-description should be a list of "
                  "'name: value' lines.", "Write it like 'gender: woman' and 'age: 40', one "
                  "per line.")
        self_description = {}
    roles = check.list_value(data, "roles")
    access_needs = check.list_value(data, "access_needs")
    git_identities = check.list_value(data, "git")
    about = check.text_value(data, "about", required=False)
    contributions = _contributions(data.get("contributions"), chapter_ids, check)
    if len(problems) > count_before or person_id is None or name is None:
        return None
    return Person(person_id, name, credit_as, credit_name, roles,
                  contact.get("prefers") if contact else None, access_needs, self_description,
                  git_identities, relative, about, contributions)


def _contributions(value: Any, chapter_ids: set[str], check: DetailsChecker) -> list[Contribution]:
    """Contributions written as 'role: degree', or 'role: {degree: ..., chapters: [...]}'."""
    if value is None:
        return []
    example = "Write them like 'writing-original-draft: lead', one per line under 'contributions:'."
    if not isinstance(value, dict):
        check.add(("contributions",), "The contributions should be a list of 'role: how much' "
                  "lines.", example)
        return []
    result = []
    for role, details in value.items():
        path = ("contributions", role)
        if role not in CONTRIBUTION_ROLES:
            check.add(path, f"'{role}' is not a kind of contribution the app knows.",
                      f"Use one of: {', '.join(CONTRIBUTION_ROLES)}.")
            continue
        details = {"degree": details} if details is None or isinstance(details, str) else details
        if not isinstance(details, dict):
            check.add(path, f"The contribution '{role}' is not written in a way the app "
                      "understands.", example)
            continue
        degree = details.get("degree")
        if degree is not None and degree not in DEGREES:
            check.add(path, f"'{degree}' is not a size of contribution the app knows.",
                      f"Use one of: {', '.join(DEGREES)}, or leave it out.")
            continue
        chapters = check.inside(*path).list_value(details, "chapters")
        unknown = [c for c in chapters if c not in chapter_ids]
        if unknown:
            check.add(path, f"The contribution '{role}' names a chapter the book does not have "
                      f"({', '.join(unknown)}).", "Use a chapter name from book.yaml.")
            continue
        result.append(Contribution(role, degree, tuple(chapters)))
    return result


def _quotes(value: Any, person_ids: set[str], check: DetailsChecker) -> dict[str, Quote]:
    """Quotes used outside the chapters (cover, publicity), each with its speaker."""
    if value is None:
        return {}
    if not isinstance(value, list):
        check.add(("quotes",), "The quotes should be a list.", "Start each quote with '- id: ...'.")
        return {}
    quotes: dict[str, Quote] = {}
    for index, entry in enumerate(value):
        path = ("quotes", index)
        if not isinstance(entry, dict):
            check.add(path, "This quote is not written in a way the app understands.",
                      "Give it an id, a person, the text and what it is used for.")
            continue
        fields = [check.inside(*path).text_value(entry, key)
                  for key in ("id", "person", "text", "used_for")]
        quote_id, person, text, used_for = fields
        if quote_id is None or person is None or text is None or used_for is None:
            continue
        if person not in person_ids:
            check.add((*path, "person"), f"The quote '{quote_id}' is by '{person}', who has no "
                      "file in people/.", f"Add people/{person}.yaml, or correct the name.")
        elif quote_id in quotes:
            check.add((*path, "id"), f"Two quotes have the id '{quote_id}'.",
                      "Give each quote its own id.")
        else:
            quotes[quote_id] = Quote(quote_id, person, text, used_for)
    return quotes


def _private_keys(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(data, dict):
        return []
    found = []
    for key, value in data.items():
        if str(key).lower() in PRIVATE_KEYS:
            found.append((*path, str(key)))
        found.extend(_private_keys(value, (*path, str(key))))
    return found


def _house_style(value: Any, check: DetailsChecker) -> dict[str, Any]:
    style = dict(DEFAULT_HOUSE_STYLE)
    if value is None:
        return style
    if not isinstance(value, dict):
        check.add(("house_style",), "The house style should be a list of 'name: value' lines.",
                  "Write it like 'sentence_length: 25', indented under 'house_style:'.")
        return style
    style.update(value)
    for key, example in _WHOLE_NUMBERS.items():
        value = style.get(key, example)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            check.add(("house_style", key), f"The house style's '{key}' should be a whole "
                      "number.", f"Write it like '{key}: {example}'.")
    return style


def _unlisted_chapters(root: Path, listed: dict[str, str]) -> list[Problem]:
    listed_files = set(listed.values())
    return [Problem(f"{CHAPTERS}/{name}", "This chapter is not in the book's list of "
                    "chapters, so it is left out.", "Add it to 'chapters' in book.yaml if it "
                    "belongs in the book.")
            for name in _names_in(root, CHAPTERS)
            if name.endswith(".md") and not name.endswith(".easy.md")  # Easy Read versions
            and f"{CHAPTERS}/{name}" not in listed_files]


def _names_in(root: Path, folder: str) -> list[str]:
    """The file names in one folder of the book, sorted; none if the folder is missing."""
    try:
        with os.scandir(os.path.join(root, folder)) as entries:
            return sorted(entry.name for entry in entries)
    except (FileNotFoundError, NotADirectoryError):
        return []
