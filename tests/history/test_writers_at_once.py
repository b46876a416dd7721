"""Three people save into one book at the same moment from the command line, 30 times over.

Three writers run side by side, each starting a new `coauthor-desk` process for each of its 30
rounds: two record agreements (one as the person themself, one written down by an editor on
someone's behalf) and one leaves comments. They drift in and out of step, so their saves meet
at every moment of a save. Every command must succeed (waiting for the others when it has to),
every record must land in the history, and nobody may be told to delete a lock or be shown a
traceback.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import yaml

ROUNDS = 30
CHAPTER = "09-keeping-my-independence"
GIT = ["git", "-c", "core.hooksPath=/dev/null"]


def _writers(book: Path, quote: str, to: str, round_: int) -> dict[str, list[str]]:
    return {
        "jean agrees": ["agree", str(book), "--person", "jean-thornton", "--use", "named",
                        "--note", f"round {round_}"],
        "kwame agrees, by phone": ["agree", str(book), "--person", "kwame-mensah", "--use",
                                   "named", "--on-behalf-by", "helen-marsh", "--how", "phone",
                                   "--note", f"round {round_}"],
        "david comments": ["comment", str(book), CHAPTER, "--quote", quote, "--to", to,
                           "--text", f"Round {round_}: is this right?", "--by", "david-lowe"],
    }


def _files(book: Path, folder: str) -> set[str]:
    listed = subprocess.run([*GIT, "ls-tree", "-r", "--name-only", "HEAD", "--", folder],
                            cwd=book, capture_output=True, text=True, check=True).stdout
    return set(listed.split())


def _quote_and_author(book: Path) -> tuple[str, str]:
    text = (book / "chapters" / f"{CHAPTER}.md").read_text("utf-8")
    _, details, body = text.split("---\n", 2)
    line = next(line for line in body.split("\n") if len(line.split()) > 10)
    quote = " ".join(line.split()[:6])
    assert body.count(quote) == 1, quote
    return quote, yaml.safe_load(details)["authors"][0]


def test_three_writers_at_once_every_record_lands_and_nobody_is_told_to_delete_a_lock(
        example_book: Path) -> None:
    book = example_book
    quote, author = _quote_and_author(book)
    before = {folder: _files(book, folder) for folder in
              ("agreements/jean-thornton", "agreements/kwame-mensah", f"feedback/{CHAPTER}")}
    versions_before = int(subprocess.run([*GIT, "rev-list", "--count", "HEAD"], cwd=book,
                                         capture_output=True, text=True, check=True).stdout)
    failures: list[str] = []

    def write(who: str) -> None:
        """One writer: its command, 30 times in a row, each in a new process."""
        for round_ in range(1, ROUNDS + 1):
            argv = _writers(book, quote, author, round_)[who]
            done = subprocess.run([sys.executable, "-m", "coauthor_desk.cli", *argv],
                                  capture_output=True, text=True, timeout=120, check=False)
            lowered = (done.stdout + done.stderr).lower()
            if done.returncode != 0 or "traceback" in lowered or \
                    "something went wrong" in lowered or ("delete" in lowered and
                                                          "lock" in lowered):
                failures.append(f"round {round_}, {who}: exit {done.returncode}: "
                                f"{done.stderr.strip()}")

    writers = [threading.Thread(target=write, args=(who,))
               for who in _writers(book, quote, author, 0)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert not failures, f"{len(failures)} of {3 * ROUNDS} commands went wrong:\n" + \
        "\n".join(failures[:20])

    # Every record is in the history: thirty new files in each place, one version each.
    for folder, files in before.items():
        added = _files(book, folder) - files
        assert len(added) == ROUNDS, (folder, len(added))
    versions = int(subprocess.run([*GIT, "rev-list", "--count", "HEAD"], cwd=book,
                                  capture_output=True, text=True, check=True).stdout)
    assert versions - versions_before == 3 * ROUNDS
    notes = {yaml.safe_load((book / path).read_text("utf-8")).get("note")
             for folder in ("agreements/jean-thornton", "agreements/kwame-mensah")
             for path in _files(book, folder) - before[folder]}
    assert {f"round {n}" for n in range(1, ROUNDS + 1)} <= notes
    # Nothing written and left unsaved, and the history is whole.
    assert subprocess.run([*GIT, "status", "--porcelain", "--untracked-files=all"], cwd=book,
                          capture_output=True, text=True, check=True).stdout == ""
    fsck = subprocess.run([*GIT, "fsck", "--no-dangling", "--no-progress"], cwd=book,
                          capture_output=True, text=True, check=False)
    assert fsck.returncode == 0 and not (fsck.stdout + fsck.stderr).strip(), fsck
