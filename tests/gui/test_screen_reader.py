"""The window as a screen reader meets it: through AT-SPI on a real (virtual) X screen, pressing
Tab as a blind person would, every control reached says what it is and what it is called, and
the chapter's words can be read. test_accessibility.py checks names inside Qt; this checks what
actually reaches a screen reader, in a separate process, as Orca would get it.

The contributor's review window is walked too, on its Suggested changes part, reached with
Ctrl+2 as a person at the keyboard would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from screen_reader import (
    controls_reached,
    goes_round,
    orca_available,
    screen_reader_available,
    texts,
    unnamed_or_vague,
    walk_window,
)

pytestmark = pytest.mark.skipif(screen_reader_available() is not None,
                                reason=screen_reader_available() or "")

COAUTHOR_DESK = str(Path(sys.executable).with_name("coauthor-desk"))
TABS = 40


def first_words(chapter: Path, count: int = 6) -> str:
    """The opening words of a chapter's first paragraph (after its front matter and heading),
    which the chapter editor shows once the book has loaded."""
    body = chapter.read_text(encoding="utf-8").split("---", 2)[-1]
    paragraph = next(line for line in body.splitlines() if line.strip()
                     and not line.startswith("#"))
    return " ".join(paragraph.split()[:count])


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh example book, made as a person would make one."""
    folder = tmp_path_factory.mktemp("screen-reader") / "book"
    subprocess.run([COAUTHOR_DESK, "example", str(folder)], check=True, capture_output=True)
    return folder


# A wide screen shows the book's lists as a row of tabs; a narrow one as a list of their names.
SCREENS = {"wide": "1920x1080x24", "narrow": "1024x768x24"}
# The controls Tab reaches in the editor window; everything else is in its menus and tabs.
EDITOR_CONTROLS = 6


@pytest.fixture(scope="module", params=sorted(SCREENS))
def editor_walk(request: pytest.FixtureRequest, book: Path) -> dict[str, Any]:
    """One walk of the editor window on each screen, shared by the checks below (each walk
    takes some seconds)."""
    walk = walk_window([COAUTHOR_DESK, "open", str(book)],
                       ready_text=first_words(book / "chapters" / "01-introduction.md"),
                       tabs=TABS, size=SCREENS[request.param])
    return {**walk, "screen": request.param}


def test_every_control_tab_reaches_has_a_name_and_a_role(editor_walk: dict[str, Any]) -> None:
    assert editor_walk["stops"][0] is not None, "nothing had the focus when the window opened"
    assert unnamed_or_vague(editor_walk) == [], unnamed_or_vague(editor_walk)


def test_the_chapter_text_can_be_read(editor_walk: dict[str, Any], book: Path) -> None:
    words = first_words(book / "chapters" / "01-introduction.md", 12)
    assert any(words in text for text in texts(editor_walk)), texts(editor_walk)


def test_tab_goes_round_the_whole_window(editor_walk: dict[str, Any], book: Path) -> None:
    assert goes_round(editor_walk), controls_reached(editor_walk)
    assert len(controls_reached(editor_walk)) >= EDITOR_CONTROLS, controls_reached(editor_walk)
    words = first_words(book / "chapters" / "01-introduction.md", 12)
    assert any(stop and stop["role"] == "text" and words in (stop["text"] or "")
               for stop in editor_walk["stops"]), controls_reached(editor_walk)


def test_the_list_in_place_of_the_tabs_says_what_it_is(editor_walk: dict[str, Any]) -> None:
    # On Linux Qt names a list of choices by its chosen item ("Waiting"), so a screen reader
    # says what the list is for from the label it belongs to.
    lists = [stop for stop in editor_walk["stops"] if stop and stop["role"] == "combo box"]
    assert lists or editor_walk["screen"] == "wide", controls_reached(editor_walk)
    for stop in lists:
        assert any("Show in this pane" in label for label in stop["labels"]), stop


# The co-author's sentence, and the shorter one an editor suggested in its place.
JEANS_WORDS = "About six years ago he began to forget things."
SUGGESTED = "He began forgetting things six years ago."
# Tab reaches at least these in the Suggested changes part and around it.
REVIEW_CONTROLS = 8


@pytest.fixture(scope="module")
def review_walk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Jean's review window, walked from its Suggested changes part: an editor (Helen) saved a
    shorter sentence in place of one of Jean's, which waits for Jean as a suggested change."""
    folder = tmp_path_factory.mktemp("review-walk")
    book = folder / "book"
    subprocess.run([COAUTHOR_DESK, "example", str(book)], check=True, capture_output=True)
    chapter = book / "chapters" / "03-caring-for-ron.md"
    words = chapter.read_text(encoding="utf-8")
    assert JEANS_WORDS in words
    edited = folder / "03-caring-for-ron.md"
    edited.write_text(words.replace(JEANS_WORDS, SUGGESTED), encoding="utf-8")
    subprocess.run([COAUTHOR_DESK, "save", str(book), "03-caring-for-ron", "--from",
                    str(edited), "--by", "helen-marsh", "--reason", "Shorter"],
                   check=True, capture_output=True)
    return walk_window([COAUTHOR_DESK, "review", str(book), "--as", "jean-thornton"],
                       title="review", ready_text=SUGGESTED, keys=["ctrl+2"], tabs=TABS,
                       roles=("text", "label"))


def test_the_review_window_can_be_gone_round_by_name(review_walk: dict[str, Any]) -> None:
    assert review_walk["stops"][0] is not None, "nothing had the focus after Ctrl+2"
    assert unnamed_or_vague(review_walk) == [], unnamed_or_vague(review_walk)
    reached = controls_reached(review_walk)
    assert goes_round(review_walk), reached
    assert len(reached) >= REVIEW_CONTROLS, reached
    for button in ("Use the new words", "Keep my words", "Talk about it"):
        assert f"push button {button!r}" in reached, reached


def test_the_suggestion_can_be_read(review_walk: dict[str, Any]) -> None:
    boxes = {item["name"]: item["text"] or "" for item in review_walk["tree"]}
    assert SUGGESTED in boxes.get("The suggested words", ""), boxes
    assert JEANS_WORDS in boxes.get("Your words now", ""), boxes


@pytest.mark.skipif(orca_available() is not None, reason=orca_available() or "")
def test_orca_says_the_window_and_where_the_focus_ends(book: Path, tmp_path: Path) -> None:
    # Orca speaks only the newest focus when Tab moves faster than it talks, as it does for a
    # person, so the control it must have said is the one the focus ended on.
    log = tmp_path / "orca-debug.out"
    walk = walk_window([COAUTHOR_DESK, "open", str(book)], tabs=8, orca_log=log,
                       ready_text=first_words(book / "chapters" / "01-introduction.md"))
    said = "\n".join(line.split("SPEECH OUTPUT: ", 1)[1] for line in
                     log.read_text(encoding="utf-8", errors="replace").splitlines()
                     if "SPEECH OUTPUT: " in line)
    assert walk["window"] in said, f"{log}: {said}"
    last = walk["stops"][-1]
    assert last is not None and last["name"] in said, f"{log}: {last} not in {said}"
