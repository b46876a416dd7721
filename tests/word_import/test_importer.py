"""Bringing in Word files: real Word files (made by pandoc's docx writer, by python-docx and by
the app's own review copies), real pandoc reading them back, real book folders with real history.

What a person would see is checked: the chapter's words after the import, each thread (who
started it, who it is for, the words it is about, the words suggested), the one new version and
who saved it, book.yaml for a new chapter, and plain messages, with nothing changed, when a file
or a name cannot be used.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from corpus.broken_docx.cases import CASES

from coauthor_desk.comments.actions import accept_suggestion
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Found, Thread, ThreadKind, ThreadState
from coauthor_desk.comments.where_now import thread_status
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import front_matter, yaml_text
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import OpenBook, open_book
from coauthor_desk.word_import import ImportResult, import_text, import_word_file

CHAPTER = "08-therapy-in-a-second-language"
TITLE = "Therapy in a second language"
HELEN = "2025-03-01T10:00:00Z"
TOMASZ = "2025-03-02T10:00:00Z"


# Making Word files ------------------------------------------------------------------------------
def ins(words: str, who: str, when: str = HELEN) -> str:
    """Words put in with Track Changes on (pandoc writes a real <w:ins>)."""
    return f'[{words}]{{.insertion author="{who}" date="{when}"}}'


def dele(words: str, who: str, when: str = HELEN) -> str:
    """Words taken out with Track Changes on (a real <w:del>)."""
    return f'[{words}]{{.deletion author="{who}" date="{when}"}}'


def comment(number: int, text: str, who: str, when: str = HELEN) -> str:
    return f'[{text}]{{.comment-start id="{number}" author="{who}" date="{when}"}}'


def end(number: int) -> str:
    return f'[]{{.comment-end id="{number}"}}'


def word_file(folder: Path, name: str, markdown: str) -> Path:
    """A real Word file made by pandoc's docx writer from pandoc Markdown."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], text=markdown))
    return path


def review_copy_markdown(opened: OpenBook, chapter_ids: list[str],
                         edits: list[tuple[str, str]] = ()) -> str:
    """Markdown that pandoc turns into a Word file shaped like the app's review copies: a note
    at the top, the chapter title as the only level-one heading with a byline, the chapter's
    headings a level down, boxes in their Word styles with titles and bylines."""
    parts = ['::: {custom-style="Review Note"}\nYour review copy, made today.\n:::']
    bodies = {i: opened.book.chapters[i].body for i in chapter_ids}
    for old, new in edits:
        where = [i for i in chapter_ids if old in bodies[i]]
        assert where, old
        bodies[where[0]] = bodies[where[0]].replace(old, new, 1)
    for chapter_id in chapter_ids:
        chapter = opened.book.chapters[chapter_id]
        body = bodies[chapter_id]
        lines = []
        for line in body.split("\n"):
            if line.startswith("#"):
                line = "#" + line
            elif line == "::: {.key-learning}":
                line = ('::: {custom-style="Box Title"}\n**Key learning**\n:::\n\n'
                        '::: {custom-style="Key Learning"}')
            elif line.startswith("::: {.commentary"):
                line = '::: {custom-style="Commentary"}'
            lines.append(line)
        parts += [f"# {chapter.title}", '::: {custom-style="Byline"}\nBy someone\n:::',
                  "\n".join(lines)]
    parts += ["# Questions and comments for you", "Nothing is waiting for you."]
    return "\n\n".join(parts) + "\n"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a book folder (its history too) with its bytes and modification time."""
    return {path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


def thread_about(result: ImportResult, quote: str) -> Thread:
    found = [t.thread for t in result.threads if t.thread.anchor.quote == quote]
    assert len(found) == 1, [t.thread.anchor.quote for t in result.threads]
    return found[0]


def files_in_version(opened: OpenBook, version_id: str) -> set[str]:
    out = opened.history.git.run("show", "--name-only", "--format=", version_id)
    return {line for line in out.splitlines() if line}


# The main story: a review copy comes back with changes and comments -----------------------------
EDITS = [
    ("I live in England since eleven years.",
     f"I live in England {dele('since eleven years', 'Helen Marsh')}"
     f"{ins('for eleven years', 'Helen Marsh')}."),
    ("I work as an electrician",
     f"I work as {dele('an', 'Tomasz Nowak', TOMASZ)}{ins('a qualified', 'Tomasz Nowak', TOMASZ)}"
     " electrician"),
    ("learning to make a Sunday roast",
     f"learning to make a {ins('proper', 'Helen', '2025-03-01T10:05:00Z')} Sunday roast"),
    ("say is still not correct", f"say is {dele('still', 'helen marsh', '2025-03-01T10:10:00Z')}"
                                 " not correct"),
    ("I nodded a lot.",
     f"{comment(0, 'Could you say more about this?', 'Helen Marsh', '2025-03-01T11:00:00Z')}"
     f"{comment(1, 'I will try.', 'Tomasz', '2025-03-02T11:00:00Z')}"
     f"I nodded a lot.{end(0)}{end(1)}"),
    ("I think I nodded too much.", "I think I nodded far too much."),  # his own, untracked
    ("With her I could cry in my own language.",
     "With her I could cry in my own language.\n\n"
     + ins("It took me a long time to find her.", "Helen Marsh", "2025-03-01T12:00:00Z")),
]


@pytest.fixture
def returned(example_book: Path, tmp_path: Path) -> tuple[OpenBook, Path, str]:
    """Tomasz's review copy, back from Helen and Tomasz with changes and comments."""
    opened = open_book(example_book)
    before = opened.book.chapters[CHAPTER].body
    path = word_file(tmp_path / "post", "tomasz.docx", review_copy_markdown(
        opened, [CHAPTER], EDITS))
    return opened, path, before


def test_the_authors_changes_are_taken_in_and_everyone_elses_wait_for_him(returned) -> None:
    opened, path, before = returned
    head = opened.history.head()
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")

    expected = (before.replace("I work as an electrician", "I work as a qualified electrician")
                .replace("I nodded too much.", "I nodded far too much."))
    assert opened.book.chapters[CHAPTER].body == expected
    on_disk = (opened.book.root / "chapters" / f"{CHAPTER}.md").read_text("utf-8")
    details, raw, body = front_matter.split("chapter", on_disk)
    assert body == expected
    assert details == {"id": CHAPTER, "title": TITLE, "authors": ["tomasz-nowak"],
                       "status": "agreed"}  # the details are kept as they were
    assert result.text_changed and not result.new_chapter
    assert result.accepted_changes == 1  # one replacement, counted once

    replaced = thread_about(result, "since eleven years")
    assert (replaced.kind, replaced.proposed, replaced.started_by, replaced.to) == (
        ThreadKind.SUGGESTION, "for eleven years", "helen-marsh", "tomasz-nowak")
    assert replaced.started_when == "2025-03-01T10:00:00+00:00"
    added = thread_about(result, "a Sunday")
    assert added.proposed == "a proper Sunday"
    taken_out = thread_about(result, "still")
    assert taken_out.proposed == "" and taken_out.started_by == "helen-marsh"
    paragraph = thread_about(result, "in my own language.")  # the last words before it
    assert paragraph.proposed == ("in my own language.\n\n"
                                  "It took me a long time to find her.")
    talk = thread_about(result, "I nodded a lot.")
    assert talk.kind is ThreadKind.COMMENT and talk.to == "tomasz-nowak"
    assert [(m.by, m.text) for m in talk.messages] == [
        ("helen-marsh", "Could you say more about this?"), ("tomasz-nowak", "I will try.")]
    assert len(result.threads) == 5

    # Every thread is a file the book reads back, pinned to words that are where it says.
    threads, problems = load_threads(opened.book)
    assert problems == []
    mine = [t for t in threads if t.chapter == CHAPTER]
    assert {t.id for t in mine} >= {t.thread.id for t in result.threads}
    for thread in mine:
        assert thread_status(opened.book, thread).found is Found.FOUND

    # One new version, saved by Tomasz, holding the chapter and every thread.
    versions = opened.history.versions(limit=2)
    assert versions[1].id == head and versions[0] == result.version
    assert (versions[0].name, versions[0].email) == (
        "Tomasz Nowak", identity_of(opened.book.people["tomasz-nowak"]).email)
    assert "Word file tomasz.docx" in versions[0].description
    assert files_in_version(opened, versions[0].id) == {
        f"chapters/{CHAPTER}.md", *(t.thread.file for t in result.threads)}
    assert opened.history.unsaved_files() == []


def test_the_summary_says_what_happened_in_plain_words(returned) -> None:
    opened, path, _ = returned
    text = import_text(import_word_file(opened, path, CHAPTER, "tomasz-nowak"))
    assert text.startswith(f"Imported '{TITLE}' from tomasz.docx as a new version by "
                           "Tomasz Nowak: ")
    assert "1 comment became a thread (1 reply included)" in text
    assert "4 suggested changes from Helen Marsh are waiting for Tomasz" in text
    for word in ("commit", "branch", "merge", "repository"):
        assert word not in text.lower()


def test_an_imported_suggestion_can_be_accepted_by_the_author(returned) -> None:
    opened, path, _ = returned
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    accept_suggestion(opened, thread_about(result, "a Sunday"), "tomasz-nowak")
    accept_suggestion(opened, thread_about(result, "in my own language."), "tomasz-nowak")
    body = opened.book.chapters[CHAPTER].body
    assert "learning to make a proper Sunday roast" in body
    assert "cry in my own language.\n\nIt took me a long time to find her.\n" in body


# Review copies made by the app come back as they went out ---------------------------------------
@pytest.mark.parametrize("chapter_id", [CHAPTER, "01-introduction", "07-my-son-the-system-and-me",
                                        "16-what-carers-told-us"])
def test_an_unchanged_review_copy_changes_nothing(example_book: Path, tmp_path: Path,
                                                  chapter_id: str) -> None:
    from coauthor_desk.export.review_copy import review_copies

    opened = open_book(example_book)
    author = opened.book.chapters[chapter_id].authors[0]
    path = review_copies(opened, author, ["docx"], tmp_path / f"{author}.docx")[0][0]
    before = snapshot(example_book)
    result = import_word_file(opened, path, chapter_id, author)
    assert result.version is None and not result.text_changed and result.threads == ()
    assert import_text(result).startswith("Nothing to import")
    assert snapshot(example_book) == before


def test_the_chapter_is_picked_out_of_a_copy_of_several(example_book: Path,
                                                       tmp_path: Path) -> None:
    opened = open_book(example_book)
    before = opened.book.chapters[CHAPTER].body
    markdown = review_copy_markdown(opened, ["02-leaving-care", CHAPTER], [
        ("I nodded a lot.", "I nodded a lot, every time.")])
    path = word_file(tmp_path, "two.docx", markdown)
    import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    assert opened.book.chapters[CHAPTER].body == before.replace(
        "I nodded a lot.", "I nodded a lot, every time.")


def test_a_file_of_another_chapter_is_refused(example_book: Path, tmp_path: Path) -> None:
    opened = open_book(example_book)
    path = word_file(tmp_path, "tomasz.docx", review_copy_markdown(opened, [CHAPTER]))
    before = snapshot(example_book)
    for chapter_id in ("02-leaving-care", "17-a-new-one"):
        with pytest.raises(BookError) as error:
            import_word_file(opened, path, chapter_id, "tomasz-nowak")
        assert f"holds '{TITLE}' ({CHAPTER})" in error.value.plain()
        assert error.value.problems[0].file == "tomasz.docx"
    assert snapshot(example_book) == before


def test_a_name_left_out_of_the_review_copy_comes_back(example_book: Path,
                                                      tmp_path: Path) -> None:
    from coauthor_desk.export.review_copy import review_copies

    opened = open_book(example_book)
    chapter = opened.book.chapters[CHAPTER]
    save_chapter(opened.book, CHAPTER, chapter.body.replace("My name is Tomasz.",
                                                            "My name is Tomasz Nowak."))
    opened.history.save_files_as_version(identity_of(opened.book.people["tomasz-nowak"]),
        "Full name",
                                [chapter.file])
    path = review_copies(opened, "tomasz-nowak", ["docx"], tmp_path / "tomasz.docx")[0][0]
    assert "name left out" in run_pandoc(["-f", "docx", "-t", "plain", str(path)]).decode()
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    assert result.version is None
    assert "My name is Tomasz Nowak." in opened.book.chapters[CHAPTER].body


# Whose words ----------------------------------------------------------------------------------
COMMENTARY = "Tomasz's chapter exposes an assumption that is rarely examined"


def test_changes_in_a_commentary_belong_to_its_editor(example_book: Path, tmp_path: Path) -> None:
    opened = open_book(example_book)
    edits = [(COMMENTARY,
              f"Tomasz's chapter {dele('exposes', 'Tomasz Nowak', TOMASZ)}"
              f"{ins('shows', 'Tomasz Nowak', TOMASZ)} an assumption that is "
              f"{dele('rarely', 'Helen Marsh')}{ins('seldom', 'Helen Marsh')} examined"),
             ("I nodded a lot.", f"{comment(0, 'Is this too short?', 'Tomasz Nowak', TOMASZ)}"
                                 f"I nodded a lot.{end(0)}")]
    path = word_file(tmp_path, "tomasz.docx", review_copy_markdown(opened, [CHAPTER], edits))
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    body = opened.book.chapters[CHAPTER].body
    assert "Tomasz's chapter exposes an assumption that is seldom examined" in body
    suggestion = thread_about(result, "exposes")
    assert (suggestion.proposed, suggestion.started_by, suggestion.to) == (
        "shows", "tomasz-nowak", "helen-marsh")
    own = thread_about(result, "I nodded a lot.")  # his comment on his own words
    assert (own.started_by, own.to) == ("tomasz-nowak", opened.book.editors[0])
    assert result.accepted_changes == 1


def test_typing_over_someone_elses_words_without_tracking_is_refused(example_book: Path,
                                                                    tmp_path: Path) -> None:
    opened = open_book(example_book)
    edits = [("Talking therapies rely on language", "Talking therapies depend on language")]
    path = word_file(tmp_path, "tomasz.docx", review_copy_markdown(opened, [CHAPTER], edits))
    before = snapshot(example_book)
    with pytest.raises(BookError) as error:
        import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    message = error.value.plain()
    assert message.startswith("tomasz.docx: The Word file changes Helen Marsh's words")
    assert "Track Changes" in message
    assert snapshot(example_book) == before


def test_an_editors_own_file_brings_suggestions_not_edits(example_book: Path,
                                                         tmp_path: Path) -> None:
    opened = open_book(example_book)
    before = opened.book.chapters[CHAPTER].body
    tracked = [("I nodded a lot.", f"I nodded {dele('a lot', 'Helen Marsh')}"
                                   f"{ins('often', 'Helen Marsh')}.")]
    path = word_file(tmp_path, "helen.docx", review_copy_markdown(opened, [CHAPTER], tracked))
    result = import_word_file(opened, path, CHAPTER, "helen-marsh")
    assert opened.book.chapters[CHAPTER].body == before and not result.text_changed
    assert thread_about(result, "a lot").to == "tomasz-nowak"
    assert result.version is not None and result.version.name == "Helen Marsh"
    assert import_text(result).startswith("Imported the comments and changes in helen.docx")

    untracked = [("I think I nodded too much.", "I think I nodded much too much.")]
    path = word_file(tmp_path, "helen2.docx", review_copy_markdown(opened, [CHAPTER], untracked))
    snap = snapshot(example_book)
    with pytest.raises(BookError, match="changes Tomasz Nowak's words without tracked"):
        import_word_file(opened, path, CHAPTER, "helen-marsh")
    assert snapshot(example_book) == snap


# Names ----------------------------------------------------------------------------------------
def test_an_unknown_name_is_refused_until_it_is_given(example_book: Path, tmp_path: Path) -> None:
    opened = open_book(example_book)
    edits = [("I nodded a lot.", f"{comment(0, 'Lovely.', 'H. M.')}I nodded a lot.{end(0)}")]
    path = word_file(tmp_path, "tomasz.docx", review_copy_markdown(opened, [CHAPTER], edits))
    before = snapshot(example_book)
    with pytest.raises(BookError) as error:
        import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    message = error.value.plain()
    assert message.startswith("tomasz.docx: The Word file has comments or changes by 'H. M.'")
    assert '--word-name "H. M.=person-id"' in message
    assert snapshot(example_book) == before

    with pytest.raises(BookError, match="'nobody-here'"):
        import_word_file(opened, path, CHAPTER, "tomasz-nowak", {"H. M.": "nobody-here"})
    assert snapshot(example_book) == before

    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak", {"h. m.": "helen-marsh"})
    assert thread_about(result, "I nodded a lot.").started_by == "helen-marsh"
    assert result.word_names == {"H. M.": "helen-marsh"}


def test_a_first_name_two_people_share_is_not_guessed(small_book: Path, tmp_path: Path) -> None:
    for person_id, name in (("jo-bloggs", "Jo Bloggs"), ("jo-brown", "Jo Brown")):
        (small_book / "people" / f"{person_id}.yaml").write_text(
            f"id: {person_id}\nname: {name}\nroles: [co-author]\n", "utf-8")
    opened = open_book(small_book)
    path = word_file(tmp_path, "sam.docx", f"# Who am I?\n\n{comment(0, 'Nice.', 'jo')}"
                                           f"I was born {comment(1, 'Where?', 'sam')}here."
                                           f"{end(1)}{end(0)}\n")
    with pytest.raises(BookError) as error:
        import_word_file(opened, path, "my-story", "sam-jones")
    message = error.value.plain()
    assert "'jo' (who could be Jo Bloggs or Jo Brown)" in message
    assert "'sam'" not in message  # Sam Jones chose to be printed as "Sam": that is him


def test_people_are_found_by_their_printed_name(example_book: Path, tmp_path: Path) -> None:
    opened = open_book(example_book)
    edits = [("I nodded a lot.", f"{comment(0, 'Yes.', 'TOMASZ', TOMASZ)}I nodded a lot."
                                 f"{end(0)}")]
    path = word_file(tmp_path, "t.docx", review_copy_markdown(opened, [CHAPTER], edits))
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    assert result.word_names == {"TOMASZ": "tomasz-nowak"}


# Replies and finished comments as newer Word keeps them --------------------------------------
def _with_comment_details(path: Path, parents: dict[int, int], done: set[int]) -> None:
    """Add what Word 2013 and later write beside comments: paragraph ids in comments.xml and
    word/commentsExtended.xml saying which comment answers which and which are done."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    comments = parts["word/comments.xml"].decode()
    comments = comments.replace(
        "<w:comments ", '<w:comments xmlns:w14="http://schemas.microsoft.com/office/word/2010/'
        'wordml" ', 1)
    for number in range(10):
        comments = re.sub(rf'(<w:comment w:id="{number}"[^>]*>)<w:p>',
                          rf'\1<w:p w14:paraId="0000A{number:03X}">', comments)
    parts["word/comments.xml"] = comments.encode()
    entries = "".join(
        f'<w15:commentEx w15:paraId="0000A{n:03X}"'
        + (f' w15:paraIdParent="0000A{parents[n]:03X}"' if n in parents else "")
        + f' w15:done="{1 if n in done else 0}"/>' for n in range(10)
        if f'w:id="{n}"' in comments)
    parts["word/commentsExtended.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f"{entries}</w15:commentsEx>").encode()
    types = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/word/commentsExtended.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'))
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_replies_and_done_marks_from_newer_word(example_book: Path, tmp_path: Path) -> None:
    opened = open_book(example_book)
    edits = [("I nodded a lot.",
              f"{comment(0, 'Why?', 'Helen Marsh')}I nodded{end(0)} a lot."),
             ("I think I nodded too much.",
              f"{comment(1, 'Because I was shy.', 'Tomasz Nowak', TOMASZ)}I think{end(1)} "
              f"I nodded {comment(2, 'Too much?', 'Helen Marsh')}too much{end(2)}.")]
    path = word_file(tmp_path, "word.docx", review_copy_markdown(opened, [CHAPTER], edits))
    _with_comment_details(path, parents={1: 0}, done={0})
    result = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    answered = thread_about(result, "I nodded")
    assert [m.text for m in answered.messages] == ["Why?", "Because I was shy."]
    assert answered.status is ThreadState.RESOLVED
    assert thread_about(result, "too much").status is ThreadState.OPEN
    assert len(result.threads) == 2


# New chapters ---------------------------------------------------------------------------------
def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def test_a_contributors_own_word_file_becomes_a_new_chapter(example_book: Path,
                                                           tmp_path: Path) -> None:
    opened = open_book(example_book)
    document = docx.Document()
    document.add_paragraph("Finding my voice", style="Title")
    document.add_heading("Who am I?", level=1)
    document.add_paragraph("I am Tomasz and I like to sing.")
    document.add_picture(io.BytesIO(_png()))
    document.add_heading("What have I learnt?", level=1)
    document.add_paragraph("That my voice matters.")
    path = tmp_path / "Finding my voice FINAL v3.docx"
    document.save(str(path))
    head = opened.history.head()

    result = import_word_file(opened, path, "17-finding-my-voice", "tomasz-nowak")

    text = (example_book / "chapters" / "17-finding-my-voice.md").read_text("utf-8")
    details, _, body = front_matter.split("chapter", text)
    assert details == {"id": "17-finding-my-voice", "title": "Finding my voice",
                       "authors": ["tomasz-nowak"], "status": "drafting"}
    assert body == ("\n# Who am I?\n\nI am Tomasz and I like to sing.\n\n"
                    "# What have I learnt?\n\nThat my voice matters.\n")
    book_yaml = yaml_text.parse("book.yaml", (example_book / "book.yaml").read_text("utf-8"))
    assert book_yaml["chapters"][-1] == "17-finding-my-voice"
    assert opened.book.chapter_order[-1] == "17-finding-my-voice"
    assert opened.book.chapters["17-finding-my-voice"].title == "Finding my voice"
    assert result.new_chapter and any("1 picture" in note for note in result.notes)
    versions = opened.history.versions(limit=2)
    assert versions[1].id == head and versions[0].name == "Tomasz Nowak"
    assert files_in_version(opened, versions[0].id) == {
        "book.yaml", "chapters/17-finding-my-voice.md"}
    assert import_text(result).startswith("Imported 'Finding my voice' from Finding my voice "
                                          "FINAL v3.docx as a new chapter by Tomasz Nowak.")
    assert open_book(example_book).book.chapters["17-finding-my-voice"].body == body


def test_a_new_chapters_title_can_be_its_first_heading(small_book: Path, tmp_path: Path) -> None:
    opened = open_book(small_book)
    path = word_file(tmp_path, "draft.docx", "# Out of the blue\n\n## Who am I?\n\nI am Sam.\n\n"
                                             "## Background\n\nI grew up by the sea.\n")
    import_word_file(opened, path, "out-of-the-blue", "sam-jones")
    chapter = open_book(small_book).book.chapters["out-of-the-blue"]
    assert chapter.title == "Out of the blue" and chapter.authors == ["sam-jones"]
    assert chapter.body == "\n# Who am I?\n\nI am Sam.\n\n# Background\n\nI grew up by the sea.\n"


# Refusals ---------------------------------------------------------------------------------------
def test_unsaved_edits_of_the_chapter_are_not_overwritten(returned) -> None:
    opened, path, _ = returned
    chapter_path = opened.book.root / "chapters" / f"{CHAPTER}.md"
    chapter_path.write_text(chapter_path.read_text("utf-8") + "\nTyped by hand.\n", "utf-8")
    before = snapshot(opened.book.root)
    with pytest.raises(BookError, match="not saved as a version yet"):
        import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    assert snapshot(opened.book.root) == before


def test_someone_not_in_the_book_cannot_send_a_file(returned) -> None:
    opened, path, _ = returned
    with pytest.raises(BookError, match="'nobody' is not a person in the book"):
        import_word_file(opened, path, CHAPTER, "nobody")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_word_file_gets_a_plain_message(small_book: Path, tmp_path: Path,
                                                 name: str) -> None:
    case = CASES[name]
    sent = tmp_path / "sent"
    sent.mkdir()
    path = sent / case.name
    case.make(path)
    opened = open_book(small_book)
    before = snapshot(small_book)
    with pytest.raises(BookError) as error:
        import_word_file(opened, path, "my-story", "sam-jones")
    message = error.value.plain()
    assert error.value.problems[0].file == case.name
    assert message.startswith(f"{case.name}: ")
    assert case.words in message.lower()
    assert "Traceback" not in message and "pandoc" not in message.lower()
    assert error.value.problems[0].todo.strip()
    assert snapshot(small_book) == before


def test_bringing_in_the_same_file_twice_adds_nothing(returned) -> None:
    opened, path, _ = returned
    first = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    before = snapshot(opened.book.root)
    again = import_word_file(opened, path, CHAPTER, "tomasz-nowak")
    assert again.version is None and again.threads == ()
    assert f"{len(first.threads)} comments or suggested changes" in import_text(again)
    assert snapshot(opened.book.root) == before


def _word_with_xml(path: Path, paragraphs: list[str]) -> Path:
    """A python-docx file whose body paragraphs are replaced by raw WordprocessingML, as Word
    itself writes tracked changes (with the paragraph marks of added and removed paragraphs)."""
    document = docx.Document()
    for number in range(len(paragraphs)):
        document.add_paragraph(f"PLACE-{number}")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    for number, raw in enumerate(paragraphs):
        xml = re.sub(rf"<w:p>(?:(?!<w:p>).)*?PLACE-{number}<.*?</w:p>", lambda _m, r=raw: r, xml,
                     count=1, flags=re.S)
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_paragraphs_added_and_removed_in_word(small_book: Path, tmp_path: Path) -> None:
    who = 'w:author="Helen Marsh" w:date="2025-03-01T10:00:00Z"'

    def text(words: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'

    path = _word_with_xml(tmp_path / "sam.docx", [
        f"<w:p>{text('I grew up by the sea.')}</w:p>",
        f'<w:p><w:pPr><w:rPr><w:ins w:id="1" {who}/></w:rPr></w:pPr>'
        f'<w:ins w:id="2" {who}>{text("The sea was cold.")}</w:ins></w:p>',
        f'<w:p><w:pPr><w:rPr><w:ins w:id="3" {who}/></w:rPr></w:pPr>'
        f'<w:ins w:id="4" {who}>{text("We swam anyway.")}</w:ins></w:p>',
        f'<w:p><w:pPr><w:rPr><w:del w:id="5" {who}/></w:rPr></w:pPr>'
        f'<w:del w:id="6" {who}><w:r><w:delText>My sister hated it.</w:delText></w:r></w:del>'
        "</w:p>",
        f"<w:p>{text('Then we moved ')}<w:ins w:id=\"7\" {who}>{text('inland ')}</w:ins>"
        f"{text('to the city.')}</w:p>"])
    opened = open_book(small_book)
    result = import_word_file(opened, path, "my-story", "sam-jones")
    assert opened.book.chapters["my-story"].body == (
        "\nI grew up by the sea.\n\nMy sister hated it.\n\nThen we moved to the city.\n")
    added = thread_about(result, "up by the sea.")  # the last four words before them
    assert added.proposed == ("up by the sea.\n\nThe sea was cold.\n\n"
                              "We swam anyway.")
    assert added.messages[0].text.endswith("add 2 paragraphs: “The sea was cold. We swam "
                                           "anyway.”")
    assert thread_about(result, "My sister hated it.").proposed == ""
    assert thread_about(result, "moved to").proposed == "moved inland to"
    assert {t.thread.to for t in result.threads} == {"sam-jones"}


# Answers to the questions of a review copy made now ----------------------------------------------
def test_answers_in_a_review_copy_made_now_come_back_as_replies(example_book: Path,
                                                               tmp_path: Path) -> None:
    """The corpus keeps copies made earlier; this one is made by today's review copy, so a
    change to how the questions are printed cannot leave the answers behind unnoticed."""
    from word_import.word_corpus.book_setup import (
        ANSWER,
        COMMENT_ANSWER,
        QUESTION,
        SUGGESTION,
        answer_questions,
        ask_tomasz,
    )

    from coauthor_desk.export.review_copy import review_copies

    opened = open_book(example_book)
    ask_tomasz(opened)
    copy = review_copies(opened, "tomasz-nowak", ["docx"], tmp_path / "tomasz.docx")[0][0]
    answered = tmp_path / "answered.docx"
    answer_questions(copy, answered)
    result = import_word_file(opened, answered, CHAPTER, "tomasz-nowak")
    threads = {t.messages[0].text: t for t in load_threads(opened.book)[0]}
    assert [m.text for m in threads[QUESTION].messages] == [QUESTION, ANSWER]
    assert [m.text for m in threads[SUGGESTION].messages] == [SUGGESTION, COMMENT_ANSWER]
    assert {m.by for m in threads[QUESTION].messages[1:]} == {"tomasz-nowak"}
    assert result.version is not None and not result.text_changed
