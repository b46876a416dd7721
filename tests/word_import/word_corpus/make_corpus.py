"""Makes the Word files of the import corpus (files/) and their list (files/cases.json).

Run it from the project folder when a case is added or the app's review copies change:

    .venv/bin/python tests/word_import/word_corpus/make_corpus.py

Every file is made here, from nothing: by python-docx, by editing a file's XML as Word and
LibreOffice write it, by pandoc (the app's own review copies), and by LibreOffice itself
(`soffice --headless --convert-to docx`: opening a file and saving it again, as a co-author
would). The files are kept in the project so the tests need neither LibreOffice nor this
script; only making them again needs LibreOffice.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
sys.path.insert(0, str(HERE.parents[2]))  # the project, when run as a script
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for the shared book setup

from word_import.test_importer import EDITS, review_copy_markdown  # noqa: E402
from word_import.word_corpus.book_setup import (  # noqa: E402
    CHAPTER,
    answer_questions,
    ask_tomasz,
)

from coauthor_desk.example_book import make_example_book  # noqa: E402
from coauthor_desk.export.pandoc import run_pandoc  # noqa: E402
from coauthor_desk.export.review_copy import review_copies  # noqa: E402
from coauthor_desk.session import open_book  # noqa: E402

HELEN = 'w:author="Helen Marsh" w:date="2025-03-01T10:00:00Z"'
SAM = 'w:author="Sam Jones" w:date="2025-03-02T10:00:00Z"'
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"

CASES: dict[str, dict[str, object]] = {}  # file name -> what the tests need to know


def case(name: str, **details: object) -> Path:
    """Note a case in the list; the path of its file."""
    CASES[name] = details
    return FILES / name


# Word's XML -------------------------------------------------------------------------------------
def run(words: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'


def gone(words: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{words}</w:delText></w:r>'


def para(inner: str, mark: str = "", style: str = "") -> str:
    """A paragraph; `mark` is a tracked change of its paragraph mark (<w:ins .../>)."""
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f"<w:rPr>{mark}</w:rPr>" if mark else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{inner}</w:p>"


def ins(number: int, inner: str, who: str = HELEN) -> str:
    return f'<w:ins w:id="{number}" {who}>{inner}</w:ins>'


def dele(number: int, inner: str, who: str = HELEN) -> str:
    return f'<w:del w:id="{number}" {who}>{inner}</w:del>'


def with_body(path: Path, body: str) -> Path:
    """A python-docx file whose body is the given WordprocessingML."""
    document = docx.Document()
    document.add_paragraph("PLACE")
    document.save(str(path))
    parts = read_parts(path)
    xml = parts["word/document.xml"].decode()
    xml = re.sub(r"<w:p>(?:(?!<w:p>).)*?PLACE<.*?</w:p>", lambda _m: body, xml, count=1,
                 flags=re.S)
    parts["word/document.xml"] = xml.encode()
    write_parts(path, parts)
    return path


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def libreoffice(path: Path, target: Path) -> Path:
    """Open the file in LibreOffice and save it again as a Word file."""
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as work:
        profile = Path(work) / "profile"
        out = Path(work) / "out"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                        str(path)], check=True, capture_output=True, timeout=300)
        shutil.copyfile(out / path.name, target)
    return target


def word_resave(path: Path, target: Path) -> Path:
    """The file as Word itself saves an unchanged file: runs split where Word's editing
    sessions met, ids on every paragraph, spelling marks, the bookmark of the last place the
    cursor was."""
    parts = read_parts(path)
    xml = parts["word/document.xml"].decode()
    xml = _fill_contents(xml)
    xml = xml.replace("<w:document ", f'<w:document xmlns:w14="{_W14}" ', 1)
    counter = iter(range(1, 100000))
    xml = re.sub(r"<w:p>", lambda _m: f'<w:p w14:paraId="{next(counter):08X}" '
                 'w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">', xml)

    def split(found: re.Match[str]) -> str:
        properties, words = found.group(1), found.group(2)
        cut = words.find(" ", len(words) // 2)
        if cut <= 0:
            return found.group(0)
        return (f'<w:r w:rsidR="00D4E5F6">{properties}<w:t xml:space="preserve">'
                f"{words[:cut]}</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
                f'<w:r w:rsidR="00F7A8B9">{properties}<w:t xml:space="preserve">{words[cut:]}'
                "</w:t></w:r><w:proofErr w:type=\"spellEnd\"/>")

    xml = re.sub(r"<w:r>((?:<w:rPr>.*?</w:rPr>)?)<w:t(?: [^>]*)?>([^<]*)</w:t></w:r>", split, xml)
    last = xml.rfind("</w:p>")
    xml = (xml[:last] + '<w:bookmarkStart w:id="9999" w:name="_GoBack"/>'
           '<w:bookmarkEnd w:id="9999"/>' + xml[last:])
    parts["word/document.xml"] = xml.encode()
    parts["word/styles.xml"] = parts["word/styles.xml"].decode().replace(
        "</w:styles>", '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
        "</w:style></w:styles>").encode()
    write_parts(target, parts)
    return target


def _fill_contents(xml: str) -> str:
    """The contents list as Word fills it in when it updates the file's fields on opening (the
    app's copies ask it to): a line for each level-one heading, linked to a bookmark Word puts
    on the heading, with its page number."""
    titles = re.findall(r'<w:pStyle w:val="Heading1" ?/>.*?<w:t[^>]*>([^<]*)</w:t>', xml)
    lines = []
    for number, title in enumerate(titles):
        anchor = f"_Toc{1000 + number}"
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                 'xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if not number else ""
        page = field(" PAGEREF " + anchor + " \\h ", str(number + 2))
        lines.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{begin}<w:hyperlink '
                     f'w:anchor="{anchor}" w:history="1">{run(title)}<w:r><w:tab/></w:r>'
                     f"{page}</w:hyperlink></w:p>")
        mark = (f'<w:bookmarkStart w:id="{8000 + number}" w:name="{anchor}"/>'
                f'<w:bookmarkEnd w:id="{8000 + number}"/>')
        xml = xml.replace(f">{title}</w:t>", f">{title}</w:t>{mark}", 1)
    lines.append('<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return re.sub(r"(<w:sdtContent>.*?</w:p>)<w:p[ >].*?</w:p>(</w:sdtContent>)",
                  lambda found: found.group(1) + "".join(lines) + found.group(2), xml, count=1,
                  flags=re.S)


# The cases --------------------------------------------------------------------------------------
def tracked_cases() -> None:
    """Helen's tracked changes in Sam's chapter, as Word writes them."""
    moved = "My grandmother taught me to swim."
    with_body(case("table-cell-change.docx", book="small", chapter="my-story",
                   sender="sam-jones", tracked=True),
              para(run("What we ate, by the day:"))
              + '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
              '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
              f"<w:tr><w:tc>{para(run('Day'))}</w:tc><w:tc>{para(run('Food'))}</w:tc></w:tr>"
              f"<w:tr><w:tc>{para(run('Monday'))}</w:tc><w:tc>"
              f"{para(run('Bread and ') + dele(1, gone('jam')) + ins(2, run('cheese and pickle')))}"
              f"</w:tc></w:tr><w:tr><w:tc>{para(run('Tuesday'))}</w:tc><w:tc>"
              f"{para(run('Soup') + ins(3, run(' with bread')))}</w:tc></w:tr></w:tbl>"
              + para(run("We never went hungry.")))
    david = 'w:author="David Lowe" w:date="2025-03-03T10:00:00Z"'
    with_body(case("table-two-reviewers.docx", book="small", chapter="my-story",
                   sender="sam-jones", tracked=True, people={"david-lowe": "David Lowe"}),
              '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
              '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
              f"<w:tr><w:tc>{para(run('Day'))}</w:tc><w:tc>{para(run('Food'))}</w:tc></w:tr>"
              f"<w:tr><w:tc>{para(run('Monday'))}</w:tc><w:tc>"
              f"{para(run('Bread and ') + dele(1, gone('jam')) + ins(2, run('honey')))}"
              f"</w:tc></w:tr><w:tr><w:tc>{para(run('Tuesday'))}</w:tc><w:tc>"
              f"{para(run('Soup') + ins(3, run(' and a roll'), david))}</w:tc></w:tr></w:tbl>"
              + para(run("We never went hungry.")))
    with_body(case("own-changes-in-table-and-move.docx", book="small", chapter="my-story",
                   sender="sam-jones", own=True),
              '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
              '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
              f"<w:tr><w:tc>{para(run('Day'))}</w:tc><w:tc>{para(run('Food'))}</w:tc></w:tr>"
              f"<w:tr><w:tc>{para(run('Monday'))}</w:tc><w:tc>"
              f"{para(run('Bread and ') + dele(1, gone('jam'), SAM) + ins(2, run('butter'), SAM))}"
              "</w:tc></w:tr></w:tbl>"
              + para(f'<w:moveFrom w:id="3" {SAM}>{gone("We ate at six every evening.")}'
                     f'</w:moveFrom>', f'<w:moveFrom w:id="4" {SAM}/>')
              + para(run("We never went hungry."))
              + para(f'<w:moveTo w:id="5" {SAM}>{run("We ate at six every evening.")}'
                     f'</w:moveTo>', f'<w:moveTo w:id="6" {SAM}/>'))
    long = " ".join(f"Day {day} was much like the day before it." for day in range(1, 700))
    with_body(case("moved-a-long-way.docx", book="small", chapter="my-story",
                   sender="sam-jones"),
              para(f'<w:moveFrom w:id="1" {HELEN}>{gone(moved)}</w:moveFrom>',
                   f'<w:moveFrom w:id="2" {HELEN}/>')
              + "".join(para(run(long[i:i + 2000])) for i in range(0, len(long), 2000))
              + para(f'<w:moveTo w:id="3" {HELEN}>{run(moved)}</w:moveTo>',
                     f'<w:moveTo w:id="4" {HELEN}/>'))
    with_body(case("list-item-split.docx", book="small", chapter="my-story", sender="sam-jones",
                   tracked=True),
              para(run("Things I learnt:"))
              + para(run("To ask for help.") + ins(1, run(" ")), f'<w:ins w:id="2" {HELEN}/>',
                     style="ListNumber")
              + para(run("To keep going."), style="ListNumber")
              + para(run("To rest ") + dele(3, gone("often")) + ins(4, run("when I can"))
                     + run("."), style="ListNumber")
              + para(run("The end.")))
    with_body(case("paragraph-split.docx", book="small", chapter="my-story", sender="sam-jones",
                   tracked=True),
              para(run("I grew up by the sea.") + ins(1, run(" ")), f'<w:ins w:id="2" {HELEN}/>')
              + para(run("The sea was cold in every season."))
              + para(run("We moved inland when I was ten.")))
    with_body(case("paragraphs-joined.docx", book="small", chapter="my-story",
                   sender="sam-jones", tracked=True),
              para(run("I grew up by the sea."))
              + para(run("The sea was cold."), f'<w:del w:id="1" {HELEN}/>')
              + para(run("We swam anyway."))
              + para(run("We moved inland when I was ten.")))
    with_body(case("paragraph-moved.docx", book="small", chapter="my-story", sender="sam-jones",
                   tracked=True),
              para(run("I grew up by the sea."))
              + para(f'<w:moveFrom w:id="1" {HELEN}>{gone(moved)}</w:moveFrom>',
                     f'<w:moveFrom w:id="2" {HELEN}/>')
              + para(run("The sea was cold."))
              + para(run("We swam anyway."))
              + para(f'<w:moveTo w:id="3" {HELEN}>{run(moved)}</w:moveTo>',
                     f'<w:moveTo w:id="4" {HELEN}/>')
              + para(run("We moved inland when I was ten.")))
    words = "every summer without fail"
    with_body(case("words-moved.docx", book="small", chapter="my-story", sender="sam-jones",
                   tracked=True),
              para(run("We went to the beach ")
                   + f'<w:moveFrom w:id="1" {HELEN}>{gone(words + " ")}</w:moveFrom>'
                   + run("with our cousins") + f'<w:moveTo w:id="2" {HELEN}>'
                   f"{run(' ' + words)}</w:moveTo>" + run("."))
              + para(run("It rained a lot.")))
    with_body(case("mixed-changes.docx", book="small", chapter="my-story", sender="sam-jones",
                   tracked=True),
              para(run("I grew up ") + dele(1, gone("near")) + ins(2, run("by")) + run(" the sea."))
              + para(ins(3, run("Nobody else lived there.")), f'<w:ins w:id="4" {HELEN}/>')
              + para(run("My sister hated it.") + ins(5, run(" ")), f'<w:ins w:id="6" {HELEN}/>')
              + para(run("She wanted the city."))
              + para(dele(7, gone("We fought a lot.")), f'<w:del w:id="8" {HELEN}/>')
              + para(run("Then we moved ") + ins(9, run("inland ")) + run("to the city.")))
    libreoffice(FILES / "mixed-changes.docx",
                case("mixed-changes-libreoffice.docx", book="small", chapter="my-story",
                     sender="sam-jones", tracked=True))


def link_cases() -> None:
    """Links to headings, bookmarks and a table's caption, as Word makes them."""
    caption = ('<w:bookmarkStart w:id="20" w:name="_Ref100"/>' + run("Table ")
               + field(" SEQ Table \\* ARABIC ", "1") + '<w:bookmarkEnd w:id="20"/>'
               + run(": What we ate"))
    with_body(case("links-and-cross-references.docx", book="small", chapter="my-story",
                   sender="sam-jones"),
              para(run("Where I started"), style="Heading1")
              + para(run("By the sea."))
              + para('<w:bookmarkStart w:id="1" w:name="_Toc1"/>' + run("Growing up")
                   + '<w:bookmarkEnd w:id="1"/>', style="Heading1")
              + para(run("See ") + '<w:hyperlink w:anchor="_Ref100">' + run("Table 1")
                     + "</w:hyperlink>" + run(" and ")
                     + '<w:hyperlink w:anchor="_Toc1">' + run("Growing up") + "</w:hyperlink>"
                     + run(", and ") + '<w:hyperlink w:anchor="sea">' + run("the sea")
                     + "</w:hyperlink>" + run(" again."))
              + para('<w:bookmarkStart w:id="2" w:name="sea"/>' + run("We lived by the sea.")
                     + '<w:bookmarkEnd w:id="2"/>')
              + para(caption, style="Caption")
              + '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
              '<w:gridCol w:w="3000"/></w:tblGrid>'
              f"<w:tr><w:tc>{para(run('Bread'))}</w:tc></w:tr></w:tbl>"
              + para(run("As ") + field(" REF _Ref100 \\h ", "Table 1")
                     + run(" shows, we ate well."))
              + para(run("My notes are in ") + '<w:hyperlink r:id="rIdFile">'
                     + run("my notes file") + "</w:hyperlink>" + run(", and the beach has ")
                     + '<w:hyperlink r:id="rIdWeb">' + run("a web page") + "</w:hyperlink>"
                     + run(".")))
    path = FILES / "links-and-cross-references.docx"
    parts = read_parts(path)
    rels = "word/_rels/document.xml.rels"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    parts[rels] = parts[rels].decode().replace("</Relationships>", (
        f'<Relationship Id="rIdFile" Type="{kind}" Target="file:///C:/Users/sam/notes.docx" '
        f'TargetMode="External"/><Relationship Id="rIdWeb" Type="{kind}" '
        'Target="https://example.org/beach" TargetMode="External"/></Relationships>')).encode()
    xml = parts["word/document.xml"].decode()
    if "xmlns:r=" not in xml[:2000]:
        xml = xml.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.'
                          'org/officeDocument/2006/relationships" ', 1)
    parts["word/document.xml"] = xml.encode()
    write_parts(path, parts)


def field(instruction: str, result: str) -> str:
    """A field as Word writes it (a cross-reference is REF): its code, then the words it
    shows."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def details_cases() -> None:
    """Paragraphs in the styles pandoc reads as a document's details, after the words."""
    document = docx.Document()
    for name in ("Abstract", "Author", "Date"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Living by the sea", style="Title")
    document.add_paragraph("Sam Jones", style="Author")
    document.add_paragraph("I grew up by the sea and loved it.")
    document.add_paragraph("In short: a childhood by the water.", style="Abstract")
    document.add_paragraph("Written with my sister Ann.", style="Author")
    document.add_paragraph("Spring 2025", style="Date")
    document.add_paragraph("The end of my story.")
    document.save(str(case("details-styles-after-words.docx", book="small", chapter="my-story",
                           sender="sam-jones")))


def package_cases() -> None:
    """A valid Word file whose main part is not at word/document.xml."""
    source = FILES / "details-styles-after-words.docx"
    parts = read_parts(source)
    moved: dict[str, bytes] = {}
    for name, data in parts.items():
        if name in ("[Content_Types].xml", "_rels/.rels"):
            data = data.replace(b"/word/document.xml", b"/text/main.xml").replace(
                b"word/document.xml", b"text/main.xml").replace(b"/word/", b"/text/")
        if name.startswith("word/"):
            name = "text/" + name.removeprefix("word/").replace("document.xml", "main.xml")
        moved[name] = data
    write_parts(case("main-part-elsewhere.docx", book="small", chapter="my-story",
                     sender="sam-jones"), moved)


def review_copy_cases(work: Path) -> None:
    """The app's own review copy of Tomasz's chapter, with Helen's question and suggestion
    waiting, back unchanged from LibreOffice and Word, and answered."""
    folder = work / "example"
    make_example_book(folder)
    opened = open_book(folder)
    plain_copy = review_copies(opened, "tomasz-nowak", ["docx"], work / "tomasz.docx")[0][0]
    details = {"book": "example", "chapter": CHAPTER, "sender": "tomasz-nowak"}
    libreoffice(plain_copy, case("review-copy-libreoffice-unchanged.docx", **details))
    gareth = review_copies(opened, "gareth-price", ["docx"], work / "gareth.docx")[0][0]
    libreoffice(gareth, case("review-copy-empty-heading-libreoffice-unchanged.docx",
                             book="example", chapter="06-breathing-space",
                             sender="gareth-price"))
    word_resave(plain_copy, case("review-copy-word-unchanged.docx", **details))
    ask_tomasz(opened)
    asked = review_copies(opened, "tomasz-nowak", ["docx"], work / "tomasz-asked.docx")[0][0]
    details = details | {"setup": "ask_tomasz"}
    libreoffice(asked, case("review-copy-questions-libreoffice-unchanged.docx", **details))
    word_resave(asked, case("review-copy-questions-word-unchanged.docx", **details))
    answered = case("review-copy-answered.docx", **details)
    answer_questions(asked, answered)
    libreoffice(answered, case("review-copy-answered-libreoffice.docx", **details))
    edited = case("review-copy-edited.docx", book="example", chapter=CHAPTER,
                  sender="tomasz-nowak")
    edited.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"],
                                  text=review_copy_markdown(open_book(work / "example"),
                                                            [CHAPTER], EDITS)))
    libreoffice(edited, case("review-copy-edited-libreoffice.docx", book="example",
                             chapter=CHAPTER, sender="tomasz-nowak"))
    typed_after_note(plain_copy, case("review-copy-typed-after-note.docx", book="example",
                                      chapter=CHAPTER, sender="tomasz-nowak"))


def typed_after_note(path: Path, target: Path) -> None:
    """Tomasz presses Enter after the note at the top of his copy and types there (the new
    paragraph keeps the note's style), and comments on the note."""
    document = docx.Document(str(path))
    note = next(p for p in document.paragraphs if p.style.name == "Review Note")
    typed = copy.deepcopy(note._p)
    note._p.addnext(typed)
    new = Paragraph(typed, note._parent)
    for extra in new.runs[1:]:
        extra._r.getparent().remove(extra._r)
    new.runs[0].text = "Thank you for this. I read it all twice."
    document.add_comment(note.runs, text="Can I have it in large print too?",
                         author="Tomasz Nowak", initials="TN")
    document.save(str(target))


def list_cases() -> None:
    """Numbered lists: two that really are separate (the second starts again at 1), and one
    that starts at 3; as pandoc writes them and as LibreOffice saves them again (splitting each
    list into a first item and the rest)."""
    text = "1. One\n2. Two\n\n<!-- -->\n\n1. Again one\n2. Again two\n\nWords.\n\n" \
           "3. Three\n4. Four\n"
    path = case("lists.docx", book="small", chapter="my-story", sender="sam-jones")
    path.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], text=text))
    libreoffice(path, case("lists-libreoffice.docx", book="small", chapter="my-story",
                           sender="sam-jones"))


def comment_cases() -> None:
    """Comments, replies and a finished comment: written by pandoc from Markdown (as the
    earlier import tests make them), and with the details newer Word keeps beside them."""
    def comment(number: int, text: str, who: str, when: str) -> str:
        return f'[{text}]{{.comment-start id="{number}" author="{who}" date="{when}"}}'

    def end(number: int) -> str:
        return f'[]{{.comment-end id="{number}"}}'

    text = ("# Who am I?\n\n"
            f"{comment(0, 'Could you say where?', 'Helen Marsh', '2025-03-01T10:00:00Z')}"
            f"{comment(1, 'By the sea, in Wales.', 'Sam Jones', '2025-03-02T10:00:00Z')}"
            f"I was born here.{end(0)}{end(1)} I like "
            f"{comment(2, 'Lovely.', 'Helen Marsh', '2025-03-01T11:00:00Z')}singing{end(2)}.\n")
    path = case("comments-and-replies.docx", book="small", chapter="my-story",
                sender="sam-jones")
    path.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], text=text))
    parts = read_parts(path)
    comments = parts["word/comments.xml"].decode().replace(
        "<w:comments ", f'<w:comments xmlns:w14="{_W14}" ', 1)
    for number in range(3):
        comments = re.sub(rf'(<w:comment w:id="{number}"[^>]*>)<w:p>',
                          rf'\1<w:p w14:paraId="0000A{number:03X}">', comments)
    parts["word/comments.xml"] = comments.encode()
    parts["word/commentsExtended.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        b'<w15:commentEx w15:paraId="0000A000" w15:done="0"/>'
        b'<w15:commentEx w15:paraId="0000A001" w15:paraIdParent="0000A000" w15:done="0"/>'
        b'<w15:commentEx w15:paraId="0000A002" w15:done="1"/></w15:commentsEx>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/commentsExtended.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'
    ).encode()
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].decode().replace(
        "</Relationships>", '<Relationship Id="rIdExtended" Type="http://schemas.microsoft.com/'
        'office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>'
        "</Relationships>").encode()
    write_parts(case("comments-newer-word.docx", book="small", chapter="my-story",
                     sender="sam-jones", replies=True), parts)


def new_chapter_cases() -> None:
    """A contributor's own Word file for a new chapter: a title, an abstract, headings and a
    picture (python-docx)."""
    document = docx.Document()
    document.styles.add_style("Abstract", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Finding my voice", style="Title")
    document.add_paragraph("How singing helped me after my stroke.", style="Abstract")
    document.add_heading("Who am I?", level=1)
    document.add_paragraph("I am Tomasz and I like to sing.")
    document.add_picture(str(_png(FILES.parent / "dot.png")))
    document.add_heading("What have I learnt?", level=1)
    document.add_paragraph("That my voice matters.")
    document.save(str(case("new-chapter-with-picture.docx", book="example",
                           chapter="17-finding-my-voice", sender="tomasz-nowak")))
    (FILES.parent / "dot.png").unlink()


def _png(path: Path) -> Path:
    """A one-pixel picture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2,
                                                                          0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))
    return path


def pandoc_cases() -> None:
    """A chapter draft written in pandoc's Markdown, as a Word file."""
    text = ("# Who am I?\n\nI am Sam. I wrote this in Word.\n\n1. First thing\n2. Second thing\n"
            "3. Third thing\n\n# Background\n\nMore words, and a [web page](https://example.org)."
            "\n")
    case("pandoc-draft.docx", book="small", chapter="my-story", sender="sam-jones")
    (FILES / "pandoc-draft.docx").write_bytes(
        run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], text=text))
    libreoffice(FILES / "pandoc-draft.docx",
                case("pandoc-draft-libreoffice.docx", book="small", chapter="my-story",
                     sender="sam-jones"))


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("make_corpus needs LibreOffice (soffice) to make some of the files.")
    FILES.mkdir(exist_ok=True)
    makers: list[Callable[[], None]] = [tracked_cases, link_cases, details_cases, package_cases,
                                        pandoc_cases, comment_cases, new_chapter_cases,
                                        list_cases]
    for maker in makers:
        maker()
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        review_copy_cases(Path(work))
    (FILES / "cases.json").write_text(json.dumps(CASES, indent=1, sort_keys=True) + "\n",
                                      "utf-8")
    print(f"Made {len(CASES)} Word files in {FILES}")


if __name__ == "__main__":
    main()
