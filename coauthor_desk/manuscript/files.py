"""The one place that reads and writes files in a book folder.

Reading refuses anything that is not plain UTF-8 text inside the book folder. Writing goes to a
temporary file first and then replaces the old one, and refuses to overwrite a file that changed
on disk since it was read, so no words are ever half-written or silently lost.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from coauthor_desk.problems import BookError, Problem

MAX_TEXT_BYTES = 4 * 1024 * 1024
TEMP_SUFFIX = ".coauthor-tmp"
LOCAL_FOLDER = ".coauthor"


def fingerprint(data: bytes) -> str:
    """The id of a file's exact bytes, the same one git gives it (its blob id).

    Used to notice a file that changed on disk, as the key of the details cache, and as the
    "content id" that names which version of a text someone saw.
    """
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class TextFile:
    """A text file as it was read: its words and the fingerprint of its bytes on disk."""

    relative: str
    text: str
    fingerprint: str


def inside_book(root: Path, relative: str) -> Path:
    """The full path of `relative`, refusing anything that points outside the book folder."""
    return Path(_inside_book(root, relative))


def check_relative(relative: str) -> list[str]:
    """The parts of a relative path, refusing by its spelling alone one that leads outside."""
    parts = relative.replace("\\", "/").split("/")
    if relative.startswith(("/", "\\")) or relative[1:2] == ":" or ".." in parts:
        raise BookError(Problem(relative, "This path points outside the book folder.",
                                "Use a path inside the book folder, such as "
                                "chapters/my-chapter.md."))
    return parts


def _inside_book(root: Path, relative: str) -> str:
    # Plain strings rather than pathlib: this runs for every file each time a book opens.
    parts = check_relative(relative)
    base = os.fspath(root)
    path = base
    outside_possible = False
    for part in parts:
        path = os.path.join(path, part)
        # Once ".." is refused, only a link can lead outside; looking for links is far
        # cheaper than resolving every path.
        outside_possible = outside_possible or os.path.islink(path)
    if outside_possible:
        real, real_root = os.path.realpath(path), os.path.realpath(base)
        if os.path.commonpath([real, real_root]) != real_root:
            raise BookError(Problem(relative, "This file is a link to a place outside the book "
                                    "folder, so it was not opened.", "Replace the link with a "
                                    "real copy of the file inside the book folder."))
    return path


def read_text(root: Path, relative: str) -> TextFile:
    """Read a UTF-8 text file from the book folder, or say plainly why it cannot be used.

    Only regular files are read: a named pipe would wait for ever for a writer and a device
    could give bytes without end, so both are refused before (and again after) opening.
    """
    path = _inside_book(root, relative)
    try:
        refuse_special(relative, os.stat(path).st_mode)
        # Not blocking: a pipe swapped in after the check above must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            refuse_special(relative, status.st_mode)
            size = status.st_size
            if size > MAX_TEXT_BYTES:
                raise _too_large(relative, size)
            # Read what fstat promised and one byte more: that byte tells a file that grew
            # since, which is then read on only up to one byte past the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_TEXT_BYTES + 1 - len(data))
            if len(data) > MAX_TEXT_BYTES:
                raise _too_large(relative, len(data))
    except FileNotFoundError:
        raise BookError(Problem(relative, "This file is missing.", "Put the file back, or "
                                "remove it from the list in book.yaml.")) from None
    except IsADirectoryError:
        raise _a_folder(relative) from None
    except OSError as error:
        raise BookError(Problem(relative, f"This file could not be read ({error.strerror}).",
                                "Check that it is not open elsewhere and that you may read "
                                "it.")) from None
    return TextFile(relative, decode_text(relative, data), fingerprint(data))


def refuse_special(relative: str, mode: int) -> None:
    """Refuse at once anything that is not a regular file, saying what it is instead."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _a_folder(relative)
    kind = ("a named pipe (a channel between two programs)" if stat.S_ISFIFO(mode) else
            "a socket (a channel between two programs)" if stat.S_ISSOCK(mode) else
            "a device (like a disk or a terminal)" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a special kind of file")
    raise BookError(Problem(relative, f"This is {kind}, not a text file, so it was not "
                            "opened.", "Remove it and put the real file in its place."))


def _a_folder(relative: str) -> BookError:
    return BookError(Problem(relative, "This is a folder, not a file.", "Rename the folder or "
                             "put the right file in its place."))


def _too_large(relative: str, size: int) -> BookError:
    return BookError(Problem(
        relative, f"This file is {size / 1024 / 1024:.0f} MB, far larger than any chapter or "
        f"record can be (the limit is {MAX_TEXT_BYTES // 1024 // 1024} MB).", "Check that it "
        "is the right file; split a very long chapter into several."))


def decode_text(relative: str, data: bytes) -> str:
    """Bytes to text with Unix line endings; binary or non-UTF-8 data is refused plainly."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BookError(Problem(relative, "This file is saved as UTF-16 (called 'Unicode' in "
                                "some editors), not as UTF-8 text.", "Open it in a text editor "
                                "and save it with the UTF-8 encoding."))
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
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


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
    observer = _write_observer.get()
    if observer is not None and not relative.startswith(f"{LOCAL_FOLDER}/"):
        observer(relative.replace("\\", "/"))
    write_bytes(path, data)
    return fingerprint(data)


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Put `data` at `path` all at once: written to a temporary file beside it (flushed to the
    disk when `durable`), then put in place. A crash leaves the old file or the new one, never
    half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Who is told before a book file is written: the history's transaction, which keeps the old
# bytes first, so that every file written while it is open is saved in one version or put back.
_write_observer: ContextVar[Callable[[str], None] | None] = ContextVar("write_observer",
                                                                      default=None)


@contextmanager
def observe_writes(observer: Callable[[str], None]) -> Iterator[None]:
    """While open, `observer(relative)` is called before each book file is written."""
    token = _write_observer.set(observer)
    try:
        yield
    finally:
        _write_observer.reset(token)
