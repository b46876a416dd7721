"""Which person of the book is behind a name and e-mail in the history.

People sign their saved versions with whatever name and e-mail their computer has, and a
technical co-author may use several. Two things tie them to a person:

- the `git:` list in their file in people/ (e-mails, matched ignoring case, or names; an
  entry written the way git shows it, "Name <e-mail>", counts as its e-mail), and
- an optional `.mailmap` file at the top of the book folder, in git's own format.

Failing both, a name in the history that is exactly one person's name (ignoring case) is
theirs, which is what an editor expects when people save versions under their own names.

git itself applies `.mailmap` (to `git blame --porcelain` and to `%aN`/`%aE` in `git log`), so
the names and e-mails read from the history are already the mapped ones; this module only has
to match them against the people files. Identities that match nobody are kept as they are, so
the app can show them as "not matched to a person" and an editor can fix the people file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from coauthor_desk.history.versions import Identity
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.model import Book

log = logging.getLogger(__name__)
MAILMAP = ".mailmap"
_BRACKETED = re.compile(r"^[^<>]*<([^<>]+@[^<>]*)>\s*$")


def _email_in_brackets(entry: str) -> str | None:
    """The e-mail of an entry like 'Jean Thornton <jean@example.org>', if it is one."""
    found = _BRACKETED.match(entry)
    return found.group(1).strip() if found else None


def _plain(name: str) -> str:
    """A name as compared: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


@dataclass
class IdentityMatcher:
    """Matches history identities to person ids, from the people files of one book."""

    by_email: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_person_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_book(cls, book: Book) -> IdentityMatcher:
        """Read every person's `git:` list. When two people claim the same identity, the first
        by id keeps it (and the log says so), so the result never depends on file order."""
        matcher = cls()
        person_names: dict[str, list[str]] = {}
        for person in sorted(book.people.values(), key=lambda p: p.id):
            for entry in person.git_identities:
                entry = _email_in_brackets(entry) or entry.strip()
                table, key = ((matcher.by_email, entry.casefold()) if "@" in entry
                              else (matcher.by_name, _plain(entry)))
                if not key:
                    continue
                owner = table.setdefault(key, person.id)
                if owner != person.id:
                    log.warning("%s is listed for both %s and %s; kept for %s",
                                entry, owner, person.id, owner)
            person_names.setdefault(_plain(person.name), []).append(person.id)
        # A person's own name is the last resort (it lets a .mailmap line that gives only a
        # name do its job), and only when no two people share that name.
        matcher.by_person_name = {name: ids[0] for name, ids in person_names.items()
                                  if len(ids) == 1 and name}
        return matcher

    def person_for(self, who: Identity) -> str | None:
        """The id of the person behind this identity, or None when it matches nobody."""
        if who.email:
            found = self.by_email.get(who.email.strip().casefold())
            if found:
                return found
        name = _plain(who.name)
        return self.by_name.get(name) or self.by_person_name.get(name)


def unmatched_key(who: Identity) -> Identity:
    """One identity however its e-mail is capitalised, so the same unmatched person is listed
    once."""
    return Identity(" ".join(who.name.split()), who.email.strip().lower())


def mailmap_fingerprint(root: Path) -> str:
    """The content id of the book's `.mailmap` ("" when there is none).

    git reads `.mailmap` from the book folder as it is on disk, so anything worked out from
    the history with it (and cached) is only valid for these exact bytes.
    """
    path = root / MAILMAP
    if path.is_symlink() or not path.is_file():  # git does not follow a linked .mailmap in a
        return ""  # work tree either, and anything but a plain file is refused before git runs
    try:
        return files.fingerprint(path.read_bytes())
    except OSError:
        return ""
