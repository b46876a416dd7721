"""Build reference.docx, the house style of every Word file CoAuthor Desk makes.

Pandoc's own reference document gives the standard styles; this adds ours (key-learning boxes,
commentaries, bylines, draft and review notes) and sets a readable body. Run it again after
changing a style, and commit the result:

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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle

HERE = Path(__file__).resolve().parent
BODY_FONT, HEADING_FONT = "Georgia", "Arial"


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


def build() -> bytes:
    document = Document(BytesIO(_pandoc_reference()))
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        font = styles[name].font
        font.name, font.size = BODY_FONT, Pt(11.5)
    for level in range(1, 4):
        heading = styles[f"Heading {level}"]
        heading.font.name = HEADING_FONT
        heading.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
        heading.font.size = Pt({1: 20, 2: 14, 3: 12}[level])
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
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    (HERE / "reference.docx").write_bytes(build())
    print(f"Wrote {HERE / 'reference.docx'}", file=sys.stderr)
