"""Properties of owned words, over random edits (hypothesis):
- others' edits never change the owner's words: what is saved is the owner's text;
- the suggestions made, all used, give back exactly the edit that was made;
- after the owner's own edits elsewhere, each suggestion still finds its own words, or says it
  no longer can; it never lands on other words;
- using a suggestion (for real, through the history) changes only its own sentences."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Message, Thread, ThreadKind, ThreadState
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Book
from coauthor_desk.review.acting import Acting
from coauthor_desk.review.decide import Choice, decide
from coauthor_desk.review.owned_edits import split_edit
from coauthor_desk.review.queue import place_of
from coauthor_desk.review.suggest import save_edit
from coauthor_desk.session import open_book

WORDS = ["care", "home", "nurse", "tea", "bus", "letter", "garden", "doctor", "winter", "song"]

# A chapter: paragraphs of sentences, each sentence unique (it carries a number) so that "the
# right words" can be checked by the words themselves.
sentence_words = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6)
chapters = st.lists(st.lists(sentence_words, min_size=1, max_size=4), min_size=1, max_size=4)
# An edit: for some sentences, what happens to them.
actions = st.sampled_from(["reword", "drop", "add-after", "keep", "keep", "keep"])


def _text(paragraphs: list[list[str]]) -> str:
    return "\n# A heading\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def _sentences(shape: list[list[list[str]]]) -> list[list[str]]:
    count = 0
    paragraphs = []
    for paragraph in shape:
        sentences = []
        for words in paragraph:
            count += 1
            sentences.append(f"{words[0].capitalize()} {' '.join(words[1:])} number{count}.")
        paragraphs.append(sentences)
    return paragraphs


def _edit(paragraphs: list[list[str]], plan: list[str], tag: str) -> list[list[str]]:
    """The paragraphs with each sentence reworded, dropped, followed by a new one, or kept."""
    out, step = [], 0
    for paragraph in paragraphs:
        sentences = []
        for sentence in paragraph:
            action = plan[step % len(plan)] if plan else "keep"
            step += 1
            if action == "reword":
                sentences.append(sentence.replace(" ", f" {tag} ", 1))
            elif action == "add-after":
                sentences += [sentence, f"Also {tag} thing{step}."]
            elif action == "keep":
                sentences.append(sentence)
        out.append(sentences or [f"Only {tag} left{len(out)}."])
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, _example_master: Path) -> Book:
    folder = tmp_path_factory.mktemp("property") / "book"
    shutil.copytree(_example_master, folder, symlinks=True)
    return load_book(folder)


CHAPTER = "03-caring-for-ron"  # Jean Thornton's; Helen Marsh is an editor


def _with_body(book: Book, body: str) -> Book:
    chapters = dict(book.chapters)
    chapters[CHAPTER] = replace(book.chapters[CHAPTER], body=body)
    return replace(book, chapters=chapters)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=chapters, by_editor=st.lists(actions, min_size=1, max_size=8),
       by_owner=st.lists(actions, min_size=1, max_size=8))
def test_others_edits_become_suggestions_that_find_their_own_words(
        book: Book, shape: list[list[list[str]]], by_editor: list[str],
        by_owner: list[str]) -> None:
    paragraphs = _sentences(shape)
    old = _text(paragraphs)
    new = _text(_edit(paragraphs, by_editor, "editor"))
    before = _with_body(book, old)
    split = split_edit(before, before.chapters[CHAPTER], new, "helen-marsh")

    # The owner's words are what is saved.
    assert split.body == old
    # Every suggestion is about the owner's words, and all of them used give the edit back.
    used = old
    for offered in reversed(split.offered):
        assert offered.owners == ("jean-thornton",)
        start = len(offered.anchor.prefix) if not offered.anchor.prefix else \
            used.index(offered.anchor.prefix + offered.anchor.quote) + len(offered.anchor.prefix)
        assert used[start:start + len(offered.anchor.quote)] == offered.anchor.quote
        used = used[:start] + offered.proposed + used[start + len(offered.anchor.quote):]
    assert used == new

    # The owner then changes other sentences: each suggestion still finds its own words
    # (they are unique), or says it no longer can because they changed.
    later = _text(_edit(paragraphs, by_owner, "owner"))
    after = _with_body(book, later)
    for number, offered in enumerate(split.offered):
        thread = Thread(f"t{number}", f"feedback/{CHAPTER}/t{number}.yaml", CHAPTER,
                        offered.anchor, ThreadKind.SUGGESTION, "jean-thornton", ThreadState.OPEN,
                        (Message("helen-marsh", "2026-01-01T00:00:00+00:00", "why"),),
                        offered.proposed)
        place = place_of(after, thread)
        if offered.anchor.quote in later:
            assert place is not None and later[place.start:place.end] == offered.anchor.quote, \
                (by_owner, later, offered.anchor)
        else:
            assert place is None


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(shape=chapters, by_editor=st.lists(actions, min_size=1, max_size=6),
       pick=st.integers(min_value=0, max_value=20))
def test_on_disk_the_owners_words_stay_until_they_use_one_which_changes_only_itself(
        example_book: Path, tmp_path_factory: pytest.TempPathFactory,
        shape: list[list[list[str]]], by_editor: list[str], pick: int) -> None:
    folder = tmp_path_factory.mktemp("disk") / "book"
    shutil.copytree(example_book, folder, symlinks=True)
    paragraphs = _sentences(shape)
    old, new = _text(paragraphs), _text(_edit(paragraphs, by_editor, "editor"))
    save_edit(open_book(folder), CHAPTER, old, "jean-thornton")
    chapter_file = folder / "chapters" / f"{CHAPTER}.md"
    mine = chapter_file.read_bytes()
    made = save_edit(open_book(folder), CHAPTER, new, "helen-marsh").suggested
    assert chapter_file.read_bytes() == mine
    if not made:
        assert old == new
        return
    thread = made[pick % len(made)]
    opened = open_book(folder)
    with pytest.raises(Exception, match="Only Jean Thornton can decide"):
        decide(opened, thread.id, Choice.USE, Acting("helen-marsh"))
    assert chapter_file.read_bytes() == mine
    decide(opened, thread.id, Choice.USE, Acting("jean-thornton"))
    body = load_book(folder).chapters[CHAPTER].body
    start = old.index(thread.anchor.prefix + thread.anchor.quote) + len(thread.anchor.prefix)
    assert body == old[:start] + (thread.proposed or "") + old[start + len(thread.anchor.quote):]
    others = [t for t in load_threads(load_book(folder))[0] if t.id != thread.id
              and t.kind is ThreadKind.SUGGESTION and t.chapter == CHAPTER and t.is_open]
    assert len(others) == len(made) - 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=chapters, by_author=st.lists(actions, min_size=1, max_size=8),
       box_at=st.integers(min_value=0, max_value=6))
def test_an_authors_quick_save_splits_as_the_full_reading_does(
        book: Book, shape: list[list[list[str]]], by_author: list[str], box_at: int) -> None:
    """An author's save skips reading the Markdown when the change is plainly outside every
    box: it must come out exactly as the full reading would, box or no box."""
    from coauthor_desk.review import owned_edits

    paragraphs = _sentences(shape)
    old_blocks = [" ".join(p) for p in paragraphs]
    new_blocks = [" ".join(p) for p in _edit(paragraphs, by_author, "author")]
    box = "::: {.commentary author=\"helen-marsh\"}\nThe editor's own note here.\n:::"
    place = box_at % (len(old_blocks) + 1)
    old_blocks.insert(place, box)
    new_blocks.insert(min(place, len(new_blocks)), box)
    old, new = "\n\n".join(old_blocks) + "\n", "\n\n".join(new_blocks) + "\n"
    before = _with_body(book, old)
    quick = split_edit(before, before.chapters[CHAPTER], new, "jean-thornton")
    full_reading = owned_edits._outside_boxes
    owned_edits._outside_boxes = lambda _old, _new: False  # type: ignore[assignment]
    try:
        full = split_edit(before, before.chapters[CHAPTER], new, "jean-thornton")
    finally:
        owned_edits._outside_boxes = full_reading
    assert quick.body == full.body
    assert [(o.anchor, o.proposed) for o in quick.offered] == \
        [(o.anchor, o.proposed) for o in full.offered]
