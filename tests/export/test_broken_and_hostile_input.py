"""Chapters that try to pass raw code through, read files outside the book or break the
layout, and book folders an export cannot use: every one gives a safe file or a plain message.

Each case is a chapter text written into a small book; exports run for real (pandoc, typst).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytest

from coauthor_desk.export.book_export import export_book
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book

SECRET = "not-for-export-4821"

# (name, chapter text, what must not reach a Word file or e-book (nor a PDF, unless it is
# words a reader would see there), whether the secret words stay in as text)
HOSTILE = [
    ("raw typst inline", f'Hello `#panic("{SECRET}")`{{=typst}} there.', None, True),
    ("raw typst block", f'```{{=typst}}\n#panic("{SECRET}")\n```\n', None, True),
    ("typst include in text", '#include "/etc/passwd"\n\n#read("/etc/passwd")', "root:", False),
    ("raw html", f'<script>alert("{SECRET}")</script>\n\n<b>bold</b>', "<script>", True),
    ("raw latex", "\\input{/etc/passwd}\n\n\\newpage", "root:", False),
    ("raw openxml", f'`<w:p><w:r><w:t>{SECRET}</w:t></w:r></w:p>`{{=openxml}}', None, True),
    ("details block in the text", f"Text.\n\n---\ntitle: {SECRET}\n---\n\nMore.", None, True),
    ("picture outside the book", "![a picture](/etc/hostname)\n\n![b](../../outside.png)",
     None, False),
    ("typst attribute on words", f'See [this]{{typst:text:fill="red)[x]#panic(\\"{SECRET}\\")'
     '#text(fill:red"}.', None, True),
    ("typst attribute on a box", f'::: {{typst:inset="1pt)[#panic(\\"{SECRET}\\")]"}}\nx\n:::',
     None, False),
    ("typst attribute on a table", "| a | b |\n|---|---|\n| 1 | 2 |\n\n: Caption "
     f'{{#t typst:text:fill="red)#panic(\\"{SECRET}\\")"}}', None, True),
    ("script on words", '[tap]{onclick="alert(1)"} and [a link](http://x){onclick="go()"}',
     ' onclick="', False),
    ("typst markup characters", "Costs $5 and $6, #1 fan, <label> @ref, * star _ under \\",
     None, False),
]


@pytest.mark.parametrize("name, body, must_not_contain, kept", HOSTILE,
                         ids=[c[0] for c in HOSTILE])
def test_chapter_text_is_only_ever_text(small_book: Path, tmp_path: Path, name: str, body: str,
                                       must_not_contain: str | None, kept: bool):
    opened = open_book(small_book)
    save_chapter(opened.book, "my-story", body + "\n")
    for to in ("pdf", "docx", "epub"):
        path, assembled = export_book(open_book(small_book), to, tmp_path / f"out.{to}",
                                      draft=True)
        assert assembled.title == "A Small Book"
        if to == "pdf":
            words = " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
        else:
            with zipfile.ZipFile(path) as archive:
                assert not any(n.startswith(("word/media", "EPUB/media"))
                               for n in archive.namelist()), "a file from outside got in"
                words = " ".join(archive.read(n).decode("utf-8", "replace")
                                 for n in archive.namelist() if n.endswith(("xml", "xhtml")))
        if must_not_contain and (to != "pdf" or must_not_contain == "root:"):
            assert must_not_contain not in words, (to, name)
        if kept and to != "pdf":
            assert SECRET in words, "the words were kept, as text"


def _cli(*arguments: str, cwd: Path, path: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": path} if path else None
    return subprocess.run([sys.executable, "-m", "coauthor_desk.cli", *arguments],
                          capture_output=True, text=True, cwd=cwd, check=False, env=environment)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and ".coauthor" not in p.parts}


# (name, how to break the book, file the message names, words of the message)
BROKEN = [
    ("box never closed", {"chapters/my-story.md": "::: {.key-learning}\nLearn.\n"},
     "chapters/my-story.md", "never closed"),
    ("box closed twice", {"chapters/my-story.md": "Text.\n\n:::\n"},
     "chapters/my-story.md", "never opened"),
    ("bibliography cut short", {"references.bib": "@book{x, title = {Unclosed\n",
                                "chapters/my-story.md": "As said [@x].\n"},
     "references.bib", "could not be read, at line 2"),
]


@pytest.mark.parametrize("name, changes, file, words", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_book_gets_a_plain_message_and_no_file(small_book: Path, tmp_path: Path,
                                                       name: str, changes: dict[str, str],
                                                       file: str, words: str):
    opened = open_book(small_book)
    for relative, text in changes.items():
        if relative.startswith("chapters/"):
            save_chapter(opened.book, "my-story", text)
        else:
            (small_book / relative).write_text(text, "utf-8")
    before = _snapshot(small_book)
    for to in ("docx", "pdf"):
        done = _cli("export", str(small_book), "--to", to, "--draft", "-o", "out." + to,
                    cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert f"{file}" in done.stderr and words in done.stderr
        assert "Traceback" not in done.stderr
        assert not (tmp_path / f"out.{to}").exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    assert _snapshot(small_book) == before


def test_nothing_is_ever_saved_inside_the_book_folder(small_book: Path, tmp_path: Path,
                                                     monkeypatch):
    chapter = small_book / "chapters" / "my-story.md"
    before = chapter.read_bytes()
    with pytest.raises(BookError) as refused:
        export_book(open_book(small_book), "docx", chapter, draft=True)
    assert "not saved inside the book folder" in refused.value.plain()
    assert chapter.read_bytes() == before
    monkeypatch.chdir(small_book / "chapters")  # exporting from inside the book folder
    path, _ = export_book(open_book(small_book), "docx", None, draft=True)
    assert path == small_book.parent / "a-small-book-draft.docx"


def test_a_place_that_cannot_be_written_is_refused_plainly(small_book: Path):
    with pytest.raises(BookError) as refused:  # nobody can make files in /proc, root neither
        export_book(open_book(small_book), "docx", Path("/proc/book.docx"), draft=True)
    assert "The file could not be saved" in refused.value.plain()


def test_saving_to_a_folder_or_a_missing_folder_is_refused_plainly(small_book: Path,
                                                                   tmp_path: Path):
    with pytest.raises(BookError) as refused:
        export_book(open_book(small_book), "docx", tmp_path, draft=True)
    assert "This is a folder, not a file name." in refused.value.plain()
    with pytest.raises(BookError) as refused:
        export_book(open_book(small_book), "docx", tmp_path / "no" / "such.docx", draft=True)
    assert "The folder to save in does not exist." in refused.value.plain()


def test_the_command_line_refuses_an_unready_book_and_makes_a_marked_draft(example_book: Path,
                                                                           tmp_path: Path):
    refused = _cli("export", str(example_book), "--to", "docx", cwd=tmp_path)
    assert refused.returncode == 1
    assert "Tomasz Nowak agreed to the version of 18 April 2025" in refused.stderr
    assert list(tmp_path.glob("*.docx")) == []
    draft = _cli("export", str(example_book), "--to", "docx", "--draft", cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert "[1/4]" in draft.stderr and "[4/4] Done" in draft.stderr
    assert (tmp_path / "our-words-our-care-draft.docx").is_file()
    assert "Saved a draft of the book in" in draft.stdout
    wrong = _cli("export", str(example_book), "--to", "odt", cwd=tmp_path)
    assert wrong.returncode == 2


def test_the_command_line_makes_review_copies(example_book: Path, tmp_path: Path):
    done = _cli("review-copy", str(example_book), "--person", "jean-thornton", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "jean-thornton-review-copy-large-print.pdf", "jean-thornton-review-copy.wav"]
    one = _cli("review-copy", str(example_book), "--person", "jean-thornton", "--docx", "-o",
               "jean.docx", cwd=tmp_path)
    assert one.returncode == 0 and (tmp_path / "jean.docx").is_file()
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git"))
    (tmp_path / "jean-thornton-review-copy-large-print.pdf").unlink()
    part = _cli("review-copy", str(example_book), "--person", "jean-thornton", cwd=tmp_path,
                path=str(only_git))
    assert part.returncode == 1
    assert "Saved" in part.stdout and "large-print.pdf" in part.stdout
    assert "Not made: espeak-ng: An audio copy needs the free program espeak-ng" in part.stderr
    assert (tmp_path / "jean-thornton-review-copy-large-print.pdf").is_file()


def _png(width: int, height: int) -> bytes:
    """A real, tiny PNG picture (red), made here so the test needs no files."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_pictures_inside_the_book_are_printed_and_no_others(small_book: Path, tmp_path: Path):
    (small_book / "pictures").mkdir()
    (small_book / "pictures" / "drawing.png").write_bytes(_png(40, 20))
    (small_book / "pictures" / "sneaky.png").symlink_to("/etc/hostname")
    (tmp_path / "outside.png").write_bytes(_png(4, 4))
    opened = open_book(small_book)
    save_chapter(opened.book, "my-story", "![My drawing of the ward](../pictures/drawing.png)\n\n"
                 "Again: ![the same](pictures/drawing.png)\n\n![Sneaky](../pictures/sneaky.png)"
                 f"\n\n![Outside]({tmp_path / 'outside.png'})\n\n![Ref][r]\n\n"
                 f"[r]: {tmp_path / 'outside.png'}\n")
    for to, media in (("docx", "word/media/"), ("epub", "EPUB/media/")):
        path, _ = export_book(open_book(small_book), to, tmp_path / f"b.{to}", draft=True)
        with zipfile.ZipFile(path) as archive:
            pictures = [archive.read(n) for n in archive.namelist() if n.startswith(media)]
            words = " ".join(archive.read(n).decode("utf-8", "replace")
                             for n in archive.namelist() if n.endswith(("xml", "xhtml")))
        assert pictures and all(p == _png(40, 20) for p in pictures), to
        assert "[Picture: Sneaky]" in words and "[Picture: Outside]" in words
        assert "[Picture: Ref]" in words
    path, _ = export_book(open_book(small_book), "pdf", tmp_path / "b.pdf", draft=True)
    reader = pypdf.PdfReader(str(path))
    images = [item for page in reader.pages
              for item in page["/Resources"].get("/XObject", {}).values()
              if item.get_object()["/Subtype"] == "/Image"]
    assert images, "the drawing is printed"
    assert "[Picture: Sneaky]" in " ".join(p.extract_text() for p in reader.pages)
