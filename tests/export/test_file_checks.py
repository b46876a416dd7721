"""Every file we make is checked before it is saved: real files from a real export, broken on
purpose, are refused with a plain message, and a file already at the place is left untouched."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DictionaryObject, NameObject

from coauthor_desk.export.assemble import assemble_book
from coauthor_desk.export.file_checks import check_file, epubcheck_command
from coauthor_desk.export.outputs import render, save_file
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book

OLD = b"the file that was here before"


@pytest.fixture(scope="module")
def made(_example_master: Path) -> dict[str, bytes]:
    """The example book's draft as the three kinds of file, made for real."""
    opened = open_book(_example_master)
    assembled = assemble_book(opened, draft=True)
    return {to: render(assembled, to, opened.book.root) for to in ("docx", "epub", "pdf")}


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None],
           first: str | None = None) -> bytes:
    """The same zip with each part changed (None leaves it out); `first` goes first."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w") as new:
        names = archive.namelist()
        if first:
            names = [first] + [n for n in names if n != first]
        for info in (archive.getinfo(n) for n in names):
            changed = change(info.filename, archive.read(info))
            if changed is not None:
                new.writestr(info, changed)
    return out.getvalue()


def _pdf_with_a_font_left_out() -> bytes:
    """A PDF whose page uses Helvetica without carrying the font."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = writer._add_object(DictionaryObject({  # noqa: SLF001 (pypdf has no public way)
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BROKEN: list[tuple[str, str, Callable[[dict[str, bytes]], bytes], str]] = [
    ("pdf cut short", "pdf", lambda m: m["pdf"][:len(m["pdf"]) // 2], "not a whole PDF"),
    ("pdf with its middle cut out", "pdf",
     lambda m: m["pdf"][:len(m["pdf"]) // 3] + m["pdf"][-2000:], "could not be read back"),
    ("pdf without its font", "pdf", lambda m: _pdf_with_a_font_left_out(),
     "the font /Helvetica is not in it"),
    ("word file with a broken part", "docx", lambda m: _rezip(m["docx"], lambda n, d: d[:-40]
                                                             if n == "word/document.xml" else d),
     "the part word/document.xml is not well-formed XML"),
    ("word file without its document", "docx", lambda m: _rezip(
        m["docx"], lambda n, d: None if n == "word/document.xml" else d),
     "the part word/document.xml is missing"),
    ("word file cut short", "docx", lambda m: m["docx"][:5000], "not a whole zip file"),
    ("e-book without its package document", "epub", lambda m: _rezip(
        m["epub"], lambda n, d: None if n.endswith(".opf") else d, "mimetype"),
     "the part EPUB/content.opf is missing"),
    ("e-book with a broken page", "epub", lambda m: _rezip(
        m["epub"], lambda n, d: d.replace(b"</body>", b"") if n.endswith("ch002.xhtml") else d,
        "mimetype"), "not well-formed XML"),
    ("e-book without its mimetype first", "epub", lambda m: _rezip(
        m["epub"], lambda n, d: d, "META-INF/container.xml"), "start with its 'mimetype'"),
]


@pytest.mark.parametrize("name, to, breaking, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_refused_plainly_and_the_old_file_stays(
        made, tmp_path: Path, name: str, to: str, breaking, words: str):
    broken = breaking(made)
    target = tmp_path / f"book.{to}"
    target.write_bytes(OLD)
    with pytest.raises(BookError) as refused:
        save_file(broken, target, tmp_path / "somebook", to)
    message = refused.value.plain()
    assert str(target) in message and words in message, message
    assert "was not saved" in message and "Traceback" not in message
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], "nothing left behind"


def test_the_kind_of_file_is_known_by_its_first_bytes_when_its_name_does_not_say(made,
                                                                                tmp_path: Path):
    target = tmp_path / "book-copy"
    target.write_bytes(OLD)
    with pytest.raises(BookError):
        save_file(made["pdf"][:3000], target, tmp_path / "somebook")
    assert target.read_bytes() == OLD
    for to in ("docx", "epub", "pdf"):
        assert save_file(made[to], tmp_path / f"copy-{to}", tmp_path / "somebook").is_file()


def test_whole_files_pass_and_are_saved(made, tmp_path: Path):
    for to in ("docx", "pdf"):
        assert check_file(made[to], to, f"book.{to}") == []
        path = save_file(made[to], tmp_path / f"book.{to}", tmp_path / "somebook", to)
        assert path.read_bytes() == made[to]


def test_epubcheck_is_run_on_the_e_book_and_its_errors_refuse_it(made, tmp_path: Path):
    if epubcheck_command() is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed: .ci/run installs it")
        pytest.skip("epubcheck is not installed (sudo apt install epubcheck)")
    assert check_file(made["epub"], "epub", "book.epub") == []
    # Well-formed, laid out right, but a link leads nowhere: only epubcheck sees that.
    linked = _rezip(made["epub"], lambda n, d: d.replace(b"</body>", b'<p><a href="#nowhere">'
                                                         b"x</a></p></body>", 1)
                    if n.endswith("ch002.xhtml") else d, "mimetype")
    target = tmp_path / "book.epub"
    target.write_bytes(OLD)
    with pytest.raises(BookError) as refused:
        save_file(linked, target, tmp_path / "somebook", "epub")
    assert "epubcheck, found 1 error" in refused.value.plain()
    assert "ch002.xhtml" in refused.value.plain()
    assert target.read_bytes() == OLD


def test_without_epubcheck_the_e_book_is_still_checked_and_saved_with_a_note(
        made, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a computer without epubcheck (nor Java)
    notes: list[str] = []
    path = save_file(made["epub"], tmp_path / "book.epub", tmp_path / "somebook", "epub", notes)
    assert path.read_bytes() == made["epub"]
    assert len(notes) == 1 and "not on this computer" in notes[0]
    assert "sudo apt install epubcheck" in notes[0]
    broken = _rezip(made["epub"], lambda n, d: None if n.endswith(".opf") else d, "mimetype")
    with pytest.raises(BookError):
        save_file(broken, tmp_path / "book.epub", tmp_path / "somebook", "epub")
    assert path.read_bytes() == made["epub"]
