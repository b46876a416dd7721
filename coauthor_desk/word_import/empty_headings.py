"""Headings with nothing under them, which exports leave out, put back when a copy comes home.

The export takes out a heading with nothing under it (a chapter that cites nothing has no empty
"References" at its end: see export/chapter_text.py). A review copy of such a chapter comes
back without the heading, and the chapter must not lose it for that: each one the Word file
lacks is put back where it was, before the heading that followed it or at the end.
"""

from __future__ import annotations

from coauthor_desk.manuscript.text import headings


def put_back_empty_headings(text: str, body: str) -> str:
    """The text with each of the chapter's empty headings it lacks put back in its place."""
    old = body.split("\n")
    found = headings(body)
    for index, heading in enumerate(found):
        if heading.underlined:
            continue
        line = old[heading.first_line]
        following = next((old[i] for i in range(heading.end_line, len(old)) if old[i].strip()),
                         None)
        next_heading = found[index + 1] if index + 1 < len(found) else None
        empty = following is None or (
            next_heading is not None and not next_heading.underlined
            and old[next_heading.first_line] == following and next_heading.level <= heading.level)
        if not empty or _has_line(text, line):
            continue
        if following is None:
            text = text.rstrip("\n") + f"\n\n{line}\n"
            continue
        lines = text.split("\n")
        if lines.count(following) == 1:
            at = lines.index(following)
            text = "\n".join([*lines[:at], line, "", *lines[at:]])
    return text


def _has_line(text: str, line: str) -> bool:
    return line in text.split("\n")
