"""Reading the Word file: refusing, in plain words, anything that is not a readable .docx, then
letting pandoc turn it into its JSON tree with tracked changes and comments kept.

People pick the wrong file, a half-downloaded one, an old .doc renamed, or one with a password.
Each is told what it is and what to do before pandoc ever sees it, so nobody meets pandoc's own
error messages.
"""

from __future__ import annotations

import json
import logging
import zipfile
import zlib
from pathlib import Path
from typing import Any

from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.package import main_part

log = logging.getLogger(__name__)

MAX_WORD_BYTES = 100 * 1024 * 1024  # a long chapter with photographs is a few MB
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # what the file may grow to when opened
READ_AS = "docx+styles"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word files, and password-protected new ones
_ZIP = b"PK\x03\x04"

_SAVE_AS_DOCX = ("Open it in Word (or LibreOffice) and choose Save As, 'Word Document (.docx)'; "
                 "then import the new file.")
_OTHER_KINDS = {
    ".doc": "This is a Word file in the old format (Word 97-2003, .doc), which the app cannot "
            "read.",
    ".docm": "This Word file can hold macros (.docm), so the app does not open it.",
    ".dotx": "This is a Word template (.dotx), not a document.",
    ".odt": "This is an OpenDocument file (from LibreOffice or OpenOffice), not a Word file.",
    ".rtf": "This is a Rich Text file (.rtf), not a Word file.",
    ".pdf": "This is a PDF, which cannot be turned back into a chapter that can be edited.",
    ".pages": "This is a Pages file (from a Mac), not a Word file.",
}
_TEXT_KINDS = (".md", ".txt", ".markdown")


def read_word(path: Path) -> dict[str, Any]:
    """The Word file as pandoc's JSON tree, with tracked changes and comments kept."""
    _check_word_file(path)
    try:
        data = run_pandoc(["-f", READ_AS, "--track-changes=all", "-t", "json",
                           str(path.resolve())], what=path.name)
        tree = json.loads(data.decode("utf-8"))
    except BookError as error:
        detail = error.problems[0].what if error.problems else ""
        log.info("pandoc could not read %s: %s", path, detail)
        raise _refuse(path, "This Word file could not be read: it may be damaged, or made by a "
                      "program that writes Word files in an unusual way.", "Open it in Word, "
                      "save it again as a 'Word Document (.docx)', and import the new "
                      "copy.") from None
    except (UnicodeDecodeError, ValueError):
        tree = None
    if not isinstance(tree, dict) or not isinstance(tree.get("blocks"), list):
        raise _refuse(path, "This Word file could not be read.", "Open it in Word, save it "
                      "again as a 'Word Document (.docx)', and import the new copy.")
    return tree


def _refuse(path: Path, what: str, todo: str) -> BookError:
    return BookError(Problem(path.name or str(path), what, todo))


def _check_word_file(path: Path) -> None:
    """Refuse, in plain words, anything that is not a Word file the app can read."""
    try:
        if not path.exists():
            raise _refuse(path, f"There is no file called {path.name} in {_folder(path)}.",
                          "Check the file's name and folder (where it was saved or "
                          "downloaded), then try again.")
        if path.is_dir():
            raise _refuse(path, "This is a folder, not a Word file.", "Choose the Word file "
                          "(its name ends in .docx) inside it.")
        suffix = path.suffix.lower()
        if suffix in _TEXT_KINDS:
            raise _refuse(path, "This is a text file, not a Word file. Text can go into the "
                          "chapter directly.", "Copy the words into the chapter in the window, "
                          "or open the file in Word and save it as a Word Document (.docx).")
        if suffix != ".docx":
            ending = f", and this one ends in {suffix}." if suffix else \
                ", and this name has no ending."
            raise _refuse(path, _OTHER_KINDS.get(suffix, "CoAuthor Desk can only bring in Word "
                                                 "files (their names end in .docx)" + ending),
                          _SAVE_AS_DOCX)
        size = path.stat().st_size
        if size == 0:
            raise _refuse(path, "This file is empty (it has nothing in it at all). Perhaps it "
                          "was not saved or downloaded completely.", "Save it again from Word, "
                          "or ask for it to be sent again, then import the new copy.")
        if size > MAX_WORD_BYTES:
            raise _refuse(path, f"This file is {size / 1024 / 1024:.0f} MB, far larger than a "
                          "chapter can be (the limit is "
                          f"{MAX_WORD_BYTES // 1024 // 1024} MB).", "Check that it is the "
                          "right file; make pictures smaller or take them out, then save it "
                          "again.")
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as error:
        raise _refuse(path, f"This file could not be read ({error.strerror}).", "Check that it "
                      "is not open in another program and that you may read it.") from None
    if start.startswith(_OLE):
        raise _refuse(path, "This Word file is protected with a password, or is an old Word "
                      "file (Word 97-2003) renamed to end in .docx, so the app cannot read it.",
                      "Open it in Word, take off the password (File, Info, Protect Document) "
                      "or save it as a 'Word Document (.docx)', then import it again.")
    if not start.startswith(_ZIP):
        kind = "plain text" if _looks_like_text(path) else "something else"
        raise _refuse(path, f"This is not really a Word file: its name ends in .docx, but it "
                      f"holds {kind}.", "Open it in Word and save it as a 'Word Document "
                      "(.docx)', or ask for the Word file to be sent again.")
    _check_zip(path)


def _folder(path: Path) -> str:
    parent = str(path.parent)
    return "this folder" if parent in ("", ".") else parent


def _looks_like_text(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            sample = handle.read(4096)
        sample.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return b"\0" not in sample


def _check_zip(path: Path) -> None:
    damaged = ("This Word file is damaged, so it cannot be read.", "Open it in Word: Word can "
               "often repair it. Save it again and import the new copy, or ask for it to be "
               "sent again.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if main_part(archive) is None:
                what = ("This file is a packed (zip) file, not a Word file, although its name "
                        "ends in .docx.")
                if "content.xml" in names:
                    what = ("This is an OpenDocument file (from LibreOffice or OpenOffice) "
                            "renamed to end in .docx.")
                raise _refuse(path, what, _SAVE_AS_DOCX)
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise _refuse(path, "This Word file holds far more than a chapter can (perhaps "
                              "very large pictures).", "Check that it is the right file; make "
                              "pictures smaller or take them out, then save it again.")
            if archive.testzip() is not None:
                raise _refuse(path, *damaged)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        raise _refuse(path, *damaged) from None
