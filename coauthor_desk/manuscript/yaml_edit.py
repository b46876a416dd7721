"""Changing the YAML files people also edit by hand (book.yaml, people/*.yaml, chapter details)
so that only the lines of the details asked to change differ.

A file is first read by the safe reader (`yaml_text.parse`), so every limit it keeps (no
aliases, no deep nesting, plain messages) holds here too; explicit tags are refused as well.
Only then is it read again by ruamel.yaml's round-trip reader, which builds plain maps, lists
and text (never objects named by the file) and keeps comments, key order and quoting.

Round-trip writing still tidies some things (indentation, spaces after a colon, long lines), so
the new text is laid over the file as it was: the lines around a change come from ruamel.yaml,
every other line stays as the person wrote it. The result is read back and checked before it is
given out, so what is written always holds exactly the details asked for.
"""

from __future__ import annotations

import difflib
import io
import logging
from collections.abc import Mapping
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from coauthor_desk.manuscript import yaml_text
from coauthor_desk.manuscript.yaml_splice import splice
from coauthor_desk.problems import BookError, Problem

log = logging.getLogger(__name__)

REMOVE = object()
"""A change that takes a key out of the file."""

# Lists that grow long (the order of the chapters, a person's git identities) are written one
# item to a line; short lists of names ('authors: [sam-jones]') stay on one line.
BLOCK_LISTS = frozenset({"chapters", "git", "quotes"})

# (mapping indent, sequence indent, dash offset): the ways people indent YAML by hand, the
# book's own way first. The one that rewrites the file with the fewest changed lines is used.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (2, 6, 4), (4, 4, 2), (4, 4, 0), (4, 6, 4), (2, 3, 1))
_STR = "tag:yaml.org,2002:str"


def edit(relative: str, text: str, changes: Mapping[str, Any], first_line: int = 1) -> str:
    """`text` with the top-level keys in `changes` set to their new values (or taken out, for
    REMOVE); everything else stays as written. `first_line` is where the text starts in its
    file (2 for a chapter's details), for the line numbers in messages."""
    current = yaml_text.parse(relative, text, first_line)
    if current is None:
        current = {}
    if not isinstance(current, dict):
        raise BookError(Problem(relative, "The details in this file should be a list of 'name: "
                                "value' lines, but they are not.", "Write them like 'title: My "
                                "book', one per line.", first_line))
    _refuse_tags(relative, text, first_line)
    wanted = dict(current)
    for key, value in changes.items():
        if value is REMOVE:
            wanted.pop(key, None)
        else:
            wanted[key] = _plain(value)
    if same(wanted, current):
        return text
    tree = _round_trip(relative, text, first_line)
    if tree is None:
        tree = CommentedMap()
    layout = _best_layout(tree, text)
    before = _dump(tree, layout)
    _update_map(tree, current, wanted)
    after = _dump(tree, layout)
    for candidate in (splice(text, before, after), after):
        if _holds(relative, candidate, wanted):
            return candidate
    log.warning("%s: the round-trip writer lost a detail; writing the file afresh", relative)
    return new_text(wanted)


def new_text(data: Mapping[str, Any], header: str = "") -> str:
    """Tidy YAML for a file made from nothing: keys in the order given, one to a line, short
    lists of names on one line, long lists one item to a line, and `header` as comment lines
    at the top (to say what the file is for to someone opening it by hand)."""
    top = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    body = _dump(_fresh(_plain(dict(data))), _LAYOUTS[0]) if data else ""
    return top + body


def same(a: Any, b: Any) -> bool:
    """Whether two details are the same, telling True from 1 and "1" from 1."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _plain(value: Any) -> Any:
    """Details as the safe reader gives them: plain dicts, lists, text and numbers."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _refuse_tags(relative: str, text: str, first_line: int) -> None:
    """A tag ('!!python/object', '!thing') asks a reader to build something other than text,
    numbers, lists and maps; book files never need one, so a file holding one is not changed."""
    if "!" not in text:
        return
    for event in yaml.parse(text, Loader=yaml_text._Loader):
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            written = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise BookError(Problem(relative, f"This file marks a value with the YAML tag "
                                    f"'{written}', which book files may not use.", "Take the tag "
                                    "out and write the value as plain text.",
                                    first_line + event.start_mark.line))


def _reader() -> YAML:
    reader = YAML(typ="rt")
    reader.preserve_quotes = True
    reader.width = 4096  # long lines stay one line: no folding of someone's sentence
    return reader


def _round_trip(relative: str, text: str, first_line: int) -> CommentedMap | None:
    """The file read by the round-trip reader, which keeps comments, order and quotes."""
    try:
        tree = _reader().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else first_line + mark.line
        reason = error.problem or "the layout is not one this app can change"
        if "duplicate key" in reason:  # the safe reader quietly keeps the last of the two
            raise BookError(Problem(relative, "A name is written twice in these details, so "
                                    "it is not clear which value is meant.", "Open the file in "
                                    "a text editor and keep only one of them, then try again.",
                                    line)) from None
        raise BookError(Problem(relative, f"The details in this file could not be changed "
                                f"({reason}).", "Open it in a text editor and check this line, "
                                "then try again.", line)) from None
    except (YAMLError, RecursionError, ValueError) as error:
        raise BookError(Problem(relative, f"The details in this file could not be changed "
                                f"({error}).", "Open it in a text editor and check its layout, "
                                "then try again.", first_line)) from None
    if tree is not None and not isinstance(tree, CommentedMap):
        raise BookError(Problem(relative, "The details in this file should be a list of 'name: "
                                "value' lines, but they are not.", "Write them like 'title: My "
                                "book', one per line.", first_line))
    return tree


def _dump(tree: Any, layout: tuple[int, int, int]) -> str:
    writer = _reader()
    writer.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    out = io.StringIO()
    writer.dump(tree, out)
    return out.getvalue()


def _best_layout(tree: Any, text: str) -> tuple[int, int, int]:
    """The indentation that rewrites the file unchanged, or with the fewest changed lines."""
    lines = text.splitlines()
    best, most = _LAYOUTS[0], -1
    for layout in _LAYOUTS:
        again = _dump(tree, layout)
        if again == text:
            return layout
        kept = _kept_lines(lines, again.splitlines())
        if kept > most:
            best, most = layout, kept
    return best


def _kept_lines(a: list[str], b: list[str]) -> int:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _holds(relative: str, text: str, wanted: dict[str, Any]) -> bool:
    """Whether the safe reader finds exactly the wanted details in `text`."""
    try:
        return same(yaml_text.parse(relative, text) or {}, wanted)
    except BookError:
        return False


def _update_map(node: CommentedMap, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Make `node` hold `new`: changed values are replaced, others left as they were written,
    keys taken out, and new keys added at the end."""
    # The round-trip reader and the safe reader find the same keys in the same order; pairing
    # them by place copes with keys that the two read differently ('yes:' or '1:').
    written = dict(zip(old, list(node), strict=False))
    for key in old:
        if key not in new:
            del node[written[key]]
    for key, value in new.items():
        if key in old:
            if not same(old[key], value):
                if isinstance(value, (dict, list)) and \
                        not isinstance(node[written[key]], (CommentedMap, CommentedSeq)):
                    # The writer would put a comment kept after plain text between the name
                    # and its new list; the comment lines under it are put back by splice.
                    node.ca.items.pop(written[key], None)
                node[written[key]] = _update(node[written[key]], old[key], value, key)
        else:
            _add_key(node, key, _fresh(value, key))


def _add_key(node: CommentedMap, key: Any, value: Any) -> None:
    """Add a key at the end. Comment lines that followed the last key stay after it where the
    writer can put them there (both values plain text); otherwise the new key goes below them."""
    keys = list(node)
    if keys and not any(isinstance(v, (CommentedMap, CommentedSeq)) for v in (node[keys[-1]],
                                                                              value)):
        slots = node.ca.items.get(keys[-1])
        if slots and len(slots) > 2 and slots[2] is not None:
            own, following = _split_comment(slots[2].value)
            if following:
                slots[2] = _comment(own, slots[2].column)
                node[key] = value
                node.ca.items[key] = [None, None, _comment("\n" + following, 0),
                                      None]
                return
    node[key] = value


def _update(node: Any, old: Any, new: Any, key: Any) -> Any:
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _update_map(node, old, new)
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        _update_seq(node, old, new, key)
        return node
    return _fresh(new, key, like=node)


def _update_seq(seq: CommentedSeq, old: list[Any], new: list[Any], key: Any) -> None:
    """Make `seq` hold `new`. An item that was already there keeps how it was written and the
    comment on its line; comment lines between items stay where they were in the file."""
    items = list(seq)
    taken: set[int] = set()
    picked: list[int | None] = []
    for value in new:
        match = next((i for i, was in enumerate(old) if i not in taken and same(was, value)),
                     None)
        if match is not None:
            taken.add(match)
        picked.append(match)
    own: dict[int, tuple[str, int]] = {}
    following: dict[int, str] = {}
    for index, slots in seq.ca.items.items():
        if slots and slots[0] is not None:
            own[index] = (_split_comment(slots[0].value)[0], slots[0].column or 0)
            following[index] = _split_comment(slots[0].value)[1]
    values = [items[j] if j is not None else _fresh(v, None) for j, v in zip(picked, new,
                                                                               strict=True)]
    if not items:  # '[]' grows as a new list would be written
        if _fresh(new, key).fa.flow_style():
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
    list.__delitem__(seq, slice(None))
    list.extend(seq, values)
    seq.ca.items.clear()
    last, old_last = len(new) - 1, len(old) - 1
    for index, j in enumerate(picked):
        line, column = own.get(j, ("\n", 0)) if j is not None else ("\n", 0)
        if index < last:
            after = following.get(index, "") if index < old_last else ""
        else:
            after = "".join(following.get(k, "") for k in range(min(last, old_last),
                                                                len(old)))
        if line.strip() or after:
            seq.ca.items[index] = [_comment(line + after, column), None, None,
                                   None]


def _comment(value: str, column: int | None) -> CommentToken:
    return CommentToken(value, CommentMark(column or 0), None)


def _split_comment(value: str) -> tuple[str, str]:
    """(the comment on the item's own line, ending with its newline; the lines after it)."""
    newline = value.find("\n")
    if newline == -1:
        return value + "\n", ""
    return value[:newline + 1], value[newline + 1:]


def _fresh(value: Any, key: Any = None, like: Any = None) -> Any:
    """A value as the round-trip writer should write it new: text quoted whenever the safe
    reader would otherwise read it as something else (the writer follows YAML 1.2, our reader
    1.1, where 'yes' and 'off' are true and false), and in the quotes of the text it replaces."""
    if isinstance(value, dict):
        fresh = CommentedMap()
        for k, v in value.items():
            fresh[k] = _fresh(v, k)
        return fresh
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v) for v in value)
        if key not in BLOCK_LISTS and all(not isinstance(v, (dict, list)) for v in value) and \
                len(value) <= 6:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if not isinstance(value, str):
        return value
    if isinstance(like, (SingleQuotedScalarString, DoubleQuotedScalarString)) and \
            "\n" not in value:
        return type(like)(value)
    if "\n" in value.strip():
        return LiteralScalarString(value)
    if _misread(value):
        return DoubleQuotedScalarString(value) if "'" in value else \
            SingleQuotedScalarString(value)
    return value


def _misread(value: str) -> bool:
    """Whether the safe reader would read this text, written plainly, as something else."""
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) != _STR
