"""Commands that make or read files: the book as Word, PDF or e-book, review copies for one
person, and a Word file brought in."""

from __future__ import annotations

import argparse
from pathlib import Path

from coauthor_desk.cli.command import Command, Outcome, WrongCommand, progress


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--to", required=True, choices=["docx", "pdf", "epub"],
                        help="the kind of file to make")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to save it (by default, here, named after the book)")
    parser.add_argument("--draft", action="store_true", help="make a marked draft even though "
                        "not everything is agreed; it still leaves out withdrawn chapters and "
                        "hidden names")


def _export(arguments: argparse.Namespace) -> str:
    from coauthor_desk.export.book_export import export_book
    from coauthor_desk.session import open_book

    path, assembled = export_book(open_book(arguments.folder), arguments.to, arguments.output,
                                  arguments.draft, progress)
    return "\n".join([*assembled.left_out, f"Saved {'a draft of ' if arguments.draft else ''}"
                      f"the book in {path}."])


def _review_copy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("--person", required=True, help="whose copy it is (their id)")
    kind = parser.add_mutually_exclusive_group()
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
    parser.add_argument("-o", "--output", type=Path, metavar="FILE_OR_FOLDER",
                        help="where to save it (by default, here): a file for one copy (its "
                        "ending is added when missing) or a folder, made when missing; without "
                        "a kind, the copies their access needs call for are all made")


def _review_copy(arguments: argparse.Namespace) -> Outcome:
    """The copies made, and any that could not be (exit 1)."""
    from coauthor_desk.export.review_copy import review_copies
    from coauthor_desk.session import open_book

    notes: list[str] = []
    saved, problems = review_copies(open_book(arguments.folder), arguments.person,
                                    [arguments.kind] if arguments.kind else None,
                                    arguments.output, progress, notes=notes)
    return Outcome("\n".join([f"Saved {path}." for path in saved] + notes),
                   1 if problems else 0, [f"Not made: {problem}" for problem in problems])


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path)
    parser.add_argument("file", type=Path, help="the Word file (.docx)")
    parser.add_argument("--chapter", required=True, help="the chapter it is (a new name makes a "
                        "new chapter)")
    parser.add_argument("--person", required=True, help="who sent it (their id)")
    parser.add_argument("--word-name", action="append", default=[], metavar="NAME=ID",
                        help="who a name in the Word file's comments or changes is, when the "
                        "app cannot tell (can be given more than once)")


def _import(arguments: argparse.Namespace) -> str:
    from coauthor_desk.session import open_book
    from coauthor_desk.word_import import import_text, import_word_file

    opened = open_book(arguments.folder)
    if not all("=" in pair for pair in arguments.word_name):
        raise WrongCommand("Give each --word-name as NAME=ID, for example --word-name "
                           "\"Helen M=helen-marsh\".")
    names = dict(pair.split("=", 1) for pair in arguments.word_name)
    return import_text(import_word_file(opened, arguments.file, arguments.chapter,
                                        arguments.person, names))


EXPORT = Command("export", "make the book as a Word file, PDF or e-book (only when everything "
                 "is agreed, unless it is a draft)", _export, _export_arguments)
REVIEW_COPY = Command("review-copy", "a copy of someone's own chapters, with the questions for "
                      "them, in the form they need", _review_copy, _review_copy_arguments)
IMPORT = Command("import", "bring in a Word file as a chapter draft or a new version of a "
                 "chapter; its comments and tracked changes become comments and suggested "
                 "changes", _import, _import_arguments)
