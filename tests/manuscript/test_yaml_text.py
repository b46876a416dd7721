"""Reading YAML details (manuscript.yaml_text): whatever the file holds, the answer is the data
or a plain problem naming the file and line, never Python's own error."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.manuscript import yaml_text
from coauthor_desk.manuscript.yaml_text import MAX_DEPTH, parse
from coauthor_desk.problems import BookError

DEEP = "nested more than 50 levels deep"


def refusal(text: str, relative: str = "people/sam-jones.yaml", first_line: int = 1):
    with pytest.raises(BookError) as caught:
        parse(relative, text, first_line)
    [problem] = caught.value.problems
    assert problem.file == relative and problem.todo
    return problem


def block_mappings(depth: int) -> str:
    return "".join("  " * level + f"level{level}:\n" for level in range(depth)) + \
        "  " * depth + "bottom\n"


def test_lists_nested_990_deep_are_refused_naming_the_file_and_line():
    problem = refusal("id: sam-jones\nnotes: " + "[" * 990 + "]" * 990 + "\n")
    assert DEEP in problem.what and problem.line == 2


def test_mappings_nested_990_deep_by_indentation_are_refused_at_the_line_that_is_too_deep():
    problem = refusal("id: sam-jones\n" + block_mappings(990))
    assert DEEP in problem.what
    assert problem.line == 2 + MAX_DEPTH  # level0 (line 2) is at the top; level50 is too deep


def test_front_matter_lines_are_counted_from_where_the_details_start():
    problem = refusal("title: Deep\nkeywords: " + "[" * 990 + "]" * 990, "chapters/deep.md", 2)
    assert problem.file == "chapters/deep.md" and problem.line == 3


def test_brackets_opened_a_hundred_thousand_times_are_refused_plainly():
    problem = refusal("id: sam-jones\nnotes: " + "[" * 100_000)
    assert DEEP in problem.what and problem.line == 2


def test_the_limit_is_exactly_the_depth_allowed():
    inner = MAX_DEPTH - 1  # the mapping at the top is the first level
    assert parse("x.yaml", "a: " + "[" * inner + "]" * inner) == {"a": _nested(inner)}
    assert DEEP in refusal("a: " + "[" * (inner + 1) + "]" * (inner + 1)).what


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_the_pure_python_reader_gives_the_same_plain_message(monkeypatch):
    """Without libyaml, PyYAML's own reader recurses once per level and Python gives up."""

    class PurePython(yaml.SafeLoader):
        pass

    monkeypatch.setattr(yaml_text, "_Loader", PurePython)
    problem = refusal("id: sam-jones\nnotes: " + "[" * 990 + "]" * 990 + "\n")
    assert DEEP in problem.what


@pytest.mark.parametrize("text,line", [
    ("a: &x [1, 2]\nb: *x\n", 2),  # a list said twice
    ("name: &n Sam\nalso: [*n, *n, *n]\n", 2),  # even a single value said again
    ("a0: &a0 [x]\n" + "".join(f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 40)),
     2),  # a billion laughs: 2**39 x's from a 1 KB file
])
def test_anchors_and_aliases_are_refused_at_the_first_alias(text, line):
    problem = refusal(text)
    assert "anchors and aliases" in problem.what and problem.line == line


def test_stars_in_ordinary_words_are_fine():
    assert parse("chapters/x.md", 'title: "*Why* we wrote"\nnote: a * b\n') == {
        "title": "*Why* we wrote", "note": "a * b"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["flow-list", "flow-map", "block-map", "block-list"]),
                min_size=1, max_size=3 * MAX_DEPTH))
def test_any_nesting_is_read_or_refused_plainly(levels):
    text = _layered(levels)
    try:
        parse("people/sam-jones.yaml", text)
    except BookError as error:
        [problem] = error.problems
        assert problem.file == "people/sam-jones.yaml"
        assert DEEP in problem.what and problem.line is not None
        assert len(levels) > MAX_DEPTH
    else:
        assert len(levels) <= MAX_DEPTH


def _layered(levels: list[str]) -> str:
    """YAML nested in the given ways: block levels one per line, flow levels inside them."""
    block = [level for level in levels if level.startswith("block")]
    inner = "x"
    for level in reversed([level for level in levels if level.startswith("flow")]):
        inner = f"[{inner}]" if level == "flow-list" else f"{{k: {inner}}}"
    lines = ["  " * depth + ("-" if level == "block-list" else "k:")
             for depth, level in enumerate(block)]
    return "\n".join([*lines, "  " * len(block) + inner]) + "\n"
