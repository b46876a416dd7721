"""Hostile chapter text costs time in step with its length: thousands of one mark never closed,
one word said thousands of times, lines of markers or spaces, hidden characters, old Mac line
endings. Each test feeds text on which the code before its fix took minutes (the time grew with
the square of the length, or doubled with each marker) and checks the answer is sensible.

Each costly call runs in its own Python with a time limit, so a slow one fails the test (and is
ended) instead of stopping the test run. With the fixes each takes well under two seconds.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coauthor_desk.checks.text_checks import check_report
from coauthor_desk.manuscript.text import paragraphs

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 20  # seconds; each run takes about one (the code before the fixes, minutes)


def run(code: str) -> str:
    """Run `code` in its own Python; what it printed, or a failure if it took too long."""
    try:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
                              capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"took more than {TIME_LIMIT} s:\n{textwrap.dedent(code)}")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_long_paragraph_of_one_word_is_compared_quickly() -> None:
    """difflib looks at every pair of equal words: 'Dr. Dr. Dr. …' (one sentence, as 'Dr.'
    ends none) cost the square of its length in the change summary, review's suggestions and
    the words shown as changed."""
    out = run("""
        from coauthor_desk.changes.align import is_slip, pieces
        from coauthor_desk.changes.compare import compare_texts
        from coauthor_desk.review.owned_edits import sentence_changes
        old = "Intro words.\\n\\n" + "Dr. " * 20_000 + "went home.\\n"
        third = len(old) // 3
        one = old[:third] + "Smith " + old[third:]
        two = one[:2 * third] + "Jones " + one[2 * third:]
        print(len(compare_texts(old, one)) > 0, len(compare_texts(old, two)) > 0)
        print(len(sentence_changes(old, one)), len(sentence_changes(old, two)))
        added = "".join(p.text for p in pieces(old, one) if p.kind == "added")
        print("Smith" in added, is_slip(old, two))
        """)
    assert out.split("\n") == ["True True", "1 1", "True False"]


def test_a_paragraph_of_thousands_of_sentences_rewritten_is_compared_in_step() -> None:
    """Lining up the sentences of a changed stretch visited every old sentence for every new
    one (only those near the diagonal are compared, but all n x m cells were filled)."""
    out = run("""
        from coauthor_desk.changes.compare import compare_texts
        start = "Start words here today.\\n\\n"
        changes = compare_texts(start + "One two three four five six. " * 8_000,
                                start + "Seven eight nine ten eleven twelve. " * 8_000)
        print(sorted(change.kind.value for change in changes))
        """)
    assert out == "['paragraph-added', 'paragraph-removed']"


def test_a_comment_on_a_page_of_one_letter_is_found_quickly() -> None:
    """Telling a quote's place from thousands of places with the same letters around them
    compared each place letter by letter, again for each widening of the context."""
    out = run("""
        from coauthor_desk.comments.anchors import anchor_at, exact_place, find_anchor
        body = "Intro.\\n\\n" + "“" * 30_000 + "\\n"
        middle = len(body) // 2
        anchor = anchor_at(body, middle, middle + 40)
        changed = body[:100] + "new words " + body[100:]
        found, moved = find_anchor(body, anchor), find_anchor(changed, anchor)
        print(len(anchor.prefix), found.text == moved.text == anchor.quote,
              exact_place(body, anchor))  # too many places alike to say which is meant
        """)
    assert out.split() == ["1000", "True", "None"]


def test_box_lines_with_long_runs_are_read_once() -> None:
    """A box line with thousands of spaces after its class, a line of colons and a line of
    boxes in code: the line patterns tried each way of sharing out the spaces, searched the
    colons from each one, and counted backticks from the line's start for each box."""
    out = run("""
        from coauthor_desk.export.chapter_text import box_lines, for_output, only_our_boxes
        spaced = "::: key-learning" + " " * 250_000 + "!"
        tabbed = "::: {.x}" + "\\t " * 100_000 + "y"
        print(list(box_lines(["::: key-learning" + " " * 250_000])))
        print(for_output(spaced, "typst") == spaced, only_our_boxes(tabbed).count("\\\\:"))
        print(only_our_boxes(":" * 200_000 + "\\nwords") == ":" * 200_000 + "\\nwords")
        print(only_our_boxes("`::: x" * 100_000).count("\\\\:"))
        """)
    assert out.split("\n") == ["[(0, 'open', 'key-learning')]", "True 3",
                               "True", str(3 * 50_000)]


def test_headings_behind_many_list_markers_are_found_at_once() -> None:
    """The spaces after each list marker could go to it or to the next marker's indent: time
    doubled with each marker, so a line of thirty '-    ' took longer than anyone would wait."""
    out = run("""
        from coauthor_desk.export.links import heading_lines
        print(heading_lines("-    " * 30 + "# Title\\n" + ">  " * 30 + "x #\\n- > 1. # Hi"))
        """)
    assert out == "['# Title', '# Hi']"


def test_unclosed_link_marks_are_read_once() -> None:
    """A link's title, an autolink, a link name, an Easy Read link and a picture's name were
    each searched from every opening mark to the end of the line or text."""
    out = run("""
        from coauthor_desk.export.easy_read import words_in
        from coauthor_desk.export.links import linked_places, odd_addresses, unlink
        from coauthor_desk.export.pictures import refused_pictures
        from coauthor_desk.manuscript.model import Chapter, Status
        print(sorted(linked_places("](#a (" * 100_000 + "[end](#end)")))
        print(odd_addresses("<a:" * 120_000), odd_addresses("<a:" * 120_000 + " <javascript:x>"))
        lines = "[\\n" * 300_000
        print(unlink(lines + "[x]: #gone\\n", {"gone"}) == lines + "\\n")
        print(words_in("![" * 120_000 + "[a](b) word"), words_in("[^" * 120_000))
        def chapter(body):
            return Chapter("c", "chapters/c.md", "C", [], next(iter(Status)), {}, "", body, "", 0)
        found = refused_pictures([chapter(lines + "![a](a.svg)"),
                                  chapter("![a](b.svg)" * 100_000)])
        print(len(found), found[0][1:], found[-1][2])
        """)
    assert out.split("\n") == ["['end']", "False True", "True", "2 0",
                               "100001 ('a.svg', 300003) 3"]


def test_hidden_characters_on_one_long_line_cost_little() -> None:
    """A line of thousands of form feeds: the check quoted the whole line for each, and the
    export read the line again from its start for each line break it made."""
    out = run("""
        from coauthor_desk.checks.characters import plain_characters
        from coauthor_desk.checks.text_checks import check_report
        report = check_report("Intro.\\n\\n" + "\\x0cword " * 40_000)
        hidden = [f for f in report.findings if f.check == "hidden-character"]
        print(len(hidden), repr(hidden[0].quote[:9]))
        print(plain_characters("w\\x0bx " * 300_000).count("\\\\\\n"),
              plain_characters("`" + "w\\x0cx " * 300_000).count("\\\\"))
        """)
    assert out.split("\n") == ["40000 'word word'", "300000 0"]


def test_code_spans_over_line_ends_are_traced_quickly() -> None:
    """markdown-it makes a code span's line break a space, so its words are not in the source
    as they are: each was looked for to the end of the paragraph."""
    out = run("""
        from coauthor_desk.manuscript.text import paragraphs
        found = paragraphs("Intro.\\n\\n" + "`a word\\n" * 250_000 + "\\nLast.\\n")
        print(len(found), repr(found[1].text[:16]), found[-1].text)
        """)
    assert out == "3 'a word a word a ' Last."


@pytest.mark.parametrize("body", ["\nOne.\r\rTwo *b*\rthree.\r", "a\r\n\r\nb *c*\r\r\r\n",
                                  "\r" * 1000 + "x"])
def test_old_mac_line_endings_are_read(body: str) -> None:
    """A lone '\\r' ends a line for markdown-it: the line numbers it gave pointed past the
    text's lines as Python counted them (IndexError in every check of such a text)."""
    words = [block.text for block in paragraphs(body)]
    assert words == {"\nOne.\r\rTwo *b*\rthree.\r": ["One.", "Two b three."],
                     "a\r\n\r\nb *c*\r\r\r\n": ["a", "b c"], "\r" * 1000 + "x": ["x"]}[body]
    assert check_report(body).words == sum(len(w.split()) for w in words)
