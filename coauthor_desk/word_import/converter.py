"""The walk through the Word file's tree that decides what becomes of each tracked change,
comment, box and picture.

"Your words, your say": a change made by the owner of the words is made; anyone else's is kept
aside, the text keeping the words as they were, to become a suggested change the owner decides
on. Comments and the places of changes are marked in the tree (see markers) so that threads
can be pinned to the right words once pandoc has written the Markdown.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coauthor_desk.manuscript.model import Book
from coauthor_desk.word_import.markers import is_mark, mark, mark_of, squeeze, trim
from coauthor_desk.word_import.pandoc_tree import (
    BLOCK_KINDS,
    CHANGES,
    COMMENT_MARKS,
    INLINE_KINDS,
    PARAGRAPH_MARKS,
    TEXT_BLOCKS,
    attributes,
    classes,
    inlines_of,
    is_space,
    is_span,
    nodes,
    plain,
    set_inlines,
)
from coauthor_desk.word_import.plain_attributes import plain_attributes
from coauthor_desk.word_import.regions import Region, find_regions
from coauthor_desk.word_import.resolve import resolved
from coauthor_desk.word_import.styles import (
    COMMENTARY,
    Boxes,
    box_class,
    commentary_owners,
    left_out_note,
)
from coauthor_desk.word_import.word_names import WordNames
from coauthor_desk.word_import.wording import plural, was


@dataclass
class Change:
    """Someone else's tracked change: words they took out (left in the text, between markers)
    and words they put in (kept aside as a fragment)."""

    number: int
    by: str
    when: str
    owners: list[str]
    took_out: bool = False
    put_in: list[Any] = field(default_factory=list)  # inlines, or blocks for a paragraph
    paragraphs: bool = False  # whole paragraphs were put in
    space_before: bool = False  # words put in between words: a space on that side
    space_after: bool = False
    region: list[str] = field(default_factory=list)  # a part decided whole: what happened there
    others: list[str] = field(default_factory=list)  # anyone else with changes in that part


@dataclass
class Comment:
    """A Word comment, marked in the tree by its number."""

    number: int
    word_id: str
    by: str
    when: str
    text: str
    owners: list[str]


class Converter:
    """Turns the Word file's tree into the chapter's: owners' changes made, other people's kept
    aside as suggestions, comments and boxes marked, Word's styles and pictures dropped."""

    def __init__(self, book: Book, name_of: WordNames, owners: list[str],
                 box_authors: list[str | None]) -> None:
        self.book = book
        self.name_of = name_of
        self.owners = owners
        self.boxes = Boxes(box_authors)
        self.changes: dict[int, Change] = {}
        self.comments: list[Comment] = []
        self._numbers = itertools.count()
        self._last_paragraphs: tuple[list[Any], int] | None = None  # (blocks, change number)
        self.fragments: dict[int, list[Any]] = {}  # change number -> inlines or blocks
        self.accepted = 0
        self.pictures = 0

    def notes(self) -> list[str]:
        told = left_out_note(self.boxes.typed)
        if not self.pictures:
            return told
        return told + [f"{self.pictures} picture{plural(self.pictures)} in the Word file "
                f"{was(self.pictures)} left out: the chapter holds words only. Send pictures "
                "to the editors separately."]

    # Blocks --------------------------------------------------------------------------------------
    def convert(self, blocks: list[Any]) -> list[Any]:
        done = plain_attributes(self._blocks(blocks, self.owners))
        for fragment in self.fragments.values():
            plain_attributes(fragment)
        return done

    def _blocks(self, blocks: list[Any], owners: list[str]) -> list[Any]:
        out: list[Any] = []
        blocks = self.boxes.restyle(blocks)
        regions = {r.start: r for r in find_regions(blocks, self._owner_test(owners), lambda b: (
            self._inserted_paragraph(b, owners) is not None or self._deleted_paragraph(b, owners)))}
        skip_to = -1
        for index, block in enumerate(blocks):
            if index <= skip_to:
                continue
            if index in regions:
                region = regions[index]
                out += self._region(blocks[region.start:region.end + 1], region, owners)
                skip_to = region.end
                continue
            kind = block.get("t")
            if kind == "RawBlock":
                continue
            if kind == "Div" and box_class(block):
                block["c"][1] = self._blocks(block["c"][1], self._box_owners(block, owners))
                out.append(block)
                continue
            inserted = self._inserted_paragraph(block, owners)
            if inserted is not None:
                self._paragraph_insertion(out, block, inserted, owners)
                continue
            if kind in TEXT_BLOCKS:
                inlines = trim(self._inlines(inlines_of(block), owners))
                set_inlines(block, inlines)
                if all(is_mark(n) for n in inlines):
                    if not inlines:
                        continue
                    block = {"t": "Para", "c": inlines}  # only markers: a place, not a paragraph
                out.append(block)
                continue
            out.append(self._walk(block, owners))
        return out

    # Parts decided whole (see regions) ----------------------------------------------------------
    def _owner_test(self, owners: list[str]) -> Callable[[str], bool]:
        return lambda name: self.name_of(name) in owners

    def _region(self, blocks: list[Any], region: Region, owners: list[str]) -> list[Any]:
        """The part as it was (owners' changes made), between markers, and the whole part as
        it would be with everyone's changes made: one suggestion, from the first person to
        change it (naming the others), since two about the same part could not both be used."""
        is_owner = self._owner_test(owners)
        self.accepted += len({(attributes(n).get("author", ""), attributes(n).get("date", ""))
                              for n in nodes(blocks) if is_span(n, *CHANGES)
                              and is_owner(attributes(n).get("author", ""))})
        people: dict[str, str] = {}  # person -> the time of their first change here
        for node in nodes(blocks):
            if is_span(node, *CHANGES, *PARAGRAPH_MARKS):
                name = attributes(node).get("author", "")
                if not is_owner(name):
                    when = attributes(node).get("date", "")
                    person = self.name_of(name)
                    people[person] = min(people.get(person, when), when)
        shown = self._blocks(resolved(blocks, is_owner), owners)
        if not people:
            return shown
        first = min(people, key=lambda p: (people[p], p))
        change = self._new_change(first, people[first], owners)
        change.region = sorted(region.what)
        change.others = sorted(p for p in people if p != first)
        proposal = resolved(blocks, lambda _name: True, comments=False)
        self.fragments[change.number] = self._quietly(proposal, owners)
        return [{"t": "Para", "c": [mark("r", change.number)]}, *shown,
                {"t": "Para", "c": [mark("s", change.number)]}]

    def _quietly(self, blocks: list[Any], owners: list[str]) -> list[Any]:
        """Blocks as the chapter would have them, without counting their pictures again."""
        pictures, last = self.pictures, self._last_paragraphs
        done = self._blocks(blocks, owners)
        self.pictures, self._last_paragraphs = pictures, last
        return done

    def _deleted_paragraph(self, block: dict[str, Any], owners: list[str]) -> bool:
        """Whether someone else took out this whole paragraph, words and paragraph mark."""
        if block.get("t") not in TEXT_BLOCKS:
            return False
        authors = set()
        for node in inlines_of(block):
            if is_space(node) or is_span(node, *COMMENT_MARKS):
                continue
            if not is_span(node, "deletion", "paragraph-deletion"):
                return False
            authors.add(self.name_of(attributes(node).get("author", "")))
        return len(authors) == 1 and not authors & set(owners) and any(
            is_span(n, "paragraph-deletion") for n in inlines_of(block))

    def _box_owners(self, block: dict[str, Any], owners: list[str]) -> list[str]:
        if box_class(block) != COMMENTARY:
            return owners
        return commentary_owners(self.book, attributes(block).get("author")) or owners

    def _walk(self, node: Any, owners: list[str]) -> Any:
        """Any other block: its lists of inlines and blocks changed wherever they are."""
        if isinstance(node, list):
            if node and all(isinstance(n, dict) and "t" in n for n in node):
                if node[0]["t"] in INLINE_KINDS:
                    return self._inlines(node, owners)
                if node[0]["t"] in BLOCK_KINDS:
                    return self._blocks(node, owners)
            return [self._walk(item, owners) for item in node]
        if isinstance(node, dict) and "c" in node:
            node["c"] = self._walk(node["c"], owners)
        return node

    # Whole paragraphs put in by someone else -----------------------------------------------------
    def _inserted_paragraph(self, block: dict[str, Any], owners: list[str]) -> str | None:
        """The person who put in this whole paragraph, when it is someone else's addition."""
        if block.get("t") not in TEXT_BLOCKS:
            return None
        authors = set()
        words = False
        for node in inlines_of(block):
            if is_space(node) or is_span(node, *COMMENT_MARKS):
                continue
            if not is_span(node, "insertion", "paragraph-insertion"):
                return None
            words = words or "insertion" in classes(node)
            authors.add(self.name_of(attributes(node).get("author", "")))
        if not words or len(authors) != 1:
            return None
        author = authors.pop()
        return None if author in owners else author

    def _paragraph_insertion(self, out: list[Any], block: dict[str, Any], by: str,
                             owners: list[str]) -> None:
        when = ""
        kept: list[Any] = []
        hoisted: list[Any] = []
        for node in inlines_of(block):
            if is_span(node, *COMMENT_MARKS):
                hoisted += self._inlines([node], owners)
                continue
            if node.get("t") == "Span":
                when = when or attributes(node).get("date", "")
                if "insertion" in classes(node):
                    kept += self._put_in(node["c"][1], hoisted, owners)
                continue
            kept.append(node)
        set_inlines(block, trim(kept))
        last = self._last_paragraphs
        if last is not None and last[0] is out and out and out[-1].get("c") == [
                mark("b", last[1])] and self.changes[last[1]].by == by:
            self.fragments[last[1]].append(block)  # the next paragraph of the same addition
        else:
            change = self._new_change(by, when, owners)
            change.paragraphs = True
            self.fragments[change.number] = [block]
            out.append({"t": "Para", "c": [mark("b", change.number)]})
            self._last_paragraphs = (out, change.number)
        if hoisted:
            out.append({"t": "Para", "c": hoisted})
            self._last_paragraphs = None

    def _new_change(self, by: str, when: str, owners: list[str]) -> Change:
        change = Change(next(self._numbers), by, when, owners)
        self.changes[change.number] = change
        return change

    # Inlines -------------------------------------------------------------------------------------
    def _inlines(self, inlines: list[Any], owners: list[str]) -> list[Any]:
        out: list[Any] = []
        group: Change | None = None  # someone else's change still being read
        group_out: list[Any] = []
        accepted_by: str | None = None  # an owner's change just before (a replacement counts once)
        for node in inlines:
            kind = node.get("t")
            if is_span(node, *CHANGES):
                details = attributes(node)
                by = self.name_of(details.get("author", ""))
                if by in owners:
                    if group is not None:
                        out += self._close(group, group_out)
                        group, group_out = None, []
                    self.accepted += accepted_by != by
                    accepted_by = by
                    words = self._inlines(node["c"][1], owners)
                    out += words if "insertion" in classes(node) else \
                        [n for n in words if is_mark(n)]
                    continue
                if group is None or group.by != by:
                    if group is not None:
                        out += self._close(group, group_out)
                    group = self._new_change(by, details.get("date", ""), owners)
                    group_out = []
                if "deletion" in classes(node):
                    group.took_out = True
                    group_out += self._inlines(node["c"][1], owners)
                else:
                    hoisted: list[Any] = []
                    group.put_in += self._put_in(node["c"][1], hoisted, owners)
                    group_out += hoisted
                accepted_by = None
                continue
            accepted_by = None
            if group is not None:
                out += self._close(group, group_out)
                group, group_out = None, []
            if is_span(node, *PARAGRAPH_MARKS):
                continue
            if is_span(node, "comment-start"):
                details = attributes(node)
                comment = Comment(len(self.comments), details.get("id", ""),
                                  self.name_of(details.get("author", "")),
                                  details.get("date", ""), plain(node["c"][1]), owners)
                self.comments.append(comment)
                out.append(mark("a", comment.number))
                continue
            if is_span(node, "comment-end"):
                word_id = attributes(node).get("id", "")
                number = next((c.number for c in reversed(self.comments)
                               if c.word_id == word_id), None)
                if number is not None:
                    out.append(mark("z", number))
                out += self._inlines(node["c"][1], owners)  # pandoc nests ends at one place
                continue
            if kind == "Span":
                out += self._inlines(node["c"][1], owners)  # bookmarks, Word's character styles
                continue
            if kind == "Image":
                self.pictures += 1
                continue
            if kind == "RawInline":
                continue
            if kind == "Note":
                node["c"] = self._blocks(node["c"], owners)
                out.append(node)
                continue
            out.append(self._walk(node, owners))
        if group is not None:
            out += self._close(group, group_out)
        self._spacing(out)
        return squeeze(out)

    def _spacing(self, out: list[Any]) -> None:
        """For words put in between other words: was there a space on either side?"""
        for index, node in enumerate(out):
            found = mark_of(node)
            if found is None or found[0] != "i":
                continue
            change = self.changes[found[1]]
            before = next((n for n in reversed(out[:index]) if not is_mark(n)), None)
            after = next((n for n in out[index + 1:] if not is_mark(n)), None)
            pieces = change.put_in
            change.space_before = is_space(before) or bool(pieces) and is_space(pieces[0])
            change.space_after = is_space(after) or bool(pieces) and is_space(pieces[-1])

    def _put_in(self, inlines: list[Any], hoisted: list[Any], owners: list[str]) -> list[Any]:
        """Words someone else put in, as they would read once accepted; comments on them are
        moved out to the place of the change."""
        kept: list[Any] = []
        for node in inlines:
            if is_span(node, *COMMENT_MARKS):
                hoisted += self._inlines([node], owners)
            elif is_span(node, "deletion", *PARAGRAPH_MARKS):
                continue
            elif node.get("t") == "Span":
                kept += self._put_in(node["c"][1], hoisted, owners)
            elif node.get("t") == "Image":
                self.pictures += 1
            else:
                kept.append(self._walk(node, owners))
        return kept

    def _close(self, change: Change, took_out: list[Any]) -> list[Any]:
        """The end of someone else's change: its words taken out between markers, or a marker
        at the place of the words put in."""
        if change.put_in:
            self.fragments[change.number] = change.put_in
        if change.took_out and any(not is_mark(n) and not is_space(n) for n in took_out):
            return [mark("d", change.number), *took_out, mark("e", change.number)]
        change.took_out = False
        if not change.put_in:
            del self.changes[change.number]  # nothing taken out or put in: not a change at all
            return took_out
        return [mark("i", change.number), *took_out]
