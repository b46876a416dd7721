""""What happened to what I said": each reply a person wrote, each choice they made about
suggested changes to their words, and each agreement decision of theirs, newest first, with
what became of it in plain words. People who give their words want to know they were heard.

Only the person's own messages, their own suggestions and their own agreement records are
looked at. Other co-authors are never named: an answer by someone who is not an editor is
told as "another co-author".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from coauthor_desk.agreements.records import Decision as AgreementDecision
from coauthor_desk.agreements.records import Record, Use
from coauthor_desk.agreements.rules import Standing, State, Subject
from coauthor_desk.comments.model import Found, Message, SuggestionDecision, Thread, ThreadKind
from coauthor_desk.comments.where_now import thread_status
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.manuscript.model import Book

REPLY, SUGGESTION, AGREEMENT = "reply", "suggestion", "agreement"
_EARLY = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class HappenedRow:
    """One thing the person said or decided, and what became of it."""

    kind: str  # REPLY, SUGGESTION or AGREEMENT
    when: datetime
    said: str  # what they said or chose, in a sentence or two
    became: str  # what became of it


def what_happened(book: Book, person: str, threads: list[Thread], records: list[Record],
                  standing: dict[Subject, Standing]) -> list[HappenedRow]:
    """Every reply, suggestion decision and agreement decision of `person`, newest first."""
    rows: list[HappenedRow] = []
    for thread in threads:
        for index, message in enumerate(thread.messages):
            if message.by == person:
                rows.append(_reply_row(book, person, thread, index))
        if thread.kind is ThreadKind.SUGGESTION and thread.to == person and thread.decision:
            rows.append(_suggestion_row(book, person, thread))
    latest = {}
    for record in sorted(records, key=lambda r: (r.when, r.id)):
        latest[record.subject] = record
    for record in records:
        if record.person == person:
            rows.append(_agreement_row(book, record, latest, standing))
    return sorted(rows, key=lambda row: row.when, reverse=True)


# Replies -----------------------------------------------------------------------------------------
def _reply_row(book: Book, person: str, thread: Thread, index: int) -> HappenedRow:
    message = thread.messages[index]
    title = _title(book, thread)
    if index == 0:
        said = f"You wrote on {_day(message.when)}, about '{title}': “{_short(message.text)}”"
    else:
        whose = "your" if thread.started_by == person else \
            f"{_who(book, thread.started_by, person)}'s"
        said = (f"You replied on {_day(message.when)} to {whose} {thread.kind.words} about "
                f"'{title}': “{_short(message.text)}”")
    answer = next((m for m in thread.messages[index + 1:] if m.by != person), None)
    if answer is not None:
        became = (f"{_capital(_who(book, answer.by, person))} replied on {_day(answer.when)}: "
                  f"“{_short(answer.text)}”")
    elif not thread.is_open and thread.resolved_by:
        done = "answered" if thread.kind is ThreadKind.QUESTION else "done"
        became = (f"{_capital(_who(book, thread.resolved_by, person))} marked the "
                  f"{thread.kind.words} as {done}"
                  + (f" on {_day(thread.resolved_when)}." if thread.resolved_when else "."))
    else:
        became = "No answer yet."
    return HappenedRow(REPLY, _moment(message.when), said, became)


# Suggested changes -------------------------------------------------------------------------------
def _suggestion_row(book: Book, person: str, thread: Thread) -> HappenedRow:
    decision = thread.decision
    assert decision is not None
    who = _capital(_who(book, thread.started_by, person))
    said = (f"{who} suggested changing “{_short(thread.anchor.quote)}” to "
            f"“{_short(thread.proposed or '')}” in '{_title(book, thread)}'. ")
    said += {SuggestionDecision.USED: "You chose to use the new words.",
             SuggestionDecision.KEPT: "You chose to keep your own words.",
             SuggestionDecision.TALK: "You asked to talk about it.",
             SuggestionDecision.FIXED: "It was a spelling fix, put in by an editor."}[decision]
    if thread.recorded_by and thread.recorded_by != person:
        how = f", told {thread.how.replace('-', ' ')}" if thread.how else ""
        said += f" ({_capital(_who(book, thread.recorded_by, person))} wrote it down for you" \
                f"{how}.)"
    if decision in (SuggestionDecision.USED, SuggestionDecision.FIXED):
        status = thread_status(book, replace(thread, accepted=True))
        if status.found in (Found.FOUND, Found.MOVED):
            became = f"Your chapter now reads: “{_short(thread.proposed or '')}”"
        elif status.found is Found.CHANGED and status.match is not None:
            became = ("The new words went in, and have changed a little since. They now read: "
                      f"“{_short(status.match.text)}”")
        else:
            became = "The new words went in, but they are not in your chapter any more."
    elif decision is SuggestionDecision.KEPT:
        status = thread_status(book, replace(thread, accepted=False))
        if status.found in (Found.FOUND, Found.MOVED):
            became = f"Your words stayed: “{_short(thread.anchor.quote)}”"
        else:
            became = "You kept your words, but they have been changed since."
    else:
        became = _conversation(book, person, thread)
    when = _moment(thread.resolved_when or thread.messages[-1].when)
    return HappenedRow(SUGGESTION, when, said, became)


def _conversation(book: Book, person: str, thread: Thread) -> str:
    later = [m for m in thread.messages[1:] if m.by != person]
    last: Message | None = later[-1] if later else None
    said = (f"{_capital(_who(book, last.by, person))} said on {_day(last.when)}: "
            f"“{_short(last.text)}” " if last else "Nobody has answered yet. ")
    return said + ("The conversation is still open." if thread.is_open else
                   "The conversation is finished.")


# Agreements --------------------------------------------------------------------------------------
def _agreement_row(book: Book, record: Record, latest: dict[Subject, Record],
                   standing: dict[Subject, Standing]) -> HappenedRow:
    thing = _thing(book, record)
    verb = {AgreementDecision.AGREED: "You agreed to",
            AgreementDecision.NOT_AGREED: "You said no to",
            AgreementDecision.WITHDRAWN: "You withdrew your agreement to"}[record.decision]
    said = f"{verb} {thing} on {day_words(record.when)}."
    if not record.self_recorded:
        how = f", {record.how.words}" if record.how else ""
        said += f" (You told {book.name_of(record.recorded_by).split()[0]}{how}.)"
    if latest.get(record.subject) is not record:
        became = "You changed your mind later (see above)."
    else:
        found = standing.get(record.subject)
        state = found.state if found else None
        if state is State.AGREED:
            became = "This still holds."
        elif state is State.NEEDS_CHECKING:
            change = f" ({found.change})" if found and found.change else ""
            became = f"The words changed after you agreed{change}: please look again."
        elif state is State.EXPIRED:
            became = "Your agreement has run out: please say if you agree again."
        elif state is State.UNKNOWN_VERSION:
            became = "Please agree again to the words as they are now."
        else:
            became = "It is not used in the book, or in any copy made since."
    return HappenedRow(AGREEMENT, record.when, said, became)


def _thing(book: Book, record: Record) -> str:
    if record.use is Use.CHAPTER:
        chapter = book.chapters.get(record.target or "")
        return f"your chapter '{chapter.title if chapter else record.target}'"
    if record.use is Use.NAMED:
        return f"being named as '{record.version}'" if record.version else "being named"
    if record.use is Use.QUOTE:
        quote = book.quotes.get(record.target or "")
        return f"your words used for {quote.used_for}" if quote else "a quote of your words"
    return "what you told us about yourself being counted"


# Small words -------------------------------------------------------------------------------------
def _who(book: Book, someone: str, person: str) -> str:
    """'you', an editor's first name, or 'another co-author' (other co-authors stay private)."""
    if someone == person:
        return "you"
    found = book.people.get(someone)
    if someone in book.editors or (found is not None and found.is_editor):
        return book.name_of(someone).split()[0]
    return "another co-author"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _title(book: Book, thread: Thread) -> str:
    chapter = book.chapters.get(thread.chapter)
    return chapter.title if chapter else thread.chapter


def _moment(text: str | None) -> datetime:
    found = moment(text)
    if found is None:
        return _EARLY
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _day(text: str | None) -> str:
    found = moment(text)
    return day_words(found) if found else (text or "")


def _short(words: str, size: int = 160) -> str:
    words = " ".join(words.split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"
