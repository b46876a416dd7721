"""Who wrote each word of a chapter: credit word by word, not line by line.

In a chapter a paragraph is one line, so counting by line (as `git blame` does) would hand a
co-author's whole paragraph to the editor who fixed one typing slip in it. Here each word of a
chapter's newest saved text goes to the person who last wrote it: a slip fixed credits the fixed
word, a punctuation change nothing, a reworded sentence its new words, and a paragraph moved,
split or joined keeps its writers.

git does the heavy part: one walk of the chapter files' history (`git log -p -U0`, line
differences), replayed here from the oldest version on, comparing words (difflib) only inside
each changed stretch, past the words shared at both ends. Words that vanish in one place and
come back in another within one version (a moved paragraph) keep their writer when a run of at
least `_MOVED_RUN` of them matches. A chapter file renamed by hand (`git mv`) is followed to its
old name, as `git blame` does. Versions that join two lines of work: a word takes its writer
from whichever earlier line of work holds it; words in neither were written while joining.
Anything this cannot read (a file git calls binary, say) is left out, and the caller counts
that chapter by line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from coauthor_desk.history import reading
from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.versions import Identity
from coauthor_desk.manuscript.model import _WORD  # the one definition of a word

log = logging.getLogger(__name__)

_MOVED_RUN = 3  # words in a row that must match for moved words to keep their writer
_MOVE_ROUNDS = 4
# Past this many words compared at once, difflib leaves out words found all over the text
# ("the") as places to start a match: far faster on a chapter rewritten at one go, the same
# answer for the runs of words that are kept or moved.
_LONG = 400
_SIMILAR = 0.4  # how alike an edited stretch is (difflib's ratio) for single words to match
_NO_CONTENT = "0" * 40

# One line of a file: its text, its words, and the writer (an index into `people`) of each.
Line = tuple[str, tuple[str, ...], tuple[int, ...]]
# A change to a file, as git's line differences give it: (0-based first old line, how many
# old lines it replaces, the new lines).
Hunk = tuple[int, int, list[str]]


def words_of(text: str) -> tuple[str, ...]:
    """The words of one line, counted as `manuscript.model.count_words` counts them (the
    attribute lines of boxes, ':::', have none)."""
    return () if text.startswith(":::") else tuple(_WORD.findall(text))


def body_start(texts: Sequence[str]) -> int:
    """The index of the first line after the front matter (0 when there is none), found the
    way the book loader finds it."""
    if not texts or texts[0].removeprefix("\ufeff").rstrip("\r") != "---":
        return 0
    for index in range(1, len(texts)):
        if texts[index].rstrip() in ("---", "..."):
            return index + 1
    return 0


class WordCredit:
    """The replayed history of some chapter files: every text they had, word by word."""

    def __init__(self) -> None:
        self.people: list[Identity] = []
        self._index: dict[Identity, int] = {}
        self.texts: dict[str, list[Line]] = {_NO_CONTENT: []}  # content id -> lines

    def _body(self, blob: str) -> list[Line] | None:
        lines = self.texts.get(blob)
        return None if lines is None else lines[body_start([text for text, _, _ in lines]):]

    def credits(self, blob: str) -> list[tuple[str, Identity]] | None:
        """Every word of the body of this content (front matter left out) and who wrote it;
        None if its history could not be followed."""
        if (body := self._body(blob)) is None:
            return None
        return [(word, self.people[writer]) for _, words, writers in body
                for word, writer in zip(words, writers, strict=True)]

    def counts(self, blob: str) -> dict[Identity, int] | None:
        """Words of the body by writer; None if the history of this content is not known."""
        if (body := self._body(blob)) is None:
            return None
        tally: dict[int, int] = {}
        for _, _, writers in body:
            for writer in writers:
                tally[writer] = tally.get(writer, 0) + 1
        return {self.people[writer]: count for writer, count in tally.items()}

    def person(self, who: Identity) -> int:
        index = self._index.get(who)
        if index is None:
            index = self._index[who] = len(self.people)
            self.people.append(who)
        return index

    # Replaying -------------------------------------------------------------------------------
    def change(self, old: str, new: str, hunks: list[Hunk], writer: int) -> None:
        """One saved version changed content `old` into `new` by `hunks`."""
        base = self.texts.get(old)
        if base is None or old == _NO_CONTENT and new in self.texts:
            return  # unknown; or content seen before, put back (a file restored or copied)
        lines, pending = _apply(base, hunks)
        self.texts[new] = _finish(lines, pending, writer)

    def join(self, parents: list[str], new: str, text: str, writer: int) -> None:
        """A version joining lines of work made content `new` (`text`) from `parents`."""
        new_texts = text.removesuffix("\n").split("\n") if text else []
        result: list[list[int | None]] | None = None
        lines: list[Line] = []
        for parent in parents:
            base = self.texts.get(parent)
            if base is None:
                continue
            lines, pending = _apply(base, _line_hunks(base, new_texts))
            found = [list(writers) for _, _, writers in lines]
            for at, word_at in pending:
                found[at][word_at] = None  # type: ignore[call-overload]
            if result is None:
                result = found  # type: ignore[assignment]
            else:
                for have, more in zip(result, found, strict=True):
                    for at, writer_there in enumerate(more):
                        if have[at] is None:
                            have[at] = writer_there
        if result is None:
            return
        self.texts[new] = [(text_, words, tuple(writer if w is None else w for w in credit))
                           for (text_, words, _), credit in zip(lines, result, strict=True)]


def _line_hunks(base: list[Line], new_texts: list[str]) -> list[Hunk]:
    """Line differences between a known text and a new one (git gives none when joining)."""
    old_texts = [text for text, _, _ in base]
    matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    return [(i1, i2 - i1, new_texts[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _apply(base: list[Line], hunks: list[Hunk],
           ) -> tuple[list[Line], list[tuple[int, int]]]:
    """Apply the hunks to `base`. New words matched to old ones keep their writer; the others
    are listed as pending (line, word) for the writer of the change, unless a run of them
    turns out to be moved from elsewhere in the same change."""
    result: list[Line] = []
    pending: list[tuple[int, int]] = []
    left_old: list[tuple[str, int]] = []  # old words no new word took: (word, writer)
    at = 0
    for start, count, new_texts in hunks:
        result.extend(base[at:start])
        old_lines = base[start:start + count]
        at = start + count
        old_words = [w for _, words, _ in old_lines for w in words]
        old_writers = [w for _, _, writers in old_lines for w in writers]
        new_words_by_line = [words_of(text) for text in new_texts]
        new_words = [w for words in new_words_by_line for w in words]
        taken: list[int | None] = [None] * len(new_words)
        used = [False] * len(old_words)
        for i, j, size in _matching(old_words, new_words):
            for k in range(size):
                taken[j + k] = old_writers[i + k]
                used[i + k] = True
        left_old += [(word, old_writers[i]) for i, word in enumerate(old_words) if not used[i]]
        position = 0
        for text, words in zip(new_texts, new_words_by_line, strict=True):
            line_at = len(result)
            writers = taken[position:position + len(words)]
            pending += [(line_at, k) for k, writer in enumerate(writers) if writer is None]
            result.append((text, words, writers))  # type: ignore[arg-type]  # until _finish
            position += len(words)
    result.extend(base[at:])
    if pending and len(left_old) >= _MOVED_RUN:
        pending = _moved(result, pending, left_old)
    return result, pending


def _matching(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int]]:
    """Runs of words the same in both, in order: (old start, new start, length). The words
    shared at both ends are found directly, difflib compares only what lies between."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    blocks = [(0, 0, head)] if head else []
    old_middle, new_middle = old[head:len(old) - tail], new[head:len(new) - tail]
    if old_middle and new_middle:
        matcher = SequenceMatcher(None, old_middle, new_middle,
                                  autojunk=len(new_middle) > _LONG)
        blocks += _trusted([(head + i, head + j, size) for i, j, size
                            in matcher.get_matching_blocks() if size],
                           head, head, len(old) - tail, len(new) - tail)
    if tail:
        blocks.append((len(old) - tail, len(new) - tail, tail))
    return blocks


def _trusted(blocks: list[tuple[int, int, int]], old_at: int, new_at: int, old_end: int,
             new_end: int) -> list[tuple[int, int, int]]:
    """The matches that show words kept rather than words that happen to recur. A run of
    `_MOVED_RUN` words or more is kept; shorter ones ("the", "to") only where the stretch of
    text between two such runs was edited rather than replaced (at least `_SIMILAR` alike)."""
    kept: list[tuple[int, int, int]] = []
    short: list[tuple[int, int, int]] = []
    for i, j, size in [*blocks, (old_end, new_end, 0)]:
        if size and size < _MOVED_RUN:
            short.append((i, j, size))
            continue
        stretch = (i - old_at) + (j - new_at)
        if short and 2 * sum(s for _, _, s in short) >= _SIMILAR * stretch:
            kept += short
        short = []
        if size:
            kept.append((i, j, size))
            old_at, new_at = i + size, j + size
    return kept


def _moved(result: list[Line], pending: list[tuple[int, int]],
           left_old: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """Give words moved within one change (runs of `_MOVED_RUN` or more, in any order) back
    to their writers; return the words still pending."""
    for _ in range(_MOVE_ROUNDS):
        old_words = [word for word, _ in left_old]
        new_words = [result[line][1][k] for line, k in pending]
        matcher = SequenceMatcher(None, old_words, new_words,
                                  autojunk=len(new_words) > _LONG)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= _MOVED_RUN]
        if not blocks:
            break
        done_old, done_new = set(), set()
        for i, j, size in blocks:
            for k in range(size):
                line, word_at = pending[j + k]
                result[line][2][word_at] = left_old[i + k][1]  # type: ignore[index]
                done_old.add(i + k)
                done_new.add(j + k)
        left_old = [entry for i, entry in enumerate(left_old) if i not in done_old]
        pending = [entry for j, entry in enumerate(pending) if j not in done_new]
        if not pending or len(left_old) < _MOVED_RUN:
            break
    return pending


def _finish(lines: list[Line], pending: list[tuple[int, int]], writer: int) -> list[Line]:
    """Credit the pending words to the writer of the change, and freeze the new lines."""
    for line, word_at in pending:
        lines[line][2][word_at] = writer  # type: ignore[index]
    return [line if isinstance(line[2], tuple) else (line[0], line[1], tuple(line[2]))
            for line in lines]


# Reading the history -------------------------------------------------------------------------

_FORMAT = "--format=%x00%H %P%x00%aN%x00%aE%x00"  # names as the book's .mailmap gives them


def replay(runner: GitRunner, head: str, paths: Sequence[str],
           progress: Callable[[int, int], None] | None = None) -> WordCredit:
    """Every text the chapter files `paths` had up to `head`, word by word, from one walk of
    their history. `progress(done, total)` is told of each hundredth more of the walk: each
    version counts once as git gives it, once more as it is replayed."""
    credit = WordCredit()
    if not paths:
        return credit
    if head.startswith("-"):  # a version id is never an instruction to git
        raise ValueError("not a saved version")
    specs = [f":(literal){path}" for path in [*paths, *_old_names(runner, head, paths)]]
    half = max(1, int(runner.run("rev-list", "--count", "--full-history", head, "--", *specs))
               ) if progress else 1
    told = [-1]  # the last hundredth told

    def tell(done: int) -> None:  # done of 2 * half (at most), each hundredth once
        if progress and done * 50 // half > told[0]:
            told[0] = done * 50 // half
            progress(done, 2 * half)

    fields = _read_log(runner, head, specs, lambda seen: tell(min(seen, half))).split(b"\0")
    versions = []
    joins: list[str] = []
    for at in range(1, len(fields) - 3, 4):
        ids, name, email, body = fields[at:at + 4]
        writer = credit.person(Identity(name.decode("utf-8", "replace"),
                                        email.decode("utf-8", "replace")))
        parts = _changes(body)
        versions.append((len(ids.split()) > 2, writer, parts))
        if len(ids.split()) > 2:
            joins += [entry[-1] for entry in parts[0]]
    joined = reading.contents(runner, joins) if joins else {}
    for number, (is_join, writer, (entries, sections)) in enumerate(versions, start=1):
        tell(half + half * number // len(versions))
        if is_join:
            for blobs in entries:
                text = joined.get(blobs[-1])
                if text is not None:
                    credit.join(list(blobs[:-1]), blobs[-1], text.decode("utf-8", "replace"),
                                writer)
            continue
        if len(entries) != len(sections):  # not as expected: follow none of these files
            continue
        for (old, new), hunks in zip(entries, sections, strict=True):
            if hunks is not None and new != _NO_CONTENT:
                credit.change(old, new, hunks, writer)
    tell(2 * half)
    return credit


def _read_log(runner: GitRunner, head: str, specs: list[str],
              seen: Callable[[int], None]) -> bytes:
    """The walk of `specs`' history, read as it comes, telling `seen(versions so far)`."""
    nuls = 0  # four a version, see `_FORMAT`

    def count(piece: bytes) -> None:
        nonlocal nuls
        nuls += piece.count(b"\0")
        seen(nuls // 4)

    return runner.run_streamed(
        "-c", "core.quotePath=false", "log", _FORMAT, "-p", "-U0", "--raw", "-c",
        "--find-renames", "--no-abbrev", "--full-history", "--topo-order", "--reverse",
        "--no-color", "--no-textconv", "--no-ext-diff", "--no-show-signature", head, "--",
        *specs, seen=count)


def _old_names(runner: GitRunner, head: str, paths: Sequence[str]) -> list[str]:
    """The names these chapter files had before a rename by hand (`git mv`), to follow their
    history there too, as `git blame` does: one cheap walk listing only renames in their folders."""
    folders = []
    for path in paths:
        folder, _, name = path.rpartition("/")
        suffix = name[name.rfind("."):] if "." in name else ""
        if not any(mark in path for mark in "*?[]\\"):
            folders.append(f":(glob){folder}/*{suffix}" if folder else f":(glob)*{suffix}")
    if not folders:
        return []
    fields = runner.run_bytes("log", "--format=", "--raw", "-z", "--find-renames",
                              "--diff-filter=R", "--full-history", head, "--",
                              *dict.fromkeys(folders)).split(b"\0")
    renames = []  # (old, new), newest first
    for at, field in enumerate(fields):
        if field.lstrip(b"\n")[:1] == b":" and field.split(b" ")[-1][:1] == b"R" \
                and at + 2 < len(fields):
            renames.append((fields[at + 1].decode("utf-8", "replace"),
                            fields[at + 2].decode("utf-8", "replace")))
    followed, found = set(paths), []
    for old, new in renames:
        if new in followed and old not in followed:
            followed.add(old)
            found.append(old)
    return found


def _changes(body: bytes) -> tuple[list[tuple[str, ...]], list[list[Hunk] | None]]:
    """The content ids of each file a version changed (old, new; or each earlier line of
    work's, then the new, for a joining version) and its hunks (None: not readable as text)."""
    entries: list[tuple[str, ...]] = []
    sections: list[list[Hunk] | None] = []
    hunks: list[Hunk] | None = None
    in_hunk = False
    for raw in body.split(b"\n"):
        if raw[:1] == b":":
            meta = raw.split(b"\t", 1)[0].lstrip(b":").split(b" ")
            parents = (len(meta) - 1) // 2  # modes, then ids, then the status letters
            entries.append(tuple(blob.decode("ascii") for blob in meta[parents:2 * parents]))
        elif raw.startswith(b"diff --git "):
            hunks, in_hunk = [], False
            sections.append(hunks)
        elif raw.startswith((b"diff --cc ", b"diff --combined ")):
            hunks, in_hunk = None, False
        elif hunks is None:
            continue
        elif raw.startswith(b"@@ -"):
            first, _, count = raw[4:raw.index(b" ", 4)].partition(b",")
            number = int(count) if count else 1
            start = int(first) - 1 if number else int(first)
            hunks.append((start, number, []))
            in_hunk = True
        elif in_hunk and raw[:1] == b"+":
            hunks[-1][2].append(raw[1:].decode("utf-8", "replace"))
        elif raw.startswith((b"Binary files ", b"GIT binary patch")):
            sections[-1] = hunks = None
    return entries, sections


def chapter_credits(runner: GitRunner, version: str,
                    path: str) -> list[tuple[str, Identity]] | None:
    """Every word of one chapter file's body as saved in `version`, in order, with the person
    who wrote it; None if the file is not in that version or its history cannot be followed."""
    blob = reading.file_ids(runner, version, [path]).get(path)
    return None if blob is None else replay(runner, version, [path]).credits(blob)
