"""The one runner of git, streaming: what git prints comes piece by piece, and what it says
went wrong, however long, never leaves it waiting."""

import subprocess
import threading
from pathlib import Path

import pytest

from coauthor_desk.history.git_runner import GitFailed, GitRunner


def book_with_history(folder: Path) -> GitRunner:
    subprocess.run(["git", "init", "--quiet", str(folder)], check=True)
    (folder / "a.md").write_text("words\n" * 20000, "utf-8")
    subprocess.run(["git", "-c", "user.name=Sam", "-c", "user.email=sam@example.org", "-C",
                    str(folder), "commit", "--quiet", "--allow-empty", "-m", "first"],
                   check=True)
    subprocess.run(["git", "-C", str(folder), "add", "a.md"], check=True)
    subprocess.run(["git", "-c", "user.name=Sam", "-c", "user.email=sam@example.org", "-C",
                    str(folder), "commit", "--quiet", "-m", "second"], check=True)
    return GitRunner(folder)


def test_what_git_prints_comes_in_pieces_and_whole(tmp_path: Path):
    runner = book_with_history(tmp_path)
    pieces: list[bytes] = []
    out = runner.run_streamed("log", "-p", "--no-color", seen=pieces.append)
    assert out == runner.run_bytes("log", "-p", "--no-color")
    assert len(pieces) > 1 and b"".join(pieces) == out  # about 120 KB: more than one piece


def test_a_long_complaint_never_leaves_git_waiting(tmp_path: Path):
    runner = book_with_history(tmp_path)
    missing = [f"missing-{n:05}.md" for n in range(3000)]  # a line of complaint each: ~200 KB
    failures: list[GitFailed] = []

    def run() -> None:
        try:
            runner.run_streamed("ls-files", "--error-unmatch", "--", *missing,
                                seen=lambda _: None)
        except GitFailed as failed:
            failures.append(failed)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "git and we were waiting on each other"
    assert failures[0].detail.count("did not match") == len(missing)


def test_git_stops_when_the_one_listening_stops(tmp_path: Path):
    runner = book_with_history(tmp_path)

    def stop(_: bytes) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner.run_streamed("log", "-p", "--no-color", seen=stop)
