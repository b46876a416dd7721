"""The printed page, measured: size, measure of the line, margins, running heads, page numbers,
drafts marked on every page, no empty headings, names kept with their notes, and the e-book's
record. The example book and a small book made by the benchmark generator are exported for
real (pandoc, typst) and read back with pypdf, poppler's pdftotext and python-docx.
"""

from __future__ import annotations

import html
import re
import shutil
import statistics
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest
from docx.shared import Mm

from coauthor_desk.export.assemble import Assembled
from coauthor_desk.export.book_export import export_book
from coauthor_desk.export.outputs import render
from coauthor_desk.session import open_book

BENCHMARKS = Path(__file__).parent.parent.parent / "benchmarks"
BOOK_SIZE, A4 = (156, 234), (210, 297)
POINT = 25.4 / 72  # millimetres in a point


@pytest.fixture(scope="module")
def made(_agreed_master: Path, _example_master: Path, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[str, Path]:
    """The example book as published (PDF, Word, e-book) and as a draft (PDF, Word)."""
    folder = tmp_path_factory.mktemp("page")
    agreed, draft = open_book(_agreed_master), open_book(_example_master)
    files = {to: export_book(agreed, to, folder / f"book.{to}")[0]
             for to in ("pdf", "docx", "epub")}
    for to in ("pdf", "docx"):
        files[f"draft-{to}"] = export_book(draft, to, folder / f"draft.{to}", draft=True)[0]
    return files


@pytest.fixture(scope="module")
def benchmark_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small book from the benchmark generator: its chapters end with an empty References."""
    folder = tmp_path_factory.mktemp("bench") / "book"
    done = subprocess.run([sys.executable, str(BENCHMARKS / "make_book.py"), str(folder),
                           "--people", "6", "--chapters", "4", "--words", "6000",
                           "--versions", "60"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return folder


def _lines(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's lines as (left, top, right, bottom, text), in points, from pdftotext."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", out, re.S):
        lines = []
        for attributes, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', attributes))
            words = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", body))
            lines.append((float(box["xMin"]), float(box["yMin"]), float(box["xMax"]),
                          float(box["yMax"]), words))
        pages.append(lines)
    return pages


def _texts(path: Path) -> list[str]:
    """Each page's text, without a draft's light mark behind the words."""
    return [page.extract_text().removeprefix("DRAFT\n")
            for page in pypdf.PdfReader(str(path)).pages]


def _size_mm(path: Path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width) * POINT), round(float(p.mediabox.height) * POINT))
            for p in pypdf.PdfReader(str(path)).pages}


def _first_chapter_page(texts: list[str], title: str) -> int:
    return next(i for i, t in enumerate(texts) if t.startswith(title) and i > 1)


def test_the_book_is_printed_on_156_by_234_mm_pages(made):
    assert _size_mm(made["pdf"]) == {BOOK_SIZE}
    assert _size_mm(made["draft-pdf"]) == {BOOK_SIZE}
    section = docx.Document(str(made["docx"])).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == BOOK_SIZE


def test_a_house_style_of_a4_prints_on_a4(agreed_book: Path, tmp_path: Path):
    book_file = agreed_book / "book.yaml"
    book_file.write_text(book_file.read_text("utf-8").replace(
        "house_style:\n", "house_style:\n  page: a4\n"), "utf-8")
    opened = open_book(agreed_book)
    pdf, _ = export_book(opened, "pdf", tmp_path / "a4.pdf")
    word, _ = export_book(opened, "docx", tmp_path / "a4.docx")
    assert _size_mm(pdf) == {A4}
    section = docx.Document(str(word)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == A4
    assert 60 <= _measure(pdf) <= 75


def test_a_page_size_the_app_cannot_set_is_refused_plainly(agreed_book: Path, tmp_path: Path):
    book_file = agreed_book / "book.yaml"
    book_file.write_text(book_file.read_text("utf-8").replace(
        "house_style:\n", "house_style:\n  page: foolscap\n"), "utf-8")
    from coauthor_desk.problems import BookError

    with pytest.raises(BookError) as refused:
        export_book(open_book(agreed_book), "pdf", tmp_path / "book.pdf")
    assert "page size 'foolscap' is not one the app can set" in refused.value.plain()
    assert not (tmp_path / "book.pdf").exists()


def _measure(path: Path) -> float:
    """The median number of characters in a full line of body text: a line that reaches the
    right edge of the text (justified), in the chapters, not a heading or the last of its
    paragraph."""
    pages = _lines(path)
    texts = _texts(path)
    start = _first_chapter_page(texts, "Introduction")
    full = []
    for lines in pages[start:]:
        lines = [line for line in lines if line[4] != "DRAFT"]
        right = max(line[2] for line in lines)
        full += [len(line[4]) for line in lines[1:-1]
                 if right - line[2] < 1.5 and len(line[4]) > 30]
    assert len(full) > 50
    return statistics.median(full)


def test_body_text_runs_to_60_to_75_characters_a_line(made):
    assert 60 <= _measure(made["pdf"]) <= 75


def test_the_benchmark_book_is_set_the_same_way(benchmark_book: Path, tmp_path: Path):
    pdf, _ = export_book(open_book(benchmark_book), "pdf", tmp_path / "b.pdf", draft=True)
    assert _size_mm(pdf) == {BOOK_SIZE}
    assert 60 <= _measure(pdf) <= 75
    texts = [" ".join(t.split()) for t in _texts(pdf)]
    assert all(re.search(r"Draft \d+$", text) for text in texts[1:])


def test_words_stay_inside_the_margins(made):
    reader = pypdf.PdfReader(str(made["pdf"]))
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    smallest_side = 22 / POINT  # the outside margin is 23 mm
    for number, lines in enumerate(_lines(made["pdf"]), 1):
        for left, top, right, bottom, words in lines:
            assert left >= smallest_side and right <= width - smallest_side, (number, words)
            assert top >= 10 / POINT and bottom <= height - 10 / POINT, (number, words)


def test_pages_have_running_heads_and_numbers(made, _agreed_master: Path):
    texts = [" ".join(t.split()) for t in _texts(made["pdf"])]
    title = open_book(_agreed_master).book.title
    start = _first_chapter_page(texts, "Introduction")
    headed = {"book": 0, "chapter": 0}
    for index, text in enumerate(texts[start:], start):
        assert text.endswith(f" {index + 1}"), (index, text[-40:])
        if text.startswith(title):
            assert (index + 1) % 2 == 0  # the book's title heads left-hand pages
            headed["book"] += 1
        elif text.startswith("Therapy in a second language") and "By Tomasz" not in text:
            assert (index + 1) % 2 == 1  # the chapter's title heads right-hand pages
            headed["chapter"] += 1
    assert headed["book"] >= 10 and headed["chapter"] >= 1


def test_a_draft_says_draft_on_every_page(made):
    for number, text in enumerate(_texts(made["draft-pdf"]), 1):
        assert re.search(r"\bDraft\b|\bDRAFT\b", text), number
    ending = [text.split("\n")[-1].split() for text in _texts(made["draft-pdf"])[1:]]
    assert all(words[0] == "Draft" and words[-1].isdigit() for words in ending), ending[:3]


def _fields(part) -> list[str]:
    """The Word fields in a header or footer, by their instructions."""
    return [code.text.strip() for code in part._element.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")]


def test_the_word_file_has_a_page_running_heads_and_page_numbers(made):
    section = docx.Document(str(made["docx"])).sections[0]
    assert section.left_margin >= Mm(15) and section.right_margin >= Mm(15)
    assert _fields(section.header) == ["TITLE", 'STYLEREF "Heading 1"']
    assert _fields(section.footer) == ["PAGE"]
    assert "Draft" not in section.header.paragraphs[0].text


def test_a_draft_word_file_says_draft_in_the_header_of_every_page(made):
    document = docx.Document(str(made["draft-docx"]))
    assert len(document.sections) == 1  # one header, on every page
    section = document.sections[0]
    assert not section.different_first_page_header_footer
    assert "Draft" in section.header.paragraphs[0].text
    assert _fields(section.footer) == ["PAGE"]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == BOOK_SIZE


def test_the_word_file_keeps_headings_and_names_with_what_follows(made):
    document = docx.Document(str(made["docx"]))
    styles = {p.style.name: p.style for p in document.paragraphs}
    assert styles["Heading 2"].paragraph_format.keep_with_next
    assert styles["Keep With Next"].paragraph_format.keep_with_next
    assert document.styles["Normal"].paragraph_format.widow_control
    names = [p.text for p in document.paragraphs if p.style.name == "Keep With Next"]
    assert "Helen Marsh" in names and "Colin Fraser" in names


def _headings(document: docx.document.Document) -> list[tuple[int, str, int]]:
    """(level, words, index) of each heading."""
    return [(int(p.style.name[-1]), p.text, index)
            for index, p in enumerate(document.paragraphs) if p.style.name.startswith("Heading")]


def test_no_heading_is_left_empty(benchmark_book: Path, made, tmp_path: Path):
    draft, _ = export_book(open_book(benchmark_book), "docx", tmp_path / "b.docx", draft=True)
    pdf, _ = export_book(open_book(benchmark_book), "pdf", tmp_path / "b.pdf", draft=True)
    for path in (draft, made["docx"]):
        document = docx.Document(str(path))
        paragraphs = document.paragraphs
        for level, words, index in _headings(document):
            after = next((p for p in paragraphs[index + 1:] if p.text.strip()), None)
            assert after is not None, words
            if after.style.name.startswith("Heading"):
                assert int(after.style.name[-1]) > level, (words, after.text)
    headings = [words for _, words, _ in _headings(docx.Document(str(draft)))]
    assert "References" not in headings and "Who am I?" in headings
    assert "References" not in " ".join(_texts(pdf))


def test_a_references_heading_only_where_a_chapter_has_references(made, _agreed_master: Path):
    book = open_book(_agreed_master).book
    with_references = [c.title for c in book.ordered_chapters()
                       if re.search(r"^# References\s*\n\s*\S", c.body, re.M)]
    without = [c.title for c in book.ordered_chapters() if c.title not in with_references]
    assert with_references and without
    headings = _headings(docx.Document(str(made["docx"])))
    chapter = ""
    found = []
    for level, words, _ in headings:
        chapter = words if level == 1 else chapter
        if words == "References":
            found.append(chapter)
    assert found == with_references


def _last_body_line(text: str) -> str:
    """A page's last line above its page number."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines[-2] if len(lines) > 1 else ""


def test_a_name_or_heading_is_never_last_on_a_page(made):
    document = docx.Document(str(made["docx"]))
    names = {p.text for p in document.paragraphs if p.style.name == "Keep With Next"}
    headings = {words for _, words, _ in _headings(document)}
    for path in (made["pdf"], made["draft-pdf"]):
        for number, text in enumerate(_texts(path), 1):
            last = _last_body_line(text)
            assert last not in names and last not in headings, (number, last)


def _blocks(path: Path) -> list[list[list[str]]]:
    """Each page's blocks of text (paragraphs, as poppler finds them), each a list of lines."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [[[" ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", line))
              for line in re.findall(r"<line [^>]*>(.*?)</line>", block, re.S)]
             for block in re.findall(r"<block [^>]*>(.*?)</block>", page, re.S)]
            for page in re.findall(r"<page .*?</page>", out, re.S)]


def test_no_paragraph_leaves_a_single_line_alone_on_a_page(made):
    """No orphans (a paragraph's first line alone at the foot of a page) and no widows (its
    last line alone at the top of the next)."""
    pages = _blocks(made["pdf"])
    broken = 0
    for number, (page, following) in enumerate(zip(pages, pages[1:], strict=False), 1):
        body, after = page[1:-1], following[1:-1]  # without running head and page number
        if not body or not after or re.search(r"[.!?:”\"’)]$", body[-1][-1]):
            continue  # the page ends at the end of a paragraph
        broken += 1
        assert len(body[-1]) >= 2 and len(after[0]) >= 2, (number, body[-1], after[0])
    assert broken >= 5  # paragraphs do run on over pages, and were looked at


def test_a_name_keeps_with_its_note_wherever_the_page_ends(example_book: Path):
    """Notes on contributors with more and more words before them: wherever the page break
    falls, a name is never the last line of a page, and its note starts under it."""
    note = "Has worked with the group for many years and wrote two of its chapters. " * 3
    for filler in range(6, 40, 3):
        words = " ".join(["A sentence that only fills the page."] * filler)
        people = "\n\n".join(f"**Person {n}**\n\n{note}" for n in range(1, 9))
        pdf = render(Assembled(f"# Notes on contributors\n\n{words}\n\n{people}\n",
                               "A test", None, None), "pdf", example_book)
        path = example_book.parent / "notes.pdf"
        path.write_bytes(pdf)
        for text in _texts(path):
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            if len(lines) < 3:
                continue  # the title page
            assert not re.fullmatch(r"Person \d", lines[-2]), (filler, lines[-3:])
            starts = [i for i, line in enumerate(lines) if re.fullmatch(r"Person \d", line)]
            assert all(lines[i + 1].startswith("Has worked") for i in starts)


def test_the_e_book_names_its_editors_its_date_and_its_language(made):
    with zipfile.ZipFile(made["epub"]) as book:
        record = book.read("EPUB/content.opf").decode("utf-8")
    creators = re.findall(r'<dc:creator id="([^"]+)">([^<]+)</dc:creator>', record)
    assert [name for _, name in creators] == ["Helen Marsh", "David Lowe", "Priya Raman"]
    for identifier, _ in creators:
        assert re.search(rf'refines="#{identifier}" property="role"[^>]*>edt<', record)
    assert re.search(rf"<dc:date[^>]*>{date.today().isoformat()}</dc:date>", record)
    assert "<dc:language>en-GB</dc:language>" in record
    modified = re.search(r'<meta property="dcterms:modified">([^<]+)</meta>', record)
    assert modified and modified.group(1).startswith(date.today().isoformat())  # not 1970
    with zipfile.ZipFile(made["epub"]) as book:  # e-book readers need this first and unpacked
        first = book.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_the_e_book_takes_the_books_own_date(agreed_book: Path, tmp_path: Path):
    book_file = agreed_book / "book.yaml"
    book_file.write_text(book_file.read_text("utf-8").replace(
        "house_style:\n", "house_style:\n  date: 2027-03-01\n"), "utf-8")
    path, _ = export_book(open_book(agreed_book), "epub", tmp_path / "book.epub")
    with zipfile.ZipFile(path) as book:
        assert "2027-03-01</dc:date>" in book.read("EPUB/content.opf").decode("utf-8")


def test_a_draft_word_file_laid_out_by_libreoffice_says_draft_on_every_page(made,
                                                                            tmp_path: Path):
    """The header is the Word file's own, so a word processor prints it on every page, with
    the book's title (a field) and the page number (a field) worked out."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (sudo apt install libreoffice-writer)")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(made["draft-docx"])], capture_output=True, check=True, timeout=300)
    laid_out = tmp_path / "draft.pdf"
    assert _size_mm(laid_out) == {BOOK_SIZE}
    texts = _texts(laid_out)
    assert len(texts) > 30
    for number, text in enumerate(texts, 1):
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        assert lines[0] == "Our Words, Our Care Draft", (number, lines[0])
        assert lines[-1] == str(number), (number, lines[-1])
    # The line: every line of a paragraph but its last, in the chapters.
    start = next(i for i, t in enumerate(texts) if "By Amira" in t)
    lines = [len(line) for page in _blocks(laid_out)[start:] for block in page
             for line in block[:-1] if len(block) > 2]
    assert len(lines) > 200 and 60 <= statistics.median(lines) <= 75, statistics.median(lines)
