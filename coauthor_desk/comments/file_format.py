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
from typing import TYPE_CHECKING, Any

import yaml

from coauthor_desk.comments.anchors import (
    MAX_QUOTE,
    Anchor,
)
from coauthor_desk.comments.model import (
    FEEDBACK,
    Message,
    SuggestionDecision,
    Thread,
    ThreadKind,
    ThreadState,
)
from coauthor_desk.comments.wording import too_long
from coauthor_desk.manuscript import files, yaml_text
from coauthor_desk.manuscript.fields import choice, moment, text_value
from coauthor_desk.manuscript.model import Book
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:

    pass


# Reading -----------------------------------------------------------------------------------------
def load_threads(book: Book) -> tuple[list[Thread], list[Problem]]:
    """Every thread under feedback/, in book order, and a plain problem for each broken file.

    Broken files are reported and left exactly as they are: nothing here writes anything.
    """
    threads: list[Thread] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for relative in feedback_files(book):
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


def feedback_files(book: Book) -> list[str]:
    found = []
    for folder, folders, names in os.walk(book.root / FEEDBACK):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(folder, name), book.root)
                             .replace(os.sep, "/"))
    return sorted(found)


_REDO = "Fix the file by hand, or remove it and start the comment again."


class _Refused(Exception):
    """One thing wrong in a thread file: where (the YAML path), what, and what to do."""

    def __init__(self, path: tuple[object, ...], what: str, todo: str = _REDO) -> None:
        super().__init__(what)
        self.path, self.what, self.todo = path, what, todo


def parse_thread(relative: str, text: str, book: Book, fingerprint: str = "",
                 data: Any = None) -> Thread | Problem:
    """Read one thread file, or say plainly why it cannot be shown. `data` is the file already
    parsed, when it is known. The parts are read in the file's order, and the first thing
    wrong is the one told."""
    if data is None:
        try:
            data = yaml_text.parse(relative, text)
        except BookError as error:
            return error.problems[0]
    if not isinstance(data, dict):
        return Problem(relative, "This comment file is empty or is not a list of 'name: value' "
                       "lines, so it is not shown.", _REDO, 1)
    try:
        thread_id, chapter = _id_and_chapter(relative, data)
        kind, status, to = _kind_status_and_to(data, book)
        anchor = _checked_anchor(data)
        proposed = _proposed(data, kind)
        read = _messages(data, book)
        resolved_by, resolved_when, accepted = _closed(data, book)
        decision, recorded_by, how = _decision(data, book, kind)
    except _Refused as refused:
        return Problem(relative, f"{refused.what} This comment is not shown.", refused.todo,
                       yaml_text.line_of(text, refused.path))
    return Thread(thread_id, relative, chapter, anchor, kind, to, status, read,
                  proposed if kind is ThreadKind.SUGGESTION else None, resolved_by, resolved_when,
                  accepted or decision in (SuggestionDecision.USED, SuggestionDecision.FIXED),
                  decision, recorded_by, how, fingerprint)


def _id_and_chapter(relative: str, data: dict[str, Any]) -> tuple[str, str]:
    """The thread's id (its file's name) and chapter (its folder's name)."""
    folder, stem = relative.split("/")[1], relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    thread_id = text_value(data.get("id"))
    if thread_id != stem:
        raise _Refused(("id",), f"The id '{thread_id or ''}' does not match the file name "
                       f"({stem}.yaml).", f"Change the line to 'id: {stem}'.")
    chapter = text_value(data.get("chapter")) or folder
    if chapter != folder:
        raise _Refused(("chapter",), f"The comment is in the folder of the chapter '{folder}' "
                       f"but says it is about '{chapter}'.", "Keep each comment in the folder "
                       "of the chapter it is about.")
    return stem, chapter


def _kind_status_and_to(data: dict[str, Any], book: Book
                        ) -> tuple[ThreadKind, ThreadState, str]:
    kind = choice(ThreadKind, data.get("kind", ThreadKind.COMMENT.value))
    if kind is None:
        raise _Refused(("kind",), _unknown(data.get("kind"), "kind of comment"),
                       f"Use one of: {', '.join(ThreadKind)}.")
    status = choice(ThreadState, data.get("status", ThreadState.OPEN.value))
    if status is None:
        raise _Refused(("status",), _unknown(data.get("status"), "status"),
                       f"Use one of: {', '.join(ThreadState)}.")
    to = text_value(data.get("to"))
    if to is None:
        raise _Refused(("to",), "The comment does not say who it is for (its 'to:' line is "
                       "missing or empty).", "Add a line like 'to: sam-jones'.")
    if to not in book.people:
        raise _Refused(("to",), f"The comment is for '{to}', who has no file in people/.",
                       "Use the id of a person in the book (the name of their file in people/).")
    return kind, status, to


def _checked_anchor(data: dict[str, Any]) -> Anchor:
    anchor = _anchor(data.get("anchor"))
    if isinstance(anchor, str):
        raise _Refused(("anchor",), anchor, "Copy the words the comment is about into "
                       "'quote:' under 'anchor:'.")
    for key, words, what in (("quote", anchor.quote, "words the comment is about are"),
                             ("prefix", anchor.prefix, "text before those words is"),
                             ("suffix", anchor.suffix, "text after those words is")):
        if len(words) > MAX_QUOTE:
            raise _Refused(("anchor", key), f"The {what} {too_long(words)}", "Shorten it to "
                           "the sentences the comment is about, or remove the file and leave "
                           "the comment again.")
    return anchor


def _proposed(data: dict[str, Any], kind: ThreadKind) -> str | None:
    """A suggestion's new words (a suggestion must have them; nothing else may)."""
    proposed = data.get("proposed")
    if kind is ThreadKind.SUGGESTION:
        if isinstance(proposed, (int, float)) and not isinstance(proposed, bool):
            proposed = str(proposed)
        if not isinstance(proposed, str):
            raise _Refused(("proposed",) if "proposed" in data else ("kind",),
                           "The suggested change does not say which words to put in "
                           "(its 'proposed:' line is missing).", "Add the suggested words as "
                           "'proposed: ...', or change the kind to 'comment'.")
        if len(proposed) > MAX_QUOTE:
            raise _Refused(("proposed",), f"The suggested words are {too_long(proposed)}",
                           "Suggest a change to a shorter part of the chapter.")
        return proposed
    if proposed is not None:
        raise _Refused(("proposed",), f"Only a suggested change can propose new words, and "
                       f"this is a {kind.words}.", "Change the kind to 'suggestion', or remove "
                       "the 'proposed:' line.")
    return None


def _messages(data: dict[str, Any], book: Book) -> tuple[Message, ...]:
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _Refused(("messages",), "The comment has no messages (the first message is the "
                       "comment itself).", "Add the comment under 'messages:' with 'by:', "
                       "'when:' and 'text:'.")
    read: list[Message] = []
    for index, item in enumerate(messages):
        message = _message(item, book)
        if isinstance(message, tuple):
            key, what, todo = message
            raise _Refused(("messages", index, key) if key else ("messages", index),
                           f"Message {index + 1}: {what}", todo)
        read.append(message)
    return tuple(read)


def _closed(data: dict[str, Any], book: Book) -> tuple[str | None, str | None, bool]:
    """Who closed the thread and when, and whether a suggestion was accepted."""
    resolved_by = text_value(data.get("resolved_by"))
    if resolved_by is not None and resolved_by not in book.people:
        raise _Refused(("resolved_by",), f"The comment was closed by '{resolved_by}', who has "
                       "no file in people/.", "Use the id of a person in the book.")
    resolved_when = text_value(data.get("resolved_when"))
    if resolved_when is not None and moment(resolved_when) is None:
        raise _Refused(("resolved_when",), "The date it was closed cannot be read.",
                       "Write it like 'resolved_when: 2025-03-03T14:20:00+00:00'.")
    accepted = data.get("accepted", False)
    if not isinstance(accepted, bool):
        raise _Refused(("accepted",), "The 'accepted:' line should say true or false.",
                       "Write 'accepted: true' or 'accepted: false'.")
    return resolved_by, resolved_when, accepted


def _decision(data: dict[str, Any], book: Book, kind: ThreadKind
              ) -> tuple[SuggestionDecision | None, str | None, str | None]:
    """What the owner chose for a suggestion, who wrote it down for them, and how told."""
    decision = (choice(SuggestionDecision, data["decision"])
                if data.get("decision") is not None else None)
    if data.get("decision") is not None and (decision is None or kind is not ThreadKind.SUGGESTION):
        raise _Refused(("decision",), _unknown(data.get("decision"), "choice about a "
                       "suggested change") if decision is None else "Only a suggested change "
                       "has a choice made about it.",
                       f"Use one of: {', '.join(SuggestionDecision)}, or remove the line.")
    recorded_by = text_value(data.get("recorded_by"))
    if recorded_by is not None and recorded_by not in book.people:
        raise _Refused(("recorded_by",), f"The choice was written down by '{recorded_by}', who "
                       "has no file in people/.", "Use the id of a person in the book.")
    how = text_value(data.get("how"))
    if how is not None and how not in _HOWS:
        raise _Refused(("how",), _unknown(how, "way of being told"),
                       f"Use one of: {', '.join(_HOWS)}.")
    return decision, recorded_by, how


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
    if thread.kind is ThreadKind.SUGGESTION:
        data["proposed"] = _Words(thread.proposed or "")
    data["messages"] = [{"by": m.by, "when": m.when, "text": _Words(m.text)}
                        for m in thread.messages]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
