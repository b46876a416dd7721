"""Which part of the Word file is the chapter, and what its title is.

A file may be the chapter alone, or the app's review copy of it (with the book's title, a note
at the top, bylines and questions at the end), or a review copy of several chapters. This finds
the chapter's own blocks, takes its title heading out and puts its headings back at the
chapter's levels, and refuses a file that plainly holds another chapter.
"""

from __future__ import annotations

from typing import Any

from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.word_import.pandoc_tree import headers, is_span, nodes, plain
from coauthor_desk.word_import.styles import (
    BOX_STYLES,
    DETAILS_STYLES,
    is_contents,
    is_dropped,
    left_out_note,
    style,
    unexpected_words,
)
from coauthor_desk.word_import.wording import (
    comparable,
    listed,
    plural,
    straight_quotes,
    was,
)

QUESTIONS_HEADING = "questions and comments for you"  # the end of a review copy


def chapter_blocks(book: Book, tree: dict[str, Any], chapter: Chapter | None,
                   chapter_id: str, file_name: str) -> tuple[list[Any], str, list[str]]:
    """The blocks of the chapter in the Word file, with its title heading taken out and its
    headings back at the chapter's levels; the chapter's title; notes for the person."""
    blocks, lost, typed, contents = _flatten_top(tree["blocks"])
    notes: list[str] = []
    if contents:
        lines = listed([f"“{' '.join(line.split())}”" for line in contents])
        notes.append("The Word file's list of contents was left out, as the book makes its own "
                     f"from the chapters' headings: {lines}.")
    if lost:
        notes.append(f"{len(lost)} comment{plural(len(lost))} on parts of the Word file that "
                     "are not the chapter (such as the note at the top of a review copy) "
                     f"{was(len(lost))} left out: {listed([f'“{c}”' for c in lost])}."
                     " Add them in the app if they are still wanted.")
    notes += left_out_note(typed)
    blocks = _slice(book, blocks, chapter, chapter_id, file_name)
    meta = tree.get("meta", {})
    word_title = plain(meta.get("title", {}).get("c", []))
    abstract: list[Any] = []
    if same_title(word_title, book.title):
        word_title = ""  # a review copy or the book's export: the book's title, not this chapter's
    else:
        abstract, told = _details(meta)
        notes += told
    found = [i for i, b in enumerate(blocks) if b.get("t") == "Header"]
    first = found[0] if found else None
    title = chapter.title if chapter else ""
    drop = False
    if first is not None:
        heading = plain(blocks[first]["c"][2])
        level = blocks[first]["c"][0]
        deeper = len(found) > 1 and all(blocks[i]["c"][0] > level for i in found[1:])
        on_top = plain(blocks[:first]) == ""  # no words above it
        structural = level == 1 and deeper and on_top
        if chapter is not None:
            drop = same_title(heading, chapter.title) or structural
            if drop and not same_title(heading, chapter.title) and heading:
                notes.append(f"The Word file gives the chapter the title '{heading}'. The "
                             f"chapter keeps its title '{chapter.title}'; change it in the "
                             "chapter's details if the new one is wanted.")
        else:
            if word_title and same_title(heading, word_title):
                drop = True
            elif not word_title and on_top and (deeper or len(found) == 1):
                word_title, drop = heading, True
    if chapter is not None and word_title and not same_title(word_title, chapter.title) \
            and not (first is not None and same_title(plain(blocks[first]["c"][2]), word_title)):
        notes.append(f"The Word file gives the chapter the title '{word_title}'. The chapter "
                     f"keeps its title '{chapter.title}'; change it in the chapter's details if "
                     "the new one is wanted.")
    if chapter is None:
        title = word_title or chapter_id.replace("-", " ").replace("_", " ").strip().capitalize()
    if drop and first is not None:
        del blocks[first]
        if all(header["c"][0] >= 2 for header in headers(blocks)):
            for header in headers(blocks):
                header["c"][0] -= 1
    return abstract + blocks, title, notes


def _details(meta: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """What the person wrote at the top of their file in Word's Abstract, Subtitle, Author and
    Date styles (pandoc reads them as the file's details): the abstract's paragraphs, which
    come into the chapter first, and a note naming the rest, which the chapter keeps in its
    details (its authors) or not at all."""
    found = meta.get("abstract")
    abstract: list[Any] = []
    if isinstance(found, dict) and found.get("t") == "MetaBlocks":
        abstract = found["c"]
    elif isinstance(found, dict) and found.get("t") == "MetaInlines":
        abstract = [{"t": "Para", "c": found["c"]}]
    told = []
    for key, words in (("subtitle", "a subtitle"), ("author", "an author line"),
                       ("date", "a date")):
        value = meta.get(key)
        items = value["c"] if isinstance(value, dict) and value.get("t") == "MetaList" else [
            value]
        text = "; ".join(plain(item.get("c", [])) for item in items if isinstance(item, dict))
        if text.strip():
            told.append(f"{words} (“{text.strip()}”)")
    if not told:
        return abstract, []
    they = "It was" if len(told) == 1 else "They were"
    return abstract, [f"The Word file has {listed(told)} at the top. {they} not added to the "
                      "chapter's words: its authors are in the chapter's details. Add "
                      f"{'it' if len(told) == 1 else 'them'} to the chapter by hand if "
                      f"{'it belongs' if len(told) == 1 else 'they belong'} in its text."]


def made_by_the_app(book: Book, tree: dict[str, Any]) -> bool:
    """Whether the file is one of the app's review copies or exports of this book (its title
    is the book's)."""
    return same_title(plain(tree.get("meta", {}).get("title", {}).get("c", [])), book.title)


def same_title(a: str, b: str) -> bool:
    """Whether two titles are the same, whatever Word did to their quotes and capitals."""
    def normal(text: str) -> str:
        return comparable(straight_quotes(text)).rstrip(".")
    return normal(a) == normal(b)


def _flatten_top(blocks: list[Any]) -> tuple[list[Any], list[str], list[str], list[str]]:
    """The top level of the document with the parts that are not the chapter taken out and
    plain styled paragraphs unwrapped, so that its headings can be seen; the words of the
    comments in the parts taken out, words in them the app did not write there, and the lines
    of a contents list."""
    out: list[Any] = []
    comments: list[str] = []
    typed: list[str] = []
    contents: list[str] = []
    for block in blocks:
        kind = style(block)
        if is_dropped(block) or (kind in DETAILS_STYLES and not plain(out)):
            comments += [plain(n["c"][1]) for n in nodes(block) if is_span(n, "comment-start")]
            typed += unexpected_words(block)
            contents += [plain(block)] if is_contents(block) else []
            continue
        if kind is not None and kind not in BOX_STYLES:
            inner, more, extra, listed_ = _flatten_top(block["c"][1])
            out += inner
            comments += more
            typed += extra
            contents += listed_
            continue
        out.append(block)
    return out, comments, typed, contents


def _slice(book: Book, blocks: list[Any], chapter: Chapter | None, chapter_id: str,
           file_name: str) -> list[Any]:
    """The part of the file that is this chapter, when the file holds several (a review copy of
    someone's chapters), or refuse when it plainly holds another chapter."""
    titles = {c.id: c.title for c in book.ordered_chapters()}
    found: list[tuple[int, str]] = []  # (block, chapter id) of level-one headings
    ends: list[int] = []
    for index, block in enumerate(blocks):
        if block.get("t") != "Header" or block["c"][0] != 1:
            continue
        words = plain(block["c"][2])
        if same_title(words, QUESTIONS_HEADING):
            ends.append(index)
        for other, title in titles.items():
            if same_title(words, title):
                found.append((index, other))
                break
    mine = [index for index, other in found if other == chapter_id]
    others = [(index, other) for index, other in found if other != chapter_id]
    first_heading = next((i for i, b in enumerate(blocks) if b.get("t") == "Header"), None)
    if not mine and others and others[0][0] == first_heading:
        named = listed([f"'{titles[o]}' ({o})" for _, o in others])
        target = f"the chapter '{chapter.title}'" if chapter else "a new chapter"
        raise BookError(Problem(file_name, f"This Word file holds {named}, not {target}, so "
                                "nothing was brought in.", "Check the chapter named with "
                                "--chapter: to bring in a new version of a chapter, use its "
                                "id; a new chapter needs a new name."))
    if not mine:
        return blocks[:ends[0]] if ends else blocks
    start = mine[0]
    if not any(index < start for index, _ in others):
        start = 0  # the words above the title, if any, are the author's
    end = min([i for i in ends if i > mine[0]] + [i for i, _ in others if i > mine[0]]
              + [len(blocks)])
    return blocks[start:end]
