"""The benchmark scripts stay runnable: a small benchmark book builds and opens cleanly."""

import subprocess
import sys
from pathlib import Path

from coauthor_desk.history.versions import History
from coauthor_desk.manuscript.loader import load_book

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def test_a_small_benchmark_book_builds_and_opens(tmp_path: Path):
    result = subprocess.run([sys.executable, str(BENCHMARKS / "make_book.py"), str(tmp_path / "b"),
                             "--people", "6", "--chapters", "4", "--words", "3000",
                             "--versions", "120"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    book = load_book(tmp_path / "b")
    assert len(book.chapters) == 4 and len(book.people) == 6
    assert 2500 <= sum(c.words for c in book.chapters.values()) <= 3500
    assert len(History(tmp_path / "b").versions()) == 120
