"""Review copies: a contributor's own chapters, with the questions waiting for them, in the form
they can use — large print, a Word file, or read aloud.

A copy follows the person's access needs unless asked for one kind. It honours agreements and
hidden names exactly as the book export does (it is assembled by the same code).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from coauthor_desk.agreements.publish import permissions_from, publish_check
from coauthor_desk.credits.names import printed_name
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.export.assemble import assemble_chapters, left_out_of, made_on
from coauthor_desk.export.outputs import Progress, no_progress, render, save_file, save_here
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.manuscript.model import Book, Person
from coauthor_desk.plain.feedback import Kind, Thread, load_threads
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook
from coauthor_desk.waiting import note_copy

log = logging.getLogger(__name__)
KINDS = ("large-print", "audio", "docx", "pdf")
# Which kind of copy meets which access need; anyone else gets a standard PDF.
_FOR_NEED = {"large-print": "large-print", "audio": "audio", "word-files": "docx"}
_ENDINGS = {"large-print": "-large-print.pdf", "audio": ".wav", "docx": ".docx", "pdf": ".pdf"}
KIND_WORDS = {"large-print": "large-print PDF", "audio": "recording, read aloud",
              "docx": "Word file", "pdf": "PDF"}
_WORDS_PER_MINUTE = "150"


def kinds_for(person: Person) -> list[str]:
    """The copies that meet this person's access needs, in a steady order."""
    wanted = {_FOR_NEED[need] for need in person.access_needs if need in _FOR_NEED}
    return [kind for kind in KINDS if kind in wanted] or ["pdf"]


def review_copies(opened: OpenBook, person_id: str, kinds: list[str] | None = None,
                  output: Path | None = None, progress: Progress = no_progress,
                  now: datetime | None = None) -> tuple[list[Path], list[Problem]]:
    """Make this person's review copies: where each was saved, and a plain problem for each
    copy that could not be made (an audio copy without espeak-ng) while the others were.

    `output` is the file to save (for one copy) or the folder to save in (default: here)."""
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
        target = _target(output or save_here(book.root), len(kinds),
                         f"{person_id}-review-copy{_ENDINGS[kind]}")
        try:
            if kind == "audio":
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


def _target(output: Path, count: int, name: str) -> Path:
    if output.is_dir() or count > 1:
        return output / name
    return output


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
        if thread.kind is Kind.SUGGESTION and thread.proposed is not None:
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
