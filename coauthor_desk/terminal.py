"""Text on its way to a terminal, made safe to show.

Titles, names, comments and file names come from files anyone can edit, and a terminal obeys
control codes hidden in text: ESC sequences can recolour the screen, retitle the window, or hide
and rewrite what was printed before, and bidirectional overrides can show words in an order other
than the one they have. So everything the command line prints goes through `safe_for_terminal`,
which writes such characters out as visible `\\uXXXX` codes. That form is also a valid JSON escape
of the same character, so JSON output stays exact (JSON itself escapes only C0 controls, and
leaves C1 controls such as U+009B, which many terminals read as ESC [, as they are).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 controls but tab and newline; DEL and the C1 controls; the bidirectional embeddings,
# overrides and isolates (the "Trojan Source" characters); line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_for_terminal(text: str) -> str:
    """`text` with every character a terminal could obey, rather than show, written as \\uXXXX."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class SafeStream:
    """A text stream that makes everything written to it safe before passing it on."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(safe_for_terminal(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding ...
        return getattr(self.stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Within this block, whatever is printed to the screen is made safe first."""
    saved = sys.stdout, sys.stderr
    if saved[0] is not None:
        sys.stdout = SafeStream(saved[0])  # type: ignore[assignment]
    if saved[1] is not None:
        sys.stderr = SafeStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        # A stream someone else put in place meanwhile (such as the empty one used after the
        # reader of the output went away) stays.
        if isinstance(sys.stdout, SafeStream):
            sys.stdout = saved[0]
        if isinstance(sys.stderr, SafeStream):
            sys.stderr = saved[1]
