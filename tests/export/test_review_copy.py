"""Review copies for contributors, matched to their access needs, read back."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import wave
from pathlib import Path

import docx
import pypdf
import pytest

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, How, Use
from coauthor_desk.comments.actions import start_thread
from coauthor_desk.export.review_copy import kinds_for, review_copies
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book


def _pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    return " ".join(text.replace("’", "'").split())


def _largest_body_size(path: Path) -> float:
    """The size most of the words are printed in, in points."""
    sizes: dict[float, int] = {}

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            scaled = round(size * (tm[0] or 1), 1)
            sizes[scaled] = sizes.get(scaled, 0) + len(text)

    for page in pypdf.PdfReader(str(path)).pages[2:]:
        page.extract_text(visitor_text=visit)
    return max(sizes, key=sizes.get)


def test_copies_follow_each_persons_access_needs(example_book: Path):
    people = open_book(example_book).book.people
    assert kinds_for(people["jean-thornton"]) == ["large-print", "audio"]
    assert kinds_for(people["kwame-mensah"]) == ["docx"]
    assert kinds_for(people["tomasz-nowak"]) == ["pdf"]
    assert kinds_for(people["donna-whitfield"]) == ["easy-read", "audio"]


def test_a_large_print_copy_holds_the_chapter_in_about_18_point(example_book: Path,
                                                              tmp_path: Path):
    opened = open_book(example_book)
    [large], _ = review_copies(opened, "colin-fraser", output=tmp_path)
    [standard], _ = review_copies(opened, "colin-fraser", ["pdf"], tmp_path / "standard.pdf")
    assert large.name == "colin-fraser-review-copy-large-print.pdf"
    text = _pdf_text(large)
    assert "Learning to live with diabetes" in text and "By Colin Fraser" in text
    assert "Your review copy, made on" in text and "Review copy" in text
    assert "REVIEW COPY" not in text  # no block capitals
    assert "Notes on contributors" not in text and "Caring for Ron" not in text
    assert 17 <= _largest_body_size(large) <= 19
    assert _largest_body_size(standard) <= 12
    assert len(pypdf.PdfReader(str(large)).pages) > len(pypdf.PdfReader(str(standard)).pages)


def test_open_questions_for_the_person_are_at_the_end(example_book: Path, tmp_path: Path):
    opened = open_book(example_book)
    start_thread(opened, "10-after-the-stroke", "the number 36", "kwame-mensah",
                 "Which town was the number 36 in?", "david-lowe", "question")
    start_thread(opened, "03-caring-for-ron", "Ron", "jean-thornton", "Not for Kwame.",
                 "david-lowe", occurrence=1)
    [copy], _ = review_copies(open_book(example_book), "kwame-mensah", output=tmp_path)
    paragraphs = [p.text for p in docx.Document(str(copy)).paragraphs]
    text = " ".join(paragraphs).translate(str.maketrans("‘’“”", "''\"\""))
    assert "After the stroke" in text and "By Kwame Mensah" in text
    assert "There is 1 question or comment for you at the end." in text
    assert "Questions and comments for you" in text
    assert 'About these words in \'After the stroke\': "the number 36"' in text
    assert "David Lowe wrote on" in text and "Which town was the number 36 in?" in text
    assert "Not for Kwame." not in text
    assert "Review Note" in {p.style.name for p in docx.Document(str(copy)).paragraphs}


def test_an_audio_copy_is_a_real_recording(example_book: Path, tmp_path: Path):
    [sound], _ = review_copies(open_book(example_book), "donna-whitfield", ["audio"],
                               output=tmp_path)
    assert sound.suffix == ".wav"
    with wave.open(str(sound)) as recording:
        seconds = recording.getnframes() / recording.getframerate()
    assert seconds > 60  # a whole chapter read aloud takes minutes


def test_without_espeak_ng_an_audio_copy_gets_a_plain_message(example_book: Path,
                                                              tmp_path: Path, monkeypatch):
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git"))
    monkeypatch.setenv("PATH", str(only_git))
    with pytest.raises(BookError) as refused:
        review_copies(open_book(example_book), "donna-whitfield", ["audio"], tmp_path)
    assert "needs the free program espeak-ng" in refused.value.plain()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "example"]
    saved, problems = review_copies(open_book(example_book), "jean-thornton", None, tmp_path)
    assert [p.name for p in saved] == ["jean-thornton-review-copy-large-print.pdf"]
    assert ["needs the free program espeak-ng" in p.what for p in problems] == [True]


def test_a_withdrawn_chapter_is_not_in_any_copy(example_book: Path, tmp_path: Path):
    record_decision(open_book(example_book), "tomasz-nowak", Use.CHAPTER, Decision.WITHDRAWN,
                    "08-therapy-in-a-second-language", "helen-marsh", How.PHONE)
    [copy], _ = review_copies(open_book(example_book), "tomasz-nowak", output=tmp_path)
    text = _pdf_text(copy)
    assert "Chapter 8 is left out" in text
    assert "Polish-speaking counsellor" not in text


def test_the_anonymous_authors_copy_never_prints_her_real_name(example_book: Path,
                                                               tmp_path: Path):
    [copy], _ = review_copies(open_book(example_book), "anon-survivor", output=tmp_path)
    text = " ".join(p.text for p in docx.Document(str(copy)).paragraphs)
    assert "Getting out" in text and "By a co-author who chose not to be named" in text
    assert "Claire" not in text and "Bennett" not in text


def test_an_unknown_person_or_one_without_a_chapter_gets_a_plain_message(small_book: Path,
                                                                       tmp_path: Path):
    opened = open_book(small_book)
    for person, said in (("nobody-here", "There is no one called 'nobody-here'"),
                         ("helen-marsh", "Helen Marsh has no chapter of their own yet")):
        with pytest.raises(BookError) as refused:
            review_copies(opened, person, output=tmp_path)
        assert said in refused.value.plain()
    assert list(tmp_path.iterdir()) == [small_book]


def test_a_chapter_another_author_withdrew_is_not_quoted_in_a_copy(example_book: Path,
                                                                   tmp_path: Path):
    opened = open_book(example_book)
    start_thread(opened, "16-what-carers-told-us", "Thursday", "alan-brooks",
                 "Which Thursday group is this?", "david-lowe", "question", occurrence=1)
    record_decision(open_book(example_book), "sandra-pike", Use.CHAPTER, Decision.WITHDRAWN,
                    "16-what-carers-told-us", "helen-marsh", How.PHONE)
    [copy], _ = review_copies(open_book(example_book), "alan-brooks", ["docx"], tmp_path)
    text = " ".join(p.text for p in docx.Document(str(copy)).paragraphs)
    assert "Chapter 16 is left out" in text
    assert "Which Thursday group" not in text and "Questions and comments" not in text


# Large print: UK clear-print guidance (UKAAF, RNIB) -------------------------------------------

@pytest.fixture(scope="module")
def large_print(_example_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    [copy], _ = review_copies(open_book(_example_master), "colin-fraser", ["large-print"],
                              folder)
    return copy


def _sizes(path: Path) -> dict[float, int]:
    """Every size text is printed in (points), with how many characters are in it."""
    sizes: dict[float, int] = {}

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            scaled = round(size * (tm[0] or 1), 1)
            sizes[scaled] = sizes.get(scaled, 0) + len(text.strip())

    for page in pypdf.PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def _fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def test_large_print_is_16_to_18_point_sans_even_the_page_numbers(large_print: Path):
    sizes = _sizes(large_print)
    assert min(sizes) >= 16, sizes
    assert 16 <= max(sizes, key=sizes.get) <= 18
    fonts = _fonts(large_print)
    assert fonts and all("Sans" in font for font in fonts), fonts
    for page in pypdf.PdfReader(str(large_print)).pages[1:]:
        number = page.extract_text().split("\n")[-1].split()[-1]
        assert number.isdigit()


def test_large_print_has_no_italics_and_no_words_split_at_line_ends(large_print: Path):
    assert not any(re.search("italic|oblique", font, re.I) for font in _fonts(large_print))
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(large_print)).pages)
    assert "\u00ad" not in text
    assert not re.findall(r"\w[-\u2010]\n\w", text)
    lines = text.split("\n")
    assert len(lines) > 60


def test_large_print_puts_nothing_behind_the_text(large_print: Path):
    turned = []

    def visit(text, _cm, tm, _font, _size):
        if text.strip() and (tm[1] or tm[2]):
            turned.append(text)

    for page in pypdf.PdfReader(str(large_print)).pages:
        page.extract_text(visitor_text=visit)
        assert "/XObject" not in page["/Resources"]  # no picture under the words either
    assert turned == []  # the standard draft's mark is turned across the page; none here


def test_large_print_is_left_aligned(large_print: Path):
    out = subprocess.run(["pdftotext", "-bbox-layout", str(large_print), "-"],
                         capture_output=True, text=True, check=True).stdout
    spaces: dict[float, list[float]] = {}  # by the height of the line: its size of type
    for top, bottom, line in re.findall(r'<line [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">'
                                        r"(.*?)</line>", out, re.S):
        words = [(float(a), float(b)) for a, b in
                 re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', line)]
        if len(words) >= 6 and "..." not in line:
            spaces.setdefault(round(float(bottom) - float(top)), []).append(statistics.median(
                after[0] - before[1] for before, after in zip(words, words[1:], strict=False)))
    body = max(spaces.values(), key=len)
    # Justified text stretches each line's spaces to fill it; left-aligned text keeps them all
    # one width.
    usual = statistics.median(body)
    alike = [space for space in body if abs(space - usual) < 0.3]
    assert len(body) > 40 and len(alike) >= 0.9 * len(body), sorted(body)


# Easy Read ---------------------------------------------------------------------------------

def _easy(book: Path, folder: Path, notes: list[str] | None = None) -> str:
    [copy], _ = review_copies(open_book(book), "colin-fraser", ["easy-read"], folder,
                              notes=notes)
    assert copy.name == "colin-fraser-review-copy-easy-read.pdf"
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(copy)).pages)


def test_an_easy_read_copy_has_one_sentence_to_a_line_in_large_sans(example_book: Path,
                                                                     tmp_path: Path):
    text = _easy(example_book, tmp_path)
    sizes = _sizes(tmp_path / "colin-fraser-review-copy-easy-read.pdf")
    assert min(sizes) >= 14, sizes
    chapter = text[text.index("Who am I?"):]
    # A line never runs on from the end of one sentence into the next.
    run_on = [line for line in chapter.split("\n")
              if re.search(r"[a-z][.!?][”’\"]? +[A-Z]", line)]
    assert run_on == []
    assert "My name is Colin Fraser.\n" in chapter


def test_an_easy_read_copy_explains_hard_words_and_marks_long_sentences(example_book: Path,
                                                                        tmp_path: Path):
    notes: list[str] = []
    text = _easy(example_book, tmp_path, notes)
    flat = " ".join(text.split())
    assert "Hard words in this chapter" in flat
    assert "self-management means looking after your own health." in flat
    marked = "Long sentence: for the editor to make shorter"
    # 19 words: marked; 5 words: not.
    assert f"{marked} I’ve been married to Morag for fifty-one years" in flat
    assert f"{marked} My name is Colin Fraser." not in flat
    count = flat.count(marked)
    assert count >= 3
    assert notes == [f"The Easy Read copy has {count} sentences of more than 15 words, marked "
                     "in the copy: make them shorter (in the chapter, or in an Easy Read "
                     "version of it) before sending it."]


def test_an_easy_read_version_written_beside_the_chapter_is_used(example_book: Path,
                                                                 tmp_path: Path):
    (example_book / "chapters" / "13-learning-to-live-with-diabetes.easy.md").write_text(
        "# Who am I?\n\nMy name is Colin.\nI am 77.\n\nI have diabetes. I look after my feet "
        "now.\n", "utf-8")
    opened = open_book(example_book)
    assert "13-learning-to-live-with-diabetes.easy" not in opened.book.chapters
    assert not any("easy" in note.file for note in opened.book.notes)  # not an unlisted chapter
    notes: list[str] = []
    text = _easy(example_book, tmp_path, notes)
    assert "My name is Colin. I am 77." not in text  # still a sentence to a line
    assert "My name is Colin.\nI am 77." in text and "I look after my feet now." in text
    assert "Paisley" not in text  # the chapter's own words are not used
    assert "By Colin Fraser" in text
    assert notes == ["The Easy Read copy uses the Easy Read version written of 'Learning to "
                     "live with diabetes'."]


def test_a_person_who_needs_easy_read_gets_it_and_hidden_names_stay_out(example_book: Path,
                                                                        tmp_path: Path):
    (example_book / "chapters" / "05-getting-out.easy.md").write_text(
        "# Who am I?\n\nMy real name is Claire Bennett.\nI got out.\n", "utf-8")
    [copy], _ = review_copies(open_book(example_book), "anon-survivor", ["easy-read"],
                              tmp_path)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(copy)).pages)
    assert "I got out." in text and "Claire" not in text and "Bennett" not in text
    people = open_book(example_book).book.people
    saved, _ = review_copies(open_book(example_book), "donna-whitfield",
                             [k for k in kinds_for(people["donna-whitfield"]) if k != "audio"],
                             tmp_path)
    assert [p.name for p in saved] == ["donna-whitfield-review-copy-easy-read.pdf"]


# Where copies are saved: settled before anything is made ------------------------------------

class _Steps:
    """Counts the progress reported, so a test can tell whether any work started."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, what: str, _done: int, _total: int) -> None:
        self.seen.append(what)


def _refused(book: Path, kinds: list[str], output: Path) -> str:
    steps = _Steps()
    with pytest.raises(BookError) as refused:
        review_copies(open_book(book), "colin-fraser", kinds, output, steps)
    assert steps.seen == []  # refused before any copy was put together
    return refused.value.plain()


def test_one_copy_to_a_name_without_an_ending_gets_the_right_ending(example_book: Path,
                                                                    tmp_path: Path):
    (tmp_path / "out").mkdir()
    [copy], _ = review_copies(open_book(example_book), "colin-fraser", ["pdf"],
                              tmp_path / "out" / "colin")
    assert copy == tmp_path / "out" / "colin.pdf" and copy.is_file()
    [word], _ = review_copies(open_book(example_book), "colin-fraser", ["docx"],
                              tmp_path / "out" / "colin")
    assert word == tmp_path / "out" / "colin.docx"


def test_one_copy_to_a_name_with_the_wrong_ending_is_refused(example_book: Path,
                                                             tmp_path: Path):
    said = _refused(example_book, ["large-print"], tmp_path / "colin.docx")
    assert "A large-print PDF is saved in a file ending .pdf, not .docx." in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example"]


def test_one_copy_to_an_existing_folder_goes_inside_it(example_book: Path, tmp_path: Path):
    (tmp_path / "copies").mkdir()
    [copy], _ = review_copies(open_book(example_book), "colin-fraser", ["docx"],
                              tmp_path / "copies")
    assert copy == tmp_path / "copies" / "colin-fraser-review-copy.docx"


def test_several_copies_go_in_a_folder_made_when_missing(example_book: Path, tmp_path: Path):
    saved, _ = review_copies(open_book(example_book), "colin-fraser", ["large-print", "docx"],
                             tmp_path / "new" / "colin")
    assert [p.name for p in saved] == ["colin-fraser-review-copy-large-print.pdf",
                                       "colin-fraser-review-copy.docx"]
    assert all(p.parent == tmp_path / "new" / "colin" for p in saved)


def test_several_copies_to_a_file_are_refused_before_any_is_made(example_book: Path,
                                                                 tmp_path: Path):
    (tmp_path / "taken").write_text("not a folder", "utf-8")
    said = _refused(example_book, ["large-print", "docx"], tmp_path / "taken")
    assert "2 copies are being made, so they need a folder to go in, and this is a file." in said
    said = _refused(example_book, ["large-print", "docx"], tmp_path / "copies.pdf")
    assert "this is the name of one file" in said
    assert not (tmp_path / "copies.pdf").exists()


def test_a_place_inside_the_book_folder_is_refused(example_book: Path):
    said = _refused(example_book, ["pdf"], example_book / "chapters" / "copy.pdf")
    assert "not saved inside the book folder" in said
    said = _refused(example_book, ["pdf", "docx"], example_book / "copies")
    assert "not saved inside the book folder" in said
    assert not (example_book / "copies").exists()


def test_a_file_where_a_folder_is_needed_is_refused(example_book: Path, tmp_path: Path):
    (tmp_path / "notes.txt").write_text("a file", "utf-8")
    said = _refused(example_book, ["pdf"], tmp_path / "notes.txt" / "colin.pdf")
    assert "This is a file, not a folder to save in." in said


def test_a_folder_that_cannot_be_written_to_is_refused(example_book: Path, tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # Someone allowed to write anywhere (root) is still refused a place in /proc.
        place = locked if os.access(locked, os.W_OK) is False else Path("/proc/colin-copies")
        said = _refused(example_book, ["pdf", "docx"], place)
    finally:
        locked.chmod(0o700)
    assert "Copies cannot be saved in this folder" in said


def test_one_copy_to_a_file_in_a_missing_folder_makes_the_folder(example_book: Path,
                                                                  tmp_path: Path):
    [copy], _ = review_copies(open_book(example_book), "colin-fraser", ["docx"],
                              tmp_path / "missing" / "colin")
    assert copy == tmp_path / "missing" / "colin.docx" and copy.is_file()


def test_the_command_line_names_one_file_or_a_folder(example_book: Path, tmp_path: Path):
    def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "coauthor_desk.cli", "review-copy",
                               str(example_book), "--person", "colin-fraser", *arguments],
                              capture_output=True, text=True, cwd=tmp_path, check=False)

    (tmp_path / "out").mkdir()
    one = cli("--easy-read", "-o", "out/colin")
    assert one.returncode == 0, one.stderr
    assert f"Saved {tmp_path / 'out' / 'colin.pdf'}." in one.stdout
    assert "sentences of more than 15 words" in one.stdout
    several = cli("-o", "copies/colin")  # his need: large print only, so one copy
    assert several.returncode == 0 and (tmp_path / "copies" / "colin.pdf").is_file()
    wrong = cli("--docx", "-o", "out/colin.pdf")
    assert wrong.returncode != 0
    assert "A Word file is saved in a file ending .docx, not .pdf." in wrong.stderr
    assert "Traceback" not in wrong.stderr
