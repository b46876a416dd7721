"""Odd input costs little and gets a plain message: named pipes in place of files, pages-long
quotes, deeply nested YAML, titles with terminal control codes, and the error log's place.

Everything runs the real command line on real book folders. Where a mistake would hang (a named
pipe waits for ever for a writer), the command runs in its own process with a time limit, so a
hang fails the test instead of stopping the test run.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coauthor_desk.cli import main

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 20  # seconds for one command; each takes about one
NOT_PLAIN = ("Traceback", 'File "', "did not expect", "RecursionError")


# Helpers ---------------------------------------------------------------------------------------
def book_state(folder: Path) -> tuple[dict[str, object], str]:
    """Every file of the book (a pipe as "special", never read) and the newest saved version:
    both must be the same after a refused command. (Not `git status`: git itself would wait on
    a pipe in place of .gitattributes.)"""
    files: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative == ".git" or relative.startswith(".git/"):
            continue
        mode = path.lstat().st_mode
        files[relative] = (path.read_bytes() if stat.S_ISREG(mode) else
                           "folder" if stat.S_ISDIR(mode) else "special")
    return files, git(folder, "rev-parse", "HEAD")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True, timeout=TIME_LIMIT).stdout


def environment(tmp_path: Path) -> dict[str, str]:
    """This computer's environment, with its temporary, cache and log folders in tmp_path."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "XDG_STATE_HOME": str(
        tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "QT_QPA_PLATFORM": "offscreen"}


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One command in its own process; a command that hangs fails the test."""
    try:
        return subprocess.run([sys.executable, "-m", "coauthor_desk.cli", *args], cwd=REPO,
                              env=environment(tmp_path), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"'{' '.join(args[:1])}' gave no answer within {TIME_LIMIT} s")


def assert_plain(shown: str) -> None:
    for words in NOT_PLAIN:
        assert words not in shown, shown


# Named pipes in place of files -----------------------------------------------------------------
COMMANDS = [["status"], ["check"], ["check", "--publish"], ["comments"], ["credits"],
            ["who-wrote"], ["waiting"], ["changes", "02-leaving-care"],
            ["export", "--to", "docx", "--draft"]]
AGREEMENT = "agreements/amira-yusuf/20250319-225712-amira-yusuf-chapter-02-leaving-care.yaml"
# Where a pipe stops the book opening: every command names it and stops.
STOPS_THE_BOOK = ["chapters/02-leaving-care.md", "people/amira-yusuf.yaml", "book.yaml",
                  ".mailmap", ".gitattributes", "chapters/.gitignore"]


def with_pipe(folder: Path, relative: str) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this computer cannot make named pipes")
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def command_line(command: list[str], folder: Path, tmp_path: Path) -> list[str]:
    extra = ["-o", str(tmp_path / "out.docx")] if command[0] == "export" else []
    return [command[0], str(folder), *command[1:], *extra]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this computer")
@pytest.mark.parametrize("relative", STOPS_THE_BOOK)
def test_a_named_pipe_that_the_book_needs_is_named_by_every_command(example_book, tmp_path,
                                                                     relative):
    with_pipe(example_book, relative)
    before = book_state(example_book)
    for command in COMMANDS:
        result = run(tmp_path, *command_line(command, example_book, tmp_path))
        assert result.returncode == 1, (command, result.stderr)
        assert_plain(result.stderr + result.stdout)
        assert f"{relative}: This is a named pipe" in result.stderr, (command, result.stderr)
        assert "put the real file in its place" in result.stderr
    assert book_state(example_book) == before
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this computer")
def test_named_pipes_among_the_records_never_hold_up_a_command(example_book, tmp_path):
    """A record that is a pipe is reported (or left out as unsaved) and the rest goes on."""
    assert (example_book / AGREEMENT).is_file()
    with_pipe(example_book, AGREEMENT)  # a saved record, now a pipe
    with_pipe(example_book, "agreements/amira-yusuf/20990101-000000-amira-yusuf-named.yaml")
    with_pipe(example_book, "feedback/02-leaving-care/20250101-000000-helen-marsh.yaml")
    before = book_state(example_book)
    for command in COMMANDS:
        result = run(tmp_path, *command_line(command, example_book, tmp_path))
        assert result.returncode in (0, 1), (command, result.stderr)
        assert_plain(result.stderr + result.stdout)
    comments = run(tmp_path, "comments", str(example_book))
    assert ("feedback/02-leaving-care/20250101-000000-helen-marsh.yaml: This is a named pipe"
            in comments.stdout)
    publish = run(tmp_path, "check", str(example_book), "--publish")
    assert publish.returncode == 1 and AGREEMENT in publish.stdout + publish.stderr
    assert book_state(example_book) == before


# A comment on pages of words -------------------------------------------------------------------
FOUR_MB = 4_000_000
CHAPTER = "10-after-the-stroke"


def test_a_comment_on_four_megabytes_of_words_is_refused_at_once(example_book, capsys):
    body = (example_book / "chapters" / f"{CHAPTER}.md").read_text("utf-8")
    quote = (body * (FOUR_MB // len(body) + 1))[:FOUR_MB]
    before = book_state(example_book)
    assert main(["comment", str(example_book), CHAPTER, "--quote", quote, "--to", "helen-marsh",
                 "--text", "Is this right?", "--by", "helen-marsh"]) == 1
    shown = capsys.readouterr()
    assert_plain(shown.err + shown.out)
    assert (f"chapters/{CHAPTER}.md: The words chosen are 4,000,000 characters long, more than "
            "a comment can be about (the limit is 20,000 characters" in shown.err)
    assert "Choose a shorter part of the chapter" in shown.err
    assert book_state(example_book) == before


@pytest.mark.parametrize("key", ["quote", "prefix", "suffix"])
def test_a_comment_file_with_four_megabytes_of_quote_is_reported_plainly(example_book, capsys,
                                                                         key):
    assert main(["comment", str(example_book), CHAPTER, "--quote", "reablement team", "--to",
                 "helen-marsh", "--text", "Is this right?", "--by", "helen-marsh"]) == 0
    [thread] = (example_book / "feedback" / CHAPTER).glob("*.yaml")
    data = yaml.safe_load(thread.read_text("utf-8"))
    data["anchor"][key] = "word " * (FOUR_MB // 5)
    thread.write_text(yaml.safe_dump(data, sort_keys=False, width=FOUR_MB * 2), "utf-8")
    relative = thread.relative_to(example_book).as_posix()
    capsys.readouterr()
    before = book_state(example_book)
    for mode in ([], ["--json"]):
        assert main(["comments", str(example_book), *mode]) == 0
        shown = capsys.readouterr()
        assert_plain(shown.err + shown.out)
        assert relative in shown.out and "4,000,000 characters long" in shown.out
    assert book_state(example_book) == before


# Details nested 990 deep -----------------------------------------------------------------------
FLOW = "[" * 990 + "]" * 990
BLOCK = "".join("  " * (level + 1) + f"level{level}:\n" for level in range(990)) + \
    "  " * 991 + "x\n"
DEEP = "nested more than 50 levels deep"


def saved(folder: Path, message: str) -> None:
    git(folder, "add", "--all")
    git(folder, "-c", "user.name=Helen Marsh", "-c", "user.email=helen.marsh@example.org",
        "commit", "--quiet", "--message", message)


@pytest.mark.parametrize("relative,extra,deepest", [
    ("people/amira-yusuf.yaml", "notes:\n" + BLOCK, "  " * 50 + "level49:"),
    ("book.yaml", f"subtitle: {FLOW}\n", f"subtitle: {FLOW}"),
    ("chapters/02-leaving-care.md", f"keywords: {FLOW}\n", f"keywords: {FLOW}"),
])
def test_details_nested_990_deep_are_named_by_every_command(example_book, tmp_path, relative,
                                                            extra, deepest):
    path = example_book / relative
    text = path.read_text("utf-8")
    at = 4 if relative.endswith(".md") else len(text)  # chapters: right after the opening ---
    text = text[:at] + extra + text[at:]
    path.write_text(text, "utf-8")
    expected_line = text.splitlines().index(deepest) + 1  # where the 51st level starts
    saved(example_book, "Nested details")
    before = book_state(example_book)
    for command in COMMANDS:
        result = run(tmp_path, *command_line(command, example_book, tmp_path))
        assert result.returncode == 1, (command, result.stderr)
        assert_plain(result.stderr + result.stdout)
        assert f"{relative}, line {expected_line}: The details in this file are {DEEP}" in \
            result.stderr, (command, result.stderr)
    assert book_state(example_book) == before


def test_records_and_comments_nested_990_deep_are_reported_and_left_out(example_book, tmp_path):
    record = example_book / "agreements/amira-yusuf/20250401-100000-amira-yusuf-named.yaml"
    record.write_text(f"id: {record.stem}\nnote: {FLOW}\n", "utf-8")
    thread = example_book / "feedback" / CHAPTER / "20250101-000000-helen-marsh.yaml"
    thread.parent.mkdir(parents=True)
    thread.write_text(f"id: 20250101-000000-helen-marsh\nanchor: {FLOW}\n", "utf-8")
    saved(example_book, "Nested records")
    before = book_state(example_book)
    publish = run(tmp_path, "check", str(example_book), "--publish")
    comments = run(tmp_path, "comments", str(example_book))
    for result in (publish, comments):
        assert_plain(result.stderr + result.stdout)
    assert f"{record.relative_to(example_book).as_posix()}, line 2" in publish.stdout
    assert DEEP in publish.stdout
    assert comments.returncode == 0
    assert thread.relative_to(example_book).as_posix() + ", line 2" in comments.stdout
    assert DEEP in comments.stdout
    assert book_state(example_book) == before


def test_markdown_nested_thousands_deep_is_read_by_every_command(example_book, tmp_path):
    """Boxes inside boxes, lists inside lists and quotes inside quotes, thousands deep, in a
    chapter's words: every command still answers plainly, saved and checked as ever."""
    path = example_book / "chapters" / "02-leaving-care.md"
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 4) + 5
    deep = ("::: box\n" * 3000 + "Deep inside, we were told.\n" + ":::\n" * 3000 + "\n"
            + "- " * 3000 + "listed\n\n" + "> " * 3000 + "quoted\n\n")
    path.write_text(text[:end] + deep + text[end:], "utf-8")
    saved(example_book, "Nested words")
    for command in COMMANDS:
        result = run(tmp_path, *command_line(command, example_book, tmp_path))
        assert_plain(result.stderr + result.stdout)
        # (the example book's agreements are not all given: `check --publish` says so with 1)
        assert result.returncode == (command == ["check", "--publish"]), (command, result.stderr)
    check = run(tmp_path, "check", str(example_book))
    assert "02-leaving-care" in check.stdout


@pytest.mark.parametrize("mark", ["“", "‘", "\"", "'", "*", "[", "`", "(", "::: "])
def test_a_paragraph_of_marks_never_closed_costs_little(example_book, tmp_path, mark):
    """300,000 opening marks in one paragraph, never closed, with jargon before them: each
    search for the end of a quote (or emphasis, link, code) stops at the next mark, so checking
    takes about as long as reading, not minutes."""
    path = example_book / "chapters" / "02-leaving-care.md"
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 4) + 5
    marks = "We talked about co-production. " + f"{mark}a " * 300_000 + "\n\n"
    path.write_text(text[:end] + marks + text[end:], "utf-8")
    saved(example_book, "Marks never closed")
    result = run(tmp_path, "check", str(example_book))
    assert_plain(result.stderr + result.stdout)
    assert result.returncode == 0, result.stderr
    assert "'co-production' is jargon" in result.stdout


# The last safety net's log ---------------------------------------------------------------------
def test_the_error_log_is_a_new_private_file_in_the_persons_own_log_folder(small_book, tmp_path,
                                                                          monkeypatch, capsys):
    """An error nobody expected (made here on purpose) is logged where only this person looks,
    in a file of its own for each run; nothing goes to the shared temporary folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def unexpected(report: object) -> str:
        raise RuntimeError("made on purpose by the test")

    monkeypatch.setattr("coauthor_desk.status.status_text", unexpected)
    before = book_state(small_book)
    shown = []
    for _ in range(2):
        assert main(["status", str(small_book)]) == 1
        shown.append(capsys.readouterr().err)
    logs = set((tmp_path / "state").rglob("*.log"))
    assert len(logs) == 2  # one file for each run
    for message in shown:
        assert "Something went wrong that CoAuthor Desk did not expect" in message
        assert "Your book was not changed" in message and "Traceback" not in message
        [log] = [log for log in logs if f"are in {log}." in message]
        assert log.parent == Path(tmp_path / "state" / "coauthor-desk" / "log")
        assert "made on purpose by the test" in log.read_text("utf-8")
        if os.name == "posix":
            assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert not any((tmp_path / "tmp").iterdir())
    assert book_state(small_book) == before


def test_when_no_log_can_be_written_the_message_still_comes(small_book, tmp_path, monkeypatch,
                                                            capsys):
    (tmp_path / "state").write_text("a file where the log folder would go", "utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("coauthor_desk.status.status_text", lambda report: 1 / 0)
    assert main(["status", str(small_book)]) == 1
    message = capsys.readouterr().err
    assert "did not expect" in message and "could not be saved in a log file" in message
    assert "Traceback" not in message


# Control codes in titles, names and messages ---------------------------------------------------
RED, RETITLE = "\x1b[31m", "\x1b]0;pwned\x07"


def test_control_codes_in_titles_names_and_comments_never_reach_the_terminal(example_book,
                                                                             tmp_path):
    def put(relative: str, key: str, value: str) -> None:
        path = example_book / relative
        lines = path.read_text("utf-8").splitlines(keepends=True)
        at = next(n for n, line in enumerate(lines) if line.startswith(f"{key}: "))
        lines[at] = f"{key}: {json.dumps(value)}\n"  # JSON strings are YAML strings too
        path.write_text("".join(lines), "utf-8")

    title = f"Our {RED}Words{RETITLE} \u202eevil \x9b2J"
    put("book.yaml", "title", title)
    put("people/amira-yusuf.yaml", "name", f"Amira {RED}Yusuf{RETITLE}")
    put("chapters/02-leaving-care.md", "title", f"Leaving {RED}care")
    saved(example_book, "Titles with control codes")
    assert main(["comment", str(example_book), "02-leaving-care", "--quote",
                 "from eleven to eighteen", "--to", "amira-yusuf", "--by", "helen-marsh", "--text",
                 f"Is this {RED}right?{RETITLE}"]) == 0
    before = book_state(example_book)
    for command in (["status"], ["credits"], ["check"], ["check", "--publish"], ["comments"],
                    ["waiting"], ["who-wrote"], ["changes", "02-leaving-care"]):
        result = run(tmp_path, *command_line(command, example_book, tmp_path))
        shown = result.stdout + result.stderr
        assert result.returncode in (0, 1) and shown.strip(), command
        assert_plain(shown)
        for code in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert code not in shown, (command, code)
        if command == ["status"]:
            assert "Our \\u001b[31mWords\\u001b]0;pwned\\u0007 \\u202eevil \\u009b2J" in shown
        if command == ["comments"]:
            assert "Is this \\u001b[31mright?" in shown
    as_json = run(tmp_path, "status", str(example_book), "--json")
    assert "\x1b" not in as_json.stdout and "\x9b" not in as_json.stdout
    assert json.loads(as_json.stdout)["title"] == title  # exact, for scripts
    assert book_state(example_book) == before
