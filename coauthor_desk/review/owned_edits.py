"""Splitting one person's edit of a chapter into what they may change and what only the owner
may: others' changes to someone's own words become suggestions, one per sentence.

Both bodies are cut into sentences and the text between them (spaces, line breaks, Markdown
marks), and compared piece by piece, so a change is always whole sentences. Where as many
sentences came back as went (each one reworded), each is its own change; where sentences were
split, joined, taken out or put in, the run is one change (using half of it would make
nonsense). Marks changed between sentences go with the sentence before them. Then each change
is looked at once:
- the person editing owns those words (the chapter's author; the editor of a commentary box),
  or puts in new words that are all their own: it goes in;
- someone else owns them: the owner's words stay in the saved text and the change is offered
  to them as a suggestion;
- the book lets editors fix spelling directly (house style `editors_fix_spelling: true`), the
  person is an editor and the change only fixes a slip: it goes in, listed for the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from coauthor_desk.changes.align import is_slip
from coauthor_desk.changes.matching import Matcher
from coauthor_desk.comments.actions import owners_of
from coauthor_desk.comments.anchors import Anchor, Match, MatchHow, anchor_at
from coauthor_desk.manuscript import text as markdown_text
from coauthor_desk.manuscript.model import Book, Chapter

SPELLING_SWITCH = "editors_fix_spelling"


@dataclass(frozen=True)
class Offered:
    """A change to someone else's words, kept aside: where the owner's words now are in the
    saved body, what is suggested in their place, and whose words they are."""

    anchor: Anchor
    proposed: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class SplitEdit:
    """What to save: the body with every change the person may make, and the rest offered."""

    body: str
    offered: tuple[Offered, ...]
    fixed: tuple[Offered, ...]  # spelling fixes put in directly: the anchor is on the new
    # words, `proposed` holds the owner's words they replaced


@dataclass(frozen=True)
class _Piece:
    """A sentence, or the text between two sentences, and where it is."""

    text: str
    start: int
    sentence: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Change:
    """old[start:end] became new[new_start:new_end]; `own` when it only puts in new words
    that are all the editing person's, between sentences."""

    start: int
    end: int
    new_start: int
    new_end: int
    own: bool = False


def split_edit(book: Book, chapter: Chapter, new_body: str, who: str) -> SplitEdit:
    """The edit of `chapter` (its body becoming `new_body`) by `who`, split by owner."""
    old_body = chapter.body
    if who in chapter.authors and _outside_boxes(old_body, new_body):
        return SplitEdit(new_body, (), ())  # every word changed is theirs
    new_chapter = replace(chapter, body=new_body)
    spelling = who in book.editors and book.house_style.get(SPELLING_SWITCH) is True
    pieces: list[str] = []
    kept: list[tuple[int, int, tuple[str, ...], str]] = []  # in the saved body
    fixes: list[tuple[int, int, tuple[str, ...], str]] = []
    old_done = 0
    for change in sentence_changes(old_body, new_body, lambda c: who in owners_of(
            book, new_chapter, _match(c.new_start, c.new_end))):
        old, new = old_body[change.start:change.end], new_body[change.new_start:change.new_end]
        owners = (who,) if change.own else tuple(owners_of(book, chapter, _match(
            change.start, change.end)))
        pieces.append(old_body[old_done:change.start])
        at = sum(len(p) for p in pieces)
        if not owners or who in owners:
            pieces.append(new)
        elif spelling and is_slip(old, new):
            pieces.append(new)
            fixes.append((at, at + len(new), owners, old))
        else:
            pieces.append(old)
            kept.append((at, at + len(old), owners, new))
        old_done = change.end
    pieces.append(old_body[old_done:])
    body = "".join(pieces)
    return SplitEdit(body, tuple(Offered(anchor_at(body, s, e), words, owners)
                                 for s, e, owners, words in kept),
                     tuple(Offered(anchor_at(body, s, e), words, owners)
                           for s, e, owners, words in fixes))


def _outside_boxes(old: str, new: str) -> bool:
    """Whether the stretch that changed is plainly outside every ::: box, found without reading
    the Markdown (an author saves often): the change itself has no box marks and no box is
    open where it begins. A body with code blocks, where ':::' may be just text, is left to
    the full reading."""
    if old == new:
        return True
    head, tail = _alike_ends(old, new)
    if ":::" in old[head:len(old) - tail] or ":::" in new[head:len(new) - tail]:
        return False
    open_boxes = 0
    for line in old[:head].split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")) or line.startswith(("    ", "\t")) and \
                ":::" in line:
            return False
        if stripped.startswith(":::"):
            open_boxes += 1 if stripped.strip(":").strip() else -1
            if open_boxes < 0:
                return False
    return open_boxes == 0 and "```" not in old and "~~~" not in old


def _alike_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters at the start, and then at the end, the two texts share: compared a
    stretch at a time, then a character at a time, so a long chapter costs little."""
    limit, step = min(len(old), len(new)), 2048
    head = 0
    while head + step <= limit and old[head:head + step] == new[head:head + step]:
        head += step
    while head < limit and old[head] == new[head]:
        head += 1
    tail, room = 0, limit - head
    while tail + step <= room and old[len(old) - tail - step:len(old) - tail] == \
            new[len(new) - tail - step:len(new) - tail]:
        tail += step
    while tail < room and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def sentence_changes(old: str, new: str,
                     stands_alone: Callable[[Change], bool] | None = None) -> list[Change]:
    """The changes from `old` to `new`, as whole sentences, in order. `stands_alone(change)`
    says whether words put in between sentences may stay a change of their own (they are all
    the editing person's); otherwise they join the sentence before them."""
    if old == new:
        return []
    old_pieces, new_pieces = _pieces(old), _pieces(new)
    # The pieces alike at both ends are set aside first: a small change to a long chapter then
    # compares a few pieces, not thousands.
    head = 0
    while head < min(len(old_pieces), len(new_pieces)) and \
            old_pieces[head].text == new_pieces[head].text:
        head += 1
    tail = 0
    while tail < min(len(old_pieces), len(new_pieces)) - head and \
            old_pieces[-1 - tail].text == new_pieces[-1 - tail].text:
        tail += 1
    matcher = Matcher([p.text for p in old_pieces[head:len(old_pieces) - tail]],
                      [p.text for p in new_pieces[head:len(new_pieces) - tail]])
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    if tail:
        opcodes.append(("equal", len(old_pieces) - tail, len(old_pieces),
                        len(new_pieces) - tail, len(new_pieces)))
    same = {i1 + k: j1 + k for tag, i1, i2, j1, _j2 in opcodes if tag == "equal"
            for k in range(i2 - i1)}
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        gone, came = old_pieces[i1:i2], new_pieces[j1:j2]
        start = gone[0].start if gone else _at(old_pieces, i1, len(old))
        new_start = came[0].start if came else _at(new_pieces, j1, len(new))
        whole = Change(start, gone[-1].end if gone else start, new_start,
                       came[-1].end if came else new_start)
        if _one_for_one(gone, came):
            changes += [Change(g.start, g.end, c.start, c.end)
                        for g, c in zip(gone, came, strict=True) if g.text != c.text]
        elif any(p.sentence for p in gone):
            changes.append(whole)
        elif stands_alone is not None and stands_alone(whole):
            changes.append(replace(whole, own=True))
        else:  # marks, or new words: they go with a sentence
            changes.append(_with_neighbour(whole, old_pieces, new_pieces, same, i1, i2))
    return _joined(changes)


def _one_for_one(gone: list[_Piece], came: list[_Piece]) -> bool:
    """As many sentences came as went, with the same text between them: each is reworded."""
    return len(gone) == len(came) and all(
        g.sentence == c.sentence and (g.sentence or g.text == c.text)
        for g, c in zip(gone, came, strict=True))


def _with_neighbour(change: Change, old_pieces: list[_Piece], new_pieces: list[_Piece],
                    same: dict[int, int], i1: int, i2: int) -> Change:
    """A change between sentences, widened to the sentence before it (or, at the start, the
    one after it) on both sides. A neighbour that changed too is left to the joining of
    overlapping changes."""
    before = [k for k in range(i1) if old_pieces[k].sentence]
    if before:
        k = before[-1]
        new_start = new_pieces[same[k]].start if k in same else change.new_start
        return Change(old_pieces[k].start, change.end, new_start, change.new_end)
    after = [k for k in range(i2, len(old_pieces)) if old_pieces[k].sentence]
    if not after:
        return change
    k = after[0]
    new_end = new_pieces[same[k]].end if k in same else change.new_end
    return Change(change.start, old_pieces[k].end, change.new_start, new_end)


def _joined(changes: list[Change]) -> list[Change]:
    """Changes that overlap (two that reached for the same sentence) made one."""
    joined: list[Change] = []
    for change in sorted(changes, key=lambda c: (c.start, c.new_start)):
        if joined and change.start < joined[-1].end:
            last = joined[-1]
            joined[-1] = Change(last.start, max(last.end, change.end), last.new_start,
                                max(last.new_end, change.new_end), last.own and change.own)
        else:
            joined.append(change)
    return joined


def _at(pieces: list[_Piece], index: int, length: int) -> int:
    return pieces[index].start if index < len(pieces) else length


def _pieces(body: str) -> list[_Piece]:
    """The body as sentences and the text between them, every character in one piece."""
    found: list[_Piece] = []
    done = 0
    for paragraph in markdown_text.blocks(body):
        for sentence in paragraph.sentences:
            start, end = paragraph.source_span(sentence.start, sentence.end)
            if start < done or end <= start:
                continue
            if start > done:
                found.append(_Piece(body[done:start], done, False))
            found.append(_Piece(body[start:end], start, True))
            done = end
    if done < len(body):
        found.append(_Piece(body[done:], done, False))
    return found


def _match(start: int, end: int) -> Match:
    return Match(start, end, "", MatchHow.EXACT, True, 1.0)
