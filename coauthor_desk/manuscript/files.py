"""The one place that reads and writes files in a book folder.

Reading refuses anything that is not plain UTF-8 text inside the book folder. Writing goes to a
temporary file first and then replaces the old one, and refuses to overwrite a file that changed
on disk since it was read, so no words are ever half-written or silently lost.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coauthor_desk.problems import BookError, Problem

MAX_TEXT_BYTES = 4 * 1024 * 1024
TEMP_SUFFIX = ".coauthor-tmp"


def fingerprint(data: bytes) -> str:
    """A short id of a file's exact bytes, to notice when it changed on disk."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class TextFile:
    """A text file as it was read: its words and the fingerprint of its bytes on disk."""

    relative: str
    text: str
    fingerprint: str


def inside_book(root: Path, relative: str) -> Path:
    """The full path of `relative`, refusing anything that points outside the book folder."""
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or relative[1:3] == ":/" or relative[1:3] == ":\\" or ".." in pure.parts:
        raise BookError(
            Problem(
                relative,
                "This path points outside the book folder.",
                "Use a path inside the book folder, such as chapters/my-chapter.md.",
            )
        )
    path = root.joinpath(*pure.parts)
    try:
        real = path.resolve()
        real.relative_to(root.resolve())
    except ValueError:
        raise BookError(
            Problem(
                relative,
                "This file is a link to a place outside the book folder, so it was not opened.",
                "Replace the link with a real copy of the file inside the book folder.",
            )
        ) from None
    return path


def read_text(root: Path, relative: str) -> TextFile:
    """Read a UTF-8 text file from the book folder, or say plainly why it cannot be used."""
    path = inside_book(root, relative)
    if not path.exists():
        raise BookError(Problem(relative, "This file is missing.", "Put the file back, or "
                                "remove it from the list in book.yaml."))
    if not path.is_file():
        raise BookError(Problem(relative, "This is a folder, not a file.", "Rename the folder "
                                "or put the right file in its place."))
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise BookError(
                Problem(
                    relative,
                    f"This file is {size / 1024 / 1024:.0f} MB, far larger than any chapter or "
                    f"record can be (the limit is {MAX_TEXT_BYTES // 1024 // 1024} MB).",
                    "Check that it is the right file; split a very long chapter into several.",
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise BookError(Problem(relative, f"This file could not be read ({error.strerror}).",
                                "Check that it is not open elsewhere and that you may read "
                                "it.")) from None
    return TextFile(relative, decode_text(relative, data), fingerprint(data))


def decode_text(relative: str, data: bytes) -> str:
    """Bytes to text with Unix line endings; binary or non-UTF-8 data is refused plainly."""
    if b"\0" in data:
        raise BookError(Problem(relative, "This file is not text: it looks like a picture, a "
                                "Word file or another binary file.", "Keep only Markdown or "
                                "YAML text files here; import Word files instead of copying "
                                "them in."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BookError(Problem(relative, "This file is not saved as UTF-8 text, so some letters "
                                "cannot be read.", "Open it in a text editor and save it with "
                                "the UTF-8 encoding.", line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_text(root: Path, relative: str, text: str, expected: str | None) -> str:
    """Save `text` safely and return the new fingerprint.

    `expected` is the fingerprint of the file as it was read, or None for a file that must not
    exist yet. If the file on disk is not what was read, nothing is written.
    """
    path = inside_book(root, relative)
    current = fingerprint(path.read_bytes()) if path.is_file() else None
    if current != expected:
        what = ("This file was changed outside CoAuthor Desk since it was opened."
                if current is not None else "This file was removed since it was opened.")
        if expected is None:
            what = "A file with this name already exists."
        raise BookError(Problem(relative, what, "Nothing was saved. Open the book again to see "
                                "the newest text, then make your change again."))
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return fingerprint(data)
