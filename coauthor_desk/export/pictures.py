"""Pictures in chapters: only files inside the book folder, of a picture kind and a sane size,
ever reach an export.

Only plain pictures: PNG, JPEG and GIF, and only files whose first bytes say they are one. An SVG
drawing is a program as much as a picture (it can hold scripts and links to other files), so it
is refused by name, and the chapter's line is given so it can be saved as PNG or JPEG instead.

Chapters name pictures as Markdown does, relative to the chapter file (`../pictures/a.png`) or
to the book folder (`pictures/a.png`). Every name that could be a picture is looked up here; the
ones that pass are copied into the export's own work folder, and pandoc (which runs sandboxed,
so it cannot open files itself) gets them through our filter, pictures.lua. Any other picture is
shown by its description.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from coauthor_desk.manuscript import files
from coauthor_desk.manuscript.model import Chapter
from coauthor_desk.problems import BookError

KINDS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif"}
# How each kind of picture file starts.
_STARTS = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",),
           "image/gif": (b"GIF87a", b"GIF89a")}
REFUSED = (".svg", ".svgz")
LARGEST = 25 * 1024 * 1024
LIST_FILE = "pictures.txt"
# Link targets, inline ('](target') or defined on their own line ('[name]: target'; a name
# never holds '[', so each line starting '[' is read only to the next one).
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\[\]]+\]:\s*<?(\S+?)>?(?:\s|$)",
                     re.MULTILINE)


def pictures_in(root: Path, chapters: list[Chapter]) -> dict[str, Path]:
    """Each picture name written in these chapters that may be exported, and its file."""
    found: dict[str, Path] = {}
    for chapter in chapters:
        folder = Path(chapter.file).parent
        for match in _TARGET.finditer(chapter.body):
            target = match.group(1) or match.group(2)
            if Path(target).suffix.lower() in KINDS and target not in found:
                path = _inside(root, (folder / target).as_posix()) or _inside(root, target)
                if path is not None:
                    found[target] = path
    return found


def _inside(root: Path, relative: str) -> Path | None:
    """The file, when it is a picture-sized regular file inside the book folder."""
    try:
        path = files.inside_book(root, _tidy(relative))
    except BookError:
        return None
    if path.is_file() and path.stat().st_size <= LARGEST:
        with path.open("rb") as picture:
            start = picture.read(8)
        kind = KINDS.get(path.suffix.lower())
        if kind and start.startswith(_STARTS[kind]):
            return path
    return None


def refused_pictures(chapters: list[Chapter]) -> list[tuple[Chapter, str, int]]:
    """Each SVG drawing named in these chapters: (chapter, name as written, file line)."""
    found = []
    for chapter in chapters:
        if ".svg" not in chapter.body.lower():
            continue
        line, counted = chapter.front_matter_text.count("\n") + 3, 0
        for match in _TARGET.finditer(chapter.body):
            target = match.group(1) or match.group(2)
            if target.lower().endswith(REFUSED):  # lines counted on from the last one found
                line += chapter.body.count("\n", counted, match.start())
                counted = match.start()
                found.append((chapter, target, line))
    return found


def _tidy(relative: str) -> str:
    """'chapters/../pictures/a.png' as 'pictures/a.png'; anything climbing out stays as it is,
    so the book folder check refuses it."""
    parts: list[str] = []
    for part in relative.split("/"):
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def copy_pictures(pictures: dict[str, Path], folder: Path) -> Path:
    """Copy the pictures into the work folder under plain names, and write the list our filter
    reads: one line each, the name as written, its copy's name and its kind, between tabs."""
    lines = []
    for number, (written, path) in enumerate(sorted(pictures.items()), 1):
        name = f"picture-{number}{path.suffix.lower()}"
        shutil.copyfile(path, folder / name)
        lines.append(f"{written}\t{name}\t{KINDS[path.suffix.lower()]}")
    (folder / LIST_FILE).write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return folder / LIST_FILE
