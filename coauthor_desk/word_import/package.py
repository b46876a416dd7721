"""Finding the parts of a Word file by the package's own map, not by their usual names.

A .docx is a zip whose parts are found through _rels/.rels (which names the main part) and
[Content_Types].xml (which says what each part is). Word puts the main part at
word/document.xml, but other programs may put it anywhere, and pandoc reads such files; so the
import finds the main part, and the comment parts beside it, the same way pandoc does.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "/officeDocument"
_MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
               "application/vnd.ms-word.document.macroEnabled.main+xml",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
COMMENTS = "/comments"
COMMENTS_EXTENDED = "/commentsExtended"


def main_part(archive: zipfile.ZipFile) -> str | None:
    """The name of the main part of a Word file (usually word/document.xml), or None when the
    package names none that is there and is a Word document."""
    names = set(archive.namelist())
    target = _target(archive, "_rels/.rels", "", _OFFICE_DOCUMENT)
    if target is None:
        return "word/document.xml" if "word/document.xml" in names else None
    if target not in names or not _is_word_document(archive, target):
        return None
    return target


def related_part(archive: zipfile.ZipFile, source: str, kind: str) -> str | None:
    """The part a relationship of `kind` (such as '/comments') of the part `source` points to."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    target = _target(archive, rels, folder, kind)
    return target if target is not None and target in set(archive.namelist()) else None


def _target(archive: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str | None:
    """The part named by the first relationship in `rels` whose type ends in `kind`."""
    try:
        root = ElementTree.fromstring(archive.read(rels))
    except (KeyError, ElementTree.ParseError):
        return None
    for relation in root.iter(f"{_RELATIONSHIPS}Relationship"):
        if not (relation.get("Type") or "").endswith(kind) or \
                relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target") or ""
        if target.startswith("/"):
            return posixpath.normpath(target.lstrip("/"))
        return posixpath.normpath(posixpath.join(folder, target))
    return None


def _is_word_document(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether [Content_Types].xml says the part is a Word document's main part (a package
    without that file is taken on trust, as pandoc does)."""
    try:
        root = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except (KeyError, ElementTree.ParseError):
        return True
    for override in root.iter(f"{_TYPES}Override"):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType") in _MAIN_TYPES
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in root.iter(f"{_TYPES}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") in _MAIN_TYPES
    return False
