"""Every broken book folder in tests/corpus/broken gives a clear message and changes nothing.

For each case the real command line runs on a real book folder with a real git history, in plain
and in --json mode: it must exit with 1, name the file (and the line, when there is one) and say
the case's words, never show a traceback, and leave every byte and modification time in the
folder as it was. The same folder opened in-process must raise BookError with plain problems.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None

import pytest
from corpus.broken_books import (
    BROKEN,
    CASES,
    GIT_STATES,
    RECIPES,
    VALID_BOOK,
    expectation,
    materialise,
    write_valid_book,
)
from folder_state import changed, snapshot, time_limit

from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import open_book

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "coauthor_desk.cli", "status"]
MODES = {"status": [], "status --json": ["--json"]}
TIME_LIMIT = 5  # seconds; a healthy run takes well under one
MEMORY_LIMIT = 2 * 1024**3  # bytes, for each command-line run (where the platform allows it)
ERROR_LOGS = "state/coauthor-desk/log"  # under the test's own XDG_STATE_HOME: the safety net's

# Cases where the app does not yet give a clear message. Each stays an expected failure until the
# app is fixed; strict, so the fix makes the test pass and this entry must then be removed.
KNOWN_BUGS: dict[str, str] = {}


def cases() -> list[object]:
    return [pytest.param(case, id=case, marks=pytest.mark.xfail(
        strict=True, reason=KNOWN_BUGS[case])) if case in KNOWN_BUGS else case for case in CASES]


# Helpers ---------------------------------------------------------------------------------------
def names_file(text: str, file: str, line: int | None) -> bool:
    """Whether one line of `text` names `file` as a whole path (and `line N`, when given)."""
    path = re.compile(rf"(?<![\w./-]){re.escape(file)}(?![\w/-]|\.\w)")
    at_line = re.compile(rf"\bline {line}\b")
    return any(path.search(row) and (line is None or at_line.search(row))
               for row in text.splitlines())


def assert_clear(output: str, stdout: str, expected: dict[str, object], label: str) -> None:
    file, line = expected["file"], expected["line"]
    for shown in (output, stdout):
        assert "Traceback" not in shown and 'File "' not in shown, f"{label}: {shown}"
    assert "did not expect" not in output, f"{label}: the last safety net caught it:\n{output}"
    where = f"{file}" + ("" if line is None else f", line {line}")
    assert names_file(output, file, line), f"{label}: does not name {where}:\n{output}"
    for words in expected["words"]:
        assert words in output, f"{label}: does not say {words!r}:\n{output}"


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """This computer's environment, with temporary files and the person's own log folder sent
    to folders the test watches."""
    temporary = tmp_path / "tmp"
    temporary.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(temporary), "TEMP": str(temporary),
            "TMP": str(temporary), "XDG_STATE_HOME": str(tmp_path / "state"), **extra}


def run_both(folder: Path, env: dict[str, str]) -> dict[str, subprocess.CompletedProcess[str]]:
    """`status` and `status --json` on the folder, at the same time, each with a time limit."""
    started = {mode: subprocess.Popen(
        [*CLI, str(folder), *extra], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        errors="replace", preexec_fn=_limit_memory if resource else None)
        for mode, extra in MODES.items()}
    results = {}
    try:
        for mode, process in started.items():
            try:
                out, err = process.communicate(timeout=TIME_LIMIT)
            except subprocess.TimeoutExpired:
                pytest.fail(f"{mode}: no answer within {TIME_LIMIT} s")
            results[mode] = subprocess.CompletedProcess(process.args, process.returncode,
                                                        out, err)
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return results


def _limit_memory() -> None:
    """In the child: a runaway file (say, YAML that expands without end) fails, not the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# The corpus itself -----------------------------------------------------------------------------
def test_the_corpus_is_complete_and_safe_to_keep_in_git():
    assert len(CASES) >= 28
    for case in CASES:
        expected = expectation(case)
        assert expected["about"] and expected["file"], case
        assert expected["git"] in GIT_STATES and expected["make"] in (None, *RECIPES), case
        committed = {path.relative_to(BROKEN / case).as_posix(): path
                     for path in (BROKEN / case).rglob("*") if path.name != "case.yaml"}
        for relative, path in committed.items():
            assert not path.is_symlink(), f"{case}/{relative}: make links at test time"
            assert path.is_dir() or path.stat().st_size < 64 * 1024, f"{case}/{relative}: big"
        lowered = {relative.casefold() for relative in committed}
        assert len(lowered) == len(committed), f"{case}: names that differ only in capitals"
        if expected["make"] is None and expected["git"] == "normal":
            texts = {relative: path.read_bytes() for relative, path in committed.items()
                     if path.is_file()}
            assert texts != {k: v.encode("utf-8") for k, v in VALID_BOOK.items()}, \
                f"{case} is not broken at all"


def test_the_valid_book_opens(tmp_path):
    """The control: the book every case is made from opens in both modes.

    Opening a good book may fill its local cache folder (.coauthor/, never shared); nothing else
    in the folder may change.
    """
    work = tmp_path / "work"
    folder = write_valid_book(work)
    before = snapshot(work)
    results = run_both(folder, environment(tmp_path))
    for mode, result in results.items():
        assert result.returncode == 0, f"{mode}: {result.stderr}"
        assert result.stderr == ""
    assert json.loads(results["status --json"].stdout)["title"] == "A Small Book"
    assert "A Small Book" in results["status"].stdout
    assert changed(before, snapshot(work)) == [], "the book folder changed on disk"


# Every broken book -----------------------------------------------------------------------------
@pytest.mark.parametrize("case", cases())
def test_the_command_line_gives_a_clear_message(case, tmp_path):
    expected = expectation(case)
    work = tmp_path / "work"
    folder = materialise(case, work)
    env = environment(tmp_path)
    before = snapshot(work)
    results = run_both(folder, env)
    for mode, result in results.items():
        assert result.returncode == 1, f"{mode}: exit code {result.returncode}\n{result.stderr}"
        assert_clear(result.stderr, result.stdout, expected, mode)
    assert not (tmp_path / ERROR_LOGS).exists(), "the last safety net wrote a log"
    assert changed(before, snapshot(work)) == [], "the book folder changed on disk"


@pytest.mark.parametrize("case", cases())
def test_open_book_raises_book_error_with_plain_problems(case, tmp_path):
    expected = expectation(case)
    work = tmp_path / "work"
    folder = materialise(case, work)
    before = snapshot(work)
    with time_limit(TIME_LIMIT), pytest.raises(BookError) as caught:
        open_book(folder)
    assert caught.value.problems
    for problem in caught.value.problems:
        assert isinstance(problem, Problem)
        assert problem.file.strip() and problem.what.strip() and problem.todo.strip(), problem
    assert_clear(caught.value.plain(), "", expected, "open_book")
    assert changed(before, snapshot(work)) == [], "the book folder changed on disk"


# No git at all ---------------------------------------------------------------------------------
def test_git_missing_from_path_gives_a_plain_message(tmp_path):
    work = tmp_path / "work"
    folder = write_valid_book(work)
    only_python = str(Path(sys.executable).parent)
    if shutil.which("git", path=only_python):
        pytest.skip(f"git is in {only_python}, next to Python")
    env = environment(tmp_path, PATH=only_python)
    before = snapshot(work)
    for mode, result in run_both(folder, env).items():
        assert result.returncode == 1, f"{mode}: {result.stderr}"
        for shown in (result.stdout, result.stderr):
            assert "Traceback" not in shown and 'File "' not in shown, f"{mode}: {shown}"
        assert "did not expect" not in result.stderr, f"{mode}: {result.stderr}"
        assert re.search(r"\bgit\b", result.stderr, re.IGNORECASE), f"{mode}: {result.stderr}"
    assert not (tmp_path / ERROR_LOGS).exists()
    assert changed(before, snapshot(work)) == [], "the book folder changed on disk"
