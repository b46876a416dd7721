"""The import itself: the steps from a Word file to a saved version, in order.

Each step lives in its own module; this one only runs them, so the whole import can be read in
one place: check the book, read the file, pick out the chapter, match the names, walk the tree,
write the Markdown, refuse edits of other people's words, make the threads, save.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_desk.comments.model import Thread
from coauthor_desk.manuscript.loader import chapter_file
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.chapter_part import chapter_blocks, made_by_the_app
from coauthor_desk.word_import.comment_details import comment_details
from coauthor_desk.word_import.converter import Converter
from coauthor_desk.word_import.empty_headings import put_back_empty_headings
from coauthor_desk.word_import.hidden_names import put_back_hidden_names
from coauthor_desk.word_import.links import settle_links
from coauthor_desk.word_import.lists import carried_on, join_carried_on
from coauthor_desk.word_import.markdown import chapter_body, fragments_markdown, markdown
from coauthor_desk.word_import.markers import positions_in_body, strip_markers
from coauthor_desk.word_import.own_words import require_own_words
from coauthor_desk.word_import.questions import find_answers, questions_section
from coauthor_desk.word_import.result import ImportResult
from coauthor_desk.word_import.saving import check_book, save_import
from coauthor_desk.word_import.styles import commentary_authors
from coauthor_desk.word_import.threads import NewThreads, new_only
from coauthor_desk.word_import.word_file import read_word
from coauthor_desk.word_import.word_names import WordNames, names_in
from coauthor_desk.word_import.wording import plural, was

if TYPE_CHECKING:
    from coauthor_desk.session import OpenBook


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
    what = docx_path.name
    moment = _moment(now)
    if person_id not in book.people:
        raise BookError(Problem(f"people/{person_id}.yaml", f"'{person_id}' is not a person in "
                                "the book (who sent the Word file).", "Use the id of a person "
                                "in the book: the name of their file in people/, without "
                                ".yaml."))
    chapter = book.chapters.get(chapter_id)
    check_book(opened, chapter_id, chapter)
    tree = read_word(docx_path)
    join_carried_on(tree["blocks"], carried_on(docx_path))
    details = comment_details(docx_path)
    blocks, title, notes = chapter_blocks(book, tree, chapter, chapter_id, what)
    notes += settle_links(blocks, book, chapter_id, what)
    section = questions_section(tree["blocks"])
    name_of = WordNames(book, what, word_names)
    name_of.require(list(dict.fromkeys(names_in(blocks) + names_in(section))))
    owners = list(chapter.authors) if chapter else [person_id]
    box_authors = commentary_authors(chapter)
    converter = Converter(book, name_of, owners, box_authors)
    marked = converter.convert(copy.deepcopy(blocks))
    clean_text = markdown(tree, strip_markers(copy.deepcopy(marked)), what)
    marked_text = markdown(tree, marked, what)
    if chapter is not None:
        clean_text, left = put_back_hidden_names(clean_text, chapter.body)
        if made_by_the_app(book, tree):  # the export left its empty headings out
            clean_text = put_back_empty_headings(clean_text, chapter.body)
        notes += left
    body = chapter_body(clean_text, chapter)
    positions = positions_in_body(marked_text, clean_text, body)
    if chapter is not None:
        require_own_words(book, chapter, person_id, tree, blocks, name_of, box_authors, what)
    fragments = fragments_markdown(tree, converter.fragments, what)
    notes += converter.notes()
    made = NewThreads(book, chapter_id, body, positions, moment, person_id, what)
    threads, already = new_only(book, chapter_id, made.build(converter, fragments, details))
    notes += made.notes
    if already:
        notes.append(f"{already} comment{plural(already)} or suggested change{plural(already)} "
                     f"from the Word file {was(already)} in the book already (from an earlier "
                     "import), so not added again.")
    answers = find_answers(book, section, person_id, name_of, moment)
    notes += answers.notes
    replied = answers.updated()
    new_chapter = chapter is None
    text_changed = chapter is None or body != chapter.body
    version = None
    if text_changed or threads or replied:
        threads, replied, version = save_import(opened, chapter, chapter_id, title, person_id,
                                                body, text_changed, threads, replied, what)
    return ImportResult(chapter_id, title, chapter_file(chapter_id), what, person_id,
                        new_chapter, text_changed, converter.accepted, tuple(threads), version,
                        _names(book, person_id, [item.thread for item in threads], replied),
                        name_of.used, tuple(notes), tuple(replied))


def _moment(now: datetime | None) -> datetime:
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _names(book: Book, person_id: str, threads: list[Thread],
           replied: list[Thread]) -> dict[str, str]:
    """Person id -> name of everyone the summary may mention."""
    ids = {person_id} | {t.to for t in threads} | {m.by for t in threads for m in t.messages}
    ids |= {m.by for t in replied for m in t.messages}
    return {i: book.name_of(i) for i in ids}
