"""The book put together for export: what goes in, what stays out, and plain refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.records import Decision, How, Use
from coauthor_desk.export.assemble import LEFT_OUT, assemble_book, key_learnings
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book


def test_a_book_with_missing_agreements_is_refused_with_the_list_of_blockers(example_book: Path):
    with pytest.raises(BookError) as refused:
        assemble_book(open_book(example_book))
    said = refused.value.plain()
    assert "Tomasz Nowak agreed to the version of 18 April 2025" in said
    assert "Jean Thornton withdrew" in said
    assert "or make a draft instead" in said


def test_the_agreed_book_has_every_chapter_with_its_byline_in_order(agreed_book: Path):
    opened = open_book(agreed_book)
    book = assemble_book(opened)
    text = book.markdown
    titles = [c.title for c in opened.book.ordered_chapters()]
    sections = {"Notes on contributors", "About the authors", "Key learnings", "Contributions"}
    found = [t for t in re.findall(r"^# (.+)$", text, re.MULTILINE) if t not in sections]
    assert found == titles
    for byline in ("By Tomasz", "By Helen Marsh, David Lowe and Priya Raman",
                   "By a co-author who chose not to be named", "By The Thursday Group"):
        assert f"::: {{.byline}}\n{byline}\n:::" in text
    assert book.mark is None and book.left_out == []


def test_chapter_headings_sit_one_level_below_the_chapter_title(agreed_book: Path):
    text = assemble_book(open_book(agreed_book)).markdown
    level_one = re.findall(r"^# (.+)$", text, re.MULTILINE)
    assert not any(title.startswith("Who am I?") for title in level_one)
    assert "\n## Who am I?\n" in text and "\n## Reflective questions\n" in text


def test_commentaries_are_credited_by_name_and_never_by_id(agreed_book: Path):
    text = assemble_book(open_book(agreed_book)).markdown
    assert 'author="' not in text and "helen-marsh" not in text
    assert "::: {.commentary}\n## Commentary\n\n::: {.byline}\nBy Helen Marsh\n:::" in text


def test_front_matter_holds_notes_statement_and_every_key_learning(agreed_book: Path):
    opened = open_book(agreed_book)
    text = assemble_book(opened).markdown
    for section in ("Notes on contributors", "About the authors", "Key learnings",
                    "Contributions"):
        assert re.search(f"^# {section}$", text, re.MULTILINE)
    learnings = key_learnings(opened.book, opened.book.ordered_chapters())
    boxes = sum(c.body.count("{.key-learning}") for c in opened.book.ordered_chapters())
    assert len(learnings) == boxes >= 10
    front = text[text.index("# Key learnings"):text.index("# Introduction")]
    for number, words in learnings:
        assert f"- {words} (Chapter {number})" in front


def test_the_anonymous_author_is_never_named(agreed_book: Path):
    text = assemble_book(open_book(agreed_book)).markdown
    assert "Claire" not in text and "Bennett" not in text


def test_a_draft_leaves_out_a_withdrawn_chapter_and_says_so(example_book: Path):
    record_decision(open_book(example_book), "tomasz-nowak", Use.CHAPTER, Decision.WITHDRAWN,
                    "08-therapy-in-a-second-language", "helen-marsh", How.PHONE)
    draft = assemble_book(open_book(example_book), draft=True)
    assert draft.mark == "Draft"
    assert "08-therapy-in-a-second-language" not in draft.chapters
    assert "Therapy in a second language" not in draft.markdown
    assert "With her I could cry in my own language" not in draft.markdown
    assert "being fluent enough for everyday life" not in draft.markdown.lower()
    assert draft.left_out == ["Chapter 8 is left out, because its author took back or did not "
                              "give their agreement."]
    assert "This is a draft, not the book to publish. Chapter 8 is left out" in draft.markdown


def test_a_withdrawn_chapter_leaves_no_trace_in_the_credits(example_book: Path):
    record_decision(open_book(example_book), "amira-yusuf", Use.CHAPTER, Decision.WITHDRAWN,
                    "02-leaving-care", "helen-marsh", How.PHONE)
    text = assemble_book(open_book(example_book), draft=True).markdown
    assert "Leaving care at eighteen" not in text
    statement = {line.split(":")[0]: line for line in
                 text[text.index("# Contributions"):].split("\n\n")[1:]}
    assert "Amira" not in statement["Wrote the first draft"]
    # She still reviewed 'Growing up caring', chapter 10 now that chapter 2 is left out.
    assert "Amira (chapter 10)" in statement["Reviewed a chapter"]
    learnings = text[text.index("# Key learnings"):text.index("# Introduction")]
    assert "(Chapter 15)" in learnings and "(Chapter 16)" not in learnings


def test_a_draft_hides_a_real_name_that_slipped_into_a_chapter(example_book: Path):
    opened = open_book(example_book)
    chapter = opened.book.chapters["06-breathing-space"]
    save_chapter(opened.book, chapter.id, chapter.body + "\nThanks to Claire Bennett and "
                 "CLAIRE  BENNETT.\n")
    with pytest.raises(BookError) as refused:
        assemble_book(open_book(example_book))
    assert "chapters/06-breathing-space.md" in refused.value.plain()
    draft = assemble_book(open_book(example_book), draft=True)
    assert "Bennett" not in draft.markdown and "BENNETT" not in draft.markdown
    assert f"Thanks to {LEFT_OUT} and {LEFT_OUT}." in draft.markdown


def test_a_draft_hides_the_first_name_of_someone_who_chose_not_to_be_named(
        example_book: Path):
    opened = open_book(example_book)
    chapter = opened.book.chapters["05-getting-out"]
    save_chapter(opened.book, chapter.id, chapter.body + "\nWhen Claire told me, I cried. "
                 "CLAIRE said so too.\n")
    draft = assemble_book(open_book(example_book), draft=True)
    assert "Claire" not in draft.markdown and "CLAIRE" not in draft.markdown
    assert f"When {LEFT_OUT} told me, I cried. {LEFT_OUT} said so too." in draft.markdown


def _with_body(book: Path, body: str) -> None:
    opened = open_book(book)
    save_chapter(opened.book, "my-story", body)


def test_headings_in_quotes_and_lists_keep_their_marks(small_book: Path):
    _with_body(small_book, "> # A heading in a quote\n\n- # A heading in a list\n")
    text = assemble_book(open_book(small_book), draft=True).markdown
    assert "\n> ## A heading in a quote\n" in text and "\n- ## A heading in a list\n" in text


def test_box_attributes_are_dropped_and_only_the_class_kept(small_book: Path):
    _with_body(small_book, '::: {.key-learning typst:inset="1pt" onclick="go()"}\nLearn.\n'
               ':::\n\n::: {#x typst:text:fill="red"}\nMore.\n:::\n')
    text = assemble_book(open_book(small_book), draft=True).markdown
    assert "::: {.key-learning}\nLearn." in text and "::: {.box}\nMore." in text
    assert "typst:" not in text and "onclick" not in text


def test_underlined_headings_and_code_are_handled(small_book: Path):
    _with_body(small_book, "Part one\n========\n\nText.\n\n```\n# not a heading\n```\n\n"
               "Part two\n--------\n\nMore[^a].\n\n[^a]: A note.\n")
    text = assemble_book(open_book(small_book), draft=True).markdown
    assert "\n## Part one\n\nText." in text and "\n### Part two\n" in text
    assert "\n# not a heading\n" in text
    assert "More[^c1-a]." in text and "[^c1-a]: A note." in text


@pytest.mark.parametrize("body, what", [
    ("Text.\n\n::: {.key-learning}\nLearn.\n\nMore.\n", "never closed"),
    ("Text.\n\n:::\n\nMore.\n", "never opened"),
    ("Text.\n\n~~~\n\nMore.\n", "is never closed"),
])
def test_a_box_left_open_or_closed_twice_is_refused_with_its_line(small_book: Path, body: str,
                                                                 what: str):
    _with_body(small_book, body)
    with pytest.raises(BookError) as refused:
        assemble_book(open_book(small_book), draft=True)
    problem = refused.value.problems[0]
    assert problem.file == "chapters/my-story.md" and what in problem.what
    lines = (small_book / problem.file).read_text().splitlines()
    assert lines[problem.line - 1].startswith((":::", "~~~"))


def test_headings_with_nothing_under_them_are_left_out(small_book: Path):
    _with_body(small_book, "# Nothing here\n\n# Words\n\nSome words.\n\n# Only an empty box\n\n"
               "::: {.commentary}\n:::\n\n# Above a heading with words\n\n## Under it\n\n"
               "More words.\n\nA subtitle\n----------\n\n```\n# not a heading\n```\n\n"
               "# References\n")
    text = assemble_book(open_book(small_book), draft=True).markdown
    for kept in ("## Words", "## Above a heading with words", "### Under it", "### A subtitle",
                 "# not a heading"):
        assert f"\n{kept}\n" in text, kept
    for gone in ("Nothing here", "Only an empty box", "References"):
        assert gone not in text, gone
