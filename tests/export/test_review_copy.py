"""Review copies for contributors, matched to their access needs, read back."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import docx
import pypdf
import pytest

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, How, Use
from coauthor_desk.export.review_copy import kinds_for, review_copies
from coauthor_desk.plain.feedback import start_thread
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
    assert kinds_for(people["donna-whitfield"]) == ["audio"]


def test_a_large_print_copy_holds_the_chapter_in_about_18_point(example_book: Path,
                                                              tmp_path: Path):
    opened = open_book(example_book)
    [large], _ = review_copies(opened, "colin-fraser", output=tmp_path)
    [standard], _ = review_copies(opened, "colin-fraser", ["pdf"], tmp_path / "standard.pdf")
    assert large.name == "colin-fraser-review-copy-large-print.pdf"
    text = _pdf_text(large)
    assert "Learning to live with diabetes" in text and "By Colin Fraser" in text
    assert "Your review copy, made on" in text and "REVIEW COPY" in text
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
    [sound], _ = review_copies(open_book(example_book), "donna-whitfield", output=tmp_path)
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
