"""Markdown into paragraphs and sentences, every character traced back to the source."""

from hypothesis import given
from hypothesis import strategies as st

from coauthor_desk.manuscript.text import paragraphs, split_sentences

SOURCE = """# Who am I?

My name is **Jean** and I [live](http://example.org/s) here\\* &amp; there.[^1] Dr. Smith
said so. It was fine, e.g. today! Then more.

::: {.commentary author="helen-marsh"}
- A list item with *emphasis* and `code`.

> A quote from someone.
:::

| Who | What |
|---|---|
| Sam | wrote it |

[^1]: A footnote text.
"""


def test_blocks_kinds_sections_and_boxes():
    found = paragraphs(SOURCE)
    assert [(p.kind, p.text) for p in found] == [
        ("heading", "Who am I?"),
        ("paragraph", "My name is Jean and I live here* & there. Dr. Smith said so. It was "
                      "fine, e.g. today! Then more."),
        ("list item", "A list item with emphasis and code."),
        ("quote", "A quote from someone."),
        ("table cell", "Who"), ("table cell", "What"), ("table cell", "Sam"),
        ("table cell", "wrote it"),
        ("footnote", "A footnote text.")]
    assert {p.section for p in found} == {"Who am I?"}
    assert [(p.box, p.box_author) for p in found[2:4]] == [("commentary", "helen-marsh")] * 2
    assert [p.line for p in found[:3]] == [1, 3, 7]


def test_every_sentence_maps_back_to_its_words_in_the_source():
    block = paragraphs(SOURCE)[1]
    spans = [SOURCE[slice(*block.source_span(s.start, s.end))] for s in block.sentences]
    assert spans == [
        "My name is **Jean** and I [live](http://example.org/s) here\\* &amp; there.",
        "Dr. Smith\nsaid so.", "It was fine, e.g. today!", "Then more."]
    live = block.text.index("live")
    assert SOURCE[slice(*block.source_span(live, live + 4))] == "live"


def test_sentences_keep_abbreviations_and_quotes_together():
    assert [s.text for s in split_sentences(
        'She said, "Not again." Then she left. Mr. Jones came at 3.30 p.m. on Monday… '
        'and stayed. Why? Nobody knew.')] == [
        'She said, "Not again."', "Then she left.",
        "Mr. Jones came at 3.30 p.m. on Monday… and stayed.", "Why?", "Nobody knew."]


words = st.text(st.sampled_from("abcdefg "), min_size=1, max_size=12).map(str.strip).filter(
    bool)


@given(st.lists(st.tuples(words, st.sampled_from(["", "**", "*", "`"])), min_size=1,
                max_size=12))
def test_every_word_of_any_paragraph_is_found_where_it_is(pieces):
    source = " ".join(f"{mark}{word}{mark}" for word, mark in pieces) + "\n"
    [block] = paragraphs(source) or [None]
    for word, _ in pieces:
        at = block.text.find(word)
        start, end = block.source_span(at, at + len(word))
        assert source[start:end].replace("*", "").replace("`", "") == word  # marks between
