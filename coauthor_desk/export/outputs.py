"""Assembled Markdown into the files people read: DOCX and EPUB through pandoc, PDF through
pandoc's Typst writer and the typst package, plain text for audio.

Every run uses our own styles, filter and template from resources/export, never anything from
the book folder, and the finished file is written whole or not at all.
"""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from coauthor_desk import RESOURCES
from coauthor_desk.agreements.privacy import BIBLIOGRAPHY
from coauthor_desk.checks.characters import plain_details
from coauthor_desk.export.assemble import Assembled, made_on
from coauthor_desk.export.chapter_text import for_output
from coauthor_desk.export.file_checks import check_file, kind_of
from coauthor_desk.export.links import odd_addresses
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.export.pictures import copy_pictures
from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError, Problem

log = logging.getLogger(__name__)
FORMATS = ("docx", "pdf", "epub")
TEMPLATES = RESOURCES / "export"
# Chapter text is Markdown and nothing more: no details block of its own, no raw Word, Typst,
# HTML or LaTeX passed straight through, no HTML <div> or <span> made into boxes, and no
# attributes on words, links, code, headings or tables (they can carry raw Typst as
# 'typst:...', scripts into an e-book, or any Word style). Boxes keep only their class
# (chapter_text.only_our_boxes).
READ_AS = ("markdown-yaml_metadata_block-raw_attribute-raw_tex-raw_html-bracketed_spans"
           "-native_spans-native_divs-link_attributes-inline_code_attributes"
           "-fenced_code_attributes-header_attributes-table_attributes")
WHAT = {"docx": "Word file", "pdf": "PDF", "epub": "e-book"}

# Reports progress: what is happening now, and how many steps of how many are done.
Progress = Callable[[str, int, int], None]


def no_progress(_what: str, _done: int, _total: int) -> None:
    """For callers that do not show progress."""


def render(assembled: Assembled, to: str, book_root: Path, large_print: bool = False) -> bytes:
    """The file's bytes in format `to`: docx, pdf, epub, txt (for reading aloud) or typst (the
    PDF's source)."""
    with tempfile.TemporaryDirectory(prefix="coauthor-export-") as work:
        folder = Path(work)
        markdown = for_output(assembled.markdown, "typst" if to == "pdf" else to)
        (folder / "book.md").write_text(markdown, "utf-8")
        details = assembled.metadata() | {"made": made_on()}
        if large_print:
            details["large-print"] = "true"
        (folder / "details.yaml").write_text(yaml.safe_dump(plain_details(details),
                                                            allow_unicode=True), "utf-8")
        # Only Markdown with '![' has pictures, and only Markdown with an odd kind of address
        # could link to a program or a file: without either, no filter (it slows pandoc).
        pictures = copy_pictures(assembled.pictures, folder) if "![" in markdown else None
        odd_links = odd_addresses(markdown)
        # Without a bibliography, '@name' is just words, not a citation to look up.
        read_as = READ_AS if assembled.bibliography else READ_AS + "-citations"
        arguments = ["-f", read_as, "--metadata-file", str(folder / "details.yaml"),
                     str(folder / "book.md")]
        if pictures or odd_links:
            arguments += ["--lua-filter", str(TEMPLATES / "pictures.lua")]
        if assembled.bibliography:
            arguments += ["--citeproc", "--bibliography",
                          str(files.inside_book(book_root, BIBLIOGRAPHY))]
        made = run_pandoc(arguments + _writer_options("typst" if to == "pdf" else to, details),
                          what=assembled.title, pictures=pictures)
        if to == "epub":
            made = dated_e_book(made, datetime.now(UTC))
        return typeset(made, folder) if to == "pdf" else made


_MODIFIED = re.compile(rb'(<meta property="dcterms:modified">)[^<]*(</meta>)')


def dated_e_book(data: bytes, when: datetime) -> bytes:
    """The e-book with the time it was made as its last change (pandoc, in sandbox mode, has
    no clock and writes 1970). Every part keeps its place and packing; `mimetype` stays first
    and unpacked, as e-book readers need."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            part = old.read(info)
            if info.filename.endswith(".opf"):
                part = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", part)
            new.writestr(info, part)
    return out.getvalue()


def _writer_options(to: str, details: dict[str, Any] | None = None) -> list[str]:
    """Pandoc's options for one format. `details` (the book's metadata) chooses the Word
    house style: its page size, and the draft or review-copy marking in every page's header."""
    details = details or {}
    contents = ["--toc", "--toc-depth=1"]
    if to == "docx":
        return ["-t", "docx", *contents, "--reference-doc", str(reference_doc(details)),
                "-o", "-"]
    if to == "epub":
        # In sandbox mode pandoc may not open a style sheet, so it goes in as text. The e-book's
        # record carries the book's real date, not pandoc's 1970.
        style = (TEMPLATES / "epub.css").read_text("utf-8")
        return ["-t", "epub3", *contents, "--split-level=1",
                "-M", f"date={details.get('day') or made_day()}",
                "-V", f"header-includes=<style>{style}</style>", "-o", "-"]
    if to == "txt":
        return ["-t", "plain", "--wrap=none"]
    if to == "typst":
        return ["-t", "typst", "--template", str(TEMPLATES / "book.typst")]
    raise ValueError(f"unknown format {to}")


def reference_doc(details: dict[str, Any]) -> Path:
    """The Word house style for this page size and marking (built by build_reference_docx.py):
    Word has no way to show a draft marking in the header of a document that does not carry it,
    so each marking has its own reference document."""
    page = "-a4" if details.get("page-a4") else ""
    mark = {"Draft": "-draft", "Review copy": "-review"}.get(details.get("mark") or "", "")
    return TEMPLATES / f"reference{page}{mark}.docx"


def made_day() -> str:
    """Today as YYYY-MM-DD, for a file made without the book's details."""
    return date.today().isoformat()


def typeset(typst_source: bytes, folder: Path) -> bytes:
    """A PDF from Typst source, compiled with only `folder` visible to it."""
    import typst

    (folder / "book.typ").write_bytes(typst_source)
    try:
        return typst.compile(str(folder / "book.typ"), root=str(folder))
    except Exception as error:  # typst raises its own error types, with a message for people
        log.info("typst failed: %s", error)
        said = (str(error).strip().splitlines() or ["nothing"])[0]
        raise BookError(Problem("the PDF", f"The PDF could not be typeset. Typst said: {said}",
                                "Make a Word file instead, and tell the developers.")) from None


def save_here(book_root: Path) -> Path:
    """Where a file is saved when nobody said: the current folder, unless that is inside the
    book folder, which holds only the book's own files; then the folder the book is in."""
    here = Path.cwd().resolve()
    root = book_root.resolve()
    return root.parent if here == root or root in here.parents else here


def save_file(data: bytes, path: Path, book_root: Path, to: str | None = None,
              notes: list[str] | None = None) -> Path:
    """Write a finished export whole: a temporary file beside it, then a swap. Never inside the
    book folder, where it could take the place of a chapter, and never a broken file: a Word
    file, e-book or PDF (`to`, or else known by its name or first bytes) is checked first, and
    plain notes about the check go into `notes`."""
    path = path.expanduser().resolve()
    root = book_root.resolve()
    if path == root or root in path.parents:
        raise BookError(Problem(str(path), "Exports are not saved inside the book folder, so "
                                "they can never take the place of the book's own files.",
                                "Choose a place outside the book folder."))
    if path.is_dir():
        raise BookError(Problem(str(path), "This is a folder, not a file name.",
                                "Give a file name to save to, such as book.docx."))
    if not path.parent.is_dir():
        raise BookError(Problem(str(path), "The folder to save in does not exist.",
                                "Make the folder first, or choose another place."))
    kind = to or kind_of(data, path.name)
    if kind in WHAT:
        said = check_file(data, kind, str(path))
        for note in said:
            log.info("%s: %s", path, note)
        if notes is not None:
            notes += said
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # a file to share, not a private temporary one
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise BookError(Problem(str(path), f"The file could not be saved ({error.strerror}).",
                                "Choose another place to save it.")) from None
    return path
