"""Answers to a review copy's questions, brought back as replies to their conversations.

A review copy ends with "Questions and comments for you": for each open conversation, the
words it is about, who wrote what, and any replies (see export.review_copy). A co-author may
type an answer under a question, or put a Word comment on it. Each question is matched again to
its conversation by the words it quotes and its first message, and what the co-author added
becomes a reply from them (a comment, from the comment's writer). Words in that section that
belong to no question, or to a question whose conversation is no longer in the book, are named
in the import's notes, so nothing typed there is lost silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from coauthor_desk.comments.file_format import load_threads
from coauthor_desk.comments.model import Message, Thread
from coauthor_desk.manuscript.model import Book
from coauthor_desk.word_import.chapter_part import QUESTIONS_HEADING, same_title
from coauthor_desk.word_import.pandoc_tree import attributes, is_span, nodes, plain
from coauthor_desk.word_import.styles import is_dropped, style
from coauthor_desk.word_import.threads import when_of
from coauthor_desk.word_import.word_names import WordNames
from coauthor_desk.word_import.wording import comparable, short, straight_quotes

_ABOUT = "about these words in"
_SAID = re.compile(r"^.{1,200} wrote(?: on .{1,60})?:$")
_SUGGESTED = re.compile(r"^Suggested words: .*It is your choice whether to use them\.$", re.S)
_REPLIED = re.compile(r"^.{1,200}? replied: (.*)$", re.S)


@dataclass
class Answers:
    """The replies found in a review copy's questions, by conversation, and notes about words
    that could not be given to one."""

    replies: dict[str, list[Message]] = field(default_factory=dict)  # thread id -> new ones
    threads: dict[str, Thread] = field(default_factory=dict)  # thread id -> as read
    notes: list[str] = field(default_factory=list)

    def updated(self) -> list[Thread]:
        """Each conversation with its new replies, in the order they were found."""
        return [replace(self.threads[i], messages=(*self.threads[i].messages, *new))
                for i, new in self.replies.items() if new]


def questions_section(blocks: list[Any]) -> list[Any]:
    """The blocks of the file's 'Questions and comments for you' section (none when there is
    no such section), with Word's paragraph styles unwrapped."""
    flat = _flattened(blocks)
    start = next((i for i, b in enumerate(flat) if b.get("t") == "Header" and b["c"][0] == 1
                  and same_title(plain(b["c"][2]), QUESTIONS_HEADING)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(flat)) if flat[i].get("t") == "Header"
                and flat[i]["c"][0] == 1), len(flat))
    return flat[start:end]  # with its heading, which may carry a comment


def _flattened(blocks: list[Any]) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        if is_dropped(block):
            continue
        if style(block) is not None:
            out += _flattened(block["c"][1])
        else:
            out.append(block)
    return out


def find_answers(book: Book, section: list[Any], sender: str, name_of: WordNames,
                 moment: datetime) -> Answers:
    """The replies in the questions section (see the module docstring)."""
    answers = Answers()
    if not section:
        return answers
    threads, _ = load_threads(book)
    groups = _groups(section)
    stray = groups.pop(0)[1] if groups and groups[0][0] is None else []
    stray_words = " ".join(" ".join(plain(b).split()) for b in stray
                           if not _generated_intro(b) and b.get("t") != "Header")
    stray_words = " ".join([stray_words, *(m.text for m in _comments(stray, name_of, moment))])
    used: set[str] = set()
    for about, group in groups:
        thread = _thread_for(threads, about, group, used)
        said = _typed(group, thread)
        comments = _comments([about, *group], name_of, moment)
        if thread is None:
            lost = " ".join([*said, *(m.text for m in comments)])
            if lost.strip():
                answers.notes.append(
                    f"An answer in the review copy (“{lost}”) is to a question about "
                    f"“{short(_quoted(about), 50)}” whose conversation is no longer in the book "
                    "as it was, so it was not brought in. Add it as a reply in the app, or "
                    "start a new comment with it.")
            continue
        used.add(thread.id)
        new = [Message(sender, when_of("", moment), "\n\n".join(said))] if said else []
        new += comments
        seen = {(m.by, comparable(m.text)) for m in thread.messages}
        fresh = [m for m in new if (m.by, comparable(m.text)) not in seen]
        if fresh:
            answers.threads[thread.id] = thread
            answers.replies[thread.id] = fresh
    if stray_words.strip():
        answers.notes.append(f"Words in the review copy's questions section that are under no "
                             f"question (“{stray_words.strip()}”) were not brought in. If "
                             "they answer a question, add them as a reply in the app.")
    return answers


def _quoted(about: Any) -> str:
    """The words a question is about, as its 'About these words' paragraph quotes them."""
    words = " ".join(plain(about).split())
    found = re.search(r"[“\"](.*)[”\"]$", words)
    return found.group(1) if found else words


def _generated_intro(block: Any) -> bool:
    return comparable(plain(block)) == "nothing is waiting for you."


def _groups(section: list[Any]) -> list[tuple[Any, list[Any]]]:
    """(the 'About these words' paragraph, the blocks after it) for each question; blocks
    before the first question come with None."""
    groups: list[tuple[Any, list[Any]]] = []
    for block in section:
        if block.get("t") in ("Para", "Plain") and comparable(
                straight_quotes(plain(block))).startswith(_ABOUT):
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        else:
            groups.append((None, [block]))
    return groups


def _same(a: str, b: str) -> bool:
    return comparable(straight_quotes(a)) == comparable(straight_quotes(b))


def _thread_for(threads: list[Thread], about: Any, group: list[Any],
                used: set[str]) -> Thread | None:
    """The conversation a question is from: the one whose quoted words and first message the
    question shows."""
    heading = comparable(straight_quotes(plain(about)))
    quoted = [b for b in group if b.get("t") == "BlockQuote"]
    first = plain(quoted[0]) if quoted else ""
    for thread in threads:
        if thread.id in used:
            continue
        quote = comparable(straight_quotes(thread.anchor.quote))
        if quote and quote in heading and _starts_with(first, thread.messages[0].text):
            return thread
    return None


def _starts_with(text: str, start: str) -> bool:
    return comparable(straight_quotes(text)).startswith(comparable(straight_quotes(start)))


def _typed(group: list[Any], thread: Thread | None) -> list[str]:
    """The paragraphs the co-author typed under a question: everything the review copy did
    not print there itself."""
    said: list[str] = []
    quoted = [b for b in group if b.get("t") == "BlockQuote"]
    first = thread.messages[0].text if thread else plain(quoted[0]) if quoted else ""
    replies = [m.text for m in thread.messages[1:]] if thread else []
    seen_said = False
    for block in group:
        words = " ".join(plain(block).split())
        if not words:
            continue
        if block.get("t") == "BlockQuote" and first and _starts_with(words, first):
            rest = words[len(" ".join(first.split())):].strip()
            if rest and not _same(rest, ""):
                said.append(rest)
            first = ""
            continue
        if not seen_said and _SAID.match(words):
            seen_said = True
            continue
        if _SUGGESTED.match(straight_quotes(words)):
            continue
        replied = _REPLIED.match(words)
        if replied and any(_same(replied.group(1), r) for r in replies):
            continue
        said.append(words)
    return said


def _comments(group: list[Any], name_of: WordNames, moment: datetime) -> list[Message]:
    """Word comments on a question (and their Word replies), as messages from their writers,
    oldest first."""
    found = [n for n in nodes(group) if is_span(n, "comment-start")]
    messages = []
    for node in found:
        details = attributes(node)
        text = " ".join(plain(node["c"][1]).split())
        if text:
            messages.append(Message(name_of(details.get("author", "")),
                                    when_of(details.get("date", ""), moment), text))
    return sorted(messages, key=lambda m: m.when)
