"""Build reference.docx, the house style of every Word file CoAuthor Desk makes.

Pandoc's own reference document gives the standard styles; this adds ours (key-learning boxes,
commentaries, bylines, draft and review notes, a name kept with its note), sets a readable body
with widow and orphan control, and sets the page: its size (156 × 234 mm, or A4), margins for a
line of about 65 characters, a running head (the book's title and the chapter's, by Word
fields) and the page number in the footer. Pandoc takes the page, header and footer from the
reference document, so each page size and each marking ("Draft", "Review copy", shown in the
header of every page) has its own file. Run it again after changing a style, and commit the
results:

    .venv/bin/python resources/export/build_reference_docx.py

It needs python-docx (installed with the test tools).
"""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
BODY_FONT, HEADING_FONT = "Times New Roman", "Arial"  # both with free look-alikes (Liberation)
# Page size and margins (inside, outside, top, bottom) in millimetres, by page setting.
PAGES = {"": ((156, 234), (20, 18, 20, 22)), "-a4": ((210, 297), (40, 36, 30, 30))}
MARKS = {"": None, "-draft": "Draft", "-review": "Review copy"}


def _pandoc_reference() -> bytes:
    return subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file",
                           "reference.docx"], capture_output=True, check=True).stdout


def _paragraph_style(document: Document, name: str, based_on: str = "Body Text"
                     ) -> ParagraphStyle:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else \
        styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[based_on]
    style.quick_style = True
    return style


def _shade(style: ParagraphStyle, fill: str, border: bool) -> None:
    """A light background, and a line at the left, so a box shows without relying on colour."""
    properties = style.element.get_or_add_pPr()
    if border:
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            line = OxmlElement(f"w:{side}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), "12" if side == "left" else "4")
            line.set(qn("w:space"), "6")
            line.set(qn("w:color"), "555555")
            borders.append(line)
        properties.append(borders)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, TITLE, STYLEREF) that Word and LibreOffice fill in on each page. It
    is marked to be worked out afresh and holds nothing until then, so no stand-in words are
    ever printed."""
    def run(*children: OxmlElement) -> None:
        element = OxmlElement("w:r")
        for child in children:
            element.append(child)
        paragraph._p.append(element)

    def char(kind: str) -> OxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run(char("begin"))
    run(code)
    run(char("separate"))
    run(char("end"))


def _set_page(document: Document, page: str, mark: str | None) -> None:
    """The page size and margins, the running head (with the marking) and the page number."""
    (width, height), (inside, outside, top, bottom) = PAGES[page]
    section = document.sections[0]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin, section.right_margin = Mm(inside), Mm(outside)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.header_distance = section.footer_distance = Mm(9)
    measure = Mm(width - inside - outside)
    head = section.header.paragraphs[0]
    head.style = document.styles["Header"]
    stops = head.paragraph_format.tab_stops
    stops.add_tab_stop(measure // 2, WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(measure, WD_TAB_ALIGNMENT.RIGHT)
    _field(head, "TITLE")
    head.add_run("\t")
    if mark:
        head.add_run(mark).bold = True
    head.add_run("\t")
    _field(head, 'STYLEREF "Heading 1"')
    foot = section.footer.paragraphs[0]
    foot.style = document.styles["Footer"]
    foot.alignment = 1  # centred
    _field(foot, "PAGE")


def build(page: str = "", mark: str | None = None) -> bytes:
    document = Document(BytesIO(_pandoc_reference()))
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        font = styles[name].font
        font.name, font.size = BODY_FONT, Pt(12)
        styles[name].paragraph_format.widow_control = True  # no widows or orphans
    for level in range(1, 4):
        heading = styles[f"Heading {level}"]
        heading.font.name = HEADING_FONT
        heading.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
        heading.font.size = Pt({1: 20, 2: 14, 3: 12}[level])
        heading.paragraph_format.keep_with_next = True  # a heading stays with its text
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Title"].font.name = HEADING_FONT
    styles["Subtitle"].font.name = HEADING_FONT

    key = _paragraph_style(document, "Key Learning")
    key.paragraph_format.left_indent = key.paragraph_format.right_indent = Pt(12)
    _shade(key, "EEF2F7", border=True)
    title = _paragraph_style(document, "Box Title", "Key Learning")
    title.font.bold = True
    title.paragraph_format.keep_with_next = True
    commentary = _paragraph_style(document, "Commentary")
    commentary.paragraph_format.left_indent = Pt(18)
    commentary.font.size = Pt(10.5)
    by = _paragraph_style(document, "Byline")
    by.font.italic = True
    by.font.size = Pt(12)
    by.paragraph_format.space_after = Pt(18)
    for name in ("Draft Note", "Review Note"):
        note = _paragraph_style(document, name)
        note.font.bold = True
        _shade(note, "FFF4D6", border=True)
    name = _paragraph_style(document, "Keep With Next")
    name.paragraph_format.keep_with_next = True  # a contributor's name stays with their note
    for name in ("Header", "Footer"):
        style = styles[name] if name in [s.name for s in styles] else \
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.font.name, style.font.size = HEADING_FONT, Pt(9)
    _set_page(document, page, mark)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    for page in PAGES:
        for ending, mark in MARKS.items():
            path = HERE / f"reference{page}{ending}.docx"
            path.write_bytes(build(page, mark))
            print(f"Wrote {path}", file=sys.stderr)
