"""One command of the command line, declared once: its name, what it is for, its arguments,
the work it runs, and how what it found reads as text and as JSON. `show` prints a result."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOWS = ["in-person", "phone", "email", "in-writing"]


@dataclass(frozen=True)
class Outcome:
    """What a command did when there is more to it than a result: an exit code other than 0,
    and lines for the error stream, printed after the result."""

    value: Any
    code: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Exit:
    """The command printed what it had to (or a window closed): exit with this code."""

    code: int


class WrongCommand(Exception):
    """The command line asked for something that cannot be (exit code 2), said in plain words
    on the error stream."""


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For commands that take nothing but what the table adds."""


def _as_is(result: Any, arguments: argparse.Namespace) -> str:
    return str(result)


@dataclass(frozen=True)
class Command:
    """One command: `run` does the work and returns what to show; `text` says it in plain
    words; `json`, when the command has a --json flag, gives it as data for scripts."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], Any]
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    text: Callable[[Any, argparse.Namespace], str] = _as_is
    json: Callable[[Any, argparse.Namespace], Any] | None = None
    json_help: str = "print the result as JSON"
    text_end: str = "\n"  # some reports end with their own line break

    def add_to(self, commands: Any) -> None:
        """Add the command to the parser's commands, --json last when it has one."""
        parser = commands.add_parser(self.name, help=self.help)
        self.arguments(parser)
        if self.json is not None:
            parser.add_argument("--json", action="store_true", help=self.json_help)

    def show(self, arguments: argparse.Namespace) -> int:
        """Run the command and print what it found: JSON with --json, plain words otherwise."""
        try:
            result = self.run(arguments)
        except WrongCommand as wrong:
            print(wrong, file=sys.stderr)
            return 2
        if isinstance(result, Exit):
            return result.code
        outcome = result if isinstance(result, Outcome) else Outcome(result)
        if self.json is not None and arguments.json:
            print(json.dumps(self.json(outcome.value, arguments), indent=2, ensure_ascii=False))
        else:
            words = self.text(outcome.value, arguments)
            if words is not None:
                print(words, end=self.text_end)
        for note in outcome.notes:
            print(note, file=sys.stderr)
        return outcome.code


def folder_here(parser: argparse.ArgumentParser) -> None:
    """The book folder, this folder when not given."""
    parser.add_argument("folder", type=Path, nargs="?", default=Path("."))


def folder(parser: argparse.ArgumentParser) -> None:
    """The book folder, always given."""
    parser.add_argument("folder", type=Path)


def progress(what: str, done: int, total: int) -> None:
    """Long work says how far it has got, on the error stream."""
    print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)


def say(words: str) -> None:
    """A line about what is happening, on the error stream."""
    print(words, file=sys.stderr, flush=True)
