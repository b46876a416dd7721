"""The sharing load test's short form: 4 contributors saving 3 versions each, sharing all at
once through git daemon and through the HTTP server (apache2 with a password), on 127.0.0.1.
`python benchmarks/sharing_load.py` is the long form (20 contributors, 25 versions each)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sharing_servers import HAS_APACHE

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "sharing_load.py"


def test_four_people_sharing_at_once_lose_nothing_through_either_server():
    servers = "daemon,http" if HAS_APACHE else "daemon"
    finished = subprocess.run(
        [sys.executable, str(LOAD), "--contributors", "4", "--versions", "3", "--seconds", "40",
         "--compare-rounds", "2", "--servers", servers],
        capture_output=True, text=True, timeout=150)
    table = finished.stdout
    assert finished.returncode == 0, table + finished.stderr
    assert table.count(" | ") >= 15 * len(servers.split(","))
    for line in ("edits lost", "files with <<<<<<<", "book folders holding the password"):
        row = next(row for row in table.splitlines() if row.startswith(line))
        assert [cell.strip() for cell in row.split("|")[1:]] == ["0"] * len(servers.split(","))
    assert "NOT within 2" not in table and "FAILED" not in table
