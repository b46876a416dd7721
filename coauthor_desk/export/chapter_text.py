"""A chapter's Markdown as it is printed in the book.

Its headings go one level down (the chapter title is the only level-one heading), a
commentary's `author=` becomes a byline in the name that person chose, footnote labels are
made the chapter's own, and every ':::' box must be closed. Pandoc does the real parsing later;
these steps only touch whole lines, and never lines inside code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from coauthor_desk.credits.names import printed_name
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.manuscript.text import headings
from coauthor_desk.problems import BookError, Problem

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Possessive runs (*+): a line of one box word and thousands of spaces is read once, not once
# for each way of sharing the spaces between the runs.
_BOX_OPEN = re.compile(r"^\s*:{3,}\s*(\{[^}]*\}|[A-Za-z][\w-]*)\s*+:*+\s*$")
_BOX_CLOSE = re.compile(r"^\s*:{3,}\s*$")
_CLASS = re.compile(r"(?:^|[{\s])\.?([A-Za-z][\w-]*)(?=[\s}]|$)")
_BOX_AUTHOR = re.compile(r"\s*\bauthors?=(\"[^\"]*\"|[^\s}]+)")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
# A run of colons that pandoc could read as opening a box: followed by attributes or a word.
# (A whole run only, never part of one, so a line of colons is not searched from each.)
_MAYBE_BOX = re.compile(r"(?<!:):{3,}+(?=[ \t]*[{\w])")
# A box opening after anything that can hold one (quote, list, definition, table markers).
_ANY_BOX_OPEN = re.compile(r"^(?P<prefix>(?:[ \t>|~*+:-]|\(?(?:\d{1,9}|[A-Za-z]{1,6}|#)[.)]"
                           r"(?=[ \t]))*?)(?<!:):{3,}[ \t]*(?P<attributes>\{[^}\n]*\}|"
                           r"[A-Za-z][\w-]*)[ \t]*+:*+[ \t]*$")
# Word paragraph styles of resources/export/reference.docx, by box class (the same classes have
# labels in the PDF template, book.typst).
WORD_STYLES = {"key-learning": "Key Learning", "commentary": "Commentary", "byline": "Byline",
               "draft-note": "Draft Note", "review-note": "Review Note",
               "keep-with-next": "Keep With Next"}


def box(kind: str, text: str) -> str:
    """A ':::' box of one class around some Markdown."""
    return f"::: {{.{kind}}}\n{text.strip()}\n:::"


def code_blocks(lines: list[str]) -> tuple[set[int], list[int]]:
    """The lines inside fenced code (fences included), and any fence never closed: pandoc
    reads an unclosed fence as ordinary words."""
    inside: set[int] = set()
    unclosed: list[int] = []
    start: int | None = None
    fence = ""
    for index, line in enumerate(lines):
        marker = _FENCE.match(line)
        if not marker:
            continue
        if start is None:
            start, fence = index, marker.group(1)
        elif marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) \
                and not line.strip()[len(marker.group(1)):]:
            inside.update(range(start, index + 1))
            start = None
    if start is not None:
        unclosed.append(start)
    return inside, unclosed


def box_lines(lines: list[str]) -> Iterator[tuple[int, str, str | None]]:
    """Each line that opens or closes a box, outside code: (index, 'open' or 'close', class)."""
    code, _ = code_blocks(lines)
    for index, line in enumerate(lines):
        if index in code:
            continue
        if _BOX_CLOSE.match(line):
            yield index, "close", None
        elif opening := _BOX_OPEN.match(line):
            name = _CLASS.search(opening.group(1))
            yield index, "open", name.group(1) if name else None


def require_closed_boxes(chapter: Chapter) -> None:
    """Every ':::' box and every fenced code block must be closed, or the rest of the chapter
    would vanish into it (or come out differently in different places)."""
    opened: list[int] = []
    first_line = chapter.front_matter_text.count("\n") + 3
    lines = chapter.body.split("\n")
    _, unclosed = code_blocks(lines)
    if unclosed:
        raise BookError(Problem(chapter.file, "A line of ``` or ~~~ starts a block of code that "
                                "is never closed.", "Take the line out (for a break between "
                                "scenes, use a line of * * *), or add the same line where the "
                                "code ends.", first_line + unclosed[0]))
    for index, kind, _ in box_lines(lines):
        if kind == "open":
            opened.append(index)
        elif opened:
            opened.pop()
        else:
            raise BookError(Problem(chapter.file, "A line with ':::' closes a box that was "
                                    "never opened.", "Take the line out, or add the line that "
                                    "opens the box, such as '::: {.key-learning}'.",
                                    first_line + index))
    if opened:
        raise BookError(Problem(chapter.file, "A box opened with ':::' is never closed.",
                                "Add a line with just ':::' where the box ends.",
                                first_line + opened[-1]))


def boxes_of(body: str, wanted: str) -> list[str]:
    """The Markdown inside each box of class `wanted`, its lines joined into one."""
    lines = body.split("\n")
    found, stack = [], []
    for index, kind, name in box_lines(lines):
        if kind == "open":
            stack.append((index, name))
        elif stack:
            start, name = stack.pop()
            if name == wanted:
                words = " ".join(line.strip() for line in lines[start + 1:index])
                if words:
                    found.append(words)
    return found


def printed_body(book: Book, chapter: Chapter, permissions: Permissions, number: int,
                 cache: DetailsCache) -> str:
    """The chapter's text as printed (see the module docstring); `number` is its place in the
    book. Where its headings are is remembered in `cache` by the chapter's content id."""
    require_closed_boxes(chapter)
    lines = chapter.body.split("\n")
    spans = heading_spans(chapter, cache)
    empty = _empty_sections(lines, spans)
    for index, (first, end, level, underlined) in reversed(list(enumerate(spans))):
        if index in empty:  # (an empty 'References' at a chapter's end, say)
            del lines[first:end]
            continue
        line = lines[end - 1] if underlined else lines[first]
        if underlined and line.lstrip()[:1] in "=-":  # not inside a quote or list
            words = " ".join(line.strip() for line in lines[first:end - 1])
            lines[first:end] = ["#" * min(level + 1, 6) + " " + words]
        elif not underlined and level < 6:
            at = line.index("#")  # after any quote or list marker
            lines[first] = line[:at] + "#" + line[at:]
    lines = _credit_commentaries(book, lines, permissions)
    return _FOOTNOTE.sub(lambda m: f"[^c{number}-{m.group(1)}]", "\n".join(lines))


def only_our_boxes(markdown: str) -> str:
    """Every box keeps its class and nothing else, wherever it opens (at the top, in a quote,
    a list, a definition or a table cell), and any other run of ':::' that pandoc might read
    as a box is made plain text: attributes could carry raw Typst ('typst:...'), e-book
    scripts ('onclick') or any Word style ('custom-style'). Runs on the whole book, so names,
    titles and comments are covered as well as chapters; only '{#refs}' (ours) keeps an id."""
    if ":::" not in markdown:
        return markdown
    lines = markdown.split("\n")
    code, _ = code_blocks(lines)
    for index, line in enumerate(lines):
        if ":::" in line and index not in code and _MAYBE_BOX.search(line):
            lines[index] = _plain_box_line(line)
    return "\n".join(lines)


def _plain_box_line(line: str) -> str:
    opening = _ANY_BOX_OPEN.match(line)
    if opening and opening.group("attributes") != "{#refs}":
        name = _CLASS.search(opening.group("attributes"))
        return f"{opening.group('prefix')}::: {{.{name.group(1) if name else 'box'}}}"
    if opening:
        return line
    pieces, at, ticks, counted = [], 0, 0, 0
    for found in _MAYBE_BOX.finditer(line):
        ticks, counted = ticks + line.count("`", counted, found.start()), found.start()
        if ticks % 2:  # inside `code`, which pandoc keeps as is
            continue
        pieces += [line[at:found.start()], "\\:" * len(found.group())]
        at = found.end()
    return "".join(pieces) + line[at:]


def _empty_sections(lines: list[str], spans: list[list[int]]) -> set[int]:
    """Which headings (by their place in `spans`) have nothing under them before the next
    heading of their level or higher: no words, only blank lines, box edges or emptier
    headings. Only headings at the start of a line count; one in a quote or list stays."""
    heading_lines = {line for first, end, _, _ in spans for line in range(first, end)}
    empty = set()
    for index, (first, end, level, underlined) in enumerate(spans):
        if (lines[end - 1][:1] not in ("=", "-")) if underlined else lines[first][:1] != "#":
            continue
        stop = next((other[0] for other in spans[index + 1:] if other[2] <= level), len(lines))
        if not any(line.strip() and not _BOX_CLOSE.match(line) and not _BOX_OPEN.match(line)
                   for at, line in enumerate(lines[end:stop], end) if at not in heading_lines):
            empty.add(index)
    return empty


def heading_spans(chapter: Chapter, cache: DetailsCache) -> list[list[int]]:
    """Where the chapter's headings are: [first line, end line, level, underlined] each."""
    known = cache.get(chapter.fingerprint, "headings")
    if known is None:
        known = {"headings": [[h.first_line, h.end_line, h.level, int(h.underlined)]
                              for h in headings(chapter.body)]}
        cache.put(chapter.fingerprint, known)
    return known["headings"]


def _credit_commentaries(book: Book, lines: list[str], permissions: Permissions) -> list[str]:
    """A box's `author=` becomes a byline under its heading, in the name that person chose."""
    authored = {index for index, kind, _ in box_lines(lines)
                if kind == "open" and _BOX_AUTHOR.search(lines[index])}
    printed: list[str] = []
    waiting: str | None = None
    for index, line in enumerate(lines):
        if index in authored:
            author = _BOX_AUTHOR.search(line)
            assert author is not None
            line = _BOX_AUTHOR.sub("", line).replace("{ ", "{").replace("{}", "")
            person = book.people.get(author.group(1).strip('"'))
            name = printed_name(person, permissions) if person else None
            waiting = f"By {name}" if name else "By one of the editors"
            printed.append(line)
        elif waiting and line.lstrip().startswith("#"):
            printed += [line, "", box("byline", waiting)]
            waiting = None
        elif waiting and line.strip():  # no heading first: the byline goes at the top
            printed += [box("byline", waiting), "", line]
            waiting = None
        else:
            printed.append(line)
    return printed


def for_output(markdown: str, to: str) -> str:
    """The boxes as the output shows them, with no filter needed: Word paragraph styles
    (pandoc's custom-style, a key-learning box with its title in words), or, for Typst, a
    label the PDF template styles (`<box-key-learning>`). E-books keep the classes."""
    if to not in ("docx", "typst"):
        return markdown
    lines = _names_kept_with_what_follows(markdown.split("\n"))
    for index, kind, name in reversed(list(box_lines(lines))):
        if kind != "open" or name not in WORD_STYLES:
            continue
        if to == "typst":
            lines[index] = f"::: {{#box-{name}}}"
        elif name == "key-learning":
            lines[index] = (f'::: {{custom-style="{WORD_STYLES[name]}"}}\n'
                            '::: {custom-style="Box Title"}\n**Key learning**\n:::\n')
        else:
            lines[index] = f'::: {{custom-style="{WORD_STYLES[name]}"}}'
    return "\n".join(lines)


_ONLY_BOLD = re.compile(r"^\*\*[^*\n]+\*\*[ \t]*$")


def _names_kept_with_what_follows(lines: list[str]) -> list[str]:
    """A paragraph that is only words in bold (a name in the notes on contributors, say), with
    a paragraph after it, goes in a keep-with-next box, so the name never ends a page alone."""
    code, _ = code_blocks(lines)
    kept = list(lines)
    for index in reversed(range(len(lines) - 2)):
        if index in code or not _ONLY_BOLD.match(lines[index]):
            continue
        before = lines[index - 1].strip() if index else ""
        after = next((line for line in islice(lines, index + 1, None) if line.strip()), "")
        if not before and not lines[index + 1].strip() and after and \
                not after.lstrip().startswith(("#", ":::")):
            kept[index:index + 1] = ["::: {.keep-with-next}", lines[index], ":::"]
    return kept
