"""What people do with threads: start one, reply, resolve, reopen, accept a suggestion. Each
is written only when the file is still as it was read, and saved as a version under the name
of the person who did it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coauthor_desk.comments.anchors import (
    MAX_QUOTE,
    Match,
    MatchHow,
    anchor_at,
    exact_place,
    find_anchor,
    find_places,
)
from coauthor_desk.comments.file_format import feedback_files, parse_thread, thread_file_text
from coauthor_desk.comments.model import (
    COMMENTARY,
    FEEDBACK,
    LOST_WORDS,
    Message,
    SuggestionDecision,
    Thread,
    ThreadKind,
    ThreadState,
    thread_path,
)
from coauthor_desk.comments.where_now import file_line
from coauthor_desk.comments.wording import day_of, short_words, too_long
from coauthor_desk.history.versions import identity_of
from coauthor_desk.manuscript import files
from coauthor_desk.manuscript import text as markdown_text
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.fields import choice
from coauthor_desk.manuscript.model import Book, Chapter
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable

    from coauthor_desk.history.versions import Identity
    from coauthor_desk.session import OpenBook

    # Given a version's plain description, who signs it and the description it carries.
    Signer = Callable[[str], tuple[Identity, str]]

def start_thread(opened: OpenBook, chapter_id: str, quote: str, to: str, text: str, by: str,
                 kind: ThreadKind | str = ThreadKind.COMMENT, proposed: str | None = None,
                 occurrence: int | None = None, when: datetime | None = None) -> Thread:
    """Start a thread about `quote` in a chapter, and save it as a version under `by`'s name.

    `occurrence` says which place is meant when the words are in the chapter more than once
    (1 for the first). Refuses plainly, changing nothing, when anything is not right.
    """
    book = opened.book
    _require_person(book, by, "who is writing")
    _require_person(book, to, "who the comment is for")
    chapter = _require_chapter(book, chapter_id)
    chosen = choice(ThreadKind, kind.value if isinstance(kind, ThreadKind) else kind)
    if chosen is None:
        raise BookError(Problem(chapter.file, f"'{kind}' is not a kind of comment the app "
                                "knows.", f"Use one of: {', '.join(ThreadKind)}."))
    if not text or not text.strip():
        raise BookError(Problem(chapter.file, "The comment is empty.", "Write what you want to "
                                "say, then save it again."))
    if chosen is ThreadKind.SUGGESTION and proposed is None:
        raise BookError(Problem(chapter.file, "A suggested change needs the words you suggest.",
                                "Write the words that could take the place of the quote."))
    if chosen is not ThreadKind.SUGGESTION and proposed is not None:
        raise BookError(Problem(chapter.file, "Only a suggested change can propose new words.",
                                "Choose 'suggestion' as the kind, or leave out the new words."))
    if proposed is not None and len(proposed) > MAX_QUOTE:
        raise BookError(Problem(chapter.file, f"The suggested words are {too_long(proposed)}",
                                "Suggest a change to a shorter part of the chapter."))
    start, end = _place(chapter, quote, occurrence)
    anchor = anchor_at(chapter.body, start, end)
    if chosen is ThreadKind.SUGGESTION and proposed == anchor.quote:
        raise BookError(Problem(chapter.file, "The suggested words are the same as the words "
                                "already there.", "Change the suggested words, or make it a "
                                "comment instead."))
    verb = {ThreadKind.COMMENT: f"commented on '{chapter.title}' for {_first(book, to)}",
            ThreadKind.QUESTION: f"asked {_first(book, to)} a question about '{chapter.title}'",
            ThreadKind.SUGGESTION: f"suggested a change to '{chapter.title}' for "
                                   f"{_first(book, to)}",
            }[chosen]
    with opened.history.transaction(identity_of(book.people[by]), f"{_first(book, by)} {verb}"):
        moment = _now(when)  # the id is chosen while no one else can save: it stays unique
        thread_id = new_thread_id(book, moment, by)
        thread = Thread(thread_id, thread_path(chapter_id, thread_id), chapter_id, anchor,
                        chosen, to, ThreadState.OPEN, (Message(by, moment, text.strip()),),
                        proposed)
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
    updated = replace(current, status=ThreadState.RESOLVED, resolved_by=by,
                      resolved_when=_now(when))
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
    updated = replace(current, status=ThreadState.OPEN, resolved_by=None, resolved_when=None)
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
    if current.kind is not ThreadKind.SUGGESTION:
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
        if near.how is MatchHow.EXACT:
            raise BookError(Problem(current.file, "The words this suggestion was about are in "
                                    "the chapter more than once, and the text around them has "
                                    "changed, so it is not clear which place to change. Nothing "
                                    "was changed.", "Change the chapter by hand if the "
                                    "suggestion still fits, then resolve the comment."))
        raise BookError(Problem(current.file, "The words this suggestion was about have changed "
                                f"since it was made: they now read “{near.text}”, so the "
                                "suggested change was not made.", "Change the chapter by hand if "
                                "the suggestion still fits, then resolve the comment.",
                                file_line(chapter, near.start)))
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
    updated = replace(current, status=ThreadState.RESOLVED, resolved_by=by,
                      resolved_when=_now(when), accepted=True,
                      decision=SuggestionDecision.USED, recorded_by=recorded_by, how=how)
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
    touched = [p for p in markdown_text.blocks(chapter.body)
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
    taken = {name.rsplit(".", 1)[0].casefold() for relative in feedback_files(book)
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
        raise BookError(Problem(chapter.file, f"The words chosen are {too_long(quote)}",
                                "Choose a shorter part of the chapter, such as a paragraph, "
                                "and leave a comment on each part that needs one."))
    places = find_places(chapter.body, quote)
    if not places:
        raise BookError(Problem(chapter.file, f"The words “{short_words(quote)}” are not in the "
                                f"chapter '{chapter.title}'.", "Copy the words from the "
                                "chapter as they are now, then try again."))
    if occurrence is None:
        if len(places) > 1:
            raise BookError(Problem(chapter.file, f"The words “{short_words(quote)}” are in the "
                                    f"chapter {len(places)} times, so it is not clear which "
                                    "one the comment is about.", "Choose a few more words "
                                    "around them, or say which time you mean (1 for the "
                                    "first)."))
        return places[0]
    if not 1 <= occurrence <= len(places):
        times = "once" if len(places) == 1 else f"{len(places)} times"
        raise BookError(Problem(chapter.file, f"The words “{short_words(quote)}” are in the "
                                "chapter "
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
    day = f" on {day_of(thread.resolved_when)}" if thread.resolved_when else ""
    return f" by {book.name_of(thread.resolved_by)}{day}"
