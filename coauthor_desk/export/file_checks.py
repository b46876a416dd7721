"""Every file we make is read back before it is saved: a broken file is never handed on.

A Word file must be a whole zip whose every part is well-formed XML, with the parts Word needs;
an e-book must be a whole zip laid out as EPUB requires (its 'mimetype' first, a container that
names a package document, every file the package lists), every XML part well-formed, and it is
given to epubcheck (the reference EPUB checker) when that is installed and the book is not so big
that the check would take longer than making it; a PDF must open, have pages and carry every
font it uses. A failed check is a plain message, and the caller saves nothing.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree
from xml.parsers import expat

from coauthor_desk.problems import BookError, Problem

log = logging.getLogger(__name__)
WHAT = {"docx": "Word file", "pdf": "PDF", "epub": "e-book"}
# epubcheck (Java) is slow beside pandoc: 5.6 s on the example book, which pandoc makes in 1.1 s,
# and 5.3 s against pandoc's 7.2 s on the benchmark book (300,000 words). It runs on every
# e-book all the same: a broken e-book is only found by it, and seconds are cheap beside that.
EPUBCHECK_SECONDS = 600
_XML_PART = (".xml", ".rels", ".xhtml", ".opf", ".ncx", ".html", ".svg")
# A font object's type, and the header of the object it is in ('12 0 obj').
_FONT_TYPE = re.compile(rb"/Type\s*/Font\b")
_OBJECT_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_EPUBCHECK_ERROR = re.compile(r"^(?:ERROR|FATAL)\([A-Z]+-\d+\): (?:[^:]*?\.epub/)?(.*)$",
                              re.MULTILINE)


def kind_of(data: bytes, name: str) -> str | None:
    """docx, epub or pdf: by the file's name, or else by how it starts."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in WHAT:
        return suffix
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        return "epub" if data[30:38] == b"mimetype" else "docx"
    return None


def check_file(data: bytes, to: str, name: str) -> list[str]:
    """Check a finished file of kind `to` (docx, epub or pdf) before it is saved as `name`.

    Returns plain notes about checks that could not be made (epubcheck missing); raises a
    BookError naming the file and what to do when the file is broken."""
    try:
        if to == "docx":
            _check_docx(data)
        elif to == "epub":
            _check_epub(data)
            return _epubcheck(data)
        elif to == "pdf":
            _check_pdf(data)
    except Broken as broken:
        log.info("the %s made for %s failed its check: %s", to, name, broken)
        raise BookError(Problem(name, f"The {WHAT[to]} that was made is broken, so it was not "
                                f"saved ({broken}). Any file already there is as it was.",
                                "Tell the developers what you were making, and make another "
                                "kind of file meanwhile.")) from None
    return []


class Broken(Exception):
    """What is wrong with a file, in a few plain words."""


def _zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Broken("it is not a whole zip file") from None
    return archive


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A small part read as XML, to look at its structure."""
    try:
        return ElementTree.fromstring(_read(archive, name))
    except ElementTree.ParseError as error:
        raise Broken(f"the part {name} is not well-formed XML: {error}") from None


def _all_parts(archive: zipfile.ZipFile) -> None:
    """Read every part (zip checks each one's checksum) and check every XML part is
    well-formed, namespaces included (Python's expat, which builds nothing, so it is quick)."""
    for name in archive.namelist():
        data = _read(archive, name)
        if name.lower().endswith(_XML_PART):
            try:
                expat.ParserCreate(namespace_separator=" ").Parse(data, True)
            except expat.ExpatError as error:
                raise Broken(f"the part {name} is not well-formed XML: {error}") from None


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise Broken(f"the part {name} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Broken(f"the part {name} is damaged") from None


def _check_docx(data: bytes) -> None:
    archive = _zip(data)
    for needed in ("[Content_Types].xml", "_rels/.rels", "word/document.xml"):
        if needed not in archive.namelist():
            raise Broken(f"the part {needed} is missing")
    _all_parts(archive)
    names = set(archive.namelist())
    relations = _xml(archive, "word/_rels/document.xml.rels") \
        if "word/_rels/document.xml.rels" in names else None
    for relation in relations if relations is not None else []:
        if relation.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join("word", relation.get("Target", "")))
        if target.lstrip("/") not in names:
            raise Broken(f"the part {target} it refers to is missing")


def _check_epub(data: bytes) -> None:
    archive = _zip(data)
    first = archive.infolist()[0] if archive.infolist() else None
    if first is None or first.filename != "mimetype" or first.compress_type != \
            zipfile.ZIP_STORED or _read(archive, "mimetype") != b"application/epub+zip":
        raise Broken("it does not start with its 'mimetype' as e-books must")
    _all_parts(archive)
    container = _xml(archive, "META-INF/container.xml")
    roots = [e.get("full-path") for e in container.iter() if _local(e.tag) == "rootfile"]
    if not roots or not roots[0]:
        raise Broken("its container names no package document")
    package = _xml(archive, roots[0])
    folder = posixpath.dirname(roots[0])
    names = set(archive.namelist())
    for item in package.iter():
        if _local(item.tag) == "item" and item.get("href"):
            href = posixpath.normpath(posixpath.join(folder, unquote(item.get("href"))))
            if href not in names:
                raise Broken(f"the file {href} its package lists is missing")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _check_pdf(data: bytes) -> None:
    import pypdf
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise Broken("it is not a whole PDF")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        if int(reader.trailer["/Root"]["/Pages"]["/Count"]) <= 0:
            raise Broken("it has no pages")
        if reader.xref_objStm:  # objects packed in streams: walk the pages to find the fonts
            seen: set[int] = set()
            for page in reader.pages:
                _fonts_embedded(page.get("/Resources"), seen)
        else:  # every font is an object of its own: find them by their type (much quicker)
            for number in _font_objects(data):
                _font_embedded(reader.get_object(number))
            _last_page(reader)
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise Broken(f"it could not be read back: {error}") from None


def _font_objects(data: bytes) -> set[int]:
    """The numbers of the objects that say they are fonts (content streams are compressed, so
    their words cannot be mistaken for one; each object found is read and checked anyway)."""
    numbers = set()
    for found in _FONT_TYPE.finditer(data):
        start = data.rfind(b" obj", 0, found.start())
        headers = list(_OBJECT_HEADER.finditer(data, max(start - 40, 0), start + 4))
        if not headers:
            raise Broken("a font in it could not be found")
        numbers.add(int(headers[-1].group(1)))
    return numbers


def _last_page(reader: Any) -> None:
    """Read the way down the page tree to the last page, so a file cut in the middle shows."""
    node = reader.trailer["/Root"]["/Pages"]
    while node.get("/Type") == "/Pages":
        node = _object(node["/Kids"][-1])
    if node.get("/Type") != "/Page":
        raise Broken("its pages could not be found")


def _fonts_embedded(resources: Any, seen: set[int]) -> None:
    """Every font of these resources (and of the drawings they use) carries its own file."""
    resources = _object(resources)
    if not resources:
        return
    for reference in dict(_object(resources.get("/Font")) or {}).values():
        if not _seen(reference, seen):
            _font_embedded(_object(reference))
    for reference in dict(_object(resources.get("/XObject")) or {}).values():
        drawing = _object(reference)
        if not _seen(reference, seen) and drawing.get("/Subtype") == "/Form":
            _fonts_embedded(drawing.get("/Resources"), seen)


def _font_embedded(font: Any) -> None:
    """A font carries its own file (a Type 3 font is drawn by the PDF itself)."""
    if not hasattr(font, "get") or font.get("/Type") != "/Font" or \
            font.get("/Subtype") == "/Type3":
        return
    described = font
    if font.get("/Subtype") == "/Type0":
        described = _object(_object(font["/DescendantFonts"])[0])
    descriptor = _object(described.get("/FontDescriptor")) or {}
    if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
        raise Broken(f"the font {font.get('/BaseFont', 'without a name')} is not in it")


def _object(value: Any) -> Any:
    """The PDF object itself, where `value` refers to it."""
    return value.get_object() if hasattr(value, "get_object") else value


def _seen(reference: Any, seen: set[int]) -> bool:
    """Whether this object was looked at already (fonts and drawings are shared by pages)."""
    number = getattr(reference, "idnum", None)
    if number is None:
        return False
    if number in seen:
        return True
    seen.add(number)
    return False


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here: Debian's command is the jar itself, which is run with Java
    (containers often cannot run a jar directly); elsewhere its own program or script."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    program = Path(found).resolve()
    if program.suffix != ".jar":
        return [str(program)]
    java = shutil.which("java")
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(program)] \
        if java else None


def _epubcheck(data: bytes) -> list[str]:
    command = epubcheck_command()
    if command is None:
        return ["The e-book's layout was checked, but not by epubcheck, the full e-book check, "
                "which is not on this computer (on Debian or Ubuntu: sudo apt install "
                "epubcheck)."]
    with tempfile.TemporaryDirectory(prefix="coauthor-check-") as work:
        book = Path(work) / "book.epub"
        book.write_bytes(data)
        try:
            done = subprocess.run([*command, "--quiet", str(book)], capture_output=True,
                                  text=True, timeout=EPUBCHECK_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.info("epubcheck could not run: %s", error)
            return ["The e-book's layout was checked, but epubcheck, the full e-book check, "
                    "could not be run."]
    said = done.stdout + done.stderr
    errors = _EPUBCHECK_ERROR.findall(said)
    if errors or done.returncode != 0:
        log.info("epubcheck: %s", said)
        raise Broken("the e-book check, epubcheck, found "
                     + (f"{len(errors)} error{'s' if len(errors) != 1 else ''}, the first: "
                        f"{errors[0].strip()}" if errors else "a problem"))
    return []
