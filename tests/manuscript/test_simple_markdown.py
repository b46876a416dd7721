"""The fast line reader gives exactly what markdown-it gives, or refuses (None)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.manuscript.front_matter import split_text
from coauthor_desk.manuscript.markdown_tokens import token_paragraphs
from coauthor_desk.manuscript.simple_markdown import simple_paragraphs
from coauthor_desk.manuscript.text import paragraphs

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "resources" / "example_book" / "chapters").glob("*.md"))
TEST_MARKDOWN = sorted((ROOT / "tests").rglob("*.md"))


def assert_contract(source: str) -> None:
    fast = simple_paragraphs(source)
    if fast is not None:
        assert fast == token_paragraphs(source), repr(source)


# --- a grammar of chapter Markdown -------------------------------------------------------

PLAIN_WORDS = ["care", "the", "Carer", "said", "so.", "It", "was", "1.5 million", "-5 degrees",
               "+44", "no", "well,", "a-b", "(yes)", "2020", "é", "ok!"]
MARKED_WORDS = ["*a*", "**b**", "_c_", "`d`", "[l](x.md)", "\\*", "&amp;", "<b>", "![i](p.png)",
                "a*b", "x_y_", "~t~", "[x]", "a\\", "x!", "x#", "3)", "2."]
ODD_SPACE = ["\xa0", "\t", "\x0b", " ", "  "]

plain_word = st.sampled_from(PLAIN_WORDS)
any_word = st.one_of(plain_word, st.sampled_from(MARKED_WORDS))


def words_of(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=1, max_size=5).map(" ".join)


def text_line(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    """Words, with (when rich) odd spaces before or after and trailing spaces."""
    line = words_of(word)
    if not rich:
        return line
    edge = st.sampled_from([""] * 20 + ODD_SPACE)  # a space first makes the reader refuse
    end = st.sampled_from(["", "", " ", "  ", "\xa0", "\t"])
    return st.tuples(edge, line, end).map("".join)


def paragraph(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    return st.lists(text_line(word, rich), min_size=1, max_size=3).map("\n".join)


def heading(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    marks = ["#", "##", "###", "####", "#####", "######"]
    if rich:
        marks += ["#######", "#", "#\t"]
    plain = st.tuples(st.sampled_from(marks), words_of(word)).map(" ".join)
    if not rich:
        return plain
    odd = st.sampled_from(["# Title #", "#tag", "# ", "#", "## x ##  ", "# a\n===", "#\tTab"])
    return st.one_of(plain, plain, plain, odd)


def bullet_item(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    markers = st.sampled_from(["-", "*", "+"])
    gaps = st.sampled_from([" ", " ", "  ", "   ", "    ", "     ", "      ", "\t"]
                           if rich else [" "])
    item = st.tuples(markers, gaps, text_line(word, rich)).map("".join)
    return st.one_of(item, item, item, st.sampled_from(["-", "- ", "*", "+ "])) if rich else item


def ordered_item(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    markers = ["1.", "2.", "1)", "3."] + (["01.", "2020.", "0.", "1234567890."] if rich else [])
    gaps = [" ", "  ", "     ", "\t"] if rich else [" "]
    return st.tuples(st.sampled_from(markers), st.sampled_from(gaps),
                     text_line(word, rich)).map("".join)


def item_block(word: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    """One or more items in a row, each maybe carried on by a lazy continuation line."""
    item = st.one_of(bullet_item(word, rich), ordered_item(word, rich))
    carried = st.tuples(item, st.lists(text_line(word, rich), max_size=1)).map(
        lambda parts: "\n".join([parts[0], *parts[1]]))
    return st.lists(carried, min_size=1, max_size=3).map("\n".join)


ODD_LINES = ["---", "***", "___", "- - -", "--", "===", "=x", "> quote", "```", "```py\nx\n```",
             "~~~", "a | b\n--|--", "| a | b |\n|---|---|\n| c | d |", "[^1]", "[^1]: note",
             "[x]: /url", "<div>", "<div>\nx\n</div>", " indented", "  two", "   three",
             "    four", "     five", "\tx", "\xa0nbsp", "nbsp\xa0", "x\x0by", "\x0b", "* * *",
             "-- a", "+", "*", "1.", "1.5 million", "-5 degrees", "+44", "Title\n---",
             "Title\n===", "a\\\nb", "x  \ny", "<!-- c -->", "+ + +", "_ _ _", "-\tx", "#5",
             ":::", "::", "a\r\nb", "- # h", "- ::: b", "- - x", "1. - x", "- > q", "- 1. x",
             "a|b\n-|-", "a |\n-:", "-|-", "--- | ---", "-:|:-"]


def box(inner: st.SearchStrategy[str], rich: bool) -> st.SearchStrategy[str]:
    openings = ["::: box", "::: {.commentary author=\"x\"}", "::::", "::: {.key-learning}"]
    if rich:
        openings += [":::x", "::: :", ":::", "::::: {.a}", "::: {.b author=y}"]
    closings = [":::", ":::"] + ([":::::", "::::", "", "::: x", "::: "] if rich else [])
    return st.tuples(st.sampled_from(openings), inner, st.sampled_from(closings)).map(
        lambda parts: "\n".join(part for part in parts if part))


def document(rich: bool) -> st.SearchStrategy[str]:
    word = any_word if rich else plain_word
    leaves = [paragraph(word, rich), heading(word, rich), item_block(word, rich)]
    if rich:  # odd lines make the reader refuse: one block in seven, so it often reads all
        leaves += [st.sampled_from(ODD_LINES), *leaves]
    block = st.recursive(st.one_of(*leaves), lambda inner: box(inner, rich), max_leaves=4)
    separator = st.sampled_from(["\n", "\n\n", "\n\n\n"] if rich else ["\n\n"])
    return st.tuples(st.lists(block, min_size=1, max_size=6), separator,
                     st.sampled_from(["", "\n", "\n\n"])).map(
        lambda parts: parts[1].join(parts[0]) + parts[2])


@settings(max_examples=400, deadline=None)
@given(document(rich=True))
def test_fast_reader_agrees_with_markdown_it_or_refuses(source: str) -> None:
    assert_contract(source)


@settings(max_examples=400, deadline=None)
@given(document(rich=False))
def test_fast_reader_takes_plain_documents_itself(source: str) -> None:
    fast = simple_paragraphs(source)
    assert fast is not None, repr(source)
    assert fast == token_paragraphs(source)
    assert fast, "a plain document always has some blocks"


# --- real text ---------------------------------------------------------------------------

def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return split_text(path.name, text)[1] if text.startswith("---\n") else text


def test_there_is_real_text_to_check() -> None:
    assert len(CHAPTERS) >= 10 and len(TEST_MARKDOWN) >= 10


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.name)
def test_example_chapters_are_read_by_the_fast_reader(path: Path) -> None:
    source = body(path)
    fast = simple_paragraphs(source)
    assert fast is not None
    assert fast == token_paragraphs(source)
    assert len(fast) > 3


def readable_test_markdown() -> list[str]:
    texts = []
    for path in TEST_MARKDOWN:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def test_markdown_under_tests_keeps_the_contract() -> None:
    texts = readable_test_markdown()
    assert texts
    for text in texts:
        assert_contract(text)
        if text.startswith("---\n"):
            try:
                assert_contract(split_text("x.md", text)[1])
            except Exception as error:  # noqa: BLE001 - a broken front matter is fine here
                if type(error).__name__ != "BookError":
                    raise


# --- hand-written tricky cases -----------------------------------------------------------

TRICKY = [
    "", "\n", "   \n", "a", "a\nb", "a  \nb", "a \nb", "a\t\nb", "a\\\nb",
    "# H\ntext", "# H #", "#tag", "####### seven", "#\tTab", "# a\n# b", "#",
    "para\n2. two", "para\n1. one", "para\n1) one", "para\n- item", "para\n* item",
    "para\n-", "para\n- ", "para\n01. x", "para\n2020. x", "para\n\n2. two",
    "- a\nlazy", "1. a\nlazy\n2. b", "- a\n\n- b", "-  two spaces", "-     five", "-\ttab",
    "- a\n  indented", "- a\n    four", "1.5 million", "-5 degrees", "+44 phone", "3) x",
    "a\n---", "a\n===", "a\n=x", "- - -", "* * *", "___", "--", "- -", "* -x",
    "::: box\ntext\n:::", "::: box\n::: inner\ntext\n:::\n:::", "::: box\nunclosed",
    "::::\n:::\nx\n:::\n::::", ":::x\ny\n:::", "::: :\ny\n:::", "::: {.commentary author=\"h\"}\nx",
    "::: a\n- item\n:::", "::: a\n# h\n:::\nafter", "x\n:::\ny\n:::", "::: a\n\n:::",
    "\xa0x", "x\xa0", "a\x0bb", "\x0b", "\tx", " x", "x\n y", "x\n    y", "- x\n\ty",
    "*a* b", "**b**", "_c_", "`d`", "[l](x.md)", "\\*", "&amp;", "<b>x</b>", "![i](p.png)",
    "x [^1]\n\n[^1]: n", "[x]: /url", "<div>\nx\n</div>", "> q", "```\nx\n```",
    "Title\n\n- a\n- b\n\n1. c\n2. d", "é\n\n# É", "a\r\nb", "a\0b",
    "- a\n-\n- b", "1. a\n\n   b", "+\n+", "* a\n  * b", "2. x\n1. y", "- # h", "1. - x",
]


# Found by these tests: a table whose delimiter row starts with '-' (no leading '|' or ':')
# was read by the fast reader as a paragraph line, while markdown-it reads a table.
MISMATCHES = [
    "a|\n-|", "a|\n-:", "a | b\n--|--", "a|b\n-|-", "a | b\n--- | ---", "x\na|\n-:",
    "::: b\na|b\n-|-\n:::", "- a|b\n-|-", "a|b\n-|- \t",
]


@pytest.mark.parametrize("source", TRICKY + MISMATCHES)
def test_tricky_cases_keep_the_contract(source: str) -> None:
    assert_contract(source)


@pytest.mark.parametrize("depth", [2, 8, 9, 30, 5000])
def test_boxes_nested_deep_are_read_without_error(depth: int) -> None:
    """A hostile file of thousands of boxes inside boxes: the line reader leaves deep nesting
    to markdown-it instead of running out of room, and both give the same."""
    source = "::: box\n" * depth + "Hello there.\n" + ":::\n" * depth
    found = paragraphs(source)
    assert found == token_paragraphs(source)
    if depth <= 8:
        assert [p.text for p in found] == ["Hello there."]
        assert simple_paragraphs(source) == found


@pytest.mark.parametrize("source", ["- " * 3000 + "x", "1. " * 3000 + "x", "- 1. " * 2000 + "x",
                                    "> " * 3000 + "x", "# " + "- " * 3000 + "x"])
def test_marks_repeated_thousands_of_times_are_read_without_error(source: str) -> None:
    assert paragraphs(source) == token_paragraphs(source)
