"""Split a chapter file into its details (YAML front matter) and its Markdown body, and back."""

from __future__ import annotations

from typing import Any

from coauthor_desk.manuscript import yaml_edit, yaml_text
from coauthor_desk.problems import BookError, Problem

FENCE = "---"


def split(relative: str, text: str) -> tuple[dict[str, Any], str, str]:
    """(details, details as written, body). The details must open the file between two '---'."""
    raw, body = split_text(relative, text)
    return parse_details(relative, raw), raw, body


def split_text(relative: str, text: str) -> tuple[str, str]:
    """(details as written, body), without reading the details yet."""
    if not text.startswith(FENCE + "\n"):
        raise BookError(Problem(relative, "This chapter has no details at the top (its title, "
                                "authors and status between two lines of '---').",
                                "Add them at the very start of the file, or make the chapter "
                                "again from the chapter template.", 1))
    end = _closing_fence(text)
    if end is None:
        raise BookError(Problem(relative, "The details at the top of this chapter are not closed.",
                                "Add a line with just '---' after the last detail.", 1))
    raw = text[len(FENCE) + 1:end]
    newline = text.find("\n", end)
    return raw, text[newline + 1:] if newline != -1 else ""


def parse_details(relative: str, raw: str) -> dict[str, Any]:
    """The details of a chapter, read from the text between its two '---' lines."""
    details = yaml_text.parse(relative, raw, first_line=2)
    if not isinstance(details, dict):
        raise BookError(Problem(relative, "The details at the top of this chapter should be a "
                                "list of 'name: value' lines.", "Write them like 'title: My "
                                "chapter', one per line.", 2))
    return details


def _closing_fence(text: str) -> int | None:
    position = len(FENCE) + 1
    while True:
        newline = text.find("\n", position)
        line = text[position:] if newline == -1 else text[position:newline]
        if line.rstrip() in (FENCE, "..."):
            return position
        if newline == -1:
            return None
        position = newline + 1


def join(details_text: str, body: str) -> str:
    """A chapter file's text from its details as written and its body."""
    if not details_text.endswith("\n"):
        details_text += "\n"
    return f"{FENCE}\n{details_text}{FENCE}\n{body}"


def render_details(details: dict[str, Any]) -> str:
    """The details of a new chapter, tidy for editing by hand."""
    return yaml_edit.new_text(details)


def change_details(relative: str, raw: str, changes: dict[str, Any]) -> str:
    """A chapter's details as written (`raw`) with only `changes` made: the other lines,
    comments among them, stay as they were typed."""
    return yaml_edit.edit(relative, raw, changes, first_line=2)
