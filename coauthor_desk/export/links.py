"""Links to places in the book ('[see below](#what-i-learnt)'): each must lead to a heading
the exported book has.

A link to a place that is not there stops the PDF being typeset, and makes a broken e-book and a
Word link that goes nowhere. The publish check names each one by chapter and line; a draft is
still made, with such a link shown as its plain words and a note. Which places exist is asked of
pandoc itself (from the book's headings alone, which is quick), so the ids are exactly the ones
it gives the headings when it makes the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from coauthor_desk.export.chapter_text import code_blocks, heading_spans
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.cache import DetailsCache
from coauthor_desk.manuscript.model import Chapter

# '[words](#place)' or '[words](<#place> "title")', and '[name]: #place' on its own line. A
# title ends before the next link's '](', so a line of thousands of '](#a (' is read once.
_TITLE = r"(?:\s+[\"'(](?:[^)\n\]]|\](?!\())*)?\)"
_INLINE = re.compile(r"\]\(\s*<?#([^)\s>]*)>?" + _TITLE)
# A name never holds '[': so a line starting '[' is not searched to the next ']' lines away.
_DEFINED = re.compile(r"^\s{0,3}\[[^\[\]]+\]:\s*<?#([^\s>]*)>?(?:\s|$)")
_DEFINED_ANYWHERE = re.compile(_DEFINED.pattern, re.MULTILINE)
# A heading line, also inside quotes and list items (the assembled book has only '#' headings).
# The spaces after each marker are taken whole (possessive: ?+, ++): shared out between the
# marker and the next one's indent, a line of many '-    ' markers took time doubling with each.
_HEADING = re.compile(r"^(?:[ \t]{0,3}+(?:>[ \t]?+|[-+*][ \t]++|\d{1,9}[.)][ \t]++))*"
                      r"[ \t]{0,3}+"
                      r"(#{1,6}(?:[ \t].*)?)$")
_NOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")
# Our own places that are not headings: the list of references.
OUR_PLACES = frozenset({"refs"})
# The headings of the sections the book export adds before and after the chapters (assemble).
SECTIONS = ("Notes on contributors", "About the authors", "Key learnings", "Contributions",
            "References")
# Where the export remembers each chapter's headings, by its content id.
CACHE_FILE = f"{files.LOCAL_FOLDER}/export-cache.json"
READ_AS = "markdown-yaml_metadata_block-raw_attribute-raw_tex-raw_html-header_attributes"


@dataclass(frozen=True)
class PlaceLink:
    """One link to a place in the book, where it is written."""

    chapter: str
    file: str
    line: int
    place: str


def may_link(text: str) -> bool:
    """Whether a text could hold a link to a place in the book (a quick look first)."""
    return "#" in text and ("](" in text or "]:" in text)


def links_in(chapter: Chapter) -> list[PlaceLink]:
    """Every link to a place in the book in a chapter, outside code, with its line in the
    chapter file."""
    if not may_link(chapter.body) or not (_INLINE.search(chapter.body)
                                           or _DEFINED_ANYWHERE.search(chapter.body)):
        return []
    lines = chapter.body.split("\n")
    code, _ = code_blocks(lines)
    first_line = chapter.front_matter_text.count("\n") + 3
    found = []
    for index, line in enumerate(lines):
        if index in code or "#" not in line:
            continue
        for match in [*_INLINE.finditer(line), *_DEFINED.finditer(line)]:
            if line.count("`", 0, match.start()) % 2 == 0:
                found.append(PlaceLink(chapter.id, chapter.file, first_line + index,
                                       match.group(1)))
    return found


def heading_lines(markdown: str) -> list[str]:
    """The headings of a Markdown text as '#' lines, outside code, in order."""
    lines = markdown.split("\n")
    code, _ = code_blocks(lines)
    return [heading.group(1) for index, line in enumerate(lines)
            if "#" in line and index not in code and (heading := _HEADING.match(line))]


def places(headings: list[str]) -> set[str]:
    """The ids pandoc gives these headings, in this order (a repeated heading gets '-1'), with
    our own places."""
    if not headings:
        return set(OUR_PLACES)
    text = "\n\n".join(_NOTE_MARK.sub("", heading) for heading in headings) + "\n"
    tree = json.loads(run_pandoc(["-f", READ_AS, "-t", "json"], text=text,
                                 what="the book's headings"))
    return {block["c"][1][0] for block in tree["blocks"] if block["t"] == "Header"} | OUR_PLACES


def unlink(markdown: str, missing: set[str]) -> str:
    """The text with every link to a missing place shown as its plain words (a definition of
    one, '[name]: #place', is taken out, so its uses show as written)."""
    if not missing:
        return markdown
    names = "|".join(re.escape(place) for place in sorted(missing))
    inline = re.compile(r"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?#(?:" + names
                        + r")>?" + _TITLE)
    defined = re.compile(r"^\s{0,3}\[[^\[\]]+\]:\s*<?#(?:" + names + r")>?(?:[ \t].*)?$",
                         re.MULTILINE)
    return defined.sub("", inline.sub(lambda m: m.group(1), markdown))


def linked_places(markdown: str) -> set[str]:
    """Every place a text links to (code included: a quick, generous look)."""
    if not may_link(markdown):
        return set()
    return {m.group(1) for m in _INLINE.finditer(markdown)} | {
        m.group(1) for m in _DEFINED_ANYWHERE.finditer(markdown)}


def chapter_headings(chapter: Chapter, spans: list[list[int]]) -> list[str]:
    """A chapter's title and headings as '#' lines, from where its headings are (`spans`, as
    chapter_text.heading_spans finds them)."""
    lines = chapter.body.split("\n")
    found = [f"# {chapter.title}"]
    for first, end, _level, underlined in spans:
        if underlined:
            found.append("# " + " ".join(line.strip() for line in lines[first:end - 1]))
        elif (heading := _HEADING.match(lines[first])) is not None:
            found.append(heading.group(1))
    return found


def links_to_nowhere(root: Path, chapters: list[Chapter]) -> list[PlaceLink]:
    """For the publish check, without putting the book together: each link in these chapters
    to a place that none of their headings, nor the book's own sections, would have."""
    found = [link for chapter in chapters for link in links_in(chapter)]
    if not found:
        return []
    cache = DetailsCache(root, CACHE_FILE)
    headings = [f"# {title}" for title in SECTIONS[:3]]
    for chapter in chapters:
        headings += chapter_headings(chapter, heading_spans(chapter, cache))
    known = places(headings + [f"# {title}" for title in SECTIONS[3:]])
    return [link for link in found if link.place not in known]


# Where a link's address starts: '](address', '[name]: address' or an autolink '<scheme:...>'.
# An address in '<>' holds no '<', so thousands of '<' never closed are each read to the next.
_ADDRESS = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s)]*))|^[ \t]{0,3}\[[^\]\n]+\]:\s*(?:"
                      r"<([^<>\n]*)>|(\S*))|<([A-Za-z][\w+.-]*:[^\s<>]*)>", re.MULTILINE)
_PLAIN_KINDS = ("http://", "https://", "mailto:", "tel:")


def odd_addresses(markdown: str) -> bool:
    """Whether any link might lead somewhere other than a web page, e-mail, telephone or place
    in the book ('javascript:', 'data:', 'file:', or an address spelled with '&' entities,
    which pandoc reads as the letters they stand for). Generous on purpose: such a text goes
    through our filter (resources/export/pictures.lua), which makes those links words."""
    for found in _ADDRESS.finditer(markdown):
        address = "".join(next(g for g in found.groups() if g is not None).split())
        if (":" in address or "&" in address) and not address.lower().startswith(_PLAIN_KINDS):
            return True
    return False
