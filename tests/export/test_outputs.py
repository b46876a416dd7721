"""The exported files read back: Word (python-docx), PDF (pypdf) and EPUB (its XHTML).

Reference files in tests/export/reference pin the structure of the Word file and of the Typst
source behind the PDF. After a deliberate change, rewrite them with
    UPDATE_REFERENCE=1 .venv/bin/python -m pytest tests/export/test_outputs.py
and read the difference before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from coauthor_desk.export.assemble import assemble_book, key_learnings
from coauthor_desk.export.book_export import default_name, export_book
from coauthor_desk.export.file_checks import check_file, epubcheck_command
from coauthor_desk.export.outputs import render
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.session import open_book

REFERENCE = Path(__file__).parent / "reference"
BODY_STYLES = {"Body Text", "First Paragraph", "Compact"}
BYLINES = ["By Helen Marsh, David Lowe and Priya Raman", "By Amira", "By Tomasz",
           "By a co-author who chose not to be named", "By The Thursday Group"]
HIDDEN = ("Claire", "Bennett", "helen-marsh", "anon-survivor")


@pytest.fixture(scope="module")
def exported(_agreed_master: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    opened = open_book(_agreed_master)
    return {to: export_book(opened, to, folder / default_name(opened, to, False))[0]
            for to in ("docx", "pdf", "epub")}


@pytest.fixture(scope="module")
def chapters(_agreed_master: Path) -> list[str]:
    return [c.title for c in open_book(_agreed_master).book.ordered_chapters()]


def _flat(text: str) -> str:
    """Text as a reader sees it, with pandoc's curly quotes made straight again."""
    text = text.replace("\u00ad", "").translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


def _matches_reference(name: str, text: str) -> None:
    path = REFERENCE / name
    if os.environ.get("UPDATE_REFERENCE"):
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} changed: see the module docstring"


def test_the_word_file_has_every_title_byline_and_key_learning(exported, chapters,
                                                               _agreed_master):
    document = docx.Document(str(exported["docx"]))
    styled = [(p.style.name, _flat(p.text)) for p in document.paragraphs]
    assert [t for s, t in styled if s == "Heading 1"][-len(chapters) - 1:-1] == chapters
    bylines = [t for s, t in styled if s == "Byline"]
    for byline in BYLINES:
        assert byline in bylines
    opened = open_book(_agreed_master)
    learnings = [t for s, t in styled if s == "Compact"]
    for number, words in key_learnings(opened.book, opened.book.ordered_chapters()):
        assert f"{words} (Chapter {number})" in learnings
    assert ("Title", "Our Words, Our Care") in styled
    every_word = "\n".join(t for _, t in styled)
    assert not any(hidden in every_word for hidden in HIDDEN)


def test_the_word_file_matches_its_reference_structure(exported):
    document = docx.Document(str(exported["docx"]))
    lines = [f"{p.style.name}: {p.text[:60]}" for p in document.paragraphs
             if p.style.name not in BODY_STYLES]
    counts = {name: sum(p.style.name == name for p in document.paragraphs)
              for name in sorted(BODY_STYLES)}
    lines.append(f"body paragraphs: {counts}")
    _matches_reference("example-book.docx.txt", "\n".join(lines) + "\n")


def test_the_house_styles_are_real_word_styles(exported):
    names = {style.name for style in docx.Document(str(exported["docx"])).styles}
    assert {"Key Learning", "Box Title", "Commentary", "Byline", "Draft Note",
            "Review Note", "Heading 1", "Heading 2", "Title"} <= names


def test_the_pdf_text_has_every_title_byline_and_the_key_learnings(exported, chapters):
    reader = pypdf.PdfReader(str(exported["pdf"]))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    for title in chapters:
        assert _flat(title) in text
    for byline in BYLINES:
        assert byline in text
    assert "Key learnings" in text and "Notes on contributors" in text
    assert not any(hidden in text for hidden in HIDDEN)
    assert 30 <= len(reader.pages) <= 90


def test_every_chapter_starts_a_page_and_the_contents_give_its_page(exported, chapters):
    reader = pypdf.PdfReader(str(exported["pdf"]))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    contents = next(page for page in pages if page.startswith("Contents"))
    for title in chapters:
        listed = re.search(re.escape(_flat(title)) + r"[ .]*(\d+)", contents)
        assert listed, title
        page = pages[int(listed.group(1)) - 1]
        assert page.startswith(_flat(title)), (title, page[:80])


def test_pages_carry_running_heads_page_numbers_and_embedded_fonts(exported):
    reader = pypdf.PdfReader(str(exported["pdf"]))
    page_texts = [_flat(page.extract_text()) for page in reader.pages]
    continued = [t for t in page_texts if t.startswith("Therapy in a second language ")
                 and "By Tomasz" not in t]
    assert continued, "a page that continues chapter 8 is headed with its title"
    numbered = [t for t in page_texts[2:] if re.search(r"\b\d+$", t)]
    assert len(numbered) >= len(page_texts) - 3
    for page in reader.pages[:5]:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_long_words_are_hyphenated_at_line_ends(exported):
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(exported["pdf"])).pages)
    # The hyphen typst adds may be read back as a soft hyphen (U+00AD).
    broken = re.findall(r"[a-z]+[-\u00ad]\n[a-z]+", text)
    assert len(broken) >= 5, broken  # such as "particu-" then "larly"


def test_the_typst_source_matches_its_reference_structure(_agreed_master):
    opened = open_book(_agreed_master)
    source = render(assemble_book(opened), "typst", opened.book.root).decode("utf-8")
    structure = [line[:70] for line in source.splitlines()
                 if re.match(r"#(heading|outline|page|set page|show)|=+ |\] <", line)]
    _matches_reference("example-book.typst.txt", "\n".join(structure) + "\n")


def test_the_e_book_lists_every_chapter_and_keeps_hidden_names_out(exported, chapters):
    with zipfile.ZipFile(exported["epub"]) as book:
        names = book.namelist()
        navigation = book.read("EPUB/nav.xhtml").decode("utf-8")
        every_page = " ".join(book.read(n).decode("utf-8") for n in names
                              if n.endswith(".xhtml"))
    for title in chapters:
        assert title in _flat(navigation)
    assert 'class="key-learning"' in every_page and 'class="byline"' in every_page
    assert not any(hidden in every_page for hidden in HIDDEN)


def test_a_draft_pdf_is_marked_on_the_title_page_and_every_page(example_book, tmp_path):
    path, _ = export_book(open_book(example_book), "pdf", tmp_path / "draft.pdf", draft=True)
    reader = pypdf.PdfReader(str(path))
    assert "DRAFT ·" in _flat(reader.pages[0].extract_text())
    assert "Edited by Helen Marsh, David Lowe, Priya Raman" in _flat(
        reader.pages[0].extract_text())
    # Beside the page number, not only in the light words behind the text.
    assert all(re.search(r"Draft \d+$", _flat(page.extract_text()))
               for page in reader.pages[1:])


def test_a_book_that_cites_nothing_has_no_references_heading(small_book, tmp_path):
    (small_book / "references.bib").write_text(
        "@book{marsh2021,\n  author = {Marsh, Helen},\n  title = {Words After the Report},\n"
        "  publisher = {Northern Press},\n  year = {2021}\n}\n", "utf-8")
    save_chapter(open_book(small_book).book, "my-story", "No one is cited here.\n\n"
                 "# References\n")
    path, _ = export_book(open_book(small_book), "docx", tmp_path / "b.docx", draft=True)
    paragraphs = [(p.style.name, _flat(p.text)) for p in docx.Document(str(path)).paragraphs]
    assert ("Body Text", "No one is cited here.") in paragraphs or \
        ("First Paragraph", "No one is cited here.") in paragraphs
    assert not any(text == "References" for _, text in paragraphs)


def test_citations_are_formatted_and_listed_under_references(small_book, tmp_path):
    (small_book / "references.bib").write_text(
        "@book{marsh2021,\n  author = {Marsh, Helen},\n  title = {Words After the Report},\n"
        "  publisher = {Northern Press},\n  year = {2021}\n}\n", "utf-8")
    opened = open_book(small_book)
    save_chapter(opened.book, "my-story", "As one study found [@marsh2021, p. 4], it helps.\n")
    path, assembled = export_book(open_book(small_book), "docx", tmp_path / "b.docx", draft=True)
    assert assembled.bibliography
    paragraphs = [(p.style.name, _flat(p.text)) for p in docx.Document(str(path)).paragraphs]
    text = " ".join(t for _, t in paragraphs)
    assert "As one study found (Marsh 2021, 4), it helps." in text
    assert ("Heading 1", "References") in paragraphs
    assert "Words After the Report" in text and "@marsh2021" not in text


def test_the_e_book_passes_epubcheck_without_a_warning(exported):
    """The export already refuses an e-book epubcheck finds errors in; warnings count here."""
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed: .ci/run installs it")
        pytest.skip("epubcheck is not installed (sudo apt install epubcheck)")
    done = subprocess.run([*command, str(exported["epub"])], capture_output=True, text=True,
                          check=False)
    assert "0 fatals / 0 errors / 0 warnings" in done.stdout, done.stdout + done.stderr


def test_the_word_file_and_pdf_made_read_back_whole(exported):
    for to in ("docx", "pdf"):
        assert check_file(exported[to].read_bytes(), to, exported[to].name) == []
