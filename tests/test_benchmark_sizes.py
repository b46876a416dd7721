"""`benchmarks/run.py --sizes` stays runnable: on two tiny books, one cheap row gets a ratio at
each size, a growth with its check, and the peak memory of both sides at the larger size."""

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def test_the_growth_table_on_two_tiny_books(tmp_path: Path, capsys):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import sizes
    finally:
        sys.path.remove(str(BENCHMARKS))

    growth = sizes.run_sizes(1, only="load_whole_book", keep=tmp_path, sizes=(3000, 6000))

    assert list(growth.names.values()) == ["Load the whole book"]
    row = growth.row("Load the whole book")
    found = growth.results[row]
    assert set(found) == {3000, 6000} and all(size.ratio > 0 for size in found.values())
    assert growth.growth(row) is not None
    ours, raw = growth.memory[row]
    assert ours is not None and raw is not None and ours.python_mb > 0
    header, rule, line = growth.table.splitlines()
    assert "3,000 words" in header and "6,000 words" in header
    assert "Growth (6,000 ÷ 3,000)" in header and "Peak memory at 6,000: ours" in header
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    assert cells[0] == "Load the whole book"
    assert cells[1].endswith("×") and cells[2].endswith("×") and cells[3].endswith("×")
    assert cells[4] in {"pass", "FAIL"}
    assert cells[5].startswith("Python ") and cells[5].endswith("MB") and cells[6].endswith("MB")
    # The books are kept: a second run reuses them instead of building them again.
    assert (tmp_path / "3000.json").exists() and (tmp_path / "6000" / "book.yaml").exists()
    assert "reused" in sizes.ensure_book(tmp_path, 3000)[1]
    printed = capsys.readouterr().out
    assert "built" in printed and growth.table in printed
