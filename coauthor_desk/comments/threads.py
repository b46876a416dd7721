"""Feedback threads: comments, questions and suggested changes pinned to a chapter's words.

Each thread is one small YAML file, `feedback/<chapter>/<thread-id>.yaml`, that people read and
answer over weeks, often from different copies of the book. So: one file per thread (two people
starting threads at once never touch the same file), pinned to the words it is about rather
than to a position (see comments.anchors), written only when the file is still as it was read, and
every change saved as a version under the name of the person who made it.

A suggested change is never applied silently: only the owner of the words (the chapter's
author, or for an editor's commentary box that editor) can accept it, and accepting saves a
version of its own.

A thread file looks like this (the first message is the comment itself; the text before and
after the quote is always in double quotes, so every space shows and a line break is \\n; a
message of several lines is written as a '|' block; a missing kind is a comment and a missing
status is open, for threads typed by hand):

    id: 20250303-142000-helen-marsh
    chapter: my-story
    kind: suggestion
    to: sam-jones
    status: open
    anchor:
      quote: nobody at the council ever listened
      prefix: ". When I left care at eighteen, "
      suffix: " to me.\\nI moved into a flat on m"
    proposed: nobody at the council listened
    messages:
    - by: helen-marsh
      when: '2025-03-03T14:20:00+00:00'
      text: '"Ever" says it twice. Would this read better?'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import yaml

from coauthor_desk.comments.anchors import (
    MAX_QUOTE,
    Anchor,
    How,
    Match,
    anchor_at,
    exact_place,
    find_anchor,
    find_places,
)
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.manuscript import text as plain_text
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.fields import choice, day_words, moment, text_value
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable

    from coauthor_desk.history.versions import Identity
    from coauthor_desk.session import OpenBook

    # Given a version's plain description, who signs it and the description it carries.
    Signer = Callable[[str], tuple[Identity, str]]

__all__ = [
    "FEEDBACK", "LOST_WORDS", "Anchor", "AnchorStatus", "Decision", "Found", "Kind", "Match",
    "Message", "State", "Thread", "accept_suggestion", "find_anchor", "load_threads",
    "parse_thread", "read_thread", "reopen", "reply", "resolve", "save_thread", "start_thread",
    "thread_file_text", "thread_path", "thread_status", "threads_report", "threads_text",
    "write_thread",
]

FEEDBACK = "feedback"
LOST_WORDS = ("The words this comment was about are no longer in the chapter. It may have been "
              "rewritten: read the comment and decide if it still applies.")
COMMENTARY = "commentary"


class Kind(StrEnum):
    COMMENT = "comment"
    QUESTION = "question"
    SUGGESTION = "suggestion"

    @property
    def words(self) -> str:
        return {"comment": "comment", "question": "question",
                "suggestion": "suggested change"}[self.value]


class State(StrEnum):
    """Whether a thread is still open."""

    OPEN = "open"
    RESOLVED = "resolved"


class Decision(StrEnum):
    """What the owner of some words chose for a suggested change to them."""

    USED = "used"  # the new words are in the chapter
    KEPT = "kept"  # the owner kept their own words
    TALK = "talk"  # the owner wants to talk about it: the thread stays open as a conversation
    FIXED = "fixed"  # an editor's spelling fix, put in directly (house style), for the owner
    # to see and undo if they wish

    @property
    def words(self) -> str:
        return {"used": "used the new words", "kept": "kept their own words",
                "talk": "wants to talk about it",
                "fixed": "spelling corrected by an editor"}[self.value]


class Found(StrEnum):
    """What became of the words a thread is about."""

    FOUND = "found"  # where they were
    MOVED = "moved"  # the same words, with other text around them
    CHANGED = "changed"  # the words changed a little
    LOST = "lost"  # they cannot be found any more


@dataclass(frozen=True)
class Message:
    """One message of a thread: who wrote it, when (ISO text, as written) and what."""

    by: str
    when: str
    text: str


@dataclass(frozen=True)
class Thread:
    """One thread, as its file says, with the fingerprint of the file as it was read."""

    id: str
    file: str
    chapter: str
    anchor: Anchor
    kind: Kind
    to: str
    status: State
    messages: tuple[Message, ...]
    proposed: str | None = None  # for a suggestion: the words to put in place of the quote
    resolved_by: str | None = None
    resolved_when: str | None = None
    accepted: bool = False  # a suggestion the owner of the words accepted
    # What the owner chose for a suggestion (see Decision), and, when an editor sitting with
    # them wrote it down, that editor and how the owner told them.
    decision: Decision | None = None
    recorded_by: str | None = None
    how: str | None = None
    fingerprint: str = field(default="", compare=False)

    @property
    def started_by(self) -> str:
        return self.messages[0].by

    @property
    def started_when(self) -> str:
        return self.messages[0].when

    @property
    def is_open(self) -> bool:
        return self.status is State.OPEN


@dataclass(frozen=True)
class AnchorStatus:
    """Where a thread's words are now, told plainly."""

    thread: str
    found: Found
    words: str  # one or two plain sentences
    line: int | None  # the line of the chapter file the words start on, when they are found
    match: Match | None

    def as_dict(self) -> dict[str, Any]:
        """`start` and `end` count characters in the chapter's body (after its front matter)."""
        return {"found": self.found.value, "words": self.words, "line": self.line,
                "text": self.match.text if self.match else None,
                "start": self.match.start if self.match else None,
                "end": self.match.end if self.match else None}


def thread_path(chapter_id: str, thread_id: str) -> str:
    return f"{FEEDBACK}/{chapter_id}/{thread_id}.yaml"


# Reading -----------------------------------------------------------------------------------------
def load_threads(book: Book) -> tuple[list[Thread], list[Problem]]:
    """Every thread under feedback/, in book order, and a plain problem for each broken file.

    Broken files are reported and left exactly as they are: nothing here writes anything.
    """
    threads: list[Thread] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for relative in _feedback_files(book):
        parts = relative.split("/")
        if len(parts) != 3 or not relative.endswith((".yaml", ".yml")):
            problems.append(Problem(relative, "This file is not where comments go, so it is not "
                                    "shown.", "Comments are kept as feedback/<chapter>/<comment>"
                                    ".yaml. Move it there, or remove it."))
            continue
        if parts[1] not in book.chapters:
            problems.append(Problem(relative, f"This comment is in the folder '{parts[1]}', but "
                                    f"the book has no chapter '{parts[1]}', so it is not shown.",
                                    "Move it to the folder of the chapter it is about "
                                    "(feedback/<chapter>/), or remove it."))
            continue
        try:
            source = files.read_text(book.root, relative)
            data = yaml_text.parse(relative, source.text)
        except BookError as error:
            problems.extend(error.problems)
            continue
        parsed = parse_thread(relative, source.text, book, source.fingerprint, data)
        if isinstance(parsed, Problem):
            problems.append(parsed)
            continue
        key = parsed.id.casefold()
        if key in seen:
            problems.append(Problem(relative, f"The id '{parsed.id}' is also used by {seen[key]}, "
                                    "so this comment is not shown.", "Give the file a new name "
                                    "and put the same name on its 'id:' line.",
                                    yaml_text.line_of(source.text, ("id",))))
            continue
        seen[key] = relative
        threads.append(parsed)
    order = {chapter_id: place for place, chapter_id in enumerate(book.chapter_order)}
    threads.sort(key=lambda t: (order.get(t.chapter, len(order)), t.started_when, t.id))
    return threads, problems


def _feedback_files(book: Book) -> list[str]:
    found = []
    for folder, folders, names in os.walk(book.root / FEEDBACK):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(folder, name), book.root)
                             .replace(os.sep, "/"))
    return sorted(found)


_REDO = "Fix the file by hand, or remove it and start the comment again."


def parse_thread(relative: str, text: str, book: Book, fingerprint: str = "",
                 data: Any = None) -> Thread | Problem:
    """Read one thread file, or say plainly why it cannot be shown. `data` is the file already
    parsed, when it is known."""
    if data is None:
        try:
            data = yaml_text.parse(relative, text)
        except BookError as error:
            return error.problems[0]
    if not isinstance(data, dict):
        return Problem(relative, "This comment file is empty or is not a list of 'name: value' "
                       "lines, so it is not shown.", _REDO, 1)

    def problem(path: tuple[object, ...], what: str, todo: str = _REDO) -> Problem:
        return Problem(relative, f"{what} This comment is not shown.", todo,
                       yaml_text.line_of(text, path))

    folder, stem = relative.split("/")[1], relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    thread_id = text_value(data.get("id"))
    if thread_id != stem:
        return problem(("id",), f"The id '{thread_id or ''}' does not match the file name "
                       f"({stem}.yaml).", f"Change the line to 'id: {stem}'.")
    chapter = text_value(data.get("chapter")) or folder
    if chapter != folder:
        return problem(("chapter",), f"The comment is in the folder of the chapter '{folder}' "
                       f"but says it is about '{chapter}'.", "Keep each comment in the folder "
                       "of the chapter it is about.")
    kind = choice(Kind, data.get("kind", Kind.COMMENT.value))
    if kind is None:
        return problem(("kind",), _unknown(data.get("kind"), "kind of comment"),
                       f"Use one of: {', '.join(Kind)}.")
    status = choice(State, data.get("status", State.OPEN.value))
    if status is None:
        return problem(("status",), _unknown(data.get("status"), "status"),
                       f"Use one of: {', '.join(State)}.")
    to = text_value(data.get("to"))
    if to is None:
        return problem(("to",), "The comment does not say who it is for (its 'to:' line is "
                       "missing or empty).", "Add a line like 'to: sam-jones'.")
    if to not in book.people:
        return problem(("to",), f"The comment is for '{to}', who has no file in people/.",
                       "Use the id of a person in the book (the name of their file in people/).")
    anchor = _anchor(data.get("anchor"))
    if isinstance(anchor, str):
        return problem(("anchor",), anchor, "Copy the words the comment is about into "
                       "'quote:' under 'anchor:'.")
    for key, words, what in (("quote", anchor.quote, "words the comment is about are"),
                             ("prefix", anchor.prefix, "text before those words is"),
                             ("suffix", anchor.suffix, "text after those words is")):
        if len(words) > MAX_QUOTE:
            return problem(("anchor", key), f"The {what} {_too_long(words)}", "Shorten it to "
                           "the sentences the comment is about, or remove the file and leave "
                           "the comment again.")
    proposed = data.get("proposed")
    if kind is Kind.SUGGESTION:
        if isinstance(proposed, (int, float)) and not isinstance(proposed, bool):
            proposed = str(proposed)
        if not isinstance(proposed, str):
            return problem(("proposed",) if "proposed" in data else ("kind",),
                           "The suggested change does not say which words to put in "
                           "(its 'proposed:' line is missing).", "Add the suggested words as "
                           "'proposed: ...', or change the kind to 'comment'.")
        if len(proposed) > MAX_QUOTE:
            return problem(("proposed",), f"The suggested words are {_too_long(proposed)}",
                           "Suggest a change to a shorter part of the chapter.")
    elif proposed is not None:
        return problem(("proposed",), f"Only a suggested change can propose new words, and "
                       f"this is a {kind.words}.", "Change the kind to 'suggestion', or remove "
                       "the 'proposed:' line.")
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        return problem(("messages",), "The comment has no messages (the first message is the "
                       "comment itself).", "Add the comment under 'messages:' with 'by:', "
                       "'when:' and 'text:'.")
    read: list[Message] = []
    for index, item in enumerate(messages):
        message = _message(item, book)
        if isinstance(message, tuple):
            key, what, todo = message
            return problem(("messages", index, key) if key else ("messages", index),
                           f"Message {index + 1}: {what}", todo)
        read.append(message)
    resolved_by = text_value(data.get("resolved_by"))
    if resolved_by is not None and resolved_by not in book.people:
        return problem(("resolved_by",), f"The comment was closed by '{resolved_by}', who has "
                       "no file in people/.", "Use the id of a person in the book.")
    resolved_when = text_value(data.get("resolved_when"))
    if resolved_when is not None and moment(resolved_when) is None:
        return problem(("resolved_when",), "The date it was closed cannot be read.",
                       "Write it like 'resolved_when: 2025-03-03T14:20:00+00:00'.")
    accepted = data.get("accepted", False)
    if not isinstance(accepted, bool):
        return problem(("accepted",), "The 'accepted:' line should say true or false.",
                       "Write 'accepted: true' or 'accepted: false'.")
    decision = choice(Decision, data["decision"]) if data.get("decision") is not None else None
    if data.get("decision") is not None and (decision is None or kind is not Kind.SUGGESTION):
        return problem(("decision",), _unknown(data.get("decision"), "choice about a "
                       "suggested change") if decision is None else "Only a suggested change "
                       "has a choice made about it.", f"Use one of: {', '.join(Decision)}, or "
                       "remove the line.")
    recorded_by = text_value(data.get("recorded_by"))
    if recorded_by is not None and recorded_by not in book.people:
        return problem(("recorded_by",), f"The choice was written down by '{recorded_by}', who "
                       "has no file in people/.", "Use the id of a person in the book.")
    how = text_value(data.get("how"))
    if how is not None and how not in _HOWS:
        return problem(("how",), _unknown(how, "way of being told"),
                       f"Use one of: {', '.join(_HOWS)}.")
    return Thread(thread_id, relative, chapter, anchor, kind, to, status, tuple(read),
                  proposed if kind is Kind.SUGGESTION else None, resolved_by, resolved_when,
                  accepted or decision in (Decision.USED, Decision.FIXED), decision,
                  recorded_by, how, fingerprint)


_HOWS = ("in-person", "phone", "email", "in-writing")


def _anchor(value: Any) -> Anchor | str:
    """The anchor, or what is wrong with it in plain words."""
    if not isinstance(value, dict):
        return "The comment does not say which words it is about (its 'anchor:' is missing)."
    quote, prefix, suffix = (_verbatim(value.get(key)) for key in ("quote", "prefix", "suffix"))
    if quote is None or not quote.strip():
        return "The comment does not say which words it is about (its 'quote:' is missing)."
    if prefix is None and value.get("prefix") is not None or \
            suffix is None and value.get("suffix") is not None:
        return "The text before or after the quote should be plain words."
    return Anchor(quote, prefix or "", suffix or "")


def _too_long(words: str) -> str:
    """Why a quote is refused: looking for pages of words costs minutes, not moments."""
    return (f"{len(words):,} characters long, more than a comment can be about (the limit is "
            f"{MAX_QUOTE:,} characters, about {MAX_QUOTE // 600 * 100:,} words).")


def _message(item: Any, book: Book) -> Message | tuple[str | None, str, str]:
    """One message, or (its key, what is wrong, what to do)."""
    if not isinstance(item, dict):
        return None, "it should have 'by:', 'when:' and 'text:' lines.", \
            "Write it like '- by: sam-jones' with 'when:' and 'text:' under it."
    by = text_value(item.get("by"))
    if by is None:
        return "by", "it does not say who wrote it.", "Add 'by:' with the person's id."
    if by not in book.people:
        return "by", f"it was written by '{by}', who has no file in people/.", \
            "Use the id of a person in the book (the name of their file in people/)."
    when = text_value(item.get("when"))
    if when is None or moment(when) is None:
        return "when", "the date it was written cannot be read.", \
            "Write it like \"when: '2025-03-03T14:20:00+00:00'\"."
    words = _verbatim(item.get("text"))
    if words is None or not words.strip():
        return "text", "it has no words.", "Write the message after 'text:'."
    return Message(by, when, words)


def _unknown(value: Any, meaning: str) -> str:
    if value is None or not str(value).strip():
        return f"The comment does not say its {meaning} (the line is empty)."
    return f"'{value}' is not a {meaning} the app knows."


def _verbatim(value: Any) -> str | None:
    """Words as written (spaces kept, since quotes are matched exactly)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


# Writing -----------------------------------------------------------------------------------------
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Like yaml_text.dump, but people's words of several lines are written as blocks, as a
    person would type them, rather than as one long quoted line. libyaml's writer when it is
    there: the same text, several times faster than PyYAML's own."""


class _Words(str):
    """Words someone wrote: shown as a block when they run over several lines."""


def _represent_words(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    block = "\n" in value.strip("\n") and not value[:1].isspace()
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value),
                                   style="|" if block else None)


class _Exact(str):
    """Text kept to the character (before and after a quote): always in double quotes, so
    every space can be seen and a line break shows as \\n."""


def _represent_exact(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(_Words, _represent_words)
_Dumper.add_representer(_Exact, _represent_exact)


def thread_file_text(thread: Thread) -> str:
    """The file text of a thread: plain lines a person can read and answer by hand."""
    data: dict[str, Any] = {"id": thread.id, "chapter": thread.chapter, "kind": thread.kind.value,
                            "to": thread.to, "status": thread.status.value}
    if thread.resolved_by is not None:
        data["resolved_by"] = thread.resolved_by
    if thread.resolved_when is not None:
        data["resolved_when"] = thread.resolved_when
    if thread.accepted:
        data["accepted"] = True
    if thread.decision is not None:
        data["decision"] = thread.decision.value
    if thread.recorded_by is not None:
        data["recorded_by"] = thread.recorded_by
    if thread.how is not None:
        data["how"] = thread.how
    data["anchor"] = {"quote": _Words(thread.anchor.quote),
                      "prefix": _Exact(thread.anchor.prefix),
                      "suffix": _Exact(thread.anchor.suffix)}
    if thread.kind is Kind.SUGGESTION:
        data["proposed"] = _Words(thread.proposed or "")
    data["messages"] = [{"by": m.by, "when": m.when, "text": _Words(m.text)}
                        for m in thread.messages]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


def start_thread(opened: OpenBook, chapter_id: str, quote: str, to: str, text: str, by: str,
                 kind: Kind | str = Kind.COMMENT, proposed: str | None = None,
                 occurrence: int | None = None, when: datetime | None = None) -> Thread:
    """Start a thread about `quote` in a chapter, and save it as a version under `by`'s name.

    `occurrence` says which place is meant when the words are in the chapter more than once
    (1 for the first). Refuses plainly, changing nothing, when anything is not right.
    """
    book = opened.book
    _require_person(book, by, "who is writing")
    _require_person(book, to, "who the comment is for")
    chapter = _require_chapter(book, chapter_id)
    chosen = choice(Kind, kind.value if isinstance(kind, Kind) else kind)
    if chosen is None:
        raise BookError(Problem(chapter.file, f"'{kind}' is not a kind of comment the app "
                                "knows.", f"Use one of: {', '.join(Kind)}."))
    if not text or not text.strip():
        raise BookError(Problem(chapter.file, "The comment is empty.", "Write what you want to "
                                "say, then save it again."))
    if chosen is Kind.SUGGESTION and proposed is None:
        raise BookError(Problem(chapter.file, "A suggested change needs the words you suggest.",
                                "Write the words that could take the place of the quote."))
    if chosen is not Kind.SUGGESTION and proposed is not None:
        raise BookError(Problem(chapter.file, "Only a suggested change can propose new words.",
                                "Choose 'suggestion' as the kind, or leave out the new words."))
    if proposed is not None and len(proposed) > MAX_QUOTE:
        raise BookError(Problem(chapter.file, f"The suggested words are {_too_long(proposed)}",
                                "Suggest a change to a shorter part of the chapter."))
    start, end = _place(chapter, quote, occurrence)
    anchor = anchor_at(chapter.body, start, end)
    if chosen is Kind.SUGGESTION and proposed == anchor.quote:
        raise BookError(Problem(chapter.file, "The suggested words are the same as the words "
                                "already there.", "Change the suggested words, or make it a "
                                "comment instead."))
    verb = {Kind.COMMENT: f"commented on '{chapter.title}' for {_first(book, to)}",
            Kind.QUESTION: f"asked {_first(book, to)} a question about '{chapter.title}'",
            Kind.SUGGESTION: f"suggested a change to '{chapter.title}' for {_first(book, to)}",
            }[chosen]
    with opened.history.transaction(identity_of(book.people[by]), f"{_first(book, by)} {verb}"):
        moment = _now(when)  # the id is chosen while no one else can save: it stays unique
        thread_id = new_thread_id(book, moment, by)
        thread = Thread(thread_id, thread_path(chapter_id, thread_id), chapter_id, anchor,
                        chosen, to, State.OPEN, (Message(by, moment, text.strip()),), proposed)
        written = files.write_text(book.root, thread.file, thread_file_text(thread), None)
    return replace(thread, fingerprint=written)


def reply(opened: OpenBook, thread: str | Thread, by: str, text: str,
          when: datetime | None = None, signer: Signer | None = None) -> Thread:
    """Add a message to a thread, and save it as a version under `by`'s name (or, given a
    `signer`, under its identity and description: an editor writing it down for `by`).

    Given a Thread as it was read earlier, the reply is refused if the file changed since.
    """
    book = opened.book
    _require_person(book, by, "who is replying")
    current = _current(opened, thread)
    if not text or not text.strip():
        raise BookError(Problem(current.file, "The reply is empty.", "Write what you want to "
                                "say, then save it again."))
    updated = replace(current, messages=(*current.messages, Message(by, _now(when),
                                                                      text.strip())))
    return _save(opened, current, updated, by, f"{_first(book, by)} replied to "
                 f"{_about(book, current)}", signer)


def resolve(opened: OpenBook, thread: str | Thread, by: str,
            when: datetime | None = None, signer: Signer | None = None) -> Thread:
    """Mark a thread as resolved, saying who and when (signed as `reply` is)."""
    book = opened.book
    _require_person(book, by, "who is closing the comment")
    current = _current(opened, thread)
    if not current.is_open:
        raise BookError(Problem(current.file, f"This {current.kind.words} was already resolved"
                                f"{_by_whom(book, current)}.", "Nothing needs doing. Reopen it "
                                "if there is more to say."))
    updated = replace(current, status=State.RESOLVED, resolved_by=by, resolved_when=_now(when))
    return _save(opened, current, updated, by, f"{_first(book, by)} resolved "
                 f"{_about(book, current)}", signer)


def reopen(opened: OpenBook, thread: str | Thread, by: str,
           when: datetime | None = None) -> Thread:
    """Open a resolved thread again (the messages, and any accepted change, stay)."""
    book = opened.book
    _require_person(book, by, "who is reopening the comment")
    current = _current(opened, thread)
    if current.is_open:
        raise BookError(Problem(current.file, f"This {current.kind.words} is already open.",
                                "Nothing needs doing."))
    updated = replace(current, status=State.OPEN, resolved_by=None, resolved_when=None)
    return _save(opened, current, updated, by, f"{_first(book, by)} reopened "
                 f"{_about(book, current)}")


def accept_suggestion(opened: OpenBook, thread: str | Thread, by: str,
                      when: datetime | None = None, signer: Signer | None = None,
                      recorded_by: str | None = None, how: str | None = None) -> Thread:
    """Put a suggestion's words in place of the quote, as the owner of the words decided.

    Only the chapter's author (or, in an editor's commentary box, that editor) may accept. The
    quote must still be in the chapter as it was; the chapter and the thread must not have
    changed since they were read. The change and the resolved thread are saved together as one
    version under `by`'s name (or the `signer`'s: an editor, `recorded_by`, writing down what
    `by` told them `how`), so it is never silent and can always be undone.
    """
    book = opened.book
    _require_person(book, by, "who is accepting the change")
    current = _current(opened, thread)
    if current.kind is not Kind.SUGGESTION:
        raise BookError(Problem(current.file, f"This is a {current.kind.words}, not a suggested "
                                "change, so there is nothing to accept.", "Reply to it or "
                                "resolve it instead."))
    if current.accepted:
        raise BookError(Problem(current.file, "This suggested change was already accepted"
                                f"{_by_whom(book, current)}.", "Nothing needs doing."))
    if not current.is_open:
        raise BookError(Problem(current.file, "This suggested change was closed"
                                f"{_by_whom(book, current)} without being accepted.",
                                "Reopen it first if you want to accept it after all."))
    chapter = _require_chapter(book, current.chapter)
    match = exact_place(chapter.body, current.anchor)
    if match is None:
        near = find_anchor(chapter.body, current.anchor)
        if near is None:
            raise BookError(Problem(current.file, f"{LOST_WORDS} So the suggested change "
                                    "cannot be made.", "Change the chapter by hand if the "
                                    "suggestion still fits, then resolve the comment."))
        if near.how is How.EXACT:
            raise BookError(Problem(current.file, "The words this suggestion was about are in "
                                    "the chapter more than once, and the text around them has "
                                    "changed, so it is not clear which place to change. Nothing "
                                    "was changed.", "Change the chapter by hand if the "
                                    "suggestion still fits, then resolve the comment."))
        raise BookError(Problem(current.file, "The words this suggestion was about have changed "
                                f"since it was made: they now read “{near.text}”, so the "
                                "suggested change was not made.", "Change the chapter by hand if "
                                "the suggestion still fits, then resolve the comment.",
                                _file_line(chapter, near.start)))
    owners = owners_of(book, chapter, match)
    if by not in owners:
        whose = " or ".join(book.name_of(o) for o in owners) or "nobody (no author is listed)"
        raise BookError(Problem(current.file, f"Only {whose} can accept a change to these "
                                f"words, because they are theirs.", "Reply to the suggestion "
                                "instead, or ask them to look at it."))
    if has_unsaved_changes(opened, chapter):
        raise BookError(Problem(chapter.file, "This chapter has changes that are not saved as a "
                                "version yet, so the suggested change was not made.", "Save a "
                                "version first, so the suggested change is kept as a version of "
                                "its own; then accept it again."))
    _require_unchanged(book, current)
    body = chapter.body[:match.start] + (current.proposed or "") + chapter.body[match.end:]
    updated = replace(current, status=State.RESOLVED, resolved_by=by, resolved_when=_now(when),
                      accepted=True, decision=Decision.USED, recorded_by=recorded_by, how=how)
    said = (f"{_first(book, by)} used {_first(book, current.started_by)}'s suggested words in "
            f"'{chapter.title}'")
    identity, said = signer(said) if signer else (identity_of(book.people[by]), said)
    with opened.history.transaction(identity, said):
        save_chapter(book, chapter.id, body)
        written = write_thread(book, current, updated)
    return replace(updated, fingerprint=written)


def owners_of(book: Book, chapter: Chapter, match: Match) -> list[str]:
    """Who may accept a change to the matched words: the chapter's authors, or for words in an
    editor's commentary box that editor (any editor when the box names nobody)."""
    touched = [p for p in plain_text.blocks(chapter.body)
               if p.start < max(match.end, match.start + 1) and p.end > match.start]
    owners: list[str] | None = None
    for block in touched or [None]:
        if block is not None and block.box == COMMENTARY:
            mine = [block.box_author] if block.box_author else list(book.editors)
        else:
            mine = list(chapter.authors)
        owners = mine if owners is None else [o for o in owners if o in mine]
    return owners or []


def has_unsaved_changes(opened: OpenBook, chapter: Chapter) -> bool:
    """Whether the chapter's file holds words not saved as a version, which a change made now
    would take into history under someone else's name. Asking git costs a process each time,
    so git is asked only about a file that had such words when the book was opened, or that
    changed on disk since it was read."""
    path = files.inside_book(opened.book.root, chapter.file)
    if chapter.file not in opened.unsaved_files and path.is_file() and \
            files.fingerprint(path.read_bytes()) == chapter.fingerprint:
        return False
    return chapter.file in opened.history.unsaved_files()


def read_thread(opened: OpenBook, thread_id: str) -> Thread:
    """A thread as its file says now, by its id (or 'chapter/id')."""
    return _current(opened, thread_id)


def save_thread(opened: OpenBook, current: Thread, updated: Thread, by: str,
                description: str, signer: Signer | None = None) -> Thread:
    """Write `updated` in place of `current` (refused if the file changed since it was read)
    and save it as a version: under `by`'s name, or the `signer`'s."""
    return _save(opened, current, updated, by, description, signer)


def _save(opened: OpenBook, current: Thread, updated: Thread, by: str,
          description: str, signer: Signer | None = None) -> Thread:
    identity, description = signer(description) if signer else (
        identity_of(opened.book.people[by]), description)
    with opened.history.transaction(identity, description):
        written = write_thread(opened.book, current, updated)
    return replace(updated, fingerprint=written)


def write_thread(book: Book, current: Thread, updated: Thread) -> str:
    """Write `updated` over the file of `current`, inside a transaction already begun; the new
    fingerprint. Refused plainly if the file changed since `current` was read."""
    try:
        return files.write_text(book.root, current.file, thread_file_text(updated),
                                current.fingerprint)
    except BookError:
        raise _changed_since(current) from None


def _require_unchanged(book: Book, current: Thread) -> None:
    path = files.inside_book(book.root, current.file)
    if not path.is_file() or files.fingerprint(path.read_bytes()) != current.fingerprint:
        raise _changed_since(current)


def _changed_since(current: Thread) -> BookError:
    return BookError(Problem(current.file, "Someone changed this comment since it was opened "
                             "(perhaps they replied), so nothing was saved.", "Get the latest, "
                             "read what changed, then try again."))


def _current(opened: OpenBook, thread: str | Thread) -> Thread:
    """The thread to change: as it was read (a Thread), or read now (an id)."""
    if isinstance(thread, Thread):
        return thread
    book = opened.book
    relative = _file_of(book, thread)
    source = files.read_text(book.root, relative)
    parsed = parse_thread(relative, source.text, book, source.fingerprint)
    if isinstance(parsed, Problem):
        raise BookError(replace(parsed, todo=f"{parsed.todo} Nothing was saved."))
    return parsed


def _file_of(book: Book, thread_id: str) -> str:
    """The file of a thread, by its id (or 'chapter/id' when ids are repeated)."""
    chapter, _, wanted = thread_id.strip().rpartition("/")
    found = []
    for chapter_id in [chapter] if chapter else list(book.chapters):
        for ending in (".yaml", ".yml"):
            relative = f"{FEEDBACK}/{chapter_id}/{wanted}{ending}"
            if chapter_id in book.chapters and (book.root / relative).is_file():
                found.append(relative)
    if not found:
        raise BookError(Problem(f"{FEEDBACK}/", f"There is no comment '{thread_id}' in the book.",
                                "Check the comment's id (the name of its file)."))
    if len(found) > 1:
        raise BookError(Problem(found[0], f"Several comments have the id '{wanted}': "
                                f"{', '.join(found)}.", "Say which one you mean as "
                                "'chapter/id'."))
    return found[0]


def new_thread_id(book: Book, moment: str, by: str) -> str:
    """An id that sorts by time and says who started the thread, unique across the book."""
    base = f"{datetime.fromisoformat(moment):%Y%m%d-%H%M%S}-{by}"
    taken = {name.rsplit(".", 1)[0].casefold() for relative in _feedback_files(book)
             for name in [relative.rsplit("/", 1)[-1]]}
    thread_id, number = base, 1
    while thread_id.casefold() in taken:
        number += 1
        thread_id = f"{base}-{number}"
    return thread_id


def _place(chapter: Chapter, quote: str, occurrence: int | None) -> tuple[int, int]:
    if not quote or not quote.strip():
        raise BookError(Problem(chapter.file, "The comment does not say which words it is "
                                "about.", "Choose some words of the chapter first."))
    if len(quote) > MAX_QUOTE:
        raise BookError(Problem(chapter.file, f"The words chosen are {_too_long(quote)}",
                                "Choose a shorter part of the chapter, such as a paragraph, "
                                "and leave a comment on each part that needs one."))
    places = find_places(chapter.body, quote)
    if not places:
        raise BookError(Problem(chapter.file, f"The words “{_short(quote)}” are not in the "
                                f"chapter '{chapter.title}'.", "Copy the words from the "
                                "chapter as they are now, then try again."))
    if occurrence is None:
        if len(places) > 1:
            raise BookError(Problem(chapter.file, f"The words “{_short(quote)}” are in the "
                                    f"chapter {len(places)} times, so it is not clear which "
                                    "one the comment is about.", "Choose a few more words "
                                    "around them, or say which time you mean (1 for the "
                                    "first)."))
        return places[0]
    if not 1 <= occurrence <= len(places):
        times = "once" if len(places) == 1 else f"{len(places)} times"
        raise BookError(Problem(chapter.file, f"The words “{_short(quote)}” are in the chapter "
                                f"{times}, so there is no number {occurrence}.",
                                f"Choose a number from 1 to {len(places)}."))
    return places[occurrence - 1]


def _require_person(book: Book, person: str | None, role: str) -> None:
    if not person or person not in book.people:
        raise BookError(Problem(f"people/{person}.yaml" if person else "people/",
                                f"'{person or ''}' is not a person in the book ({role}).",
                                "Use the id of a person in the book (the name of their file in "
                                "people/)."))


def _require_chapter(book: Book, chapter_id: str) -> Chapter:
    chapter = book.chapters.get(chapter_id)
    if chapter is None:
        raise BookError(Problem(f"chapters/{chapter_id}.md", f"The book has no chapter "
                                f"'{chapter_id}'.", "Use a chapter id from book.yaml."))
    return chapter


def _now(when: datetime | None) -> str:
    moment = (when or datetime.now(UTC)).replace(microsecond=0)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _first(book: Book, person: str) -> str:
    return book.name_of(person).split()[0] if book.name_of(person) else person


def _about(book: Book, thread: Thread) -> str:
    title = book.chapters[thread.chapter].title if thread.chapter in book.chapters else \
        thread.chapter
    return f"{_first(book, thread.started_by)}'s {thread.kind.words} on '{title}'"


def _by_whom(book: Book, thread: Thread) -> str:
    if thread.resolved_by is None:
        return ""
    day = f" on {_day(thread.resolved_when)}" if thread.resolved_when else ""
    return f" by {book.name_of(thread.resolved_by)}{day}"


def _short(words: str, size: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


def _day(when: str | None) -> str:
    found = moment(when)
    return day_words(found) if found else (when or "")


# Where the words are now -------------------------------------------------------------------------
def body_first_line(chapter: Chapter) -> int:
    """The line of the chapter file where its body starts (after the details between '---')."""
    return chapter.front_matter_text.count("\n") + 3


def _file_line(chapter: Chapter, offset: int) -> int:
    return body_first_line(chapter) + chapter.body.count("\n", 0, offset)


def thread_status(book: Book, thread: Thread) -> AnchorStatus:
    """Whether the thread's words are still in its chapter, and where, in plain words."""
    chapter = book.chapters.get(thread.chapter)
    if chapter is None:
        return AnchorStatus(thread.id, Found.LOST, f"The chapter '{thread.chapter}' is not in "
                            "the book any more.", None, None)
    anchor = thread.anchor
    if thread.accepted:  # the suggestion's words are there now
        if not (thread.proposed or "").strip():
            return AnchorStatus(thread.id, Found.LOST, "The suggested change was accepted: "
                                "the words were taken out of the chapter.", None, None)
        anchor = Anchor(thread.proposed or "", anchor.prefix, anchor.suffix)
    match = find_anchor(chapter.body, anchor)
    if match is None:
        return AnchorStatus(thread.id, Found.LOST, LOST_WORDS, None, None)
    line = _file_line(chapter, match.start)
    if match.words_same and match.context_same:
        return AnchorStatus(thread.id, Found.FOUND, "Found where it was.", line, match)
    if match.words_same:
        return AnchorStatus(thread.id, Found.MOVED, "Found: the words are the same, but the "
                            "text around them has changed.", line, match)
    return AnchorStatus(thread.id, Found.CHANGED, "Found, but the words changed a little. They "
                        f"now read: “{_short(match.text, 120)}”. Check that the comment still "
                        "applies.", line, match)


# Reports -----------------------------------------------------------------------------------------
def threads_report(book: Book, threads: list[Thread],
                   problems: list[Problem] | None = None) -> dict[str, Any]:
    """Every thread with where its words are now, who it waits on, and any broken files, as
    plain data (for --json and the window)."""
    entries = []
    waiting: dict[str, list[str]] = {}
    lost = 0
    for thread in threads:
        status = thread_status(book, thread)
        chapter = book.chapters.get(thread.chapter)
        if thread.is_open:
            waiting.setdefault(thread.to, []).append(thread.id)
            lost += status.found is Found.LOST
        entries.append({
            "id": thread.id, "file": thread.file, "chapter": thread.chapter,
            "chapter_title": chapter.title if chapter else thread.chapter,
            "chapter_file": chapter.file if chapter else None,
            "kind": thread.kind.value, "kind_words": thread.kind.words,
            "status": thread.status.value, "to": thread.to, "to_name": book.name_of(thread.to),
            "started_by": thread.started_by, "started_by_name": book.name_of(thread.started_by),
            "started_when": thread.started_when, "quote": thread.anchor.quote,
            "proposed": thread.proposed, "accepted": thread.accepted,
            "resolved_by": thread.resolved_by,
            "resolved_by_name": book.name_of(thread.resolved_by) if thread.resolved_by else None,
            "resolved_when": thread.resolved_when,
            "anchor": status.as_dict(),
            "messages": [{"by": m.by, "name": book.name_of(m.by), "when": m.when,
                          "text": m.text} for m in thread.messages],
        })
    return {
        "threads": entries,
        "open": sum(1 for t in threads if t.is_open),
        "resolved": sum(1 for t in threads if not t.is_open),
        "lost": lost,
        "waiting": [{"person": person, "name": book.name_of(person), "threads": ids}
                    for person, ids in sorted(waiting.items(),
                                              key=lambda item: book.name_of(item[0]))],
        "problems": [p.as_dict() for p in problems or []],
    }


def threads_text(report: dict[str, Any]) -> str:
    """The report in plain words, for a person reading a terminal."""
    lines = [f"Comments: {report['open']} open, {report['resolved']} resolved"]
    if report["lost"]:
        lines.append(f"{report['lost']} open comment(s) are about words that are no longer in "
                     "their chapter.")
    chapter = None
    for entry in report["threads"]:
        if entry["chapter"] != chapter:
            chapter = entry["chapter"]
            where = f" ({entry['chapter_file']})" if entry["chapter_file"] else ""
            lines += ["", f"{entry['chapter_title']}{where}"]
        state = "Open" if entry["status"] == State.OPEN else "Resolved"
        kind = entry["kind_words"]
        at = f", line {entry['anchor']['line']}" if entry["anchor"]["line"] else ""
        lines.append(f"  {state} {kind} from {entry['started_by_name']} to {entry['to_name']}"
                     f"{at} [{entry['id']}]")
        lines.append(f"    About: “{_short(entry['quote'], 80)}”")
        if entry["proposed"] is not None:
            suggestion = f"“{_short(entry['proposed'], 80)}”" if entry["proposed"] else \
                "take these words out"
            lines.append(f"    Suggested: {suggestion}")
        lines.append(f"    {entry['anchor']['words']}")
        for message in entry["messages"]:
            lines.append(f"    {message['name']}, {_day(message['when'])}: "
                         f"{' '.join(message['text'].split())}")
        if entry["status"] == State.RESOLVED and entry["resolved_by_name"]:
            how = "Accepted" if entry["accepted"] else "Resolved"
            lines.append(f"    {how} by {entry['resolved_by_name']}, "
                         f"{_day(entry['resolved_when'])}.")
    if not report["threads"]:
        lines += ["", "There are no comments yet."]
    if report["waiting"]:
        lines += ["", "Waiting for an answer"]
        for entry in report["waiting"]:
            count = len(entry["threads"])
            lines.append(f"  {entry['name']}: {count} open comment{'s' if count > 1 else ''}")
    if report["problems"]:
        lines += ["", "Comment files that could not be read"]
        for p in report["problems"]:
            where = p["file"] if p["line"] is None else f"{p['file']}, line {p['line']}"
            lines.append(f"  {where}: {p['what']} {p['todo']}")
    return "\n".join(lines)
