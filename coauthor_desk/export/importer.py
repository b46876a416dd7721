"""Bringing a contributor's Word file into the book: a chapter draft, or a new version of a chapter.

Many contributors work in Word and send their chapter by e-mail. Their words come in as they
wrote them; everything else in the file becomes what the book already knows how to handle:

- Tracked changes made by the owner of the words (the chapter's author; in an editor's
  commentary box, that editor) are accepted into the text. Changes by anyone else are *not*
  applied: the text keeps the words as they were, and each change becomes a suggested change for
  the owner to accept, keep theirs, or talk about ("your words, your say"). A change that only
  adds words is pinned to the word before and the word after the place (the quote is "am happy"
  and the suggestion "am very happy"); a whole paragraph added is pinned to the end of the
  paragraph before it (or the start of the one after, at the top of the chapter).
- Word comments become comment threads started by the comment's writer and addressed to the
  owner of the words commented on; a comment the owner wrote on their own words goes to the
  book's first editor. A Word reply (told by the file itself, or failing that by covering
  exactly the same words as an earlier comment) becomes a reply in its thread, and a comment
  Word marks as done comes in resolved. A comment on no words at all is pinned to the words
  either side of its place. Threads already in the book (the same file brought in twice) are
  not started again.
- A review copy made by the app comes back as the chapter it was made from: its title, bylines,
  notes, box titles and contents page are dropped, its headings go back up a level, and its
  key-learning and commentary boxes become boxes again (the commentary keeps its author), and
  '[name left out]' gets the chapter's own words back. Pictures are left out, with a note.

Words typed in Word without tracked changes are the sender's own edits. They are taken in where
the sender owns the words, and refused plainly where they do not (an edit of someone else's
commentary), so nobody's words change behind their back.

The file is read with pandoc (`docx+styles`, tracked changes kept) into its JSON tree, changed
here, and written back as Markdown by pandoc. To know where each comment and change sits in that
Markdown, the tree carries small markers (characters from Unicode's private use area) which are
taken out of pandoc's output again; the same tree without markers is written too, so the
chapter's text is exactly pandoc's own.

The whole import is saved as one version signed by the person who sent the file: the chapter,
book.yaml for a new chapter, and every new thread file. The text before is in history. If
anything is wrong, nothing on disk changes.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import logging
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from coauthor_desk.export.assemble import LEFT_OUT
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.history.versions import Version, identity_of
from coauthor_desk.manuscript import files, front_matter
from coauthor_desk.manuscript.edit import add_chapter, save_chapter
from coauthor_desk.manuscript.loader import BOOK_FILE, SAFE_ID, chapter_file
from coauthor_desk.manuscript.model import Book, Chapter, Status, count_words
from coauthor_desk.plain import text as plain_text
from coauthor_desk.plain.anchors import anchor_at
from coauthor_desk.plain.feedback import (
    FEEDBACK,
    Kind,
    Message,
    State,
    Thread,
    load_threads,
    thread_file_text,
    thread_path,
)
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.status import OpenBook

__all__ = ["ImportResult", "ImportedThread", "import_text", "import_word_file"]

log = logging.getLogger(__name__)

MAX_WORD_BYTES = 100 * 1024 * 1024  # a long chapter with photographs is a few MB
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # what the file may grow to when opened
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word files, and password-protected new ones
_ZIP = b"PK\x03\x04"
READ_AS = "docx+styles"
# Written as the book's chapters are read (see export.outputs): Markdown and nothing raw.
WRITE_AS = "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block"
WRITE_OPTIONS = ["--wrap=none", "--markdown-headings=atx"]

# Word paragraph styles of the app's own review copies and exports that are not the chapter.
DROPPED_STYLES = {"title", "subtitle", "byline", "review note", "draft note", "box title",
                  "author", "date", "abstract", "toc heading"}
BOX_STYLES = {"key learning": "key-learning", "commentary": "commentary"}
COMMENTARY = "commentary"
QUESTIONS_HEADING = "questions and comments for you"  # the end of a review copy
_CHANGES = ("insertion", "deletion")
_PARAGRAPH_MARKS = ("paragraph-insertion", "paragraph-deletion")
_SPACES = ("Space", "SoftBreak")

# Markers: \ue000, a letter, a number, \ue001. a/z: a comment starts/ends; d/e: words someone
# else took out start/end; i: someone else added words here; b: ... added paragraphs here.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}([a-z])(\\d+){_CLOSE}")
_MARK_LINE = re.compile(f"^(?:{_OPEN}[a-z]\\d+{_CLOSE})+(?:\\n\\n?|$)", re.MULTILINE)
_SEPARATOR = "\ue002\ue002\ue002"
_FRAGMENT_START = "\ue003"
_BOX_LINE = re.compile(r"^(:{3,}) ([A-Za-z][\w-]*)$", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^( *)(\d+[.)]) {2,3}(?=\S)", re.MULTILINE)
_WORD = re.compile(r"\S+")
# '[name left out]' as pandoc writes it back (with its brackets escaped, or not).
_LEFT_OUT = re.compile(r"\\?\[" + re.escape(LEFT_OUT[1:-1]) + r"\\?\]")
_PLACE_WORDS = 4  # words of the paragraph next to added paragraphs, to pin them to

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"


# What comes back ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportedThread:
    """A thread the import started, with what it came from in the Word file."""

    thread: Thread
    replies: int  # Word replies that became messages of the thread


@dataclass(frozen=True)
class ImportResult:
    """What one import did, for the command line and the window to tell the person."""

    chapter_id: str
    chapter_title: str
    chapter_file: str
    file_name: str  # the Word file's name
    person: str  # who sent it; the version is signed by them
    new_chapter: bool
    text_changed: bool  # the chapter's words were replaced by the Word file's
    accepted_changes: int  # tracked changes by the owners of the words, taken into the text
    threads: tuple[ImportedThread, ...]
    version: Version | None  # None when there was nothing new to save
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, for the summary
    word_names: dict[str, str] = field(default_factory=dict)  # name in Word -> person id
    notes: tuple[str, ...] = ()  # plain sentences about things left out or worth checking

    @property
    def comments(self) -> list[Thread]:
        return [t.thread for t in self.threads if t.thread.kind is not Kind.SUGGESTION]

    @property
    def suggestions(self) -> list[Thread]:
        return [t.thread for t in self.threads if t.thread.kind is Kind.SUGGESTION]


def import_text(result: ImportResult) -> str:
    """A short plain summary of an import, for a person reading a terminal."""
    names = result.names
    sender = names.get(result.person, result.person)
    title, file_name = result.chapter_title, result.file_name
    if result.version is None:
        return "\n".join([f"Nothing to import: {file_name} has the same words as '{title}' and "
                          "no comments or tracked changes that are not in the book already.",
                          *result.notes])
    if result.new_chapter:
        head = f"Imported '{title}' from {file_name} as a new chapter by {sender}"
    elif result.text_changed:
        head = f"Imported '{title}' from {file_name} as a new version by {sender}"
    else:
        head = (f"Imported the comments and changes in {file_name} into '{title}' (its words "
                f"are as they were), saved by {sender}")
    parts = []
    if result.accepted_changes:
        count = result.accepted_changes
        parts.append(f"{count} tracked change{_s(count)} by the owner of the words "
                     f"{'was' if count == 1 else 'were'} taken into the text")
    comments = result.comments
    if comments:
        replies = sum(t.replies for t in result.threads if t.thread.kind is not Kind.SUGGESTION)
        became = "became a thread" if len(comments) == 1 else "became threads"
        parts.append(f"{len(comments)} comment{_s(len(comments))} {became}"
                     + (f" ({replies} repl{'y' if replies == 1 else 'ies'} included)"
                        if replies else ""))
    waiting: dict[tuple[str, str], int] = {}
    for thread in result.suggestions:
        key = (thread.started_by, thread.to)
        waiting[key] = waiting.get(key, 0) + 1
    for (by, to), count in waiting.items():
        parts.append(f"{count} suggested change{_s(count)} from {names.get(by, by)} "
                     f"{'is' if count == 1 else 'are'} waiting for {_first(names.get(to, to))}")
    lines = [head + (": " + ", ".join(parts) + "." if parts else ".")]
    lines += result.notes
    return "\n".join(lines)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


# The import --------------------------------------------------------------------------------------
def import_word_file(opened: OpenBook, docx_path: Path, chapter_id: str, person_id: str,
                     word_names: dict[str, str] | None = None,
                     now: datetime | None = None) -> ImportResult:
    """Bring a Word file into the book as chapter `chapter_id` (a new id makes a new chapter),
    sent by `person_id`, and save it all as one version signed by them.

    `word_names` says who the names in the file's comments and changes are, for names the app
    cannot match to the book's people by itself ("Helen M" -> "helen-marsh"). Refuses plainly,
    changing nothing, when the file, the names or the book are not right.
    """
    book = opened.book
    docx_path = Path(docx_path)
    moment = _moment(now)
    person = book.people.get(person_id)
    if person is None:
        raise BookError(Problem(f"people/{person_id}.yaml", f"'{person_id}' is not a person in "
                                "the book (who sent the Word file).", "Use the id of a person "
                                "in the book: the name of their file in people/, without "
                                ".yaml."))
    chapter = book.chapters.get(chapter_id)
    _check_book(opened, chapter_id, chapter)
    tree = _read_word(docx_path)
    extras = _comment_extras(docx_path)
    blocks, title, notes = _chapter_blocks(book, tree, chapter, chapter_id, docx_path.name)
    name_of = _WordNames(book, docx_path.name, word_names)
    name_of.require(_names_in(blocks))
    owners = list(chapter.authors) if chapter else [person_id]
    boxes = _commentary_authors(chapter)
    converter = _Converter(book, name_of, owners, boxes)
    marked = converter.convert(copy.deepcopy(blocks))
    clean = _strip_markers(copy.deepcopy(marked))
    what = docx_path.name
    clean_text = _tidy(_render(tree, clean, what))
    marked_text = _tidy(_render(tree, marked, what))
    if chapter is not None:
        clean_text, left = _put_back_hidden_names(clean_text, chapter.body)
        notes += left
    positions = _positions(marked_text, clean_text)
    body = _body(clean_text, chapter)
    lead = len(body) - len(body.lstrip("\n")) - (len(clean_text) - len(clean_text.lstrip("\n")))
    positions = {key: min(max(value + lead, 0), len(body)) for key, value in positions.items()}
    if chapter is not None:
        _require_own_words(book, chapter, person_id, tree, blocks, name_of, boxes, what)
    fragments = _render_fragments(tree, converter.fragments, what)
    notes += converter.notes()
    made = _Threads(book, chapter_id, body, positions, moment, person_id, owners, what)
    threads, already = _new_only(book, chapter_id, made.build(converter, fragments, extras))
    if already:
        notes.append(f"{already} comment{_s(already)} or suggested change{_s(already)} from "
                     f"the Word file {'was' if already == 1 else 'were'} in the book already "
                     "(from an earlier import), so not added again.")
    text_changed = chapter is None or body != chapter.body
    if not text_changed and not threads:
        return ImportResult(chapter_id, title, chapter_file(chapter_id), what, person_id, False,
                            False, converter.accepted, (), None, _names(book, person_id, []),
                            name_of.used, tuple(notes))
    written, threads = _write(opened, chapter, chapter_id, title, person_id, body,
                              text_changed, threads)
    description = _description(book, person_id, title, what, chapter is None, text_changed,
                               threads)
    version = opened.history.save_version(identity_of(person), description, written)
    return ImportResult(chapter_id, title, chapter_file(chapter_id), what, person_id,
                        chapter is None, text_changed, converter.accepted, tuple(threads),
                        version, _names(book, person_id, [i.thread for i in threads]),
                        name_of.used, tuple(notes))


def _moment(now: datetime | None) -> datetime:
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _names(book: Book, person_id: str, threads: list[Thread]) -> dict[str, str]:
    ids = {person_id} | {t.to for t in threads} | {m.by for t in threads for m in t.messages}
    return {i: book.name_of(i) for i in ids}


def _check_book(opened: OpenBook, chapter_id: str, chapter: Chapter | None) -> None:
    """Refuse before reading anything when the import could lose or mix up words."""
    book = opened.book
    unsaved = set(opened.history.unsaved_files())
    if chapter is not None:
        if chapter.file in unsaved:
            raise BookError(Problem(chapter.file, "This chapter has changes that are not saved "
                                    "as a version yet, so the Word file was not brought in (it "
                                    "would replace them).", "Save a version of the chapter "
                                    "first, so its words are kept; then import the Word file "
                                    "again."))
        return
    relative = chapter_file(chapter_id)
    if not SAFE_ID.match(chapter_id):
        raise BookError(Problem(relative, f"'{chapter_id}' cannot be used as the name of a "
                                "chapter.", "Use letters, numbers and '-' only, such as "
                                "'my-story'."))
    if files.inside_book(book.root, relative).exists():
        raise BookError(Problem(relative, f"The book has a file {relative}, but it is not in "
                                "the list of chapters in book.yaml.", "Add it to the list in "
                                "book.yaml to bring in a new version of it, or choose another "
                                "name for the new chapter."))
    if BOOK_FILE in unsaved:
        raise BookError(Problem(BOOK_FILE, "book.yaml has changes that are not saved as a "
                                "version yet, so the new chapter was not added.", "Save a "
                                "version first; then import the Word file again."))


# Reading the Word file ---------------------------------------------------------------------------
def _refuse(path: Path, what: str, todo: str) -> BookError:
    return BookError(Problem(path.name or str(path), what, todo))


_SAVE_AS_DOCX = ("Open it in Word (or LibreOffice) and choose Save As, 'Word Document (.docx)'; "
                 "then import the new file.")
_OTHER_KINDS = {
    ".doc": "This is a Word file in the old format (Word 97-2003, .doc), which the app cannot "
            "read.",
    ".docm": "This Word file can hold macros (.docm), so the app does not open it.",
    ".dotx": "This is a Word template (.dotx), not a document.",
    ".odt": "This is an OpenDocument file (from LibreOffice or OpenOffice), not a Word file.",
    ".rtf": "This is a Rich Text file (.rtf), not a Word file.",
    ".pdf": "This is a PDF, which cannot be turned back into a chapter that can be edited.",
    ".pages": "This is a Pages file (from a Mac), not a Word file.",
}


def _check_word_file(path: Path) -> None:
    """Refuse, in plain words, anything that is not a Word file the app can read."""
    try:
        if not path.exists():
            raise _refuse(path, f"There is no file called {path.name} in {_folder(path)}.",
                          "Check the file's name and folder (where it was saved or "
                          "downloaded), then try again.")
        if path.is_dir():
            raise _refuse(path, "This is a folder, not a Word file.", "Choose the Word file "
                          "(its name ends in .docx) inside it.")
        suffix = path.suffix.lower()
        if suffix != ".docx":
            what = _OTHER_KINDS.get(suffix, "CoAuthor Desk can only bring in Word files (their "
                                    "names end in .docx)" + (f", and this one ends in {suffix}."
                                                             if suffix else
                                                             ", and this name has no ending."))
            if suffix in (".md", ".txt", ".markdown"):
                what = ("This is a text file, not a Word file. Text can go into the chapter "
                        "directly.")
                raise _refuse(path, what, "Copy the words into the chapter in the window, or "
                              "open the file in Word and save it as a Word Document (.docx).")
            raise _refuse(path, what, _SAVE_AS_DOCX)
        size = path.stat().st_size
        if size == 0:
            raise _refuse(path, "This file is empty (it has nothing in it at all). Perhaps it "
                          "was not saved or downloaded completely.", "Save it again from Word, "
                          "or ask for it to be sent again, then import the new copy.")
        if size > MAX_WORD_BYTES:
            raise _refuse(path, f"This file is {size / 1024 / 1024:.0f} MB, far larger than a "
                          "chapter can be (the limit is "
                          f"{MAX_WORD_BYTES // 1024 // 1024} MB).", "Check that it is the "
                          "right file; make pictures smaller or take them out, then save it "
                          "again.")
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as error:
        raise _refuse(path, f"This file could not be read ({error.strerror}).", "Check that it "
                      "is not open in another program and that you may read it.") from None
    if start.startswith(_OLE):
        raise _refuse(path, "This Word file is protected with a password, or is an old Word "
                      "file (Word 97-2003) renamed to end in .docx, so the app cannot read it.",
                      "Open it in Word, take off the password (File, Info, Protect Document) "
                      "or save it as a 'Word Document (.docx)', then import it again.")
    if not start.startswith(_ZIP):
        kind = "plain text" if _looks_like_text(path) else "something else"
        raise _refuse(path, f"This is not really a Word file: its name ends in .docx, but it "
                      f"holds {kind}.", "Open it in Word and save it as a 'Word Document "
                      "(.docx)', or ask for the Word file to be sent again.")
    _check_zip(path)


def _folder(path: Path) -> str:
    parent = str(path.parent)
    return "this folder" if parent in ("", ".") else parent


def _looks_like_text(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            sample = handle.read(4096)
        sample.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return b"\0" not in sample


def _check_zip(path: Path) -> None:
    damaged = ("This Word file is damaged, so it cannot be read.", "Open it in Word: Word can "
               "often repair it. Save it again and import the new copy, or ask for it to be "
               "sent again.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                what = ("This file is a packed (zip) file, not a Word file, although its name "
                        "ends in .docx.")
                if "content.xml" in names:
                    what = ("This is an OpenDocument file (from LibreOffice or OpenOffice) "
                            "renamed to end in .docx.")
                raise _refuse(path, what, _SAVE_AS_DOCX)
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise _refuse(path, "This Word file holds far more than a chapter can (perhaps "
                              "very large pictures).", "Check that it is the right file; make "
                              "pictures smaller or take them out, then save it again.")
            if archive.testzip() is not None:
                raise _refuse(path, *damaged)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        raise _refuse(path, *damaged) from None


def _read_word(path: Path) -> dict[str, Any]:
    """The Word file as pandoc's JSON tree, with tracked changes and comments kept."""
    _check_word_file(path)
    try:
        data = run_pandoc(["-f", READ_AS, "--track-changes=all", "-t", "json",
                           str(path.resolve())], what=path.name)
        tree = json.loads(data.decode("utf-8"))
    except BookError as error:
        detail = error.problems[0].what if error.problems else ""
        log.warning("pandoc could not read %s: %s", path, detail)
        raise _refuse(path, "This Word file could not be read: it may be damaged, or made by a "
                      "program that writes Word files in an unusual way.", "Open it in Word, "
                      "save it again as a 'Word Document (.docx)', and import the new "
                      "copy.") from None
    except (UnicodeDecodeError, ValueError):
        raise _refuse(path, "This Word file could not be read.", "Open it in Word, save it "
                      "again as a 'Word Document (.docx)', and import the new copy.") from None
    if not isinstance(tree, dict) or not isinstance(tree.get("blocks"), list):
        raise _refuse(path, "This Word file could not be read.", "Open it in Word, save it "
                      "again as a 'Word Document (.docx)', and import the new copy.")
    return tree


@dataclass(frozen=True)
class _CommentExtra:
    """What Word keeps about a comment beside its words: the comment it answers, and whether it
    was marked as done."""

    parent: str | None
    done: bool


def _comment_extras(path: Path) -> dict[str, _CommentExtra]:
    """Replies and 'done' marks from word/commentsExtended.xml (newer Word), by comment id.
    Files without it (older Word, LibreOffice) fall back to telling replies by their words."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {"word/comments.xml", "word/commentsExtended.xml"} <= names:
                return {}
            comments = ElementTree.parse(io.BytesIO(archive.read("word/comments.xml")))
            extended = ElementTree.parse(io.BytesIO(archive.read("word/commentsExtended.xml")))
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        log.warning("could not read the comment details of %s", path)
        return {}
    by_paragraph: dict[str, str] = {}
    for comment in comments.getroot().iter(f"{_W}comment"):
        paragraphs = [p.get(f"{_W14}paraId") for p in comment.iter(f"{_W}p")]
        paragraphs = [p for p in paragraphs if p]
        comment_id = comment.get(f"{_W}id")
        if paragraphs and comment_id is not None:
            by_paragraph[paragraphs[-1].upper()] = comment_id
    extras: dict[str, _CommentExtra] = {}
    for entry in extended.getroot().iter(f"{_W15}commentEx"):
        comment_id = by_paragraph.get((entry.get(f"{_W15}paraId") or "").upper())
        if comment_id is None:
            continue
        parent = by_paragraph.get((entry.get(f"{_W15}paraIdParent") or "").upper())
        extras[comment_id] = _CommentExtra(parent, entry.get(f"{_W15}done") in ("1", "true"))
    return extras


# Names in the Word file --------------------------------------------------------------------------
def _normal_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _names_in(blocks: list[Any]) -> list[str]:
    """Every name on a comment or tracked change, in the order they first appear."""
    found: dict[str, None] = {}
    for node in _nodes(blocks):
        if node.get("t") == "Span":
            classes, attributes = node["c"][0][1], dict(node["c"][0][2])
            if any(c in classes for c in (*_CHANGES, *_PARAGRAPH_MARKS, "comment-start")):
                found.setdefault(attributes.get("author", "").strip(), None)
    return list(found)


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every node of a pandoc tree (or part of one), depth first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "t" in item:
                yield item
            if "c" in item:
                stack.append(item["c"])


class _WordNames:
    """Matches the names Word put on comments and changes to the book's people: by full name,
    printed name, id or (when only one person has it) first name, ignoring capitals; or as the
    person importing said with --word-name."""

    def __init__(self, book: Book, file_name: str, given: dict[str, str] | None) -> None:
        self.book = book
        self.file_name = file_name
        self.used: dict[str, str] = {}
        self.given = {_normal_name(name): person for name, person in (given or {}).items()}
        wrong = sorted({p for p in self.given.values() if p not in book.people})
        if wrong:
            raise BookError(Problem(file_name, "The names given with --word-name point to "
                                    f"{_listed([repr(w) for w in wrong])}, who "
                                    f"{'is' if len(wrong) == 1 else 'are'}"
                                    " not in the book.", "Use the ids of people in the book "
                                    "(the names of their files in people/, without .yaml)."))
        self.exact: dict[str, set[str]] = {}
        self.first: dict[str, set[str]] = {}
        for person in book.people.values():
            for name in (person.name, person.credit_name, person.credited_as, person.id):
                if name and name.strip():
                    self.exact.setdefault(_normal_name(name), set()).add(person.id)
            if person.name.split():
                self.first.setdefault(_normal_name(person.name.split()[0]), set()).add(
                    person.id)

    def require(self, names: list[str]) -> None:
        """Match every name, or refuse with one message naming all that cannot be matched."""
        unknown: list[str] = []
        for name in names:
            person, why = self._match(name)
            if person is None:
                unknown.append(why)
            else:
                self.used[name] = person
        if unknown:
            examples = " ".join(f'--word-name "{n.strip()}=person-id"' for n in
                                [n for n in names if n not in self.used][:2])
            raise BookError(Problem(self.file_name, "The Word file has comments or changes by "
                                    f"{_listed(unknown)}. The app cannot tell who "
                                    f"{'this is' if len(unknown) == 1 else 'they are'} in the "
                                    "book, so nothing was brought in.", "Say who each one is "
                                    f"and import again, for example: {examples} (a person's id "
                                    "is the name of their file in people/, without .yaml)."))

    def _match(self, name: str) -> tuple[str | None, str]:
        key = _normal_name(name)
        label = f"'{name}'" if name.strip() else "someone with no name (shown as '')"
        if key in self.given:
            return self.given[key], label
        for table in (self.exact, self.first):
            found = table.get(key, set())
            if len(found) == 1:
                return next(iter(found)), label
            if len(found) > 1:
                people = " or ".join(sorted(self.book.name_of(p) for p in found))
                return None, f"{label} (who could be {people})"
        return None, label

    def __call__(self, name: str) -> str:
        return self.used[name.strip()]


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Picking out the chapter -------------------------------------------------------------------------
def _style(node: dict[str, Any]) -> str | None:
    """The Word style pandoc kept on a Div or Span (lower case, spaces made single)."""
    if node.get("t") not in ("Div", "Span"):
        return None
    style = dict(node["c"][0][2]).get("custom-style")
    return _normal_name(style) if isinstance(style, str) else None


def _is_toc_heading(node: dict[str, Any]) -> bool:
    return node.get("t") == "Header" and "TOC-Heading" in node["c"][1][1]


def _flatten_top(blocks: list[Any]) -> tuple[list[Any], int]:
    """The top level of the document with the parts that are not the chapter taken out and
    plain styled paragraphs unwrapped, so that its headings can be seen; and how many comments
    were in the parts taken out."""
    out: list[Any] = []
    lost = 0
    for block in blocks:
        style = _style(block)
        if _is_toc_heading(block) or style in DROPPED_STYLES:
            lost += sum(1 for n in _nodes(block) if n.get("t") == "Span"
                        and "comment-start" in n["c"][0][1])
            continue
        if style is not None and style not in BOX_STYLES:
            inner, more = _flatten_top(block["c"][1])
            out += inner
            lost += more
            continue
        out.append(block)
    return out, lost


def _plain(value: Any) -> str:
    """The words of a piece of the tree as plain text (tracked changes taken as made)."""
    words: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for part in item:
                walk(part)
            return
        if not isinstance(item, dict):
            return
        kind = item.get("t")
        if kind == "Str":
            words.append(item["c"])
        elif kind in _SPACES:
            words.append(" ")
        elif kind == "LineBreak":
            words.append("\n")
        elif kind == "Span" and "deletion" in item["c"][0][1]:
            return
        elif kind == "Span" and "comment-start" in item["c"][0][1]:
            return
        elif kind in ("Code", "Math"):
            words.append(item["c"][1])
        elif kind == "Quoted":
            mark = '"' if item["c"][0]["t"] == "DoubleQuote" else "'"
            words.append(mark)
            walk(item["c"][1])
            words.append(mark)
        elif kind in ("Para", "Plain"):
            if words and not words[-1].endswith("\n"):
                words.append("\n")
            walk(item["c"])
            words.append("\n")
        elif kind in ("Note", "Image"):
            return
        elif "c" in item:
            walk(item["c"])

    walk(value)
    return re.sub(r"[ \t]+", " ", "".join(words)).strip()


def _same_title(a: str, b: str) -> bool:
    def normal(text: str) -> str:
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        return _normal_name(text).rstrip(".")
    return normal(a) == normal(b)


def _chapter_blocks(book: Book, tree: dict[str, Any], chapter: Chapter | None,
                    chapter_id: str, file_name: str) -> tuple[list[Any], str, list[str]]:
    """The blocks of the chapter in the Word file, with its title heading taken out and its
    headings back at the chapter's levels; the chapter's title; notes for the person."""
    blocks, lost = _flatten_top(tree["blocks"])
    notes: list[str] = []
    if lost:
        notes.append(f"{lost} comment{_s(lost)} on parts of the Word file that are not the "
                     "chapter (such as the note at the top of a review copy) "
                     f"{'was' if lost == 1 else 'were'} left out.")
    blocks = _slice(book, blocks, chapter, chapter_id, file_name)
    word_title = _plain(tree.get("meta", {}).get("title", {}).get("c", []))
    if _same_title(word_title, book.title):
        word_title = ""  # a review copy or the book's export: the book's title, not this chapter's
    headers = [i for i, b in enumerate(blocks) if b.get("t") == "Header"]
    first = headers[0] if headers else None
    title = chapter.title if chapter else ""
    drop = False
    if first is not None:
        heading = _plain(blocks[first]["c"][2])
        level = blocks[first]["c"][0]
        deeper = len(headers) > 1 and all(blocks[i]["c"][0] > level for i in headers[1:])
        on_top = _plain(blocks[:first]) == ""  # no words above it
        structural = level == 1 and deeper and on_top
        if chapter is not None:
            drop = _same_title(heading, chapter.title) or structural
            if drop and not _same_title(heading, chapter.title) and heading:
                notes.append(f"The Word file gives the chapter the title '{heading}'. The "
                             f"chapter keeps its title '{chapter.title}'; change it in the "
                             "chapter's details if the new one is wanted.")
        else:
            if word_title and _same_title(heading, word_title):
                drop = True
            elif not word_title and on_top and (deeper or len(headers) == 1):
                word_title, drop = heading, True
    if chapter is None:
        title = word_title or chapter_id.replace("-", " ").replace("_", " ").strip().capitalize()
    if drop and first is not None:
        del blocks[first]
        if all(header["c"][0] >= 2 for header in _headers(blocks)):
            for header in _headers(blocks):
                header["c"][0] -= 1
    return blocks, title, notes


def _headers(blocks: list[Any]) -> list[dict[str, Any]]:
    return [n for n in _nodes(blocks) if n.get("t") == "Header"]


def _slice(book: Book, blocks: list[Any], chapter: Chapter | None, chapter_id: str,
           file_name: str) -> list[Any]:
    """The part of the file that is this chapter, when the file holds several (a review copy of
    someone's chapters), or refuse when it plainly holds another chapter."""
    titles = {c.id: c.title for c in book.ordered_chapters()}
    found: list[tuple[int, str]] = []  # (block, chapter id) of level-one headings
    ends: list[int] = []
    for index, block in enumerate(blocks):
        if block.get("t") != "Header" or block["c"][0] != 1:
            continue
        words = _plain(block["c"][2])
        if _same_title(words, QUESTIONS_HEADING):
            ends.append(index)
        for other, title in titles.items():
            if _same_title(words, title):
                found.append((index, other))
                break
    mine = [index for index, other in found if other == chapter_id]
    others = [(index, other) for index, other in found if other != chapter_id]
    first_heading = next((i for i, b in enumerate(blocks) if b.get("t") == "Header"), None)
    if not mine and others and others[0][0] == first_heading:
        named = _listed([f"'{titles[o]}' ({o})" for _, o in others])
        target = f"the chapter '{chapter.title}'" if chapter else "a new chapter"
        raise BookError(Problem(file_name, f"This Word file holds {named}, not {target}, so "
                                "nothing was brought in.", "Check the chapter named with "
                                "--chapter: to bring in a new version of a chapter, use its "
                                "id; a new chapter needs a new name."))
    if not mine:
        return blocks[:ends[0]] if ends else blocks
    start = mine[0]
    if not any(index < start for index, _ in others):
        start = 0  # the words above the title, if any, are the author's
    end = min([i for i in ends if i > mine[0]] + [i for i, _ in others if i > mine[0]]
              + [len(blocks)])
    return blocks[start:end]


def _commentary_authors(chapter: Chapter | None) -> list[str | None]:
    """The author= of each commentary box of the chapter as it is, in order."""
    if chapter is None:
        return []
    authors: list[str | None] = []
    for line in chapter.body.split("\n"):
        if re.match(r"^\s*:{3,}\s*\{[^}]*\.commentary\b", line):
            found = re.search(r"\bauthor=\"([^\"]*)\"", line) or re.search(
                r"\bauthor=([^\s}\"]+)", line)
            authors.append(found.group(1) if found else None)
    return authors


# Changing the tree -------------------------------------------------------------------------------
def _mark(letter: str, number: int) -> dict[str, Any]:
    return {"t": "Str", "c": f"{_OPEN}{letter}{number}{_CLOSE}"}


def _is_mark(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") == "Str" and _MARK.fullmatch(node["c"]) is \
        not None


def _is_space(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") in _SPACES


@dataclass
class _Change:
    """Someone else's tracked change: words they took out (left in the text, between markers)
    and words they put in (kept aside as a fragment)."""

    number: int
    by: str
    when: str
    owners: list[str]
    took_out: bool = False
    put_in: list[Any] = field(default_factory=list)  # inlines, or blocks for a paragraph
    paragraphs: bool = False  # whole paragraphs were put in
    space_before: bool = False  # words put in between words: a space on that side
    space_after: bool = False


@dataclass
class _Comment:
    number: int
    word_id: str
    by: str
    when: str
    text: str
    owners: list[str]


class _Converter:
    """Turns the Word file's tree into the chapter's: owners' changes made, other people's kept
    aside as suggestions, comments and boxes marked, Word's styles and pictures dropped."""

    def __init__(self, book: Book, name_of: _WordNames, owners: list[str],
                 box_authors: list[str | None]) -> None:
        self.book = book
        self.name_of = name_of
        self.owners = owners
        self.box_authors = box_authors
        self.boxes_seen = 0
        self.changes: dict[int, _Change] = {}
        self.comments: list[_Comment] = []
        self._numbers = itertools.count()
        self._last_paragraphs: tuple[list[Any], int] | None = None  # (blocks, change number)
        self.fragments: dict[int, list[Any]] = {}  # change number -> inlines or blocks
        self.accepted = 0
        self.pictures = 0

    def notes(self) -> list[str]:
        if not self.pictures:
            return []
        return [f"{self.pictures} picture{_s(self.pictures)} in the Word file "
                f"{'was' if self.pictures == 1 else 'were'} left out: the chapter holds words "
                "only. Send pictures to the editors separately."]

    # Blocks --------------------------------------------------------------------------------------
    def convert(self, blocks: list[Any]) -> list[Any]:
        return self._blocks(blocks, self.owners)

    def _blocks(self, blocks: list[Any], owners: list[str]) -> list[Any]:
        out: list[Any] = []
        for block in self._styled(blocks):
            kind = block.get("t")
            if kind == "RawBlock":
                continue
            if kind == "Div" and _box_class(block):
                inner = self._box_owners(block, owners)
                block["c"][1] = self._blocks(block["c"][1], inner)
                out.append(block)
                continue
            inserted = self._inserted_paragraph(block, owners)
            if inserted is not None:
                self._paragraph_insertion(out, block, inserted, owners)
                continue
            if kind in ("Para", "Plain", "Header"):
                place = 2 if kind == "Header" else None
                inlines = block["c"][place] if place else block["c"]
                inlines = _trim(self._inlines(inlines, owners))
                if kind == "Header":
                    block["c"][1] = ["", [], []]
                    block["c"][2] = inlines
                else:
                    block["c"] = inlines
                if not [n for n in inlines if not _is_mark(n)]:
                    if not inlines:
                        continue
                    block = {"t": "Para", "c": inlines}  # only markers: a place, not a paragraph
                out.append(block)
                continue
            out.append(self._walk(block, owners))
        return out

    def _styled(self, blocks: list[Any]) -> list[Any]:
        """Word's styled paragraphs as the book has them: the app's own extras dropped, boxes as
        boxes (paragraphs of one box together, a heading just above a commentary inside it),
        every other style unwrapped."""
        out: list[Any] = []
        for block in blocks:
            style = _style(block)
            if _is_toc_heading(block) or style in DROPPED_STYLES:
                continue
            if style in BOX_STYLES:
                kind = BOX_STYLES[style]
                inner = self._styled(block["c"][1])
                previous = out[-1] if out else None
                if previous is not None and previous.get("t") == "Div" and \
                        _box_class(previous) == kind:
                    previous["c"][1] += inner
                    continue
                if kind == COMMENTARY and previous is not None and previous.get("t") == "Header":
                    inner.insert(0, out.pop())
                out.append({"t": "Div", "c": [["", [kind], self._box_attributes(kind)], inner]})
                continue
            if style is not None:
                out += self._styled(block["c"][1])
                continue
            out.append(block)
        return out

    def _box_attributes(self, kind: str) -> list[list[str]]:
        if kind != COMMENTARY:
            return []
        index = self.boxes_seen
        self.boxes_seen += 1
        if not self.box_authors:
            return []
        author = self.box_authors[min(index, len(self.box_authors) - 1)]
        return [] if author is None else [["author", author]]

    def _box_owners(self, block: dict[str, Any], owners: list[str]) -> list[str]:
        if _box_class(block) != COMMENTARY:
            return owners
        author = dict(block["c"][0][2]).get("author")
        if author and author in self.book.people:
            return [author]
        return list(self.book.editors) or owners

    def _walk(self, node: Any, owners: list[str]) -> Any:
        """Any other block: its lists of inlines and blocks changed wherever they are."""
        if isinstance(node, list):
            if node and all(isinstance(n, dict) and "t" in n for n in node):
                if node[0]["t"] in _INLINE_KINDS:
                    return self._inlines(node, owners)
                if node[0]["t"] in _BLOCK_KINDS:
                    return self._blocks(node, owners)
            return [self._walk(item, owners) for item in node]
        if isinstance(node, dict) and "c" in node:
            node["c"] = self._walk(node["c"], owners)
        return node

    # Whole paragraphs put in by someone else -----------------------------------------------------
    def _inserted_paragraph(self, block: dict[str, Any], owners: list[str]) -> str | None:
        """The person who put in this whole paragraph, when it is someone else's addition."""
        kind = block.get("t")
        if kind not in ("Para", "Plain", "Header"):
            return None
        inlines = block["c"][2] if kind == "Header" else block["c"]
        authors = set()
        words = False
        for node in inlines:
            if _is_space(node):
                continue
            if node.get("t") != "Span":
                return None
            classes = node["c"][0][1]
            if "comment-start" in classes or "comment-end" in classes:
                continue
            if not any(c in classes for c in ("insertion", "paragraph-insertion")):
                return None
            words = words or "insertion" in classes
            authors.add(self.name_of(dict(node["c"][0][2]).get("author", "")))
        if not words or len(authors) != 1:
            return None
        author = authors.pop()
        return None if author in owners else author

    def _paragraph_insertion(self, out: list[Any], block: dict[str, Any], by: str,
                             owners: list[str]) -> None:
        kind = block.get("t")
        inlines = block["c"][2] if kind == "Header" else block["c"]
        when = ""
        kept: list[Any] = []
        hoisted: list[Any] = []
        for node in inlines:
            if node.get("t") == "Span" and any(c in node["c"][0][1] for c in
                                               ("comment-start", "comment-end")):
                hoisted += self._inlines([node], owners)
                continue
            if node.get("t") == "Span":
                when = when or dict(node["c"][0][2]).get("date", "")
                if "insertion" in node["c"][0][1]:
                    kept += self._put_in(node["c"][1], hoisted, owners)
                continue
            kept.append(node)
        kept = _trim(kept)
        if kind == "Header":
            block["c"][1] = ["", [], []]
            block["c"][2] = kept
        else:
            block["c"] = kept
        last = self._last_paragraphs
        if last is not None and last[0] is out and out and out[-1].get("c") == [
                _mark("b", last[1])] and self.changes[last[1]].by == by:
            self.fragments[last[1]].append(block)  # the next paragraph of the same addition
        else:
            change = self._new_change(by, when, owners)
            change.paragraphs = True
            self.fragments[change.number] = [block]
            out.append({"t": "Para", "c": [_mark("b", change.number)]})
            self._last_paragraphs = (out, change.number)
        if hoisted:
            out.append({"t": "Para", "c": hoisted})
            self._last_paragraphs = None

    def _new_change(self, by: str, when: str, owners: list[str]) -> _Change:
        change = _Change(next(self._numbers), by, when, owners)
        self.changes[change.number] = change
        return change

    # Inlines -------------------------------------------------------------------------------------
    def _inlines(self, inlines: list[Any], owners: list[str]) -> list[Any]:
        out: list[Any] = []
        group: _Change | None = None  # someone else's change still being read
        group_out: list[Any] = []
        accepted_by: str | None = None  # an owner's change just before (a replacement counts once)
        for node in inlines:
            kind = node.get("t")
            classes = node["c"][0][1] if kind == "Span" else []
            if kind == "Span" and any(c in classes for c in _CHANGES):
                attributes = dict(node["c"][0][2])
                by = self.name_of(attributes.get("author", ""))
                if by in owners:
                    if group is not None:
                        out += self._close(group, group_out)
                        group, group_out = None, []
                    self.accepted += accepted_by != by
                    accepted_by = by
                    if "insertion" in classes:
                        out += self._inlines(node["c"][1], owners)
                    else:
                        out += [n for n in self._inlines(node["c"][1], owners) if _is_mark(n)]
                    continue
                if group is None or group.by != by:
                    if group is not None:
                        out += self._close(group, group_out)
                    group = self._new_change(by, attributes.get("date", ""), owners)
                    group_out = []
                if "deletion" in classes:
                    group.took_out = True
                    group_out += self._inlines(node["c"][1], owners)
                else:
                    hoisted: list[Any] = []
                    group.put_in += self._put_in(node["c"][1], hoisted, owners)
                    group_out += hoisted
                accepted_by = None
                continue
            accepted_by = None
            if group is not None:
                out += self._close(group, group_out)
                group, group_out = None, []
            if kind == "Span" and any(c in classes for c in _PARAGRAPH_MARKS):
                continue
            if kind == "Span" and "comment-start" in classes:
                attributes = dict(node["c"][0][2])
                comment = _Comment(len(self.comments), attributes.get("id", ""),
                                   self.name_of(attributes.get("author", "")),
                                   attributes.get("date", ""), _plain(node["c"][1]), owners)
                self.comments.append(comment)
                out.append(_mark("a", comment.number))
                continue
            if kind == "Span" and "comment-end" in classes:
                word_id = dict(node["c"][0][2]).get("id", "")
                number = next((c.number for c in reversed(self.comments)
                               if c.word_id == word_id), None)
                if number is not None:
                    out.append(_mark("z", number))
                out += self._inlines(node["c"][1], owners)  # pandoc nests ends at one place
                continue
            if kind == "Span":
                out += self._inlines(node["c"][1], owners)  # bookmarks, Word's character styles
                continue
            if kind == "Image":
                self.pictures += 1
                continue
            if kind == "RawInline":
                continue
            if kind == "Note":
                node["c"] = self._blocks(node["c"], owners)
                out.append(node)
                continue
            out.append(self._walk(node, owners))
        if group is not None:
            out += self._close(group, group_out)
        self._spacing(out)
        return _squeeze(out)

    def _spacing(self, out: list[Any]) -> None:
        """For words put in between other words: was there a space on either side?"""
        for index, node in enumerate(out):
            found = _MARK.fullmatch(node["c"]) if _is_mark(node) else None
            if found is None or found.group(1) != "i":
                continue
            change = self.changes[int(found.group(2))]
            before = next((n for n in reversed(out[:index]) if not _is_mark(n)), None)
            after = next((n for n in out[index + 1:] if not _is_mark(n)), None)
            pieces = change.put_in
            change.space_before = _is_space(before) or bool(pieces) and _is_space(pieces[0])
            change.space_after = _is_space(after) or bool(pieces) and _is_space(pieces[-1])

    def _put_in(self, inlines: list[Any], hoisted: list[Any], owners: list[str]) -> list[Any]:
        """Words someone else put in, as they would read once accepted; comments on them are
        moved out to the place of the change."""
        kept: list[Any] = []
        for node in inlines:
            if node.get("t") == "Span":
                classes = node["c"][0][1]
                if "comment-start" in classes or "comment-end" in classes:
                    hoisted += self._inlines([node], owners)
                    continue
                if "deletion" in classes or any(c in classes for c in _PARAGRAPH_MARKS):
                    continue
                kept += self._put_in(node["c"][1], hoisted, owners)
                continue
            if node.get("t") == "Image":
                self.pictures += 1
                continue
            kept.append(self._walk(node, owners))
        return kept

    def _close(self, change: _Change, took_out: list[Any]) -> list[Any]:
        if change.put_in:
            self.fragments[change.number] = change.put_in
        if change.took_out and [n for n in took_out if not _is_mark(n) and not _is_space(n)]:
            return [_mark("d", change.number), *took_out, _mark("e", change.number)]
        change.took_out = False
        if not change.put_in:
            del self.changes[change.number]  # nothing taken out or put in: not a change at all
            return took_out
        return [_mark("i", change.number), *took_out]


def _box_class(block: dict[str, Any]) -> str | None:
    classes = block["c"][0][1]
    return next((c for c in classes if c in BOX_STYLES.values()), None)


_INLINE_KINDS = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
                 "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
                 "RawInline", "Link", "Image", "Note", "Span"}
_BLOCK_KINDS = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote",
                "OrderedList", "BulletList", "DefinitionList", "Header", "HorizontalRule",
                "Table", "Figure", "Div"}


def _squeeze(inlines: list[Any]) -> list[Any]:
    """One space between words, whatever was taken out between them. Markers take no room: a
    marker just before a space stays before it, one just after stays after."""
    out: list[Any] = []
    index = 0
    while index < len(inlines):
        node = inlines[index]
        if not _is_space(node):
            out.append(node)
            index += 1
            continue
        end = index
        while end < len(inlines) and (_is_space(inlines[end]) or _is_mark(inlines[end])):
            end += 1
        run = inlines[index:end]
        space = next(n for n in run if _is_space(n))
        marks = [n for n in run if _is_mark(n)]
        if end < len(inlines):
            out += [space, *marks]
        else:
            out += marks + [space]
        index = end
    # marks before the first space of a run already sit before it in `out`
    return out


def _trim(inlines: list[Any]) -> list[Any]:
    """No spaces at the start or end of a paragraph (markers kept)."""
    words = [i for i, n in enumerate(inlines) if not _is_space(n) and not _is_mark(n)]
    if not words:
        return [n for n in inlines if not _is_space(n)]
    first, last = words[0], words[-1]
    return [n for i, n in enumerate(inlines) if first <= i <= last or not _is_space(n)]


def _strip_markers(value: Any) -> Any:
    """The same tree without markers, and without paragraphs that only held markers."""
    if isinstance(value, list):
        kept = []
        for item in value:
            if _is_mark(item):
                continue
            item = _strip_markers(item)
            if isinstance(item, dict) and item.get("t") == "Para" and not item["c"]:
                continue
            kept.append(item)
        return kept
    if isinstance(value, dict) and "c" in value:
        value["c"] = _strip_markers(value["c"])
    return value


# Writing Markdown --------------------------------------------------------------------------------
def _render(tree: dict[str, Any], blocks: list[Any], what: str) -> str:
    document = {"pandoc-api-version": tree.get("pandoc-api-version"), "meta": {},
                "blocks": blocks}
    data = run_pandoc(["-f", "json", "-t", WRITE_AS, *WRITE_OPTIONS],
                      text=json.dumps(document, ensure_ascii=False), what=what)
    return data.decode("utf-8").replace("\r\n", "\n")


def _tidy(text: str) -> str:
    """Pandoc's Markdown in the book's own spelling: boxes as '::: {.key-learning}' (as the
    chapter template has them) and one space after a list number."""
    text = _BOX_LINE.sub(lambda m: f"{m.group(1)} {{.{m.group(2)}}}", text)
    return _ORDERED_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)} ", text)


def _render_fragments(tree: dict[str, Any], fragments: dict[int, list[Any]],
                      what: str) -> dict[int, str]:
    """The Markdown of every piece someone else put in, in one pandoc run."""
    if not fragments:
        return {}
    blocks: list[Any] = []
    order = sorted(fragments)
    for number in order:
        pieces = fragments[number]
        blocks.append({"t": "Para", "c": [{"t": "Str", "c": _SEPARATOR}]})
        if pieces and pieces[0].get("t") in _BLOCK_KINDS:
            blocks += _strip_markers(copy.deepcopy(pieces))
        else:
            blocks.append({"t": "Para", "c": [{"t": "Str", "c": _FRAGMENT_START},
                                              *_strip_markers(copy.deepcopy(pieces))]})
    text = _tidy(_render(tree, blocks, what))
    parts = re.split(f"^{_SEPARATOR}$", text, flags=re.MULTILINE)[1:]
    found = {}
    for number, part in zip(order, parts, strict=False):
        part = part.strip("\n")
        found[number] = part[len(_FRAGMENT_START):] if part.startswith(_FRAGMENT_START) else part
    return found


def _take_markers(text: str) -> tuple[str, dict[str, int]]:
    """The text without markers, and where each marker was in it. A line of markers only (a
    place between paragraphs) goes with its blank line."""
    positions: dict[str, int] = {}
    out: list[str] = []
    size = 0
    index = 0
    while index < len(text):
        line = _MARK_LINE.match(text, index) if index == 0 or text[index - 1] == "\n" else None
        if line is not None and line.group():
            for mark in _MARK.finditer(line.group()):
                positions.setdefault(mark.group(1) + mark.group(2), size)
            index = line.end()
            continue
        mark = _MARK.match(text, index)
        if mark is not None:
            positions.setdefault(mark.group(1) + mark.group(2), size)
            index = mark.end()
            continue
        following = text.find(_OPEN, index + 1)
        end = len(text) if following == -1 else following
        out.append(text[index:end])
        size += end - index
        index = end
    return "".join(out), positions


def _positions(marked: str, clean: str) -> dict[str, int]:
    """Where each marker belongs in the clean text. The marked text without its markers is
    nearly always the clean text; where pandoc wrote something a little differently beside a
    marker, the two are lined up line by line, then character by character."""
    stripped, positions = _take_markers(marked)
    if stripped == clean:
        return positions
    mapping = _offset_map(stripped, clean)
    return {key: mapping(value) for key, value in positions.items()}


def _offset_map(old: str, new: str) -> Any:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    pieces: list[tuple[int, int, int, int]] = []  # old start, old end, new start, new end
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines,
                                               autojunk=False).get_opcodes():
        a, b, c, d = old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2]
        if tag == "equal":
            pieces.append((a, b, c, d))
            continue
        for inner, k1, k2, m1, m2 in SequenceMatcher(None, old[a:b], new[c:d],
                                                     autojunk=False).get_opcodes():
            if inner == "equal":
                pieces.append((a + k1, a + k2, c + m1, c + m2))

    def mapping(offset: int) -> int:
        best = 0
        for a, b, c, _d in pieces:
            if a <= offset <= b:
                return c + offset - a
            if b <= offset:
                best = c + (b - a)
        return min(best, len(new))

    return mapping


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _body(markdown: str, chapter: Chapter | None) -> str:
    """The chapter's new body: the Markdown with the blank first line chapters have."""
    text = markdown.strip("\n")
    lead = "\n" if chapter is None or chapter.body.startswith("\n") else ""
    return f"{lead}{text}\n" if text else lead


# Other people's words ----------------------------------------------------------------------------
def _require_own_words(book: Book, chapter: Chapter, person_id: str, tree: dict[str, Any],
                       blocks: list[Any], name_of: _WordNames, boxes: list[str | None],
                       what: str) -> None:
    """Refuse edits typed without tracked changes into words the sender does not own: the file
    with every tracked change undone must match the chapter there."""
    converter = _Converter(book, name_of, [], boxes)
    original = _strip_markers(converter.convert(_undo_changes(copy.deepcopy(blocks))))
    text = _put_back_hidden_names(_tidy(_render(tree, original, what)), chapter.body)[0]
    before = plain_text.paragraphs(chapter.body)
    after = plain_text.paragraphs(text)

    def key(paragraph: plain_text.Paragraph) -> tuple[str | None, str]:
        words = paragraph.text.replace("’", "'").replace("‘", "'").replace("“", '"')
        return paragraph.box, " ".join(words.replace("”", '"').split())

    def owners_of(paragraph: plain_text.Paragraph) -> list[str]:
        if paragraph.box == COMMENTARY:
            author = paragraph.box_author
            return [author] if author in book.people else list(book.editors)
        return list(chapter.authors)

    matcher = SequenceMatcher(None, [key(p) for p in before], [key(p) for p in after],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for paragraph in before[i1:i2] + after[j1:j2]:
            whose = owners_of(paragraph)
            if person_id in whose or paragraph.kind == "heading":
                continue  # a box's heading (such as 'Commentary') is the chapter's shape
            names = " and ".join(book.name_of(p) for p in whose) or "the chapter's author"
            words = _short(paragraph.text)
            raise BookError(Problem(what, f"The Word file changes {names}'s words without "
                                    f"tracked changes (near “{words}”). Only {names} can "
                                    "change them, so nothing was brought in.", "Make the "
                                    "change again in Word with Track Changes turned on "
                                    f"(Review, Track Changes), so {names} can accept it; or put "
                                    "those words back as they were. Then import the file "
                                    "again."))


def _undo_changes(value: Any) -> Any:
    """The tree as it was before any tracked change: additions out, removals back in."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Span":
                classes = item["c"][0][1]
                if "insertion" in classes or any(c in classes for c in _PARAGRAPH_MARKS):
                    continue
                if "deletion" in classes:
                    out += _undo_changes(item["c"][1])
                    continue
            out.append(_undo_changes(item))
        return out
    if isinstance(value, dict) and "c" in value:
        value["c"] = _undo_changes(value["c"])
    return value


def _put_back_hidden_names(text: str, body: str) -> tuple[str, list[str]]:
    """Exports print '[name left out]' for names people chose to keep out of the book. Coming
    back, each one gets the chapter's own words again (found by the text on either side), so a
    real name is never replaced by the marker; any that cannot be placed are told."""
    found = list(_LEFT_OUT.finditer(text))
    if not found:
        return text, []
    pieces: list[str] = []
    position = 0
    lost = 0
    for index, match in enumerate(found):
        lower = found[index - 1].end() if index else 0
        upper = found[index + 1].start() if index + 1 < len(found) else len(text)
        words = _words_for(body, text[max(lower, match.start() - 40):match.start()],
                           text[match.end():min(upper, match.end() + 40)])
        lost += words is None
        pieces += [text[position:match.start()], match.group() if words is None else words]
        position = match.end()
    pieces.append(text[position:])
    notes = [f"The Word file has '{LEFT_OUT}' in {lost} place{_s(lost)} where the app could not "
             "tell which words were left out. Check the chapter there and put the words back."
             ] if lost else []
    return "".join(pieces), notes


def _words_for(body: str, before: str, after: str) -> str | None:
    """The words of the chapter between these two pieces of text, when only one place fits."""
    for size in (40, 20, 10):
        left, right = before[-size:], after[:size]
        if not left.strip() and not right.strip():
            return None
        places = re.findall(re.escape(left) + r"([^\n]{1,80}?)" + re.escape(right), body)
        if len(set(places)) == 1:
            return places[0]
    return None


def _short(words: str, size: int = 50) -> str:
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


# Threads -----------------------------------------------------------------------------------------
class _Threads:
    """Comments and other people's changes as threads pinned to the new text."""

    def __init__(self, book: Book, chapter_id: str, body: str, positions: dict[str, int],
                 moment: datetime, person_id: str, owners: list[str], what: str) -> None:
        self.book = book
        self.chapter_id = chapter_id
        self.body = body
        self.positions = positions
        self.moment = moment
        self.person_id = person_id
        self.owners = owners
        self.what = what
        self.taken = {name.rsplit(".", 1)[0].casefold() for name in _feedback_names(book)}

    def build(self, converter: _Converter, fragments: dict[int, str],
              extras: dict[str, _CommentExtra]) -> list[ImportedThread]:
        made: list[tuple[str, ImportedThread]] = []
        for change in converter.changes.values():
            thread = self._suggestion(change, fragments.get(change.number, ""))
            if thread is not None:
                made.append((self._sort_key(thread), ImportedThread(thread, 0)))
        for item in self._comments(converter.comments, extras):
            made.append((self._sort_key(item.thread), item))
        made.sort(key=lambda pair: pair[0])
        return [item for _, item in made]

    def _sort_key(self, thread: Thread) -> str:
        return f"{thread.started_when} {thread.id}"

    # Suggested changes ---------------------------------------------------------------------------
    def _suggestion(self, change: _Change, put_in: str) -> Thread | None:
        number = change.number
        if change.paragraphs:
            place = self.positions.get(f"b{number}")
            if place is None or not put_in.strip():
                return None
            start, end, proposed = self._paragraph_place(place, put_in)
        elif change.took_out:
            start, end = self.positions.get(f"d{number}"), self.positions.get(f"e{number}")
            if start is None or end is None:
                return None
            start, end, _ = self._trimmed(start, end)
            if start >= end:
                return None
            proposed = put_in.strip()
        else:
            place = self.positions.get(f"i{number}")
            if place is None or not put_in.strip():
                return None
            start, end = self._around(place)
            if start >= end:
                return None
            left, right = self.body[start:place].rstrip(), self.body[place:end].lstrip()
            proposed = (left + (" " if left and change.space_before else "") + put_in.strip()
                        + (" " if right and change.space_after else "") + right)
        quote = self.body[start:end]
        if proposed == quote:
            return None
        when = _when(change.when, self.moment)
        to = _addressee(change.owners, change.by, self.person_id, self.book)
        text = _change_words(quote, proposed, put_in, change, self.what)
        return self._thread(start, end, Kind.SUGGESTION, to, (Message(change.by, when, text),),
                            proposed)

    def _trimmed(self, start: int, end: int) -> tuple[int, int, bool]:
        """The span without spaces at either end; whether any were taken off."""
        first, last = start, end
        while first < last and self.body[first].isspace():
            first += 1
        while last > first and self.body[last - 1].isspace():
            last -= 1
        return first, last, (first, last) != (start, end)

    def _around(self, place: int) -> tuple[int, int]:
        """The word before a place and the word after it, within the line."""
        line_start = self.body.rfind("\n", 0, place) + 1
        line_end = self.body.find("\n", place)
        line_end = len(self.body) if line_end == -1 else line_end
        before = list(_WORD.finditer(self.body, line_start, place))
        after = _WORD.search(self.body, place, line_end)
        start = before[-1].start() if before else place
        if after is not None and after.start() == place and before and before[-1].end() == place:
            return start, after.end()  # the place is inside a word
        end = after.end() if after is not None else place
        if not before and after is None:
            return place, place
        return start, end

    def _paragraph_place(self, place: int, put_in: str) -> tuple[int, int, str]:
        """Paragraphs put in at a place between paragraphs: pinned to the last few words of the
        paragraph before, or (at the top, or just after a box) the first few of the one after."""
        body, new = self.body, put_in.strip("\n")
        text_end = len(body[:place].rstrip())
        line_start = body.rfind("\n", 0, text_end) + 1
        before = list(_WORD.finditer(body, line_start, text_end))
        first = len(body[:place]) + len(body[place:]) - len(body[place:].lstrip())
        line_end = body.find("\n", first)
        after = list(_WORD.finditer(body, first, len(body) if line_end == -1 else line_end))
        if before and (not _is_fence(body[line_start:text_end]) or not after):
            start = before[max(0, len(before) - _PLACE_WORDS)].start()
            return start, text_end, body[start:text_end] + "\n\n" + new
        if after:
            end = after[min(len(after), _PLACE_WORDS) - 1].end()
            return first, end, new + "\n\n" + body[first:end]
        return place, place, new

    # Comments ------------------------------------------------------------------------------------
    def _comments(self, comments: list[_Comment],
                  extras: dict[str, _CommentExtra]) -> list[ImportedThread]:
        by_word_id = {c.word_id: c for c in comments}
        spans: dict[int, tuple[int, int]] = {}
        for comment in comments:
            start = self.positions.get(f"a{comment.number}")
            if start is None:
                continue
            end = self.positions.get(f"z{comment.number}", start)
            first, last, _ = self._trimmed(start, max(start, end))
            if first >= last:
                first, last = self._around(start)
            if first >= last:
                continue
            spans[comment.number] = (first, last)
        parents: dict[int, int] = {}
        for comment in comments:
            extra = extras.get(comment.word_id)
            parent = by_word_id.get(extra.parent) if extra and extra.parent else None
            if parent is None and not extras:
                parent = next((c for c in comments if c.number < comment.number
                               and c.number in spans and spans.get(comment.number)
                               == spans[c.number] and c.number not in parents), None)
            if parent is not None and parent.number != comment.number:
                root = parent.number
                while root in parents:
                    root = parents[root]
                parents[comment.number] = root
        made: list[ImportedThread] = []
        for comment in comments:
            if comment.number in parents or comment.number not in spans:
                continue
            replies = sorted((c for c in comments if parents.get(c.number) == comment.number),
                             key=lambda c: (_when(c.when, self.moment), c.number))
            messages = tuple(Message(c.by, _when(c.when, self.moment),
                                     c.text.strip() or "(This comment in the Word file had no "
                                     "words.)") for c in [comment, *replies])
            start, end = spans[comment.number]
            to = _addressee(comment.owners, comment.by, self.person_id, self.book)
            done = (extras.get(comment.word_id) or _CommentExtra(None, False)).done
            made.append(ImportedThread(self._thread(start, end, Kind.COMMENT, to, messages,
                                                    None, done), len(replies)))
        return made

    # Both ----------------------------------------------------------------------------------------
    def _thread(self, start: int, end: int, kind: Kind, to: str, messages: tuple[Message, ...],
                proposed: str | None, done: bool = False) -> Thread:
        anchor = anchor_at(self.body, start, end)
        thread_id = self._new_id(messages[0])
        return Thread(thread_id, thread_path(self.chapter_id, thread_id), self.chapter_id,
                      anchor, kind, to, State.RESOLVED if done else State.OPEN, messages,
                      proposed)

    def _new_id(self, first: Message) -> str:
        base = f"{datetime.fromisoformat(first.when):%Y%m%d-%H%M%S}-{first.by}"
        thread_id, number = base, 1
        while thread_id.casefold() in self.taken:
            number += 1
            thread_id = f"{base}-{number}"
        self.taken.add(thread_id.casefold())
        return thread_id


def _is_fence(line: str) -> bool:
    return line.lstrip().startswith(":::")


def _new_only(book: Book, chapter_id: str, threads: list[ImportedThread]
              ) -> tuple[list[ImportedThread], int]:
    """The threads not in the book already, so that bringing in the same file twice (or a file
    whose comments came in before) does not start the same conversations again."""
    def key(thread: Thread) -> tuple[object, ...]:
        first = thread.messages[0]
        return (thread.kind, thread.anchor.quote, thread.proposed, first.by, first.when,
                " ".join(first.text.split()))

    existing, _problems = load_threads(book)
    seen = {key(t) for t in existing if t.chapter == chapter_id}
    new = [item for item in threads if key(item.thread) not in seen]
    return new, len(threads) - len(new)


def _feedback_names(book: Book) -> list[str]:
    names = []
    for _folder_path, _folders, found in os.walk(book.root / FEEDBACK):
        names += found
    return names


def _when(text: str, moment: datetime) -> str:
    """A Word date as the threads write dates; the time of the import when Word gave none."""
    try:
        found = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        found = moment
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found.replace(microsecond=0).isoformat()


def _addressee(owners: list[str], by: str, person_id: str, book: Book) -> str:
    """Who a thread is for: the owner of the words (the sender first, when they are one); for
    a comment an owner wrote on their own words, an editor."""
    for candidate in ([person_id] if person_id in owners else []) + owners:
        if candidate != by:
            return candidate
    for candidate in [*book.editors, *owners, person_id]:
        if candidate != by and candidate in book.people:
            return candidate
    return by


def _change_words(quote: str, proposed: str, put_in: str, change: _Change,
                  file_name: str) -> str:
    """The first message of a suggested change: what the change in Word was, in words."""
    if change.paragraphs:
        count = put_in.strip().count("\n\n") + 1
        what = f"add {'a paragraph' if count == 1 else f'{count} paragraphs'}: " \
               f"“{_short(put_in)}”"
    elif not change.took_out:
        what = f"add “{_short(put_in)}”"
    elif not proposed.strip():
        what = f"take out “{_short(quote)}”"
    else:
        what = f"put “{_short(proposed)}” in place of “{_short(quote)}”"
    return f"A tracked change in the Word file {file_name}: {what}" + (
        "" if what.endswith("”") else ".")


# Saving ------------------------------------------------------------------------------------------
def _write(opened: OpenBook, chapter: Chapter | None, chapter_id: str, title: str,
           person_id: str, body: str, text_changed: bool, threads: list[ImportedThread]
           ) -> tuple[list[str], list[ImportedThread]]:
    """Write the chapter, book.yaml and the thread files, every one of them or none; the files
    written, and the threads with the fingerprints of their files (to answer them later)."""
    book = opened.book
    relative = chapter_file(chapter_id)
    kept = _Keep(book.root)
    written = [relative]
    saved: list[ImportedThread] = []
    try:
        if chapter is None:
            kept.remember(relative)
            kept.remember(BOOK_FILE)
            add_chapter(book, title, [person_id], chapter_id)
            _fill_new_chapter(book, chapter_id, title, person_id, body)
            written.append(BOOK_FILE)
        elif text_changed:
            kept.remember(relative)
            save_chapter(book, chapter_id, body)
        for item in threads:
            thread = item.thread
            kept.remember(thread.file)
            fingerprint = files.write_text(book.root, thread.file, thread_file_text(thread),
                                           None)
            written.append(thread.file)
            saved.append(ImportedThread(replace(thread, fingerprint=fingerprint), item.replies))
    except BaseException:
        kept.restore()
        if chapter is not None:
            book.chapters[chapter_id] = chapter
        else:
            book.chapters.pop(chapter_id, None)
            if chapter_id in book.chapter_order:
                book.chapter_order.remove(chapter_id)
        raise
    return written, saved


def _fill_new_chapter(book: Book, chapter_id: str, title: str, person_id: str,
                      body: str) -> None:
    """Put the Word file's words into the chapter add_chapter just made, and tell the loaded
    book about it."""
    relative = chapter_file(chapter_id)
    made = files.read_text(book.root, relative)
    details = {"id": chapter_id, "title": title, "authors": [person_id],
               "status": Status.DRAFTING.value}
    raw = front_matter.render_details(details)
    fingerprint = files.write_text(book.root, relative, front_matter.join(raw, body),
                                   made.fingerprint)
    book.chapters[chapter_id] = Chapter(chapter_id, relative, title, [person_id],
                                        Status.DRAFTING, details, raw, body, fingerprint,
                                        count_words(body))
    book.chapter_order.append(chapter_id)


class _Keep:
    """The bytes of files as they were before the import, to put back if it fails half way."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before: dict[str, bytes | None] = {}

    def remember(self, relative: str) -> None:
        if relative not in self.before:
            path = files.inside_book(self.root, relative)
            self.before[relative] = path.read_bytes() if path.is_file() else None

    def restore(self) -> None:
        for relative, data in self.before.items():
            path = files.inside_book(self.root, relative)
            try:
                if data is None:
                    path.unlink(missing_ok=True)
                    continue
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                                     suffix=files.TEMP_SUFFIX)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except OSError as error:
                log.error("could not put back %s after a failed import: %s", relative, error)


def _description(book: Book, person_id: str, title: str, file_name: str, new: bool,
                 text_changed: bool, threads: list[ImportedThread]) -> str:
    name = book.name_of(person_id)
    comments = sum(1 for t in threads if t.thread.kind is not Kind.SUGGESTION)
    suggestions = len(threads) - comments
    extra = []
    if comments:
        extra.append(f"{comments} comment{_s(comments)}")
    if suggestions:
        extra.append(f"{suggestions} suggested change{_s(suggestions)}")
    with_ = f", with {' and '.join(extra)}" if extra else ""
    if new:
        return f"{name} brought in '{title}' as a new chapter from the Word file " \
               f"{file_name}{with_}"
    if text_changed:
        return f"{name} brought in a new version of '{title}' from the Word file " \
               f"{file_name}{with_}"
    return f"{name} brought in {' and '.join(extra)} on '{title}' from the Word file {file_name}"

