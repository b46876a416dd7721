"""Chapter texts that try to get something past the export (tests/corpus/hostile_chapters):
attributes on HTML and on boxes wherever a box opens, an SVG drawing with a script, hidden
control characters, links to places the book does not have.

Each one goes into a real book, which is exported for real (pandoc, typst, epubcheck) as a
Word file, an e-book and a PDF; then we look inside each file: no attribute and no script got
through, every XML part is well-formed, epubcheck finds nothing, and the words are still there.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from coauthor_desk.agreements.publish import TEXT, publish_check
from coauthor_desk.checks.chapter_checks import check_chapters
from coauthor_desk.checks.characters import plain_characters
from coauthor_desk.export.assemble import assemble_book
from coauthor_desk.export.book_export import export_book
from coauthor_desk.export.chapter_text import only_our_boxes
from coauthor_desk.export.file_checks import epubcheck_command
from coauthor_desk.export.outputs import READ_AS, render
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book

CORPUS = Path(__file__).parents[1] / "corpus" / "hostile_chapters"
CASES = sorted(CORPUS.glob("*.md"))
# What each chapter tries to slip in; none of it may reach a file as anything but words.
HOSTILE_STYLE = "IntenseQuote"  # the Word style 'custom-style="Intense Quote"' asks for
TYPST_MARK = "9.5pt"  # the inset the 'typst:inset' attributes ask for
SCRIPT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
              '<script>alert("svg-script")</script><rect width="10" height="10"/></svg>')
# Words each case must still show in every file, as text.
KEPT = {"html-div-attributes": "Words inside a div, kept as words.",
        "html-span-attributes": "word in a span",
        "box-attributes-everywhere": "A box inside a definition.",
        "svg-with-script": "[Picture: The ward at night]",
        "vertical-tab": "the second line",
        "missing-anchor": "the part that is not there",
        "script-links": "tap here"}
# Addresses a link may have in a file: web pages, e-mail, places in the book, the book's parts.
SAFE_ADDRESS = re.compile(r"^(https?://|mailto:|#|[\w./-]*\.x?html(#|$)|[\w./-]*#)")


def _book_with(small_book: Path, case: Path) -> Path:
    pictures = small_book / "pictures"
    pictures.mkdir(exist_ok=True)
    (pictures / "ward.svg").write_text(SCRIPT_SVG, "utf-8")
    (pictures / "disguised.png").write_text(SCRIPT_SVG, "utf-8")  # an SVG named as a PNG
    save_chapter(open_book(small_book).book, "my-story", case.read_text("utf-8"))
    return small_book


def _epubcheck_or_skip() -> list[str]:
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed: .ci/run installs it")
        pytest.skip("epubcheck is not installed (sudo apt install epubcheck)")
    return command


def _xml_parts(path: Path) -> dict[str, etree._Element]:
    """Every XML part of a zip file, parsed: a part that is not well-formed fails here."""
    with zipfile.ZipFile(path) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith((".xml", ".rels", ".xhtml", ".opf", ".ncx"))}


def _words(parts: dict[str, etree._Element]) -> str:
    return " ".join(" ".join(root.itertext()) for root in parts.values())


@pytest.fixture(params=CASES, ids=[case.stem for case in CASES])
def exported(request: pytest.FixtureRequest, small_book: Path, tmp_path: Path
             ) -> tuple[str, dict[str, Path], list[str], Path]:
    book = _book_with(small_book, request.param)
    files, notes = {}, []
    for to in ("docx", "epub", "pdf"):
        path, assembled = export_book(open_book(book), to, tmp_path / f"out.{to}", draft=True)
        files[to] = path
        notes = assembled.left_out
    return request.param.stem, files, notes, book


def test_nothing_but_words_reaches_the_word_file(exported):
    name, files, _, _ = exported
    parts = _xml_parts(files["docx"])
    document = etree.tostring(parts["word/document.xml"]).decode("utf-8")
    styles = set(re.findall(r'w:pStyle w:val="([^"]+)"', document))
    assert HOSTILE_STYLE not in styles, "custom-style chose a Word style"
    assert document.count('w:pStyle w:val="Title"') == 1, "only the book's title is a Title"
    with zipfile.ZipFile(files["docx"]) as archive:
        assert not [n for n in archive.namelist() if n.endswith((".svg", ".svgz"))]
        media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert not any(b"<script" in picture for picture in media)
    assert KEPT[name] in " ".join(_words(parts).split())
    for relation in parts["word/_rels/document.xml.rels"]:
        if relation.get("TargetMode") == "External":
            assert SAFE_ADDRESS.match(relation.get("Target")), relation.get("Target")


def test_nothing_but_words_reaches_the_e_book_and_epubcheck_finds_nothing(exported):
    name, files, _, _ = exported
    parts = _xml_parts(files["epub"])
    for part, root in parts.items():
        for element in root.iter():
            assert etree.QName(element).localname != "script", part
            if etree.QName(element).localname == "a" and element.get("href"):
                assert SAFE_ADDRESS.match(element.get("href")), (part, element.get("href"))
            for attribute in element.attrib:
                local = etree.QName(attribute).localname
                assert not local.startswith("on"), (part, attribute)
                assert not local.startswith("data-") and "typst" not in local, \
                    (part, attribute)
    with zipfile.ZipFile(files["epub"]) as archive:
        assert not [n for n in archive.namelist() if n.endswith((".svg", ".svgz"))
                    or n.startswith("EPUB/media/")]
    assert KEPT[name] in " ".join(_words(parts).split())
    done = subprocess.run([*_epubcheck_or_skip(), str(files["epub"])], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in done.stdout, \
        done.stdout + done.stderr


def test_nothing_but_words_reaches_the_pdf_or_its_typst(exported):
    name, files, _, book = exported
    opened = open_book(book)
    source = render(assemble_book(opened, draft=True), "typst", book).decode("utf-8")
    assert f"inset: {TYPST_MARK}" not in source and "fill: red" not in source
    for address in re.findall(r'#link\("([^"]*)"', source):
        assert SAFE_ADDRESS.match(address), address
    reader = pypdf.PdfReader(str(files["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert KEPT[name].replace("[", "").replace("]", "") in text.replace("[", "").replace("]", "")
    for page in reader.pages:
        assert not [x for x in page["/Resources"].get("/XObject", {}).values()
                    if x.get_object()["/Subtype"] == "/Image"], "no picture was printed"


def test_hidden_characters_become_line_breaks_with_a_suggestion(small_book: Path,
                                                               tmp_path: Path):
    book = _book_with(small_book, CORPUS / "vertical-tab.md")
    path, assembled = export_book(open_book(book), "docx", tmp_path / "b.docx", draft=True)
    document = etree.tostring(_xml_parts(path)["word/document.xml"]).decode("utf-8")
    # Word's line break came back as a line break, between the words it divided.
    assert re.search(r"The first line</w:t></w:r><w:r><w:br\s*/>", document)
    assert "escape hides" in " ".join(_words(_xml_parts(path)).split())
    assert any("has hidden characters" in note and "chapters/my-story.md" in note
               for note in assembled.left_out)
    checked = check_chapters(open_book(book).book, ["my-story"])[0]
    found = [(f.what, line) for f, line in zip(checked.findings, checked.lines, strict=True)
             if f.check == "hidden-character"]
    text = (book / "chapters" / "my-story.md").read_text("utf-8").split("\n")
    assert [what.split(",")[0] for what, _ in found] == [
        "There is a vertical tab (Word's line break) here", "There is a form feed (a page "
        "break) here", "There is an escape character here"]
    assert [text[line - 1].startswith(("The first line", "A form feed")) for _, line in found] \
        == [True, True, True]


def test_an_escape_in_the_books_title_or_a_name_never_breaks_the_files(small_book: Path,
                                                                      tmp_path: Path):
    details = small_book / "book.yaml"
    details.write_text(details.read_text("utf-8").replace(
        "title: A Small Book", 'title: "A Small\\e Book\\v Two"'), "utf-8")
    editor = small_book / "people" / "helen-marsh.yaml"
    editor.write_text(editor.read_text("utf-8").replace("name: Helen Marsh",
                                                        'name: "Helen\\e Marsh"'), "utf-8")
    assert "\x1b" in open_book(small_book).book.title
    assert "\x1b" in open_book(small_book).book.people["helen-marsh"].name
    for to in ("docx", "epub", "pdf"):
        path, assembled = export_book(open_book(small_book), to, tmp_path / f"b.{to}",
                                      draft=True)
        assert assembled.title == "A Small Book Two"
        assert any("book's details" in note for note in assembled.left_out)
        if to != "pdf":
            assert "A Small Book Two" in _words(_xml_parts(path))
            with zipfile.ZipFile(path) as archive:
                assert not any(b"\x1b" in archive.read(n) for n in archive.namelist())
        else:
            assert "A Small Book Two" in pypdf.PdfReader(str(path)).pages[0].extract_text()


def test_a_link_to_nowhere_is_named_by_the_publish_check_and_is_words_in_a_draft(
        small_book: Path, tmp_path: Path):
    book = _book_with(small_book, CORPUS / "missing-anchor.md")
    lines = (book / "chapters" / "my-story.md").read_text("utf-8").split("\n")
    first, second = (next(number for number, line in enumerate(lines, 1) if place in line)
                     for place in ("#no-such-place", "#also-not-there"))
    blockers = [b for b in publish_check(open_book(book)).blockers if b.kind == TEXT]
    assert [(b.chapter, b.file, b.line) for b in blockers] == [
        ("my-story", "chapters/my-story.md", first), ("my-story", "chapters/my-story.md", second)]
    assert "Chapter 1, 'My story'" in blockers[0].what and "'#no-such-place'" in blockers[0].what
    assert "'#also-not-there'" in blockers[1].what
    with pytest.raises(BookError) as refused:
        export_book(open_book(book), "pdf", tmp_path / "final.pdf")
    assert f"chapters/my-story.md, line {first}" in refused.value.plain()
    assert not (tmp_path / "final.pdf").exists()
    path, assembled = export_book(open_book(book), "pdf", tmp_path / "draft.pdf", draft=True)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages)
    assert "the part that is not there" in text and "no-such-place" not in text
    notes = [n for n in assembled.left_out if "leads to no heading" in n]
    assert len(notes) == 2 and f"line {first})" in notes[0] and "'#no-such-place'" in notes[0]
    epub, _ = export_book(open_book(book), "epub", tmp_path / "draft.epub", draft=True)
    links = [a.get("href") for root in _xml_parts(epub).values() for a in root.iter()
             if etree.QName(a).localname == "a" and a.get("href")]
    assert any(href.endswith("#what-i-learnt") for href in links)
    assert not any("no-such-place" in href or "also-not-there" in href for href in links)


def test_the_publish_check_on_the_command_line_names_chapter_and_line(agreed_book: Path,
                                                                      tmp_path: Path):
    opened = open_book(agreed_book)
    chapter = opened.book.ordered_chapters()[2]
    save_chapter(opened.book, chapter.id, chapter.body + "\nSee [below](#nowhere-at-all).\n"
                 "\n![A drawing](../pictures/plan.svg)\n")
    lines = (agreed_book / chapter.file).read_text("utf-8").split("\n")
    link_line = next(i for i, line in enumerate(lines, 1) if "#nowhere-at-all" in line)
    done = subprocess.run([sys.executable, "-m", "coauthor_desk.cli", "check", str(agreed_book),
                           "--publish"], capture_output=True, text=True, check=False,
                          cwd=tmp_path)
    assert "Links and pictures that would not print" in done.stdout
    assert f"Chapter 3, '{chapter.title}', {chapter.file}, line {link_line}: the link to " \
           "'#nowhere-at-all' leads to no heading in the book." in done.stdout
    assert f"{chapter.file}, line {link_line + 2}: the picture '../pictures/plan.svg' is an " \
           "SVG drawing" in done.stdout and "PNG or JPEG" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_svg_drawing_is_refused_by_name_and_plain_pictures_still_print(small_book: Path,
                                                                         tmp_path: Path):
    book = _book_with(small_book, CORPUS / "svg-with-script.md")
    (book / "pictures" / "photo.png").write_bytes(_png(8, 8))
    chapter = open_book(book).book.chapters["my-story"]
    save_chapter(open_book(book).book, "my-story", chapter.body + "\n![A photo](../pictures/"
                 "photo.png)\n")
    lines = (book / "chapters" / "my-story.md").read_text("utf-8").split("\n")
    svg_line = next(number for number, line in enumerate(lines, 1) if "ward.svg" in line)
    blockers = [b for b in publish_check(open_book(book)).blockers if b.kind == TEXT]
    assert [(b.line, "'../pictures/ward.svg'" in b.what) for b in blockers] == [(svg_line, True)]
    path, assembled = export_book(open_book(book), "epub", tmp_path / "b.epub", draft=True)
    assert any("'../pictures/ward.svg' is an SVG drawing" in n and "PNG or JPEG" in n
               for n in assembled.left_out)
    with zipfile.ZipFile(path) as archive:
        media = [archive.read(n) for n in archive.namelist() if n.startswith("EPUB/media/")]
    assert media == [_png(8, 8)], "only the real PNG; not the SVG, nor the SVG named .png"


def _png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# Every way pandoc's Markdown gives something attributes or raw code, in every place a block
# can start; whatever the mix, what pandoc reads from our text has neither.
_PLACES = ["", "> ", "- ", "1. ", ":   ", "   ", "> > ", "* ", "| ", "  - "]
_TRIES = ['::: {typst:inset="1pt" onclick="a()"}', "::::: {#id .x custom-style=\"T\"}",
          '::: {.key-learning onclick="}" x=1}', ":::{onclick=a}", "::: word",
          '<div onclick="a()" custom-style="T">', '<span typst:fill="red">w</span>',
          '[w]{onclick="a()"}', '`c`{=typst}', '`c`{onclick=a}', "# H {#i onclick=a}",
          '![p](x.png){onclick=a}', '[l](http://x){onclick=a}', "```{=html}",
          '```{.c onclick="a"}', "<script>alert(1)</script>", "\\input{x}",
          ": Caption {#t typst:fill=\"red\"}", "::: {#refs onclick=a}"]


def _attributes_and_raw(node: object) -> list[object]:
    """Every attribute (key=value) and raw element anywhere in a pandoc JSON tree."""
    found: list[object] = []
    if isinstance(node, dict):
        if node.get("t") in ("RawBlock", "RawInline"):
            found.append(node)
        for value in node.values():
            found += _attributes_and_raw(value)
    elif isinstance(node, list):
        is_attr = (len(node) == 3 and isinstance(node[0], str) and isinstance(node[1], list)
                   and isinstance(node[2], list) and all(isinstance(c, str) for c in node[1])
                   and all(isinstance(kv, list) and len(kv) == 2 for kv in node[2]))
        if is_attr and node[2]:
            found.append(node[2])
        for value in node:
            found += _attributes_and_raw(value)
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_TRIES),
                          st.sampled_from(["", "\n", "\nwords\n", "\n:::\n"])),
                min_size=1, max_size=8))
def test_no_mix_of_markdown_gives_attributes_or_raw_code(lines):
    text = "\n".join(place + tried + after for place, tried, after in lines) + "\n"
    tree = json.loads(run_pandoc(["-f", READ_AS, "-t", "json"],
                                 text=only_our_boxes(plain_characters(text))))
    assert _attributes_and_raw(tree["blocks"]) == [], text
