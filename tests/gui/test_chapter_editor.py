"""The editor's highlighting skips plain lines without changing what is coloured."""

from pygments.lexers.markup import MarkdownLexer

from coauthor_desk.example_book import SOURCE
from coauthor_desk.gui.chapter_editor import _STYLES, MARKUP, _parents

MORE_LINES = ["Plain words, with a comma: and a colon.", "# A heading", "Some *emphasis*.",
              "A [link](there)", "`code`", "::: {.key-learning}", ":::", "- a list item",
              "1. a numbered item", "> a quote", "===", "---", "<b>tag</b>", "Text {.class}",
              "Words_with_underscores", "  - an indented item", "Cost: £5 - or 6 - each."]


def _coloured(line: str) -> bool:
    return any(any(k in _STYLES for k in _parents(kind))
               for kind, _ in MarkdownLexer().get_tokens(line))


def test_only_lines_without_markup_are_skipped():
    lines = [line for path in sorted(SOURCE.rglob("*.md"))
             for line in path.read_text("utf-8").splitlines()] + MORE_LINES
    skipped = [line for line in lines if not MARKUP.search(line)]
    assert len(lines) > 500 and len(skipped) > len(lines) / 2  # most lines are plain words
    assert [line for line in skipped if _coloured(line)] == []
