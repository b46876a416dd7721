"""Replies and 'done' marks of Word comments, which pandoc does not read.

Newer Word keeps them beside the comments, in word/commentsExtended.xml (found, like the
comments, through the package's own map: see package), so they are read from
the file directly. Files without it (older Word, LibreOffice) have none: their replies are told
by the words they cover instead (see threads).
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from coauthor_desk.word_import.package import (
    COMMENTS,
    COMMENTS_EXTENDED,
    main_part,
    related_part,
)

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"


@dataclass(frozen=True)
class CommentDetails:
    """What Word keeps about a comment beside its words: the comment it answers, and whether it
    was marked as done."""

    parent: str | None
    done: bool


def comment_details(path: Path) -> dict[str, CommentDetails]:
    """The details of each comment that has them, by Word's comment id."""
    try:
        with zipfile.ZipFile(path) as archive:
            main = main_part(archive)
            if main is None:
                return {}
            comments_part = related_part(archive, main, COMMENTS)
            extended_part = related_part(archive, main, COMMENTS_EXTENDED) or _beside(
                archive, main, "commentsExtended.xml")
            if comments_part is None or extended_part is None:
                return {}
            comments = ElementTree.parse(io.BytesIO(archive.read(comments_part)))
            extended = ElementTree.parse(io.BytesIO(archive.read(extended_part)))
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        log.info("could not read the comment details of %s", path)
        return {}
    by_paragraph: dict[str, str] = {}  # a comment's last paragraph -> the comment's id
    for comment in comments.getroot().iter(f"{_W}comment"):
        paragraphs = [p.get(f"{_W14}paraId") for p in comment.iter(f"{_W}p")]
        paragraphs = [p for p in paragraphs if p]
        comment_id = comment.get(f"{_W}id")
        if paragraphs and comment_id is not None:
            by_paragraph[paragraphs[-1].upper()] = comment_id
    details: dict[str, CommentDetails] = {}
    for entry in extended.getroot().iter(f"{_W15}commentEx"):
        comment_id = by_paragraph.get((entry.get(f"{_W15}paraId") or "").upper())
        if comment_id is None:
            continue
        parent = by_paragraph.get((entry.get(f"{_W15}paraIdParent") or "").upper())
        details[comment_id] = CommentDetails(parent, entry.get(f"{_W15}done") in ("1", "true"))
    return details


def _beside(archive: zipfile.ZipFile, main: str, name: str) -> str | None:
    """A part by its usual name next to the main part, for files that list it only in
    [Content_Types].xml (as some programs write them)."""
    part = posixpath.join(posixpath.dirname(main), name)
    return part if part in set(archive.namelist()) else None
