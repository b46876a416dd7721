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
MAX_DEPTH = 50  # levels of lists and mappings inside each other; book files use three or four


def parse(relative: str, text: str, first_line: int = 1) -> Any:
    """Parse YAML text; `first_line` is where the text starts in its file (for front matter).

    Besides the layout, two limits keep any file cheap to use: no anchors and aliases ('&' and
    '*', which let a tiny file stand for an enormous one) and at most MAX_DEPTH levels of
    nesting (everything that reads details walks them, and a few hundred levels make Python
    give up)."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except RecursionError:  # the pure-Python reader, when libyaml is not installed
        raise _too_deep(relative, text, first_line) from None
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or "the layout is not valid YAML"
        if "nesting depth" in reason:  # libyaml's own limit, at 1,000 levels
            mark = getattr(error, "problem_mark", None)
            raise _too_deep(relative, text, first_line,
                            None if mark is None else first_line + mark.line) from None
        if "constructor for the tag" in reason:  # '!!python/object' and the like
            mark = getattr(error, "problem_mark", None)
            tag = reason.split("'")[1] if reason.count("'") >= 2 else "!"
            tag = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise BookError(Problem(relative, f"This file marks a value with the YAML tag "
                                    f"'{tag}', which book files may not use.",
                                    "Take the tag out and write the value as plain text.",
                                    None if mark is None else first_line + mark.line)) from None
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
    alias = _first_alias(text) if "*" in text else None  # every alias is written with a '*'
    if alias is not None:
        raise BookError(Problem(relative, "This file repeats parts of itself with YAML anchors "
                                "and aliases ('&' and '*'), which book files may not use.",
                                "Write each value out in full.", first_line + alias))
    if _deeper_than(data, MAX_DEPTH):
        raise _too_deep(relative, text, first_line)
    return data


def _first_alias(text: str) -> int | None:
    """The line (from 0) of the first alias in the text, if it has any. Only called when the
    text holds a '*', so most files are read once."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than `limit` levels (walked without recursion)."""
    waiting = [(data, 0)]
    while waiting:
        item, depth = waiting.pop()
        if isinstance(item, (dict, list)):
            if depth >= limit:
                return True
            waiting.extend((value, depth + 1) for value in
                           (item.values() if isinstance(item, dict) else item))
    return False


def _too_deep(relative: str, text: str, first_line: int, known: int | None = None) -> BookError:
    return BookError(Problem(
        relative, f"The details in this file are nested more than {MAX_DEPTH} levels deep "
        "(lists inside lists, or indented lines inside indented lines), far more than any "
        "book file needs.", "Check the brackets and the indentation from this line on: most "
        "details are one 'name: value' line, or a short list under one.",
        _line_too_deep(text, first_line) or known))


def _line_too_deep(text: str, first_line: int) -> int | None:
    """The line where nesting first goes deeper than MAX_DEPTH, read event by event (which,
    unlike building the data, never recurses)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return first_line + event.start_mark.line
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        return None
    return None


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
