"""The command line: the same core as the window, for people who like typing and for scripts."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_desk import __version__
from coauthor_desk.problems import BookError, Problem

if TYPE_CHECKING:
    from coauthor_desk.history.versions import Identity

log = logging.getLogger(__name__)
USES = ["chapter", "named", "quote", "self-description"]
HOWS = ["in-person", "phone", "email", "in-writing"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-12-31") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coauthor-desk", description="Write a book together with the people it is about. "
        "With no command, the window opens.")
    parser.add_argument("--version", action="version", version=f"CoAuthor Desk {__version__}")
    parser.add_argument("--example", action="store_true",
                        help="open a fresh copy of the example book in the window")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="make a new, empty book in a folder")
    new.add_argument("folder", type=Path)
    new.add_argument("--title", required=True, help="the book's title")
    new.add_argument("--editor", help="the name of the editor making the book")

    example = commands.add_parser("example", help="make a copy of the example book")
    example.add_argument("folder", type=Path)

    status = commands.add_parser("status", help="chapters, people and who is waiting on what")
    status.add_argument("folder", type=Path, nargs="?", default=Path("."))
    status.add_argument("--json", action="store_true", help="print the report as JSON")

    for name, help_text in (("agree", "record that someone agreed (or did not agree) to a use "
                                      "of their words or name"),
                            ("withdraw", "record that someone withdrew their agreement")):
        decision = commands.add_parser(name, help=help_text)
        decision.add_argument("folder", type=Path)
        decision.add_argument("--person", required=True, help="whose decision it is (their id)")
        decision.add_argument("--use", required=True, choices=USES,
                              help="chapter: a chapter's text being published; named: being "
                              "named in the book as they chose; quote: a quote used elsewhere; "
                              "self-description: being counted in the authorship statement")
        decision.add_argument("--chapter", help="the chapter, for --use chapter")
        decision.add_argument("--quote", help="the quote's id in book.yaml, for --use quote")
        decision.add_argument("--on-behalf-by", metavar="ID",
                              help="who is writing it down for them (for example an editor)")
        decision.add_argument("--how", choices=HOWS,
                              help="how they told you, when recorded on their behalf")
        decision.add_argument("--note", help="a short note to keep with the decision")
        if name == "agree":
            decision.add_argument("--said-no", action="store_true",
                                  help="record that they did not agree")
            decision.add_argument("--expires", type=_date, metavar="YYYY-MM-DD",
                                  help="the last day the agreement holds")

    check = commands.add_parser("check", help="plain-language suggestions for the chapters; "
                                "with --publish, everything that stops the book being published")
    check.add_argument("folder", type=Path, nargs="?", default=Path("."))
    check.add_argument("chapter", nargs="?", help="one chapter to check (all by default)")
    check.add_argument("--publish", action="store_true",
                       help="check agreements and hidden names before publishing")
    check.add_argument("--json", action="store_true", help="print the result as JSON")

    credits = commands.add_parser("credits", help="bylines, notes on contributors and the "
                                  "contributions and authorship statements, as agreed so far")
    credits.add_argument("folder", type=Path, nargs="?", default=Path("."))
    credits.add_argument("--json", action="store_true", help="print the credits as JSON")

    changes = commands.add_parser("changes", help="what changed in a chapter, in words: who "
                                  "reworded, added, moved or took out what, and when")
    changes.add_argument("folder", type=Path)
    changes.add_argument("chapter", nargs="?", help="the chapter's name")
    changes.add_argument("--since", help="a saved version's id, or a date (YYYY-MM-DD); by "
                         "default the version before the newest")
    changes.add_argument("--person", help="instead of one chapter: what changed in this "
                         "person's chapters (needs --since)")
    changes.add_argument("--json", action="store_true", help="print the result as JSON")

    comment = commands.add_parser("comment", help="leave a comment, question or suggested "
                                  "change on some words of a chapter, for someone")
    comment.add_argument("folder", type=Path)
    comment.add_argument("chapter", help="the chapter's name")
    comment.add_argument("--quote", required=True, help="the words the comment is about, "
                         "exactly as they are in the chapter")
    comment.add_argument("--to", required=True, help="who it is for (their id)")
    comment.add_argument("--text", required=True, help="the comment itself")
    comment.add_argument("--by", help="who is writing it (their id); by default the person "
                         "whose name and e-mail this computer saves versions with")
    comment.add_argument("--kind", choices=["comment", "question", "suggestion"],
                         default="comment")
    comment.add_argument("--proposed", help="for a suggestion: the words to put instead")
    comment.add_argument("--occurrence", type=int, help="which place, when the words are in "
                         "the chapter more than once (1 for the first)")

    comments = commands.add_parser("comments", help="the comments on the chapters, where their "
                                   "words are now, and who each one waits on")
    comments.add_argument("folder", type=Path, nargs="?", default=Path("."))
    comments.add_argument("--json", action="store_true", help="print them as JSON")

    waiting = commands.add_parser("waiting", help="who is waiting on what: chapters, agreements "
                                  "to ask for, unanswered questions, people not heard from, "
                                  "access needs not met")
    waiting.add_argument("folder", type=Path, nargs="?", default=Path("."))
    waiting.add_argument("--json", action="store_true", help="print it as JSON")

    who = commands.add_parser("who-wrote", help="each person's share of the words, and their "
                              "saved versions by month, from the book's history")
    who.add_argument("folder", type=Path, nargs="?", default=Path("."))
    who.add_argument("--json", action="store_true", help="print the result as JSON")

    export = commands.add_parser("export", help="make the book as a Word file, PDF or e-book "
                                 "(only when everything is agreed, unless it is a draft)")
    export.add_argument("folder", type=Path)
    export.add_argument("--to", required=True, choices=["docx", "pdf", "epub"],
                        help="the kind of file to make")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to save it (by default, here, named after the book)")
    export.add_argument("--draft", action="store_true", help="make a marked draft even though "
                        "not everything is agreed; it still leaves out withdrawn chapters and "
                        "hidden names")

    review = commands.add_parser("review-copy", help="a copy of someone's own chapters, with "
                                 "the questions for them, in the form they need")
    review.add_argument("folder", type=Path)
    review.add_argument("--person", required=True, help="whose copy it is (their id)")
    kind = review.add_mutually_exclusive_group()
    kind.add_argument("--large-print", dest="kind", action="store_const", const="large-print",
                      help="a large-print PDF")
    kind.add_argument("--easy-read", dest="kind", action="store_const", const="easy-read",
                      help="an Easy Read PDF: a sentence to a line, hard words explained")
    kind.add_argument("--audio", dest="kind", action="store_const", const="audio",
                      help="a recording read aloud by espeak-ng")
    kind.add_argument("--docx", dest="kind", action="store_const", const="docx",
                      help="a plain Word file")
    kind.add_argument("--pdf", dest="kind", action="store_const", const="pdf",
                      help="a standard PDF")
    review.add_argument("-o", "--output", type=Path, metavar="FILE_OR_FOLDER",
                        help="where to save it (by default, here): a file for one copy (its "
                        "ending is added when missing) or a folder, made when missing; without "
                        "a kind, the copies their access needs call for are all made")

    word = commands.add_parser("import", help="bring in a Word file as a chapter draft or a new "
                               "version of a chapter; its comments and tracked changes become "
                               "comments and suggested changes")
    word.add_argument("folder", type=Path)
    word.add_argument("file", type=Path, help="the Word file (.docx)")
    word.add_argument("--chapter", required=True, help="the chapter it is (a new name makes a "
                      "new chapter)")
    word.add_argument("--person", required=True, help="who sent it (their id)")
    word.add_argument("--word-name", action="append", default=[], metavar="NAME=ID",
                      help="who a name in the Word file's comments or changes is, when the app "
                      "cannot tell (can be given more than once)")

    share = commands.add_parser("share", help="share the book with other computers: say where "
                                "its shared copy lives (a server's https or ssh address, or a "
                                "folder), then share what is here")
    share.add_argument("folder", type=Path)
    share.add_argument("--to", required=True, metavar="ADDRESS",
                       help="https://…, ssh://…, user@server:path, or a folder (an empty one "
                       "gets a new shared copy)")
    sync = commands.add_parser("sync", help="get the latest from the shared copy and share "
                               "your saved versions")
    sync.add_argument("folder", type=Path, nargs="?", default=Path("."))
    for sharing in (share, sync):
        sharing.add_argument("--by", metavar="ID", help="who you are (your id), when this "
                             "computer's own name and e-mail are not set")
    clashes = commands.add_parser("clashes", help="words two people changed at the same time "
                                  "on two computers, waiting for someone to choose")
    clashes.add_argument("folder", type=Path, nargs="?", default=Path("."))
    clashes.add_argument("--json", action="store_true", help="print them as JSON")
    choose = commands.add_parser("choose", help="choose between two people's words: use the "
                                 "words in the book now, the other words, or write it again")
    choose.add_argument("folder", type=Path)
    choose.add_argument("clash", help="the clash's number as 'clashes' lists it, or its name")
    which = choose.add_mutually_exclusive_group(required=True)
    which.add_argument("--use-kept", action="store_true", help="keep the words in the book now")
    which.add_argument("--use-other", action="store_true", help="use the other person's words")
    which.add_argument("--words", metavar="TEXT", help="write the sentence again, like this")
    choose.add_argument("--by", metavar="ID", help="who is choosing (their id); by default the "
                        "person whose name and e-mail this computer saves versions with")
    get = commands.add_parser("get", help="copy a shared book to this computer")
    get.add_argument("address", help="the shared copy's address or folder")
    get.add_argument("folder", type=Path, help="a new or empty folder for the book")

    save = commands.add_parser("save", help="save new words for a chapter as a version; "
                               "changes to someone else's words become suggestions for them")
    save.add_argument("folder", type=Path)
    save.add_argument("chapter", help="the chapter's name")
    save.add_argument("--from", dest="source", required=True, type=Path, metavar="FILE",
                      help="a text file with the chapter's new words (the text after its "
                      "details, or the whole chapter file)")
    save.add_argument("--by", help="who is saving (their id); by default the person whose name "
                      "and e-mail this computer saves versions with")
    save.add_argument("--reason", default="", help="why, for the owners of any words changed")
    save.add_argument("--description", default="", help="a few words about the change")

    suggestions = commands.add_parser("suggestions", help="suggested changes to people's "
                                      "words, in the order they come in the chapters, and "
                                      "where each stands")
    suggestions.add_argument("folder", type=Path)
    suggestions.add_argument("--for", dest="person", metavar="PERSON",
                             help="only the suggestions to this person's words")
    suggestions.add_argument("--json", action="store_true", help="print the result as JSON")

    decide = commands.add_parser("decide", help="the owner's choice about a suggested change "
                                 "to their words: use the new words, keep theirs, or talk")
    decide.add_argument("folder", type=Path)
    decide.add_argument("suggestion", help="the suggestion's id (see 'suggestions')")
    choice = decide.add_mutually_exclusive_group(required=True)
    for flag, said in (("--use", "use the suggested words"), ("--keep", "keep their own words"),
                       ("--talk", "talk about it first (the suggestion waits)"),
                       ("--undo", "take back the choice made before")):
        choice.add_argument(flag, action="store_true", help=said)
    decide.add_argument("--by", help="whose words they are (their id); by default the person "
                        "whose name and e-mail this computer saves versions with")
    decide.add_argument("--on-behalf-by", metavar="ID",
                        help="who is writing the choice down for them (for example an editor)")
    decide.add_argument("--how", choices=HOWS, help="how they told you, when recorded on their "
                        "behalf")
    decide.add_argument("--words", default="", help="their own few words to go with the choice")

    review = commands.add_parser("review", help="the review window for one person: their "
                                 "chapters, suggested changes to their words, questions for "
                                 "them, their agreements and how they are named")
    review.add_argument("folder", type=Path)
    review.add_argument("--as", dest="person", required=True, metavar="PERSON",
                        help="whose review it is (their id)")
    review.add_argument("--with", dest="present", metavar="ID",
                        help="the editor sitting with them, who records their choices for them")
    review.add_argument("--how", choices=HOWS, help="how they tell the editor their choices "
                        "(in person unless said)")

    open_ = commands.add_parser("open", help="open a book folder in the window")
    open_.add_argument("folder", type=Path)
    # For checking a built app: open the window on the book, wait until it has loaded, say so,
    # close the window and exit (0 when the book loaded, 1 when it did not).
    open_.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Exit codes: 0 done, 1 the book has a problem, 2 the command was wrong.

    Everything it prints is made safe for a terminal first: titles, names and messages come
    from files anyone can edit, and may hide control codes the terminal would obey."""
    from coauthor_desk.terminal import safe_output

    with safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return _run(arguments)
    except BookError as error:
        if getattr(arguments, "json", False):  # scripts get the problems in a form they can read
            print(json.dumps({"problems": [p.as_dict() for p in error.problems]}, indent=2,
                             ensure_ascii=False))
        print(f"CoAuthor Desk could not do that. {_plural(error)}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped early ("status | head"): that is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout at exit)
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 1
    except Exception:  # the last safety net: a plain message, the details in a log file
        log_file = write_error_log(traceback.format_exc())
        where = (f"Details for the developers are in {log_file}." if log_file is not None else
                 "The details could not be saved in a log file.")
        print("Something went wrong that CoAuthor Desk did not expect, so it stopped. "
              f"Your book was not changed. {where}", file=sys.stderr)
        return 1


def write_error_log(details: str) -> Path | None:
    """Save what went wrong in a new file in this person's own log folder, and say where.

    Never a fixed name in a shared folder: anyone on the computer could read it there, or put a
    link in its place that makes the app overwrite a file of theirs. Each run gets its own file,
    made afresh (never opened if it exists) and readable by this person only. Returns None when
    even that fails: the safety net itself must never fail.
    """
    import platformdirs

    try:
        folder = Path(platformdirs.user_log_dir("coauthor-desk"))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp makes a new file only this person can read, with a name nobody can guess.
        handle, path = tempfile.mkstemp(
            dir=folder, prefix=f"error-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-",
            suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(details)
        return Path(path)
    except OSError:
        return None


def _plural(error: BookError) -> str:
    count = len(error.problems)
    return "Please fix this and try again:" if count == 1 else \
        f"Please fix these {count} things and try again:"


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "new":
        from coauthor_desk.history.versions import Identity, start_history
        from coauthor_desk.manuscript.edit import slug, write_new_book

        write_new_book(arguments.folder, arguments.title, arguments.editor)
        who = Identity(arguments.editor, f"{slug(arguments.editor)}@people.invalid") \
            if arguments.editor else None
        start_history(arguments.folder, who, f"Started the book '{arguments.title}'")
        print(f"Made a new book, '{arguments.title}', in {arguments.folder}.")
        return 0
    if arguments.command == "example":
        from coauthor_desk.example_book import make_example_book

        count = make_example_book(arguments.folder)
        print(f"Made the example book in {arguments.folder}, with {count} saved versions.")
        return 0
    if arguments.command == "status":
        from coauthor_desk.session import open_book
        from coauthor_desk.status import status_report, status_text

        report = status_report(open_book(arguments.folder))
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
              else status_text(report))
        return 0
    if arguments.command in ("agree", "withdraw"):
        return _decide(arguments)
    if arguments.command == "check":
        return _check(arguments)
    if arguments.command == "credits":
        from coauthor_desk.agreements.publish import check_agreements, permissions_from
        from coauthor_desk.credits.report import credits_report, credits_text
        from coauthor_desk.session import open_book

        opened = open_book(arguments.folder)
        report = credits_report(opened.book, permissions_from(check_agreements(opened)[1]))
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
              else credits_text(report))
        return 0
    if arguments.command == "changes":
        return _changes(arguments)
    if arguments.command in ("comment", "comments"):
        return _comments(arguments)
    if arguments.command in ("clashes", "choose"):
        return _clashes(arguments)
    if arguments.command == "who-wrote":
        from coauthor_desk.history.authorship import (
            authorship_report,
            authorship_text,
            who_wrote_what,
        )
        from coauthor_desk.session import open_book

        opened = open_book(arguments.folder)
        report = authorship_report(who_wrote_what(opened.book, opened.history), opened.book)
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
              else authorship_text(report), end="" if not arguments.json else "\n")
        return 0
    if arguments.command == "waiting":
        from coauthor_desk.agreements.publish import publish_check
        from coauthor_desk.comments.file_format import load_threads
        from coauthor_desk.session import open_book
        from coauthor_desk.waiting import waiting_report, waiting_text

        opened = open_book(arguments.folder)
        found = waiting_report(opened, publish_check(opened), load_threads(opened.book)[0])
        print(json.dumps([w.as_dict() for w in found], indent=2, ensure_ascii=False)
              if arguments.json else waiting_text(found), end="\n" if arguments.json else "")
        return 0
    if arguments.command in ("export", "review-copy", "import"):
        return _export(arguments)
    if arguments.command in ("share", "sync", "get"):
        return _sharing(arguments)
    if arguments.command == "review":
        return _review(arguments)
    if arguments.command in ("save", "suggestions", "decide"):
        return _suggestions(arguments)
    if arguments.command == "open":
        if arguments.smoke_test:
            from coauthor_desk.gui.app import smoke_test

            return smoke_test(arguments.folder)
        return _window(arguments.folder)
    if arguments.example:
        from coauthor_desk.example_book import make_example_book

        folder = Path(tempfile.mkdtemp(prefix="coauthor-example-")) / "example-book"
        make_example_book(folder)
        return _window(folder)
    return _window(None)


def _suggestions(arguments: argparse.Namespace) -> int:
    """Saving words, listing suggested changes, and the owner's choice about one."""
    from coauthor_desk.agreements.records import How
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.manuscript.front_matter import split_text
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.decide import Choice, decide, take_back
    from coauthor_desk.review.queue import suggestions_for
    from coauthor_desk.review.report import suggestions_report, suggestions_text
    from coauthor_desk.review.suggest import save_edit
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    book = opened.book
    if arguments.command == "suggestions":
        threads = load_threads(book)[0]
        people = [arguments.person] if arguments.person else sorted(book.people)
        if arguments.person and arguments.person not in book.people:
            raise BookError(Problem("people", f"There is nobody called '{arguments.person}' "
                                    "in this book.", "Use the id of a person in the book."))
        found = {s.thread.id: s for p in people for s in suggestions_for(book, threads, p)}
        ordered = sorted(found.values(), key=lambda s: (book.chapter_order.index(s.chapter.id)
                                                       if s.chapter.id in book.chapter_order
                                                       else len(book.chapter_order),
                                                       s.place.start if s.place else 1 << 62))
        report = suggestions_report(book, ordered)
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json else
              suggestions_text(report, book.name_of(arguments.person) if arguments.person
                               else None))
        return 0
    by = arguments.by or this_computers_person(opened)
    if arguments.command == "save":
        chapter = book.chapters.get(arguments.chapter)
        if chapter is None:
            raise BookError(Problem("book.yaml", f"There is no chapter called "
                                    f"'{arguments.chapter}'.", "Use a chapter id from "
                                    "book.yaml."))
        source = str(arguments.source)
        try:
            text = arguments.source.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise BookError(Problem(source, "This file cannot be read as text.", "Give a "
                                    "plain text file saved as UTF-8.")) from None
        body = split_text(source, text)[1] if text.startswith("---") else text
        saved = save_edit(opened, chapter.id, body, by, arguments.description,
                          arguments.reason)
        print(saved.sentence(opened, chapter.title))
        return 0
    how = How(arguments.how) if arguments.how else None
    acting = Acting(by, arguments.on_behalf_by, how)
    if arguments.undo:
        take_back(opened, arguments.suggestion, acting)
        print("The choice was taken back; the suggestion waits again.")
        return 0
    made = Choice.USE if arguments.use else Choice.KEEP if arguments.keep else Choice.TALK
    decide(opened, arguments.suggestion, made, acting, arguments.words)
    print({Choice.USE: "Used the new words.", Choice.KEEP: "Kept the words as they were.",
           Choice.TALK: "Asked to talk about it; the suggestion waits."}[made])
    return 0


def _review(arguments: argparse.Namespace) -> int:
    """Open one person's review window; a person who is not in the book is refused before any
    window opens."""
    from coauthor_desk.agreements.records import How
    from coauthor_desk.manuscript.loader import require_book_folder
    from coauthor_desk.review.acting import Acting

    require_book_folder(arguments.folder)
    for who in (arguments.person, arguments.present):
        if who is not None and not (arguments.folder / "people" / f"{who}.yaml").is_file():
            raise BookError(Problem("people", f"There is nobody called '{who}' in this book.",
                                    "Use the id of a person in the book (the name of their "
                                    "file in people/)."))
    how = How(arguments.how) if arguments.how else How.IN_PERSON if arguments.present else None
    from coauthor_desk.gui.app import run_review

    return run_review(arguments.folder, Acting(arguments.person, arguments.present, how))


def _decide(arguments: argparse.Namespace) -> int:
    from coauthor_desk.agreements.decide import record_decision
    from coauthor_desk.agreements.records import Decision, How, Use
    from coauthor_desk.agreements.store import describe
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    decision = Decision.WITHDRAWN if arguments.command == "withdraw" else \
        Decision.NOT_AGREED if arguments.said_no else Decision.AGREED
    record = record_decision(
        opened, arguments.person, Use(arguments.use), decision,
        arguments.chapter or arguments.quote, arguments.on_behalf_by,
        How(arguments.how) if arguments.how else None,
        getattr(arguments, "expires", None), arguments.note)
    print(f"{describe(opened.book, record)}. Kept in {record.file}.")
    return 0


def _check(arguments: argparse.Namespace) -> int:
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    if not arguments.publish:
        from coauthor_desk.checks.chapter_checks import check_chapters, checks_report, checks_text

        report = checks_report(check_chapters(opened.book, [arguments.chapter] if
                                              arguments.chapter else None))
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json else
              checks_text(report), end="\n" if arguments.json else "")
        return 0
    from coauthor_desk.agreements.publish import check_report, check_text, publish_check

    report = check_report(publish_check(opened), opened.book)
    print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
          else check_text(report))
    return 0 if report["ready"] else 1


def _changes(arguments: argparse.Namespace) -> int:
    from coauthor_desk.changes.report import changes_report, changes_text
    from coauthor_desk.changes.story import chapter_changes, person_changes
    from coauthor_desk.session import open_book

    if bool(arguments.chapter) == bool(arguments.person) or (arguments.person and
                                                             not arguments.since):
        print("Say which chapter, or give --person and --since.", file=sys.stderr)
        return 2
    opened = open_book(arguments.folder)
    reports = [chapter_changes(opened, arguments.chapter, arguments.since)] if \
        arguments.chapter else person_changes(opened, arguments.person, arguments.since)
    if arguments.json:
        print(json.dumps([changes_report(r) for r in reports] if arguments.person else
                         changes_report(reports[0]), indent=2, ensure_ascii=False))
    elif not reports:
        print(f"Nothing changed in {opened.book.name_of(arguments.person)}'s chapters since "
              f"{arguments.since}.")
    else:
        print("\n".join(changes_text(r).rstrip("\n") for r in reports))
    return 0


def _comments(arguments: argparse.Namespace) -> int:
    from coauthor_desk.comments.actions import start_thread
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.comments.report import threads_report, threads_text
    from coauthor_desk.comments.where_now import thread_status
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    if arguments.command == "comments":
        threads, problems = load_threads(opened.book)
        report = threads_report(opened.book, threads, problems)
        print(json.dumps(report, indent=2, ensure_ascii=False) if arguments.json
              else threads_text(report).rstrip("\n"))
        return 0
    by = arguments.by or this_computers_person(opened)
    thread = start_thread(opened, arguments.chapter, arguments.quote, arguments.to,
                          arguments.text, by, arguments.kind, arguments.proposed,
                          arguments.occurrence)
    where = thread_status(opened.book, thread)
    print(f"Left a {thread.kind.value} for {opened.book.name_of(thread.to)} on line "
          f"{where.line} of {opened.book.chapters[thread.chapter].file}. Kept in {thread.file}.")
    return 0


def _progress(what: str, done: int, total: int) -> None:
    print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)


def _export(arguments: argparse.Namespace) -> int:
    from coauthor_desk.session import open_book

    opened = open_book(arguments.folder)
    if arguments.command == "export":
        from coauthor_desk.export.book_export import export_book

        path, assembled = export_book(opened, arguments.to, arguments.output, arguments.draft,
                                      _progress)
        for line in assembled.left_out:
            print(line)
        print(f"Saved {'a draft of ' if arguments.draft else ''}the book in {path}.")
        return 0
    if arguments.command == "review-copy":
        from coauthor_desk.export.review_copy import review_copies

        notes: list[str] = []
        saved, problems = review_copies(opened, arguments.person, [arguments.kind] if
                                        arguments.kind else None, arguments.output, _progress,
                                        notes=notes)
        print("\n".join([f"Saved {path}." for path in saved] + notes))
        for problem in problems:
            print(f"Not made: {problem}", file=sys.stderr)
        return 1 if problems else 0
    from coauthor_desk.word_import import import_text, import_word_file

    if not all("=" in pair for pair in arguments.word_name):
        print("Give each --word-name as NAME=ID, for example --word-name \"Helen M=helen-marsh\".",
              file=sys.stderr)
        return 2
    names = dict(pair.split("=", 1) for pair in arguments.word_name)
    print(import_text(import_word_file(opened, arguments.file, arguments.chapter,
                                       arguments.person, names)))
    return 0


def _say(words: str) -> None:
    print(words, file=sys.stderr, flush=True)


def _sharing(arguments: argparse.Namespace) -> int:
    from coauthor_desk.history.sharing import get, share, sharing_status, sync

    if arguments.command == "get":
        count = get(arguments.address, arguments.folder, _say)
        print(f"Copied the shared book into {arguments.folder}, with {count} saved versions. "
              "Open it like any other book.")
        return 0
    who = _sharing_identity(arguments.folder, arguments.by)
    result = share(arguments.folder, arguments.to, who, _say) if arguments.command == "share" \
        else sync(arguments.folder, who, _say)
    for line in result.warnings:
        print(f"Please note: {line}", file=sys.stderr)
    print(result.summary())
    for line in result.notes:
        print(line)
    if result.clashes:
        print("Both versions are kept; 'coauthor-desk waiting' lists what to choose.")
    print(sharing_status(arguments.folder))
    return 0


def _clashes(arguments: argparse.Namespace) -> int:
    """List the open clashes, numbered, or settle one."""
    from coauthor_desk.history.sharing import open_clashes
    from coauthor_desk.history.sharing.choose import KEPT, OTHER, choose, question
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    if arguments.command == "choose":
        use = KEPT if arguments.use_kept else OTHER if arguments.use_other else None
        print(choose(opened, arguments.clash, arguments.by or this_computers_person(opened),
                     use=use, words=arguments.words))
        return 0
    records, problems = open_clashes(opened.book.root)
    if arguments.json:
        print(json.dumps([{"number": n, "record": r.file, "kind": r.kind, "about": r.about,
                           "paragraph": r.paragraph, "kept": r.kept, "kept_by": r.kept_by,
                           "other": r.other, "other_by": r.other_by,
                           "other_copy": r.other_copy, "question": question(r)}
                          for n, r in enumerate(records, 1)], indent=2, ensure_ascii=False))
    elif not records:
        print("No clashes: nothing is waiting for a choice.")
    for number, record in ([] if arguments.json else enumerate(records, 1)):
        where = (f"in paragraph {record.paragraph} of {record.about}" if record.paragraph
                 else f"kept beside it as {record.other_copy}")
        print(f"{number}. {question(record)} ({where}; {record.file})")
        if record.kind == "sentence":
            print(f"   {record.kept_by}'s: “{record.kept}”\n   {record.other_by}'s: "
                  f"“{record.other}”")
    for problem in problems:
        print(f"Cannot be read: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _sharing_identity(folder: Path, by: str | None) -> Identity:
    """Who is sharing: the person named, or this computer's own name and e-mail."""
    from coauthor_desk.history.versions import History, identity_of

    if by:
        from coauthor_desk.session import open_book

        book = open_book(folder).book
        if by not in book.people:
            raise BookError(Problem("--by", f"'{by}' is not one of the book's people.",
                                    "Give your id as it is in the people folder."))
        return identity_of(book.people[by])
    own = History(folder).own_identity()
    if not own.name or not own.email:
        raise BookError(Problem("--by", "This computer has no name and e-mail to save "
                                "versions with.", "Say who you are with --by and your id."))
    return own


def _window(folder: Path | None) -> int:
    from coauthor_desk.gui.app import run_window

    return run_window(folder)


if __name__ == "__main__":
    sys.exit(main())
