"""Reading a chapter piece by piece gives exactly what reading it whole gives: on every chapter
of the example book, on versions that differ a little, and on random Markdown built from the
kinds of blocks chapters hold (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.text import paragraphs
from coauthor_desk.manuscript.text_pieces import _pieces, paragraphs_in_pieces


def test_every_chapter_of_the_example_book_reads_the_same(example_book: Path):
    book = load_book(example_book)
    for chapter in book.ordered_chapters():
        assert paragraphs_in_pieces(chapter.body) == paragraphs(chapter.body), chapter.id
        assert len(_pieces(chapter.body)) > 3  # it really is read in pieces


def test_a_version_that_differs_a_little_reads_the_same(example_book: Path):
    body = load_book(example_book).chapters["03-caring-for-ron"].body
    changed = body.replace("About six years ago", "Some six years ago").replace(
        "\n# Background\n", "\n# Background\n\nA new paragraph, *put in*.\n")
    for text in (body, changed, changed + "\n::: {.commentary}\nA box.\n\nTwo parts.\n:::\n"):
        assert paragraphs_in_pieces(text) == paragraphs(text)


words = st.lists(st.sampled_from(["care", "home", "*tea*", "**bus**", "[link](x.md)", "`code`",
                                  "nurse.", "Dr.", "a", "letter", "\\*", "—"]),
                 min_size=1, max_size=8).map(" ".join)
lines = st.lists(words, min_size=1, max_size=3).map("\n".join)
blocks = st.one_of(
    lines,
    words.map(lambda w: f"# {w}"),
    words.map(lambda w: f"## {w}"),
    words.map(lambda w: f"{w}\n===="),
    st.lists(words, min_size=1, max_size=3).map(lambda ws: "\n".join(f"- {w}" for w in ws)),
    st.lists(words, min_size=1, max_size=3).map(
        lambda ws: "\n\n".join(f"{n}. {w}" for n, w in enumerate(ws, 1))),
    words.map(lambda w: f"- {w}\n\n  {w} again"),
    words.map(lambda w: f"> {w}\n> {w}"),
    st.lists(lines, min_size=1, max_size=3).map(
        lambda ps: "::: {.commentary author=\"helen-marsh\"}\n" + "\n\n".join(ps) + "\n:::"),
    st.lists(lines, min_size=1, max_size=2).map(lambda ps: "```\n" + "\n\n".join(ps) + "\n```"),
    words.map(lambda w: f"    {w}\n\n    {w}"),
    words.map(lambda w: f"| a | b |\n|---|---|\n| {w} | x |"),
    st.just("---"),
    st.just(":::"),
)
documents = st.lists(blocks, min_size=1, max_size=10).flatmap(
    lambda bs: st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n"]), min_size=len(bs),
                        max_size=len(bs)).map(
        lambda gaps: "".join(b + g for b, g in zip(bs, gaps, strict=True))))


@settings(max_examples=300, deadline=None)
@given(documents)
def test_random_markdown_reads_the_same_whole_or_in_pieces(text: str):
    assert paragraphs_in_pieces(text) == paragraphs(text)
