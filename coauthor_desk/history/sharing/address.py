"""Where a book's shared copy lives: checked before git is ever given the address.

An address is one of three kinds: an https or ssh address of a server (`https://host/path`,
`ssh://user@host/path`, or the short `user@host:path`), or a folder the person chose (on a
shared network drive, say), where a bare shared copy is made when the folder is empty.

git can be told by an address to run a helper program (`ext::`, `fd::`, anything with `::`)
or to take an option (an address starting with '-'): those are refused, as are control
characters. A password or token written into an address would be kept in the book folder's
settings and shown in logs, so it is refused with a plain pointer to the computer's own saved
passwords. Plain `git://` and `http://` send everything unprotected, so they are accepted only
for this computer itself (127.0.0.1 or localhost), which is where the tests' servers listen.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from coauthor_desk.problems import BookError, Problem

SERVER, FOLDER = "server", "folder"
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHORT_SSH = re.compile(r"^(?P<user>[^@/:\s]+@)?(?P<host>[^@/:\s]+):(?P<path>.*)$")
# Tokens from the services people use (GitHub, GitLab, Bitbucket, Azure), and anything long
# and random-looking where only a user name should be.
_TOKEN = re.compile(r"^(gh[pousr]_|github_pat_|glpat-|glptt-|ATBB|x-access-token|oauth2)"
                    r"|^[A-Za-z0-9_\-]{30,}$")
# Folders that a cloud service copies in the background: several people writing to a shared
# copy there can lose each other's work when the service copies half-written files.
_CLOUD = ("dropbox", "onedrive", "google drive", "googledrive", "my drive", "icloud drive",
          "icloud", "mobile documents", "cloudstorage")
WHERE = "the address of the shared copy"
_SAVED_PASSWORDS = ("Remove it from the address and let this computer keep it: its saved "
                    "passwords (the system's password store) for https, or an ssh key for "
                    "ssh. The first time, sign in once with the server's own tools.")


@dataclass(frozen=True)
class Address:
    """A checked address: its kind, the text given to git, and warnings to show."""

    kind: str  # SERVER or FOLDER
    text: str
    warnings: list[str] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The address as people see it (a folder as its path)."""
        return self.text


def refused(what: str, todo: str) -> BookError:
    return BookError(Problem(WHERE, what, todo))


def check_address(given: str, base: Path | None = None) -> Address:
    """The address as given, checked; a folder is made whole (relative to `base`)."""
    text = given.strip()
    if not text:
        raise refused("No address was given.", "Give the https or ssh address of the shared "
                      "copy, or the folder where it is kept.")
    if _CONTROL.search(text):
        raise refused("The address holds invisible control characters.",
                      "Type the address again, or copy it afresh from the server's page.")
    if text.startswith("-"):
        raise refused("An address cannot start with '-'.", "Check the address and try again.")
    if "::" in text:
        raise refused("This kind of address asks the computer to run a program, so it is "
                      "not used.", "Give an https or ssh address, or a folder.")
    if "://" in text:
        return _url(text)
    short = _SHORT_SSH.match(text)
    if short and not _looks_like_drive(text) and not os.path.isabs(text):
        if short.group("host").startswith("-"):
            raise refused("The server's name cannot start with '-'.",
                          "Check the address and try again.")
        return Address(SERVER, text)
    return folder_address(text, base)


def _url(text: str) -> Address:
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (a port that is not a number is refused here)
    except ValueError:
        raise refused("This address cannot be read.", "Copy it again from the server's page "
                      "and try again.") from None
    scheme = parts.scheme.lower()
    if parts.password is not None or (parts.username and _TOKEN.search(parts.username)):
        raise refused("The address has a password or access key written into it, which would "
                      "be kept in the book folder for anyone to read.", _SAVED_PASSWORDS)
    if scheme == "file":
        return folder_address(parts.path)
    if scheme not in ("https", "ssh", "http", "git"):
        raise refused(f"Addresses starting with '{scheme}://' are not used.",
                      "Give an https or ssh address, or a folder.")
    if not host or host.startswith("-"):
        raise refused("The address names no server.", "Check the address and try again.")
    if scheme in ("http", "git") and host not in _LOOPBACK:
        raise refused("This kind of address sends the book unprotected over the network.",
                      "Use the server's https or ssh address instead.")
    return Address(SERVER, text)


def _looks_like_drive(text: str) -> bool:
    """C:\\Books or C:/Books is a folder on Windows, not a server called C."""
    return len(text) >= 2 and text[1] == ":" and text[0].isalpha() and \
        (len(text) == 2 or text[2] in "\\/")


def folder_address(text: str, base: Path | None = None) -> Address:
    """A folder for the shared copy: made whole, and warned about when a cloud service
    copies it."""
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    path = Path(os.path.abspath(path))
    if not path.parent.is_dir():
        raise refused(f"The folder {path.parent} does not exist.", "Choose a folder that "
                      "exists (on a shared drive, say), or make it first.")
    return Address(FOLDER, str(path), cloud_warnings(path))


def cloud_warnings(path: Path) -> list[str]:
    """A warning when the folder is inside one that a cloud service copies in the background."""
    parts = [part.lower() for part in path.parts]
    if any(any(name in part for name in _CLOUD) for part in parts):
        return [f"{path} is inside a folder that a cloud service (Dropbox, OneDrive, Google "
                "Drive or iCloud) copies in the background. When several people share through "
                "it at once, some changes can be lost. A folder on a network drive, or a "
                "server, is safer."]
    return []
