"""Export the whole book: check, assemble, render, check the file, save, with progress for
the window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from coauthor_desk.export.assemble import Assembled, assemble_book
from coauthor_desk.export.outputs import (
    FORMATS,
    WHAT,
    Progress,
    no_progress,
    render,
    save_file,
    save_here,
)
from coauthor_desk.manuscript.edit import slug
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook

STEPS = 4


def default_name(opened: OpenBook, to: str, draft: bool) -> str:
    """'our-words-our-care.docx', or '...-draft.docx' for a draft."""
    return f"{slug(opened.book.title) or 'book'}{'-draft' if draft else ''}.{to}"


def export_book(opened: OpenBook, to: str, output: Path | None = None, draft: bool = False,
                progress: Progress = no_progress, now: datetime | None = None
                ) -> tuple[Path, Assembled]:
    """Make the book as a DOCX, PDF or EPUB file; where it was saved, and what it holds.

    Refuses, with the plain list of what blocks publishing, unless the book is ready or this is
    a draft; a draft still leaves out withdrawn chapters and hidden names."""
    if to not in FORMATS:
        raise BookError(Problem(to, "CoAuthor Desk cannot make this kind of file.",
                                f"Choose one of: {', '.join(FORMATS)}."))
    progress("Checking agreements and putting the book together", 0, STEPS)
    assembled = assemble_book(opened, draft, now)
    progress("Book put together", 1, STEPS)
    progress(f"Making the {WHAT[to]}", 2, STEPS)
    data = render(assembled, to, opened.book.root)
    progress("Checking the file and saving it", 3, STEPS)
    root = opened.book.root
    path = save_file(data, output or save_here(root) / default_name(opened, to, draft), root,
                     to, assembled.left_out)
    progress("Done", STEPS, STEPS)
    return path, assembled
