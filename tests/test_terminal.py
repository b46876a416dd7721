"""Text shown in a terminal cannot steer it (coauthor_desk.terminal)."""

from __future__ import annotations

import io
import json
import sys

from hypothesis import given
from hypothesis import strategies as st

from coauthor_desk.terminal import SafeStream, safe_for_terminal, safe_output

UNSAFE = ["\x1b", "\x07", "\x08", "\r", "\x00", "\x0b", "\x0c", "\x7f", "\x9b", "\x9d",
          "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
          "\u2069", "\u2028", "\u2029"]


def test_escape_sequences_are_shown_as_codes_not_obeyed():
    assert safe_for_terminal("Sam \x1b[31mRed\x1b]0;pwned\x07") == \
        "Sam \\u001b[31mRed\\u001b]0;pwned\\u0007"
    assert safe_for_terminal("\x9b2J wiped") == "\\u009b2J wiped"
    assert safe_for_terminal("abc\u202etxt.exe") == "abc\\u202etxt.exe"


def test_every_unsafe_character_is_replaced():
    for character in UNSAFE:
        shown = safe_for_terminal(f"a{character}b")
        assert character not in shown and shown == f"a\\u{ord(character):04x}b"


def test_lines_tabs_and_every_language_are_left_as_they_are():
    text = "Line one\n\tIndented\nCafé, Łódź, 中文, العربية, हिन्दी, 👩‍👧 and a ‘quote’ — done"
    assert safe_for_terminal(text) == text


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) |
                    st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12))
def test_json_made_safe_is_still_the_same_json(data):
    shown = safe_for_terminal(json.dumps(data, ensure_ascii=False))
    assert json.loads(shown) == data
    assert not any(character in shown for character in UNSAFE)


@given(st.text())
def test_nothing_unsafe_is_ever_left(text):
    shown = safe_for_terminal(text)
    assert not any(character in shown for character in UNSAFE)


def test_the_stream_passes_safe_text_on_and_safe_output_puts_the_streams_back():
    target = io.StringIO()
    SafeStream(target).write("ok \x1b[2J")
    assert target.getvalue() == "ok \\u001b[2J"
    before = sys.stdout, sys.stderr
    with safe_output():
        assert isinstance(sys.stdout, SafeStream) and isinstance(sys.stderr, SafeStream)
    assert (sys.stdout, sys.stderr) == before
