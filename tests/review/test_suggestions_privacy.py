"""Nobody sees suggestions to another co-author's words: for every co-author of the example
book, an editor suggests a change to a sentence of their chapter, and each person's list, the
command line's `--for` and the review window's Suggested changes part hold only their own."""

from __future__ import annotations

import json
from pathlib import Path

from coauthor_desk.cli import main
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.manuscript import text as markdown_text
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.review.queue import suggestions_for
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import open_book


def _coauthor_chapters(folder: Path) -> dict[str, str]:
    """Each chapter written by one co-author (no editor among its authors), by its author."""
    book = load_book(folder)
    return {c.authors[0]: c.id for c in book.ordered_chapters()
            if len(c.authors) == 1 and c.authors[0] not in book.editors}


def _suggest_to_everyone(folder: Path) -> dict[str, str]:
    made = {}
    for person, chapter_id in _coauthor_chapters(folder).items():
        opened = open_book(folder)
        body = opened.book.chapters[chapter_id].body
        paragraph = next(p for p in markdown_text.paragraphs(body)
                         if p.kind == "paragraph" and len(p.sentences) > 1 and p.box is None)
        sentence = paragraph.sentences[0]
        start, end = paragraph.source_span(sentence.start, sentence.end)
        edited = body[:start] + "An editor's words in place of yours." + body[end:]
        [thread] = save_edit(opened, chapter_id, edited, "helen-marsh").suggested
        made[person] = thread.id
    return made


def test_each_coauthor_sees_only_suggestions_to_their_own_words(example_book: Path, capsys):
    made = _suggest_to_everyone(example_book)
    assert len(made) >= 12  # most of the seventeen write a chapter of their own
    book = load_book(example_book)
    threads = load_threads(book)[0]
    for person in book.people:
        mine = [s.thread.id for s in suggestions_for(book, threads, person)]
        assert mine == ([made[person]] if person in made else []), person
        assert main(["suggestions", str(example_book), "--for", person, "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)["suggestions"]
        assert [entry["id"] for entry in listed] == mine
        others = [book.name_of(p) for p in made if p != person]
        text_out = json.dumps(listed, ensure_ascii=False)
        assert not any(name in text_out for name in others), person


def test_the_review_windows_suggested_changes_show_only_the_persons_own(qtbot,
                                                                          example_book: Path):
    from gui.review_support import review_context

    from coauthor_desk.gui.review.suggestions_page import SuggestionsPage

    made = _suggest_to_everyone(example_book)
    for person, thread_id in made.items():
        context, _ = review_context(example_book, person)
        page = SuggestionsPage(context)
        qtbot.addWidget(page)
        page.refresh()
        assert [s.thread.id for s in page.found] == [thread_id]
        shown = page.where.text() + page.yours.toPlainText() + page.why.text()
        chapter = context.opened.book.chapters[_coauthor_chapters(example_book)[person]]
        assert chapter.title in shown
