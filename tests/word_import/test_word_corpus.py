"""The import against a corpus of Word files made by python-docx, by Word's own XML, by pandoc
and by LibreOffice (see word_corpus/make_corpus.py; the files are kept, so LibreOffice is not
needed here).

For every file, every word of pandoc's own plain reading of it must be somewhere a person can
find it: in the chapter, in a conversation, or named in the import's notes. Where the file has
tracked changes, the chapter as imported reads as pandoc's --track-changes=reject reading, and
using every suggestion reads as its --track-changes=accept reading. Review copies saved
unchanged by LibreOffice or Word change nothing; answers to their questions come back as
replies. Real book folders with real history, real pandoc, real Typst.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from folder_state import changed, snapshot
from word_import.word_corpus.book_setup import (
    ANSWER,
    CHAPTER,
    COMMENT_ANSWER,
    QUESTION,
    SUGGESTION,
    TITLE,
    ask_tomasz,
)

from coauthor_desk.comments.actions import accept_suggestion
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import ThreadKind
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.history.versions import identity_of
from coauthor_desk.problems import BookError
from coauthor_desk.session import OpenBook, open_book
from coauthor_desk.word_import import ImportResult, import_text, import_word_file

FILES = Path(__file__).parent / "word_corpus" / "files"
CASES: dict[str, dict[str, Any]] = json.loads((FILES / "cases.json").read_text("utf-8"))
TRACKED = sorted(name for name, case in CASES.items() if case.get("tracked"))
# Paragraph styles of the app's own parts of a review copy, which are not the chapter's words.
APP_STYLES = {"Review Note", "Byline", "Box Title", "Title", "Subtitle", "TOC Heading"}


def words(text: str) -> list[str]:
    """The words of a text, in order, as a reader would count them (no punctuation, no table
    rules, no list numbers, capitals ignored)."""
    text = re.sub(r"(?m)^(\s*)(?:\d+|[a-z]|[ivx]+)[.)](?=\s)", r"\1", text)
    return re.findall(r"\w+", text.casefold())


def reading(path: Path, changes: str = "accept") -> str:
    """Pandoc's own plain reading of a Word file."""
    return run_pandoc(["-f", "docx", f"--track-changes={changes}", "-t", "plain",
                       "--wrap=none", str(path)]).decode("utf-8")


def chapter_reading(body: str) -> str:
    """The chapter's Markdown as plain text, as pandoc reads it."""
    return run_pandoc(["-f", "markdown", "-t", "plain", "--wrap=none"], text=body).decode("utf-8")


def book_for(request: pytest.FixtureRequest, name: str) -> OpenBook:
    case = CASES[name]
    folder = request.getfixturevalue(f"{case['book']}_book")
    for person, full_name in case.get("people", {}).items():  # reviewers the book needs
        (folder / "people" / f"{person}.yaml").write_text(
            f"id: {person}\nname: {full_name}\nroles: [editor]\n", "utf-8")
    if case.get("people"):
        opened = open_book(folder)
        opened.history.save_files_as_version(identity_of(opened.book.people["helen-marsh"]),
                                             "Reviewers", [f"people/{p}.yaml"
                                                           for p in case["people"]])
    opened = open_book(folder)
    if case.get("setup") == "ask_tomasz":
        ask_tomasz(opened)
    return opened


def bring_in(opened: OpenBook, name: str) -> ImportResult:
    case = CASES[name]
    return import_word_file(opened, FILES / name, case["chapter"], case["sender"])


def app_words(path: Path) -> Counter[str]:
    """The words the app itself put into a review copy: its note, bylines, box titles,
    contents list and the questions section (whose answers are checked on their own)."""
    found: Counter[str] = Counter()
    document = docx.Document(str(path))
    questions = False
    for element in document.element.body.iter(qn("w:p")):  # in the contents list too
        paragraph = Paragraph(element, document)
        questions = questions or paragraph.text.strip() == "Questions and comments for you"
        if questions or paragraph.style.name in APP_STYLES and re.match(
                r"Your review copy|By |Key learning|Contents|Our Words|Lived experience",
                paragraph.text):
            found.update(words(paragraph.text))
    return found


# Every word accounted for ---------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_word_of_the_file_is_in_the_book_or_told(request: pytest.FixtureRequest,
                                                       name: str) -> None:
    opened = book_for(request, name)
    case = CASES[name]
    result = bring_in(opened, name)
    chapter = opened.book.chapters[case["chapter"]]
    found = Counter(words(chapter_reading(chapter.body))) + Counter(words(chapter.title))
    threads, problems = load_threads(opened.book)
    assert problems == []
    for thread in threads:
        found.update(words(" ".join([thread.anchor.quote, thread.proposed or "",
                                     *(m.text for m in thread.messages)])))
    found.update(words(" ".join(result.notes)))
    if case["book"] == "example":
        found.update(app_words(FILES / name))
    missing = Counter(words(reading(FILES / name))) - found
    assert not missing, (missing, import_text(result))


# Tracked changes: as Word's Accept and Reject give them ---------------------------------------
@pytest.mark.parametrize("name", TRACKED)
def test_suggestions_give_what_accept_and_reject_give(request: pytest.FixtureRequest,
                                                      name: str) -> None:
    opened = book_for(request, name)
    result = bring_in(opened, name)
    body = opened.book.chapters["my-story"].body
    assert words(chapter_reading(body)) == words(reading(FILES / name, "reject"))
    assert result.suggestions, import_text(result)
    for thread in result.suggestions:
        assert thread.started_by == "helen-marsh" and thread.to == "sam-jones"
        assert ("David Lowe" in thread.messages[0].text) == ("people" in CASES[name])
        accept_suggestion(opened, thread.id, "sam-jones")
    accepted = opened.book.chapters["my-story"].body
    assert words(chapter_reading(accepted)) == words(reading(FILES / name, "accept"))


def test_a_change_in_a_table_keeps_the_table_whole(small_book: Path) -> None:
    opened = open_book(small_book)
    result = bring_in(opened, "table-cell-change.docx")
    assert len(result.suggestions) == 1  # the table, decided whole
    assert _table_cells(opened.book.chapters["my-story"].body) == [
        ["Day", "Food"], ["Monday", "Bread and jam"], ["Tuesday", "Soup"]]
    accept_suggestion(opened, result.suggestions[0].id, "sam-jones")
    assert _table_cells(opened.book.chapters["my-story"].body) == [
        ["Day", "Food"], ["Monday", "Bread and cheese and pickle"],
        ["Tuesday", "Soup with bread"]]


def _table_cells(body: str) -> list[list[str]]:
    """The words of each cell of the chapter's one table, row by row, as pandoc reads it."""
    tree = json.loads(run_pandoc(["-f", "markdown", "-t", "json"], text=body))
    tables = [b for b in tree["blocks"] if b["t"] == "Table"]
    assert len(tables) == 1, body
    head, bodies = tables[0]["c"][3], tables[0]["c"][4]
    rows = head["c"][1] if isinstance(head, dict) else head[1]
    rows = list(rows) + [row for part in bodies for row in part[3]]

    def cell_words(cell: list[Any]) -> str:
        text = run_pandoc(["-f", "json", "-t", "plain", "--wrap=none"], text=json.dumps(
            {"pandoc-api-version": tree["pandoc-api-version"], "meta": {},
             "blocks": cell[4]}))
        return " ".join(text.decode("utf-8").split())

    return [[cell_words(cell) for cell in row[1]] for row in rows]


@pytest.mark.parametrize("name", ["paragraph-moved.docx", "words-moved.docx"])
def test_moved_words_are_one_suggestion(small_book: Path, name: str) -> None:
    opened = open_book(small_book)
    result = bring_in(opened, name)
    assert len(result.suggestions) == 1, [t.proposed for t in result.suggestions]
    assert "moved" in result.suggestions[0].messages[0].text


@pytest.mark.parametrize(("name", "before", "after"), [
    ("paragraph-split.docx", "I grew up by the sea. The sea was cold in every season.",
     "I grew up by the sea.\n\nThe sea was cold in every season."),
    ("paragraphs-joined.docx", "The sea was cold.\n\nWe swam anyway.",
     "The sea was cold. We swam anyway."),
    ("list-item-split.docx", "1. To ask for help. To keep going.\n\n2. To rest often.",
     "1. To ask for help.\n\n2. To keep going.\n\n3. To rest when I can.")])
def test_a_split_or_joined_paragraph_is_suggested_whole(small_book: Path, name: str,
                                                       before: str, after: str) -> None:
    opened = open_book(small_book)
    result = bring_in(opened, name)
    assert before in opened.book.chapters["my-story"].body
    (suggestion,) = result.suggestions
    assert (suggestion.anchor.quote, suggestion.proposed) == (before, after)


# Review copies saved unchanged ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["review-copy-libreoffice-unchanged.docx",
                                  "review-copy-word-unchanged.docx",
                                  "review-copy-empty-heading-libreoffice-unchanged.docx",
                                  "review-copy-questions-libreoffice-unchanged.docx",
                                  "review-copy-questions-word-unchanged.docx"])
def test_a_review_copy_saved_unchanged_changes_nothing(request: pytest.FixtureRequest,
                                                      name: str) -> None:
    opened = book_for(request, name)
    before = snapshot(opened.book.root)
    result = bring_in(opened, name)
    assert result.version is None and not result.text_changed and result.threads == ()
    assert import_text(result).startswith("Nothing to import")
    assert changed(before, snapshot(opened.book.root)) == []
    if "word" in name:  # Word filled in the contents list when it opened the copy
        assert any("list of contents was left out" in n and f"“{TITLE} 2”" in n
                   for n in result.notes), result.notes


# Answers to a review copy's questions ---------------------------------------------------------
@pytest.mark.parametrize("name", ["review-copy-answered.docx",
                                  "review-copy-answered-libreoffice.docx"])
def test_answers_to_questions_come_back_as_replies(example_book: Path, name: str) -> None:
    opened = open_book(example_book)
    ask_tomasz(opened)
    body = opened.book.chapters[CHAPTER].body
    result = bring_in(opened, name)
    assert opened.book.chapters[CHAPTER].body == body and not result.text_changed
    threads = {t.messages[0].text: t for t in load_threads(opened.book)[0]}
    assert [(m.by, m.text) for m in threads[QUESTION].messages] == [
        ("helen-marsh", QUESTION), ("tomasz-nowak", ANSWER)]
    assert [(m.by, m.text) for m in threads[SUGGESTION].messages] == [
        ("helen-marsh", SUGGESTION), ("tomasz-nowak", COMMENT_ANSWER)]
    assert threads[SUGGESTION].kind is ThreadKind.SUGGESTION and threads[SUGGESTION].is_open
    assert result.version is not None and result.version.name == "Tomasz Nowak"
    text = import_text(result)
    assert "answers to 2 questions became replies" in text
    for word in ("commit", "branch", "merge", "repository"):
        assert word not in text.lower()

    before = snapshot(opened.book.root)
    again = bring_in(opened, name)
    assert again.version is None and import_text(again).startswith("Nothing to import")
    assert changed(before, snapshot(opened.book.root)) == []


# Links -----------------------------------------------------------------------------------------
def test_links_point_to_headings_or_become_plain_words(small_book: Path) -> None:
    opened = open_book(small_book)
    result = bring_in(opened, "links-and-cross-references.docx")
    body = opened.book.chapters["my-story"].body
    assert "[Growing up](#growing-up)" in body  # a heading of the chapter: still a link
    assert "See Table 1 and" in body and "and the sea again." in body
    assert "As Table 1 shows" in body and "Table 1: What we ate" in body
    assert re.findall(r"\]\(#([^)]*)\)", body) == ["growing-up"]
    assert "in my notes file, and the beach has [a web page](https://example.org/beach)." in body
    assert any("1 link to files or places other than web pages" in note
               and "“my notes file”" in note for note in result.notes), result.notes
    assert any("3 links to places inside the Word file" in note and "“Table 1”" in note
               for note in result.notes), result.notes


def test_the_books_pdf_is_made_after_links_come_in(small_book: Path, tmp_path: Path) -> None:
    from coauthor_desk.export.review_copy import review_copies

    opened = open_book(small_book)
    bring_in(opened, "links-and-cross-references.docx")
    saved, problems = review_copies(opened, "sam-jones", ["pdf"], tmp_path / "sam.pdf")
    assert problems == [] and saved[0].read_bytes().startswith(b"%PDF")


# Words in styles pandoc reads as details ------------------------------------------------------
def test_abstract_author_and_date_after_the_words_are_kept(small_book: Path) -> None:
    opened = open_book(small_book)
    bring_in(opened, "details-styles-after-words.docx")
    body = opened.book.chapters["my-story"].body
    assert body == ("\nI grew up by the sea and loved it.\n\nIn short: a childhood by the water."
                    "\n\nWritten with my sister Ann.\n\nSpring 2025\n\nThe end of my story.\n")


# The package ----------------------------------------------------------------------------------
def test_a_main_part_anywhere_in_the_package_is_found(small_book: Path) -> None:
    opened = open_book(small_book)
    with zipfile.ZipFile(FILES / "main-part-elsewhere.docx") as archive:
        assert "word/document.xml" not in archive.namelist()
    bring_in(opened, "main-part-elsewhere.docx")
    assert "I grew up by the sea and loved it." in opened.book.chapters["my-story"].body


def test_a_package_naming_a_main_part_it_lacks_is_refused_plainly(small_book: Path,
                                                                 tmp_path: Path) -> None:
    with zipfile.ZipFile(FILES / "main-part-elsewhere.docx") as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != "text/main.xml"}
    path = tmp_path / "half.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    opened = open_book(small_book)
    before = snapshot(small_book)
    with pytest.raises(BookError) as error:
        import_word_file(opened, path, "my-story", "sam-jones")
    message = error.value.plain()
    assert message.startswith("half.docx: ") and "not a Word file" in message
    assert "Traceback" not in message and error.value.problems[0].todo
    assert changed(before, snapshot(small_book)) == []


# Words typed where the app writes its own -----------------------------------------------------
def test_words_typed_after_the_note_at_the_top_are_named(example_book: Path) -> None:
    opened = open_book(example_book)
    body = opened.book.chapters[CHAPTER].body
    before = snapshot(example_book)
    result = bring_in(opened, "review-copy-typed-after-note.docx")
    assert result.version is None and opened.book.chapters[CHAPTER].body == body
    text = import_text(result)
    assert text.startswith("Nothing to import")
    assert "“Thank you for this. I read it all twice.”" in text
    assert "“Can I have it in large print too?”" in text
    assert changed(before, snapshot(example_book)) == []


# Comments, and a new chapter -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["comments-and-replies.docx", "comments-newer-word.docx"])
def test_comments_and_their_replies_become_threads(small_book: Path, name: str) -> None:
    opened = open_book(small_book)
    result = bring_in(opened, name)
    assert opened.book.chapters["my-story"].body == (
        "\n# Who am I?\n\nI was born here. I like singing.\n")
    threads = {t.thread.anchor.quote: t.thread for t in result.threads}
    assert [(m.by, m.text) for m in threads["I was born here."].messages] == [
        ("helen-marsh", "Could you say where?"), ("sam-jones", "By the sea, in Wales.")]
    lovely = threads["singing"]
    assert lovely.to == "sam-jones" and lovely.messages[0].text == "Lovely."
    assert lovely.is_open is (name == "comments-and-replies.docx")  # Word marked it done


def test_a_new_chapter_keeps_its_abstract_and_tells_of_its_picture(example_book: Path) -> None:
    opened = open_book(example_book)
    result = bring_in(opened, "new-chapter-with-picture.docx")
    chapter = opened.book.chapters["17-finding-my-voice"]
    assert chapter.title == "Finding my voice" and chapter.authors == ["tomasz-nowak"]
    assert chapter.body == ("\nHow singing helped me after my stroke.\n\n# Who am I?\n\n"
                            "I am Tomasz and I like to sing.\n\n# What have I learnt?\n\n"
                            "That my voice matters.\n")
    assert any("1 picture" in note for note in result.notes)


def test_answers_to_conversations_no_longer_in_the_book_are_named(example_book: Path) -> None:
    opened = open_book(example_book)  # Helen's question and suggestion were never saved here
    before = snapshot(example_book)
    result = bring_in(opened, "review-copy-answered.docx")
    assert result.version is None and result.answered == ()
    text = import_text(result)
    assert text.startswith("Nothing to import")
    assert f"“{ANSWER}”" in text and f"“{COMMENT_ANSWER}”" in text
    assert "no longer in the book" in text
    assert changed(before, snapshot(example_book)) == []


@pytest.mark.parametrize("name", ["paragraph-split.docx", "paragraph-moved.docx",
                                  "table-cell-change.docx"])
def test_an_editors_tracked_changes_to_a_co_authors_words_are_suggestions(
        small_book: Path, name: str) -> None:
    """Helen sends the file herself: her tracked changes to Sam's words are not edits of his
    words behind his back, so the file comes in, as suggestions for him."""
    from coauthor_desk.manuscript.edit import save_chapter

    opened = open_book(small_book)
    save_chapter(opened.book, "my-story", "\n" + chapter_markdown(FILES / name, "reject"))
    opened.history.save_files_as_version(identity_of(opened.book.people["sam-jones"]),
                                         "Sam's words", ["chapters/my-story.md"])
    body = opened.book.chapters["my-story"].body
    result = import_word_file(opened, FILES / name, "my-story", "helen-marsh")
    assert opened.book.chapters["my-story"].body == body and not result.text_changed
    assert [(t.started_by, t.to) for t in result.suggestions] == [("helen-marsh", "sam-jones")]


def chapter_markdown(path: Path, changes: str) -> str:
    """A Word file as the book's Markdown, with tracked changes taken one way."""
    return run_pandoc(["-f", "docx", f"--track-changes={changes}", "-t", "markdown",
                       "--wrap=none", str(path)]).decode("utf-8")


def test_a_review_copy_edited_then_saved_by_libreoffice_comes_in_the_same(
        example_book: Path, tmp_path: Path) -> None:
    """Helen's and Tomasz's tracked changes and comments, saved again by LibreOffice (which
    writes them its own way), give the same chapter and the same conversations."""
    seen = []
    for name in ("review-copy-edited.docx", "review-copy-edited-libreoffice.docx"):
        folder = tmp_path / name
        shutil.copytree(example_book, folder, symlinks=True)
        opened = open_book(folder)
        result = bring_in(opened, name)
        seen.append((opened.book.chapters[CHAPTER].body, sorted(
            (t.thread.kind, t.thread.anchor.quote, t.thread.proposed, t.thread.started_by,
             t.thread.to, tuple(m.text.replace(name, "the file") for m in t.thread.messages))
            for t in result.threads)))
    assert seen[0] == seen[1]
    assert len(seen[0][1]) == 5


def test_lists_come_back_as_they_were_numbered(small_book: Path, tmp_path: Path) -> None:
    """LibreOffice saves each list as a first item and the rest; they are one list again, and
    lists that really start again stay apart."""
    bodies = []
    for name in ("lists.docx", "lists-libreoffice.docx"):
        folder = tmp_path / name
        shutil.copytree(small_book, folder, symlinks=True)
        opened = open_book(folder)
        bring_in(opened, name)
        bodies.append(opened.book.chapters["my-story"].body)
    assert bodies[0] == bodies[1]
    assert "1. One\n2. Two\n" in bodies[1] and "1. Again one\n2. Again two\n" in bodies[1]
    assert "3. Three\n4. Four\n" in bodies[1]


def test_the_authors_own_changes_in_a_table_and_a_move_are_made(small_book: Path) -> None:
    opened = open_book(small_book)
    name = "own-changes-in-table-and-move.docx"
    result = bring_in(opened, name)
    assert result.threads == () and result.accepted_changes >= 2
    body = opened.book.chapters["my-story"].body
    assert words(chapter_reading(body)) == words(reading(FILES / name, "accept"))
    assert _table_cells(body) == [["Day", "Food"], ["Monday", "Bread and butter"]]


def test_words_moved_too_far_for_one_suggestion_are_told(small_book: Path) -> None:
    opened = open_book(small_book)
    name = "moved-a-long-way.docx"
    result = bring_in(opened, name)
    assert result.suggestions == []
    body = opened.book.chapters["my-story"].body
    assert words(chapter_reading(body)) == words(reading(FILES / name, "reject"))
    assert any("Helen Marsh's tracked changes" in note and "My grandmother taught me" in note
               and "too much of the chapter" in note for note in result.notes), result.notes


def test_the_corpus_list_names_every_file() -> None:
    """cases.json and files/ agree, so no file is left untested (make_corpus writes both)."""
    assert sorted(CASES) == sorted(path.name for path in FILES.glob("*.docx"))


@pytest.mark.parametrize("part", ["word/numbering.xml", "_rels/.rels", "[Content_Types].xml",
                                  "word/_rels/document.xml.rels", "word/styles.xml"])
def test_a_damaged_part_gives_words_or_a_plain_message(small_book: Path, tmp_path: Path,
                                                       part: str) -> None:
    """The parts the import reads itself (the package's map, the list numbering) may be
    damaged: the file still comes in as pandoc reads it, or is refused plainly, changing
    nothing."""
    with zipfile.ZipFile(FILES / "lists-libreoffice.docx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = b"<not xml"
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    opened = open_book(small_book)
    before = snapshot(small_book)
    try:
        result = import_word_file(opened, path, "my-story", "sam-jones")
    except BookError as error:
        message = error.plain()
        assert message.startswith("damaged.docx: ") and "Traceback" not in message
        assert error.problems[0].todo
        assert changed(before, snapshot(small_book)) == []
        return
    assert "Again one" in opened.book.chapters["my-story"].body and result.version is not None
