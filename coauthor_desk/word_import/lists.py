"""Numbered lists that Word shows as one, read as one.

LibreOffice (and sometimes Word) saves a list as two numbering definitions: the first item with
its own that starts at 1, the rest with another of the same kind that carries on counting. Word
and LibreOffice show one list, 1, 2, 3; pandoc reads two lists, "1." and "1. 2.", so a review
copy saved unchanged would come back with its list split. The file's numbering says which
lists carry on from the one before; those are joined again.
"""

from __future__ import annotations

import logging
import zipfile
from typing import Any
from xml.etree import ElementTree

from coauthor_desk.word_import.package import main_part, related_part

log = logging.getLogger(__name__)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LISTS = ("OrderedList", "BulletList")


def carried_on(path: Any) -> list[bool]:
    """For each place in the file where one numbered paragraph follows another of a different
    numbering, in order: whether the second carries on the first's list (the same list kind,
    not started again)."""
    try:
        with zipfile.ZipFile(path) as archive:
            main = main_part(archive)
            numbering = related_part(archive, main, "/numbering") if main else None
            if main is None or numbering is None:
                return []
            document = ElementTree.fromstring(archive.read(main))
            numbers = ElementTree.fromstring(archive.read(numbering))
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        log.info("could not read the numbering of %s", path)
        return []
    kinds: dict[str, str] = {}  # numbering id -> its list kind (abstract numbering)
    restarts: set[str] = set()  # numbering ids that start counting again at the first level
    for number in numbers.iter(f"{_W}num"):
        number_id = number.get(f"{_W}numId") or ""
        abstract = number.find(f"{_W}abstractNumId")
        kinds[number_id] = abstract.get(f"{_W}val", "") if abstract is not None else ""
        for override in number.iter(f"{_W}lvlOverride"):
            if override.get(f"{_W}ilvl") == "0" and \
                    override.find(f"{_W}startOverride") is not None:
                restarts.add(number_id)
    found: list[bool] = []
    previous: str | None = None
    body = document.find(f"{_W}body")
    for paragraph in (body.iter(f"{_W}p") if body is not None else []):
        number_id, level = _numbering(paragraph)
        if number_id is not None and previous is not None and number_id != previous \
                and level == 0:
            found.append(kinds.get(number_id) == kinds.get(previous)
                         and number_id not in restarts)
        previous = number_id
    return found


def _numbering(paragraph: ElementTree.Element) -> tuple[str | None, int]:
    properties = paragraph.find(f"{_W}pPr/{_W}numPr")
    if properties is None:
        return None, 0
    number = properties.find(f"{_W}numId")
    level = properties.find(f"{_W}ilvl")
    number_id = number.get(f"{_W}val") if number is not None else None
    if number_id in (None, "0"):
        return None, 0
    return number_id, int(level.get(f"{_W}val", "0")) if level is not None else 0


def join_carried_on(blocks: list[Any], joins: list[bool]) -> None:
    """Join each list to the one just before it where the file says it carries on. Only when
    the lists pandoc read side by side are as many as the places in the file, so that the two
    are surely the same places."""
    pairs = list(_side_by_side(blocks))
    if len(pairs) != len(joins):
        return
    for (siblings, index), join in reversed(list(zip(pairs, joins, strict=True))):
        first, second = siblings[index - 1], siblings[index]
        if not join or first["t"] != second["t"]:
            continue
        if first["t"] == "OrderedList":
            first["c"][1] += second["c"][1]
        else:
            first["c"] += second["c"]
        del siblings[index]


def _side_by_side(value: Any) -> list[tuple[list[Any], int]]:
    """(block list, index) of every list that comes straight after another list, in the
    order of the document."""
    found: list[tuple[list[Any], int]] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            if index and _is_list(item) and _is_list(value[index - 1]):
                found.append((value, index))
            found += _side_by_side(item)
    elif isinstance(value, dict) and "c" in value:
        found += _side_by_side(value["c"])
    return found


def _is_list(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") in _LISTS
