"""What one import did, and the short plain summary of it for a person at a terminal.

Kept apart from the import itself so that the window and the command line tell people the same
thing from the same record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from coauthor_desk.comments.model import Thread, ThreadKind
from coauthor_desk.history.versions import Version
from coauthor_desk.word_import.wording import plural, was


@dataclass(frozen=True)
class ImportedThread:
    """A thread the import started, with what it came from in the Word file."""

    thread: Thread
    replies: int  # Word replies that became messages of the thread


@dataclass(frozen=True)
class ImportResult:
    """What one import did, for the command line and the window to tell the person."""

    chapter_id: str
    chapter_title: str
    chapter_file: str
    file_name: str  # the Word file's name
    person: str  # who sent it; the version is signed by them
    new_chapter: bool
    text_changed: bool  # the chapter's words were replaced by the Word file's
    accepted_changes: int  # tracked changes by the owners of the words, taken into the text
    threads: tuple[ImportedThread, ...]
    version: Version | None  # None when there was nothing new to save
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, for the summary
    word_names: dict[str, str] = field(default_factory=dict)  # name in Word -> person id
    notes: tuple[str, ...] = ()  # plain sentences about things left out or worth checking
    answered: tuple[Thread, ...] = ()  # conversations given replies from the review copy

    @property
    def comments(self) -> list[Thread]:
        return [t.thread for t in self.threads if t.thread.kind is not ThreadKind.SUGGESTION]

    @property
    def suggestions(self) -> list[Thread]:
        return [t.thread for t in self.threads if t.thread.kind is ThreadKind.SUGGESTION]


def import_text(result: ImportResult) -> str:
    """A short plain summary of an import, for a person reading a terminal."""
    names = result.names
    sender = names.get(result.person, result.person)
    title, file_name = result.chapter_title, result.file_name
    if result.version is None:
        return "\n".join([f"Nothing to import: {file_name} has the same words as '{title}' and "
                          "no comments or tracked changes that are not in the book already.",
                          *result.notes])
    if result.new_chapter:
        head = f"Imported '{title}' from {file_name} as a new chapter by {sender}"
    elif result.text_changed:
        head = f"Imported '{title}' from {file_name} as a new version by {sender}"
    else:
        head = (f"Imported the comments and changes in {file_name} into '{title}' (its words "
                f"are as they were), saved by {sender}")
    parts = []
    if result.accepted_changes:
        count = result.accepted_changes
        parts.append(f"{count} tracked change{plural(count)} by the owner of the words "
                     f"{was(count)} taken into the text")
    comments = result.comments
    if comments:
        replies = sum(t.replies for t in result.threads
                      if t.thread.kind is not ThreadKind.SUGGESTION)
        became = "became a thread" if len(comments) == 1 else "became threads"
        parts.append(f"{len(comments)} comment{plural(len(comments))} {became}"
                     + (f" ({replies} repl{'y' if replies == 1 else 'ies'} included)"
                        if replies else ""))
    answered = result.answered
    if answered:
        count = len(answered)
        parts.append(f"answers to {count} question{plural(count)} became replies in "
                     f"{'its conversation' if count == 1 else 'their conversations'}")
    waiting = Counter((thread.started_by, thread.to) for thread in result.suggestions)
    for (by, to), count in waiting.items():
        parts.append(f"{count} suggested change{plural(count)} from {names.get(by, by)} "
                     f"{'is' if count == 1 else 'are'} waiting for {_first(names.get(to, to))}")
    lines = [head + (": " + ", ".join(parts) + "." if parts else ".")]
    lines += result.notes
    return "\n".join(lines)


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name
