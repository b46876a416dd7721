"""Broken Word files, made at test time: each is a file someone might really send or pick.

They are made rather than kept in the project because nearly all of them are binary, and a few
(a missing file, a folder) cannot be kept at all. Each case names the file to make, how to make
it, and words the plain message about it must say. Every case must be refused with a message that
names the file and says what to do, with nothing changed in the book folder.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx

# The first bytes of an OLE compound file: old .doc files, and Word files with a password
# (Word keeps an encrypted .docx inside one).
OLE_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def good_docx() -> bytes:
    """A small real Word file, made with python-docx."""
    document = docx.Document()
    document.add_heading("My story", level=1)
    document.add_paragraph("My name is Sam and this is my story.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _without(name: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(io.BytesIO(good_docx())) as archive:
            files = {n: archive.read(n) for n in archive.namelist() if n != name}
        path.write_bytes(_zip(files))
    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _truncated(path: Path) -> None:
    data = good_docx()
    path.write_bytes(data[: len(data) // 2])


def _scrambled(path: Path) -> None:
    """A real Word file whose packed main text was damaged in transit (its check sum fails)."""
    data = bytearray(good_docx())
    start = data.find(b"word/document.xml") + len(b"word/document.xml")
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def _broken_xml(path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(good_docx())) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    files["word/document.xml"] = b"<w:document><w:body><w:p>not closed"
    path.write_bytes(_zip(files))


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.docx").write_bytes(good_docx())


def _nothing(path: Path) -> None:
    """The file is not made at all: a name typed wrong, or a file moved away."""


@dataclass(frozen=True)
class Case:
    name: str  # the file's name, as the person picked it
    make: Callable[[Path], None]
    words: str  # must be in the message (in any case)


CASES: dict[str, Case] = {case.name: case for case in [
    Case("missing.docx", _nothing, "there is no file"),
    Case("a-folder.docx", _folder, "folder"),
    Case("empty.docx", _bytes(b""), "empty"),
    Case("text-renamed.docx", _bytes(b"My story\n\nMy name is Sam.\n"), "plain text"),
    Case("random-bytes.docx", _bytes(bytes(range(256)) * 8), "not really a word file"),
    Case("not-word.docx", _bytes(_zip({"notes.txt": b"hello", "photo.jpg": b"\xff\xd8"})),
         "not a word file"),
    Case("opendocument.docx", _bytes(_zip({"mimetype": b"application/vnd.oasis.opendocument"
                                                        b".text", "content.xml": b"<x/>"})),
         "opendocument"),
    Case("no-main-text.docx", _without("word/document.xml"), "not a word file"),
    Case("password.docx", _bytes(OLE_START + bytes(504)), "password"),
    Case("half-downloaded.docx", _truncated, "damaged"),
    Case("scrambled.docx", _scrambled, "damaged"),
    Case("broken-inside.docx", _broken_xml, "could not be read"),
    Case("old-word.doc", _bytes(OLE_START + bytes(504)), "old format"),
    Case("libreoffice.odt", _bytes(_zip({"content.xml": b"<x/>"})), "opendocument"),
    Case("chapter.pdf", _bytes(b"%PDF-1.7\n"), "pdf"),
    Case("chapter.md", _bytes(b"# My story\n"), "text file"),
    Case("no-ending", _bytes(good_docx()), "no ending"),
    Case("macros.docm", _bytes(good_docx()), "macros"),
]}
