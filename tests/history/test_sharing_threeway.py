"""Combining two people's changes to one text, as properties that hold for any text: one side
alone changing is that side; both making the same change is that change; changes to different
sentences both survive; nothing ever comes out with a clash marker."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.history.sharing.threeway import blocks, merge, merge_chapter, sentences

WORDS = st.sampled_from(["sea", "harbour", "mother", "school", "nets", "town", "rain", "bus"])
SENTENCE = st.lists(WORDS, min_size=2, max_size=6).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
CHAPTER = st.lists(PARAGRAPH, min_size=1, max_size=6).map(lambda p: "\n\n".join(p) + "\n")


@given(CHAPTER, CHAPTER)
@settings(max_examples=60, deadline=None)
def test_one_side_alone_changing_is_that_side(base: str, other: str):
    assert merge_chapter(base, other, base) == (other, [])
    assert merge_chapter(base, base, other) == (other, [])
    assert merge_chapter(base, other, other) == (other, [])


@given(CHAPTER)
@settings(max_examples=60, deadline=None)
def test_pieces_give_the_text_back_exactly(text: str):
    assert "".join(blocks(text)) == text
    assert "".join(sentences(text)) == text


@given(st.lists(st.lists(SENTENCE, min_size=2, max_size=5, unique=True), min_size=1,
                max_size=5), st.data())
@settings(max_examples=80, deadline=None)
def test_edits_to_different_sentences_both_survive(paragraphs: list[list[str]], data):
    places = [(p, s) for p, sentences_ in enumerate(paragraphs) for s in range(len(sentences_))]
    mine_at, theirs_at = data.draw(st.lists(st.sampled_from(places), min_size=2, max_size=2,
                                            unique=True))

    def text(change: tuple[int, int] | None, words: str) -> str:
        return "\n\n".join(" ".join(words if (p, s) == change else sentence
                                    for s, sentence in enumerate(sentences_))
                           for p, sentences_ in enumerate(paragraphs)) + "\n"

    base = text(None, "")
    mine, theirs = text(mine_at, "Mine changed this."), text(theirs_at, "Theirs changed that.")
    combined, clashes = merge_chapter(base, mine, theirs)
    assert clashes == []
    assert "Mine changed this." in combined and "Theirs changed that." in combined
    assert "<<<<<<<" not in combined


def test_the_same_sentence_keeps_theirs_and_reports_both():
    base = "A boat. The sea was calm. We slept.\n"
    combined, clashes = merge_chapter(base, base.replace("calm", "grey"),
                                      base.replace("calm", "wild"))
    assert combined == "A boat. The sea was wild. We slept.\n"
    assert [(c.clash.mine, c.clash.theirs, c.paragraph) for c in clashes] == \
        [("The sea was grey.", "The sea was wild.", 1)]


def test_both_adding_in_one_place_keeps_both():
    base = "One.\n"
    combined = merge(blocks(base), blocks(base + "\nMine.\n"), blocks(base + "\nTheirs.\n"))
    assert combined.text == "One.\n\nTheirs.\n\nMine.\n" and combined.clashes == []
