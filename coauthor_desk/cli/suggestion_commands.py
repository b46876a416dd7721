"""Commands about suggested changes: save new words (changes to someone else's words become
suggestions for them), list the suggestions, the owner's choice about one, and the review
window where a person makes those choices."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coauthor_desk.cli.command import HOWS, Command, Exit
from coauthor_desk.problems import BookError, Problem


def _save_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("chapter", help="the chapter's name")
    parser.add_argument("--from", dest="source", required=True, type=Path, metavar="FILE",
                        help="a text file with the chapter's new words (the text after its "
                        "details, or the whole chapter file)")
    parser.add_argument("--by", help="who is saving (their id); by default the person whose "
                        "name and e-mail this computer saves versions with")
    parser.add_argument("--reason", default="", help="why, for the owners of any words changed")
    parser.add_argument("--description", default="", help="a few words about the change")


def _save(arguments: argparse.Namespace) -> str:
    from coauthor_desk.manuscript.front_matter import split_text
    from coauthor_desk.review.suggest import save_edit
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    book = opened.book
    by = arguments.by or this_computers_person(opened)
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
    saved = save_edit(opened, chapter.id, body, by, arguments.description, arguments.reason)
    return saved.sentence(opened, chapter.title)


def _suggestions_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--for", dest="person", metavar="PERSON",
                        help="only the suggestions to this person's words")


def _suggestions(arguments: argparse.Namespace) -> tuple[dict[str, Any], str | None]:
    """The suggestions in reading order, as a report, with the name of the person asked about."""
    from coauthor_desk.comments.file_format import load_threads
    from coauthor_desk.review.queue import suggestions_for
    from coauthor_desk.review.report import suggestions_report
    from coauthor_desk.session import open_book

    book = open_book(arguments.folder).book
    threads = load_threads(book)[0]
    if arguments.person and arguments.person not in book.people:
        raise BookError(Problem("people", f"There is nobody called '{arguments.person}' "
                                "in this book.", "Use the id of a person in the book."))
    found = suggestions_for(book, threads, arguments.person or None)
    return (suggestions_report(book, found),
            book.name_of(arguments.person) if arguments.person else None)


def _suggestions_text(found: tuple[dict[str, Any], str | None],
                      arguments: argparse.Namespace) -> str:
    from coauthor_desk.review.report import suggestions_text

    return suggestions_text(*found)


def _decide_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("suggestion", help="the suggestion's id (see 'suggestions')")
    choice = parser.add_mutually_exclusive_group(required=True)
    for flag, said in (("--use", "use the suggested words"), ("--keep", "keep their own words"),
                       ("--talk", "talk about it first (the suggestion waits)"),
                       ("--undo", "take back the choice made before")):
        choice.add_argument(flag, action="store_true", help=said)
    parser.add_argument("--by", help="whose words they are (their id); by default the person "
                        "whose name and e-mail this computer saves versions with")
    parser.add_argument("--on-behalf-by", metavar="ID",
                        help="who is writing the choice down for them (for example an editor)")
    parser.add_argument("--how", choices=HOWS, help="how they told you, when recorded on their "
                        "behalf")
    parser.add_argument("--words", default="", help="their own few words to go with the choice")


def _decide(arguments: argparse.Namespace) -> str:
    from coauthor_desk.agreements.records import How
    from coauthor_desk.review.acting import Acting
    from coauthor_desk.review.decide import Choice, decide, take_back
    from coauthor_desk.session import open_book, this_computers_person

    opened = open_book(arguments.folder)
    by = arguments.by or this_computers_person(opened)
    how = How(arguments.how) if arguments.how else None
    acting = Acting(by, arguments.on_behalf_by, how)
    if arguments.undo:
        take_back(opened, arguments.suggestion, acting)
        return "The choice was taken back; the suggestion waits again."
    made = Choice.USE if arguments.use else Choice.KEEP if arguments.keep else Choice.TALK
    decide(opened, arguments.suggestion, made, acting, arguments.words)
    return {Choice.USE: "Used the new words.", Choice.KEEP: "Kept the words as they were.",
            Choice.TALK: "Asked to talk about it; the suggestion waits."}[made]


def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as", dest="person", required=True, metavar="PERSON",
                        help="whose review it is (their id)")
    parser.add_argument("--with", dest="present", metavar="ID",
                        help="the editor sitting with them, who records their choices for them")
    parser.add_argument("--how", choices=HOWS, help="how they tell the editor their choices "
                        "(in person unless said)")


def _review(arguments: argparse.Namespace) -> Exit:
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

    return Exit(run_review(arguments.folder, Acting(arguments.person, arguments.present, how)))


SAVE = Command("save", "save new words for a chapter as a version; changes to someone else's "
               "words become suggestions for them", _save, _save_arguments)
SUGGESTIONS = Command("suggestions", "suggested changes to people's words, in the order they "
                      "come in the chapters, and where each stands", _suggestions,
                      _suggestions_arguments, _suggestions_text,
                      lambda found, arguments: found[0])
DECIDE = Command("decide", "the owner's choice about a suggested change to their words: use "
                 "the new words, keep theirs, or talk", _decide, _decide_arguments)
REVIEW = Command("review", "the review window for one person: their chapters, suggested "
                 "changes to their words, questions for them, their agreements and how they "
                 "are named", _review, _review_arguments)
