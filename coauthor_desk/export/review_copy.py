"""Review copies: a contributor's own chapters, with the questions waiting for them, in the form
they can use — large print, Easy Read, a Word file, or read aloud.

A copy follows the person's access needs unless asked for one kind. It honours agreements and
hidden names exactly as the book export does (it is assembled by the same code). Where to save
is settled, and refused plainly when it cannot work, before any copy is made: making copies
takes a while, and nobody should wait only to be told the folder was wrong.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from coauthor_desk.agreements.publish import permissions_from, publish_check
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Thread, ThreadKind
from coauthor_desk.credits.names import printed_name
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.export.assemble import assemble_chapters, left_out_of, made_on
from coauthor_desk.export.easy_read import LONGEST, easy_read_copy
from coauthor_desk.export.outputs import Progress, no_progress, render, save_file, save_here
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.manuscript.model import Book, Person
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook
from coauthor_desk.waiting import note_copy

log = logging.getLogger(__name__)
KINDS = ("large-print", "easy-read", "audio", "docx", "pdf")
# Which kind of copy meets which access need; anyone else gets a standard PDF.
_FOR_NEED = {"large-print": "large-print", "easy-read": "easy-read", "audio": "audio",
             "word-files": "docx"}
_ENDINGS = {"large-print": "-large-print.pdf", "easy-read": "-easy-read.pdf", "audio": ".wav",
            "docx": ".docx", "pdf": ".pdf"}
KIND_WORDS = {"large-print": "large-print PDF", "easy-read": "Easy Read PDF",
              "audio": "recording, read aloud", "docx": "Word file", "pdf": "PDF"}
_WORDS_PER_MINUTE = "150"


def kinds_for(person: Person) -> list[str]:
    """The copies that meet this person's access needs, in a steady order."""
    wanted = {_FOR_NEED[need] for need in person.access_needs if need in _FOR_NEED}
    return [kind for kind in KINDS if kind in wanted] or ["pdf"]


def review_copies(opened: OpenBook, person_id: str, kinds: list[str] | None = None,
                  output: Path | None = None, progress: Progress = no_progress,
                  now: datetime | None = None, notes: list[str] | None = None
                  ) -> tuple[list[Path], list[Problem]]:
    """Make this person's review copies: where each was saved, and a plain problem for each
    copy that could not be made (an audio copy without espeak-ng) while the others were.

    `output` is the file to save (for one copy) or the folder to save in (default: here); see
    `targets`. Sentences for the editor about the copies made (such as long sentences marked in
    an Easy Read copy) are added to `notes`."""
    book = opened.book
    person = book.people.get(person_id)
    if person is None:
        raise BookError(Problem("people", f"There is no one called '{person_id}' in the book.",
                                "Use the name of a file in the people folder, without .yaml."))
    chapters = [c.id for c in book.ordered_chapters() if person_id in c.authors]
    if not chapters:
        raise BookError(Problem(person.file, f"{person.name} has no chapter of their own yet, so "
                                "there is nothing to review.", "Add them as an author of a "
                                "chapter first."))
    kinds = kinds or kinds_for(person)
    places = targets(output or save_here(book.root), kinds, person_id, book.root)
    progress(f"Putting together {_first_name(person)}'s chapters", 0, len(kinds) + 1)
    threads, _ = load_threads(book)
    waiting = [t for t in threads if t.is_open and t.to == person_id and t.chapter in chapters]
    check = publish_check(opened, now)
    shown = [c for c in chapters if not left_out_of(check, book.chapters[c])]
    waiting = [t for t in waiting if t.chapter in shown]  # never quote a withdrawn chapter
    note = _note(now, waiting)
    assembled = assemble_chapters(opened, check, chapters, note, "Review copy", _questions(
        book, waiting, permissions_from(check.standings)))
    saved, problems = [], []
    for done, kind in enumerate(kinds, 1):
        progress(f"Making the {KIND_WORDS[kind]}", done, len(kinds) + 1)
        target = places[kind]
        try:
            if kind == "easy-read":
                easy = easy_read_copy(opened, check, chapters, note, _questions(
                    book, waiting, permissions_from(check.standings)))
                data = render(easy.assembled, "pdf", book.root)
                if notes is not None:
                    notes.extend(_easy_notes(easy.long_sentences, [
                        book.chapters[c].title for c in easy.own_versions]))
            elif kind == "audio":
                data = read_aloud(render(assembled, "txt", book.root).decode("utf-8"))
            else:
                data = render(assembled, "docx" if kind == "docx" else "pdf", book.root,
                              large_print=kind == "large-print")
            saved.append(save_file(data, target, book.root))
            note_copy(book.root, person_id, kind,
                      {c: book.chapters[c].fingerprint for c in assembled.chapters})
        except BookError as error:
            problems += error.problems
    if not saved:
        raise BookError(problems)
    progress("Done", len(kinds) + 1, len(kinds) + 1)
    return saved, problems


def _note(now: datetime | None, waiting: list[Thread]) -> str:
    return (f"Your review copy, made on {made_on(now)}. This is your writing as it stands now, "
            "so you can check it." + (f" There {_are(len(waiting))} for you at the end."
                                      if waiting else ""))


def targets(output: Path, kinds: list[str], person_id: str, book_root: Path
            ) -> dict[str, Path]:
    """Where each copy goes. `output` is one file when one copy is made (its ending is added
    when missing; a wrong ending is refused), or a folder for several, or for one when it is a
    folder already; a missing folder is made. Places inside the book folder, a file where a
    folder is needed, and folders that cannot be written to are refused now, before anything
    is made."""
    output = output.expanduser().resolve()
    root = book_root.resolve()
    if output == root or root in output.parents:
        raise BookError(Problem(str(output), "Review copies are not saved inside the book "
                                "folder, so they can never take the place of the book's own "
                                "files.", "Choose a place outside the book folder."))
    names = {kind: f"{person_id}-review-copy{_ENDINGS[kind]}" for kind in kinds}
    if len(kinds) == 1 and not output.is_dir():
        [kind] = kinds
        ending = _ENDINGS[kind].rsplit(".", 1)[-1]
        if not output.suffix:
            output = output.with_name(f"{output.name}.{ending}")
        elif output.suffix.lower() != f".{ending}":
            raise BookError(Problem(str(output), f"A {KIND_WORDS[kind]} is saved in a file "
                                    f"ending .{ending}, not {output.suffix}.",
                                    f"Give a name ending .{ending}, or a folder to save in."))
        _writable(output.parent)
        return {kind: output}
    if output.exists() and not output.is_dir():
        raise BookError(Problem(str(output), f"{len(kinds)} copies are being made, so they need "
                                "a folder to go in, and this is a file.", "Give the name of a "
                                "folder (it is made if it does not exist yet)."))
    if output.suffix.lower() in {f".{e.rsplit('.', 1)[-1]}" for e in _ENDINGS.values()}:
        raise BookError(Problem(str(output), f"{len(kinds)} copies are being made, so they need "
                                f"a folder to go in, and this is the name of one file.",
                                "Give the name of a folder, or ask for one kind of copy."))
    _writable(output)
    return {kind: output / name for kind, name in names.items()}


def _writable(folder: Path) -> None:
    """Make the folder when it is missing; refuse a file in its place, or a folder that cannot
    be written to."""
    if any(p.exists() and not p.is_dir() for p in (folder, *folder.parents)):
        raise BookError(Problem(str(folder), "This is a file, not a folder to save in.",
                                "Choose a folder, or a file name inside one."))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError
        with tempfile.TemporaryFile(dir=folder):
            pass  # the surest test: write a file there
    except OSError:
        raise BookError(Problem(str(folder), "Copies cannot be saved in this folder: this "
                                "computer does not allow writing there.", "Choose another "
                                "folder, such as one in your Documents.")) from None


def _easy_notes(long_sentences: int, own_versions: list[str]) -> list[str]:
    said = ["The Easy Read copy uses the Easy Read version written of "
            + ", ".join(f"'{title}'" for title in own_versions) + "."] if own_versions else []
    if long_sentences:
        said.append(f"The Easy Read copy has {long_sentences} sentence"
                    f"{'s' if long_sentences != 1 else ''} of more than {LONGEST} words, marked "
                    "in the copy: make them shorter (in the chapter, or in an Easy Read version "
                    "of it) before sending it.")
    return said


def _first_name(person: Person) -> str:
    return person.name.split()[0] if person.name.split() else person.id


def _are(count: int) -> str:
    return "is 1 question or comment" if count == 1 else f"are {count} questions or comments"


def _questions(book: Book, threads: list[Thread], permissions: Permissions) -> str:
    """The open threads for the person, as a section to read at the end."""
    if not threads:
        return ""
    parts = ["# Questions and comments for you"]
    for thread in threads:
        first = thread.messages[0]
        name = _name(book, first.by, permissions)
        when = moment(first.when)
        said = f"{name} wrote" + (f" on {day_words(when.date())}" if when else "")
        about = book.chapters[thread.chapter].title
        parts.append(f"**About these words in '{about}':** “{_flat(thread.anchor.quote)}”\n\n"
                     f"{said}:\n\n> {_flat(first.text)}")
        if thread.kind is ThreadKind.SUGGESTION and thread.proposed is not None:
            parts.append(f"Suggested words: “{_flat(thread.proposed)}”. It is your choice "
                         "whether to use them.")
        parts += [f"{_name(book, m.by, permissions)} replied: {_flat(m.text)}"
                  for m in thread.messages[1:]]
    return "\n\n".join(parts)


def _name(book: Book, person_id: str, permissions: Permissions) -> str:
    person = book.people.get(person_id)
    return (printed_name(person, permissions) if person else None) or "Someone"


def _flat(text: str) -> str:
    return " ".join(text.split())


def read_aloud(text: str) -> bytes:
    """A WAV recording of the text read by espeak-ng, or a plain message when it is missing."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise BookError(Problem("espeak-ng", "An audio copy needs the free program espeak-ng, "
                                "which is not on this computer.", "Install espeak-ng (on Debian "
                                "or Ubuntu: sudo apt install espeak-ng), or make a large-print "
                                "or Word copy instead."))
    with tempfile.TemporaryDirectory(prefix="coauthor-audio-") as work:
        words, sound = Path(work) / "words.txt", Path(work) / "copy.wav"
        words.write_text(text, "utf-8")
        done = subprocess.run([program, "-v", "en-gb", "-s", _WORDS_PER_MINUTE, "-f", str(words),
                               "-w", str(sound)], capture_output=True, check=False)
        if done.returncode != 0 or not sound.is_file():
            log.info("espeak-ng failed: %s", done.stderr.decode("utf-8", "replace"))
            raise BookError(Problem("espeak-ng", "espeak-ng could not make the recording.",
                                    "Make a large-print or Word copy instead."))
        return sound.read_bytes()
