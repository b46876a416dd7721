"""YAML in and out, with plain messages and line numbers when something is wrong."""

from __future__ import annotations

from typing import Any

import yaml

from coauthor_desk.problems import BookError, Problem


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that dates stay as the text that was written: a date that is
    not a real day ('2025-02-30') is then a plain problem for whoever reads it, not a crash,
    and parsed details stay plain text, numbers and lists (so they can be cached as JSON)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def parse(relative: str, text: str, first_line: int = 1) -> Any:
    """Parse YAML text; `first_line` is where the text starts in its file (for front matter)."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or "the layout is not valid YAML"
        tab = "tab" in reason
        # Where the broken part starts (an unclosed bracket or quote) helps more than where
        # the reader gave up, which is often the end of the file; a tab is where it is.
        marks = ("problem_mark", "context_mark") if tab else ("context_mark", "problem_mark")
        mark = getattr(error, marks[0], None) or getattr(error, marks[1], None)
        line = first_line + mark.line if mark is not None else None
        todo = ("Indent with spaces, not tabs." if tab else "Check the indentation and that "
                "each line reads 'name: value'; put quotes around values that contain a colon.")
        raise BookError(Problem(relative, f"The details in this file could not be read ({reason}).",
                                todo, line)) from None
    if _repeats_a_container(data):
        raise BookError(Problem(relative, "This file repeats parts of itself with YAML anchors "
                                "and aliases ('&' and '*'), which book files may not use.",
                                "Write each value out in full.", first_line))
    return data


def _repeats_a_container(data: Any) -> bool:
    """True when a list or mapping appears twice: aliases can make a tiny file expand without
    end (the "billion laughs"), so they are refused before anything walks the data."""
    seen: set[int] = set()
    waiting = [data]
    while waiting:
        item = waiting.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            waiting.extend(item.values() if isinstance(item, dict) else item)
    return False


def dump(data: Any) -> str:
    """YAML text that keeps the order of keys and any letters as they are."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


def line_of(text: str, path: tuple[object, ...], first_line: int = 1) -> int | None:
    """The line where the value at `path` (keys and list positions) starts, if it can be found.

    Only called when something is wrong, so parsing twice costs nothing in the common case.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    line = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == step]
            if not match:
                return line
            key, node = match[0]
            line = first_line + key.start_mark.line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(
                node.value):
            node = node.value[step]
            line = first_line + node.start_mark.line
        else:
            return line
    return line
