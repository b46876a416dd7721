"""The one place that runs pandoc: the copy shipped inside the pypandoc-binary wheel.

Pandoc runs without a shell, in sandbox mode (it may read only the files we name on its
command line), so nothing a book folder holds can make it read or run anything else.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

from coauthor_desk.problems import BookError, Problem

log = logging.getLogger(__name__)


def pandoc_program() -> str:
    """The pandoc program to run, or a plain message saying how to get it."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as error:
        log.info("pandoc not found: %s", error)
        raise BookError(Problem(
            "pandoc", "CoAuthor Desk could not find pandoc, which it uses to make Word and "
            "e-book files.", "Install CoAuthor Desk again with pip; it brings pandoc with it.")
        ) from None


def run_pandoc(arguments: list[str], text: str | None = None, what: str = "the book",
               folder: Path | None = None, pictures: Path | None = None) -> bytes:
    """Run pandoc with these arguments (and `text` on its input); what it printed, as bytes.

    `what` names the file being made or read, for the message when pandoc fails; `pictures`
    is the list of pictures our filter may give pandoc (see export/pictures.py)."""
    command = [pandoc_program(), "--sandbox", *arguments]
    environment = {**os.environ, "COAUTHOR_PICTURES": str(pictures)} if pictures else None
    done = subprocess.run(command, input=None if text is None else text.encode("utf-8"),
                          capture_output=True, cwd=folder, check=False, env=environment)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        log.info("pandoc failed (%s): %s", done.returncode, detail)
        raise BookError(_problem(detail, what))
    return done.stdout


def _problem(detail: str, what: str) -> Problem:
    """Pandoc's complaint in plain words, naming the book's own file when it is to blame."""
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    bibliography = re.match(r"Error reading bibliography file (\S+?):?$", lines[0] if lines else "")
    if bibliography:
        where = " ".join(lines[1:]).replace("(", "").replace("):", ":")
        return Problem(bibliography.group(1), f"The list of references could not be read, "
                       f"at {where}.", "Check that every entry is complete and its braces are "
                       "closed, around the line named.")
    return Problem(what, "Pandoc could not make the file. It said: "
                   f"{lines[0] if lines else 'nothing'}", "Check the chapter text near "
                   "what it names, then try again.")
