"""Finding a comment's words again after the chapter changed (comments.anchors)."""

from __future__ import annotations

from folder_state import time_limit
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from coauthor_desk.comments.anchors import (
    CONTEXT,
    MAX_CONTEXT,
    MAX_QUOTE,
    Anchor,
    MatchHow,
    anchor_at,
    find_anchor,
    find_places,
    occurrences,
)

BODY = ("# Who am I?\n\nMy name is Sam. When I left care at eighteen, nobody at the council ever "
        "listened to me. I moved into a flat on my own.\n\n# What have I learnt?\n\nIt was "
        "cold. I was scared. It was cold. I was happy.\n")
QUOTE = "nobody at the council ever listened"


def anchor_for(body: str, quote: str, which: int = 0) -> Anchor:
    start = occurrences(body, quote)[which]
    return anchor_at(body, start, start + len(quote))


def test_an_anchor_keeps_the_quote_and_32_characters_either_side():
    anchor = anchor_for(BODY, QUOTE)
    assert anchor.quote == QUOTE
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT
    assert BODY.index(anchor.prefix + anchor.quote + anchor.suffix) >= 0


def test_near_the_edges_the_context_is_shorter():
    anchor = anchor_for(BODY, "# Who am I?")
    assert anchor.prefix == "" and len(anchor.suffix) == CONTEXT
    anchor = anchor_for(BODY, "I was happy.")
    assert anchor.suffix == "\n"


def test_found_where_it_was():
    match = find_anchor(BODY, anchor_for(BODY, QUOTE))
    assert match is not None and match.where_it_was and match.how is MatchHow.EXACT
    assert BODY[match.start:match.end] == QUOTE


def test_edits_before_and_after_the_quote_move_it_but_keep_it():
    anchor = anchor_for(BODY, QUOTE)
    before = "# A new opening\n\nSomething new at the start.\n\n" + BODY
    after = BODY.replace("I moved into a flat", "Later I moved into a small flat")
    for changed in (before, after):
        match = find_anchor(changed, anchor)
        assert match is not None and match.text == QUOTE and match.how is MatchHow.EXACT
        assert changed[match.start:match.end] == QUOTE
    assert find_anchor(before, anchor).where_it_was  # the 32 characters around are the same
    assert not find_anchor(after, anchor).context_same  # the text just after changed


def test_whitespace_changes_keep_the_same_words():
    anchor = anchor_for(BODY, QUOTE)
    rewrapped = BODY.replace("nobody at the council ever", "nobody at the\ncouncil  ever")
    match = find_anchor(rewrapped, anchor)
    assert match is not None and match.how is MatchHow.SPACING and match.words_same
    assert match.text == "nobody at the\ncouncil  ever listened"


def test_capital_letters_are_a_small_change():
    anchor = anchor_for(BODY, QUOTE)
    match = find_anchor(BODY.replace(QUOTE, "Nobody at the Council ever listened"), anchor)
    assert match is not None and match.how is MatchHow.TOLERANT and not match.words_same


def test_lightly_reworded_words_are_found_and_reported_as_changed():
    anchor = anchor_for(BODY, QUOTE)
    for new in ("nobody at the council really ever listened",
                "nobody from the council listened",
                "nobody at the counsil ever listend"):
        changed = BODY.replace(QUOTE, new)
        match = find_anchor(changed, anchor)
        assert match is not None, new
        assert match.how is MatchHow.FUZZY and match.text == new and match.context_same
        assert changed[match.start:match.end] == new


def test_reworded_and_moved_to_another_paragraph_is_still_found():
    anchor = anchor_for(BODY, QUOTE)
    changed = BODY.replace(QUOTE + " to me. ", "").replace(
        "I was happy.", "I was happy. But nobody at the council really listened to me.")
    match = find_anchor(changed, anchor)
    assert match is not None and match.text == "nobody at the council really listened"


def test_removed_or_rewritten_words_are_lost():
    anchor = anchor_for(BODY, QUOTE)
    assert find_anchor(BODY.replace(QUOTE + " ", ""), anchor) is None
    assert find_anchor(BODY.replace(QUOTE, "the housing officer shouted"), anchor) is None
    assert find_anchor("", anchor) is None


def test_repeated_words_are_told_apart_by_the_text_around_them():
    assert len(occurrences(BODY, "It was cold")) == 2
    second = anchor_for(BODY, "It was cold", 1)
    match = find_anchor(BODY, second)
    assert match.start == occurrences(BODY, "It was cold")[1]
    # ... and after an edit in between
    changed = BODY.replace("I was scared.", "I was scared and alone.")
    match = find_anchor(changed, second)
    assert match.start == occurrences(changed, "It was cold")[1]


def test_long_repeated_passages_get_more_context():
    refrain = "We said it again and again, and nobody wrote it down. " * 2
    body = f"Start.\n\n{refrain}\n\nMiddle.\n\n{refrain}\n\nEnd.\n"
    quote = "nobody wrote it down"
    for which in range(4):
        anchor = anchor_for(body, quote, which)
        assert find_anchor(body, anchor).start == occurrences(body, quote)[which]


def test_the_same_words_elsewhere_do_not_hide_a_reworded_quote():
    """When the quote was reworded in place and the same words are elsewhere with nothing of
    the old text around them, the reworded place is the one meant."""
    body = ("At the start the system worked.\n\nLater I found that the system let me down when I "
            "needed it most.\n")
    anchor = anchor_for(body, "the system", 1)
    changed = body.replace("that the system let me", "that the services let me")
    match = find_anchor(changed, anchor)
    assert match is not None and match.text == "the services" and match.how is MatchHow.FUZZY


def test_places_of_a_quote_copied_from_the_screen():
    body = "nobody at the\ncouncil listened. Nobody at all."
    assert find_places(body, "the council") == [(10, 21)]
    assert find_places(body, "  council listened ") == [(14, 30)]
    assert find_places(body, "Nobody") == [(32, 38)]
    assert find_places(body, "   ") == []


# Properties ------------------------------------------------------------------------------------
_LETTERS = st.sampled_from(list("abcdefg hij.,\n'Éé"))
_TEXT = st.text(_LETTERS, min_size=1, max_size=200)


@st.composite
def body_and_quote(draw: st.DrawFn) -> tuple[str, int, int]:
    body = draw(_TEXT)
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, min(len(body), start + 40)))
    assume(body[start:end].strip())
    return body, start, end


@settings(max_examples=300, deadline=None)
@given(body_and_quote())
def test_an_unchanged_body_finds_the_very_place(case):
    body, start, end = case
    match = find_anchor(body, anchor_at(body, start, end))
    assert match is not None and (match.start, match.end) == (start, end) and match.where_it_was


@settings(max_examples=500, deadline=None)
@given(body_and_quote(), st.text(_LETTERS, max_size=80), st.data())
@example(("aa b aa", 0, 2), "aa", None)
def test_inserting_text_outside_the_quote_never_loses_it(case, inserted, data):
    body, start, end = case
    anchor = anchor_at(body, start, end)
    where = data.draw(st.one_of(st.integers(0, start), st.integers(end, len(body)))) \
        if data is not None else 0
    changed = body[:where] + inserted + body[where:]
    match = find_anchor(changed, anchor)
    assert match is not None
    assert match.text == anchor.quote == changed[match.start:match.end]
    assert match.how is MatchHow.EXACT
    if len(occurrences(changed, anchor.quote)) == 1:
        shift = len(inserted) if where <= start else 0
        assert match.start == start + shift


# Bounded cost for odd input -----------------------------------------------------------------------
def test_the_same_paragraph_many_times_is_anchored_with_bounded_context():
    # Once this grew the context 32 characters at a time across the whole chapter: minutes.
    body = BODY * 2000  # 300,000 characters, every quote in the same surroundings 2,000 times
    start = body.index(QUOTE, len(body) // 2)
    with time_limit(10):
        anchor = anchor_at(body, start, start + len(QUOTE))
        match = find_anchor(body, anchor)
    assert len(anchor.prefix) == len(anchor.suffix) == MAX_CONTEXT
    assert match is not None and match.text == QUOTE and match.how is MatchHow.EXACT


def test_pages_of_text_either_side_cost_no_more_than_a_few_lines():
    prefix, suffix = "x" * 4_000_000, "y" * 4_000_000
    body = "Some words before. " + QUOTE + " and some after."
    with time_limit(10):
        match = find_anchor(body, Anchor(QUOTE, prefix, suffix))
    assert match is not None and match.text == QUOTE and not match.context_same


def test_a_long_quote_copied_from_the_screen_is_found_with_its_spacing():
    paragraphs = "\n".join(f"Line {n} of a long story about care, told at length." for n in
                           range(400))
    body = f"# Story\n\n{paragraphs}\n\nThe end.\n"
    quote = paragraphs.replace("\n", " ")  # 21,000 characters: beyond the close comparison
    assert len(quote) > MAX_QUOTE // 2
    with time_limit(10):
        match = find_anchor(body, Anchor(quote))
        places = find_places(body, quote)
    assert match is not None and match.how is MatchHow.SPACING and match.similarity == 1.0
    assert places == [(match.start, match.end)] == [(body.index("Line 0"), body.index("\n\nThe"))]


def test_a_long_quote_with_one_word_changed_is_found_by_its_words():
    story = " ".join(f"On day {n} the carer came at {n % 12 + 1} o'clock." for n in range(100))
    body = f"# Story\n\nBefore it all. {story} After it all.\n"
    changed = body.replace("day 50 ", "morning 50 ")
    with time_limit(10):
        match = find_anchor(changed, anchor_at(body, body.index("On day 0"),
                                               body.index(" After it all")))
    assert match is not None and match.how is MatchHow.FUZZY and match.similarity > 0.9
    assert match.text == story.replace("day 50 ", "morning 50 ")
