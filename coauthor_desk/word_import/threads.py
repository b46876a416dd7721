"""Comments and other people's tracked changes as feedback threads on the new chapter text.

A Word comment becomes a comment thread (its Word replies become the thread's messages) and
someone else's change becomes a suggested change, each addressed to the owner of the words and
pinned to words of the text as it will be saved. Threads already in the book (the same file
brought in twice) are not started again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from coauthor_desk.comments.anchors import MAX_QUOTE, anchor_at
from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Message, Thread, ThreadKind, ThreadState
from coauthor_desk.manuscript.model import Book
from coauthor_desk.word_import.comment_details import CommentDetails
from coauthor_desk.word_import.converter import Change, Comment, Converter
from coauthor_desk.word_import.overlaps import Planned, merged
from coauthor_desk.word_import.places import (
    around,
    paragraph_place,
    trimmed,
    whole_lines,
)
from coauthor_desk.word_import.result import ImportedThread
from coauthor_desk.word_import.wording import listed, short

_NO_WORDS = "(This comment in the Word file had no words.)"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # for comments Word gave no date


class NewThreads:
    """Makes the threads of one import. Their ids and files are left empty: each is given when
    its file is written (see saving), so that it is unique in the book as it is then."""

    def __init__(self, book: Book, chapter_id: str, body: str, positions: dict[str, int],
                 moment: datetime, person_id: str, what: str) -> None:
        self.book = book
        self.chapter_id = chapter_id
        self.body = body
        self.positions = positions  # marker ('a3', 'z3', ...) -> place in the body
        self.moment = moment
        self.person_id = person_id
        self.what = what
        self.notes: list[str] = []  # about changes too large to be one suggestion

    def build(self, converter: Converter, fragments: dict[int, str],
              details: dict[str, CommentDetails]) -> list[ImportedThread]:
        """Every thread, oldest first."""
        planned = [p for change in converter.changes.values()
                   if (p := self._suggestion(change, fragments.get(change.number, "")))]
        made: list[ImportedThread] = []
        for item in merged(self.body, planned):
            text = _in_the_file(self.what, item.says)
            message = Message(item.by, when_of(item.when, self.moment), text)
            made.append(ImportedThread(self._thread(item.start, item.end, ThreadKind.SUGGESTION,
                                                    item.owners, (message,), item.proposed), 0))
        made += self._comments(converter.comments, details)
        made.sort(key=lambda item: (item.thread.started_when, item.thread.started_by))
        return made

    def _suggestion(self, change: Change, put_in: str) -> Planned | None:
        number, body = change.number, self.body
        if change.region:
            start, end = self.positions.get(f"r{number}"), self.positions.get(f"s{number}")
            if start is None or end is None:
                return None
            start, end = whole_lines(body, start, end)
            proposed = put_in.strip("\n").rstrip()
            if start >= end:
                start, end, proposed = paragraph_place(body, start, put_in)
            if max(end - start, len(proposed)) > MAX_QUOTE:
                self.notes.append(
                    f"{self.book.name_of(change.by)}'s tracked changes in the Word file "
                    f"({listed(change.region)}, from “{short(body[start:end], 40)}”) reach over "
                    "too much of the chapter to be one suggested change, so the chapter keeps "
                    "its words there. Make the change by hand if it is wanted.")
                return None
        elif change.paragraphs:
            place = self.positions.get(f"b{number}")
            if place is None or not put_in.strip():
                return None
            start, end, proposed = paragraph_place(body, place, put_in)
        elif change.took_out:
            start, end = self.positions.get(f"d{number}"), self.positions.get(f"e{number}")
            if start is None or end is None:
                return None
            start, end = trimmed(body, start, end)
            if start >= end:
                return None
            proposed = put_in.strip()
        else:
            place = self.positions.get(f"i{number}")
            if place is None or not put_in.strip():
                return None
            start, end = around(body, place)
            if start >= end:
                return None
            left, right = body[start:place].rstrip(), body[place:end].lstrip()
            proposed = (left + (" " if left and change.space_before else "") + put_in.strip()
                        + (" " if right and change.space_after else "") + right)
        quote = body[start:end]
        if proposed == quote:
            return None
        says = _change_words(quote, proposed, put_in, change)
        if change.others:
            says += f" (with changes by {listed([self.book.name_of(p) for p in change.others])}"\
                    " as well)"
        return Planned(start, end, proposed, change.by, change.when, change.owners, [says])

    def _comments(self, comments: list[Comment],
                  details: dict[str, CommentDetails]) -> list[ImportedThread]:
        spans = self._comment_spans(comments)
        parents = _parents(comments, spans, details)
        made: list[ImportedThread] = []
        for comment in comments:
            if comment.number in parents or comment.number not in spans:
                continue
            replies = sorted((c for c in comments if parents.get(c.number) == comment.number),
                             key=lambda c: (when_of(c.when, self.moment), c.number))
            messages = tuple(Message(c.by, when_of(c.when, self.moment), c.text.strip() or
                                     _NO_WORDS) for c in [comment, *replies])
            detail = details.get(comment.word_id)
            done = detail is not None and detail.done
            thread = self._thread(*spans[comment.number], ThreadKind.COMMENT, comment.owners,
                                  messages, None, done)
            made.append(ImportedThread(thread, len(replies)))
        return made

    def _comment_spans(self, comments: list[Comment]) -> dict[int, tuple[int, int]]:
        """The words each comment covers; the words either side of a comment on none."""
        spans: dict[int, tuple[int, int]] = {}
        for comment in comments:
            start = self.positions.get(f"a{comment.number}")
            if start is None:
                continue
            end = self.positions.get(f"z{comment.number}", start)
            first, last = trimmed(self.body, start, max(start, end))
            if first >= last:
                first, last = around(self.body, start)
            if first < last:
                spans[comment.number] = (first, last)
        return spans

    def _thread(self, start: int, end: int, kind: ThreadKind, owners: list[str],
                messages: tuple[Message, ...], proposed: str | None, done: bool = False
                ) -> Thread:
        to = _addressee(owners, messages[0].by, self.person_id, self.book)
        if kind is ThreadKind.COMMENT and end - start > MAX_QUOTE:  # a comment on pages of words:
            cut = self.body.rfind(" ", start, start + MAX_QUOTE)  # pinned to where they start
            end = cut if cut > start else start + MAX_QUOTE
        return Thread("", "", self.chapter_id, anchor_at(self.body, start, end), kind, to,
                      ThreadState.RESOLVED if done else ThreadState.OPEN, messages, proposed)


def _parents(comments: list[Comment], spans: dict[int, tuple[int, int]],
             details: dict[str, CommentDetails]) -> dict[int, int]:
    """Comment number -> the number of the first comment of its thread, for Word replies: told
    by the file itself or, in files that do not say, by covering exactly the same words as an
    earlier comment."""
    by_word_id = {c.word_id: c for c in comments}
    parents: dict[int, int] = {}
    # Without the file's word, the oldest comment on the same words starts the thread (the
    # order of comments in the file is not theirs: LibreOffice may turn them round).
    in_time = sorted(comments, key=lambda c: (when_of(c.when, _EPOCH), c.number))
    for comment in in_time:
        detail = details.get(comment.word_id)
        parent = by_word_id.get(detail.parent) if detail and detail.parent else None
        if parent is None and not details:
            parent = next((c for c in in_time if c is not comment
                           and in_time.index(c) < in_time.index(comment)
                           and c.number in spans and spans.get(comment.number)
                           == spans[c.number] and c.number not in parents), None)
        if parent is not None and parent.number != comment.number:
            root = parent.number
            while root in parents:
                root = parents[root]
            parents[comment.number] = root
    return parents


def new_only(book: Book, chapter_id: str, threads: list[ImportedThread]
             ) -> tuple[list[ImportedThread], int]:
    """The threads not in the book already, so that bringing in the same file twice (or a file
    whose comments came in before) does not start the same conversations again; and how many
    were left out."""
    def key(thread: Thread) -> tuple[object, ...]:
        first = thread.messages[0]
        return (thread.kind, thread.anchor.quote, thread.proposed, first.by, first.when,
                " ".join(first.text.split()))

    existing, _problems = load_threads(book)
    seen = {key(t) for t in existing if t.chapter == chapter_id}
    new = [item for item in threads if key(item.thread) not in seen]
    return new, len(threads) - len(new)


def when_of(text: str, moment: datetime) -> str:
    """A Word date as the threads write dates; the time of the import when Word gave none."""
    try:
        found = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        found = moment
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found.replace(microsecond=0).isoformat()


def _addressee(owners: list[str], by: str, person_id: str, book: Book) -> str:
    """Who a thread is for: the owner of the words (the sender first, when they are one); for
    a comment an owner wrote on their own words, an editor."""
    for candidate in ([person_id] if person_id in owners else []) + owners:
        if candidate != by:
            return candidate
    for candidate in [*book.editors, *owners, person_id]:
        if candidate != by and candidate in book.people:
            return candidate
    return by


def _in_the_file(file_name: str, says: list[str]) -> str:
    """The first message of a suggested change: what the changes in Word were, in words."""
    what = "; and ".join(says)
    head = "A tracked change" if len(says) == 1 else "Tracked changes"
    return f"{head} in the Word file {file_name}: {what}" + (
        "" if what.endswith("”") else ".")


def _change_words(quote: str, proposed: str, put_in: str, change: Change) -> str:
    """What one change in Word was, in words."""
    if change.region:
        words = " ".join(w for w in proposed.split() if not set(w) <= set("-|+:=*#>"))
        what = f"{listed(change.region)}; the part would then read “{short(words)}”"
    elif change.paragraphs:
        count = put_in.strip().count("\n\n") + 1
        what = f"add {'a paragraph' if count == 1 else f'{count} paragraphs'}: " \
               f"“{short(put_in)}”"
    elif not change.took_out:
        what = f"add “{short(put_in)}”"
    elif not proposed.strip():
        what = f"take out “{short(quote)}”"
    else:
        what = f"put “{short(proposed)}” in place of “{short(quote)}”"
    return what
