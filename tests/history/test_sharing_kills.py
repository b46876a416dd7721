"""A sync killed at random moments (20 times here; `python tests/history/sync_kills.py
--kills 100` for the long form): nothing lost, nothing half-way."""

from pathlib import Path

from sync_kills import run


def test_a_sync_killed_at_random_moments_loses_nothing(tmp_path: Path):
    report = run(tmp_path, kills=20, seed=16, say=lambda words: None)
    assert report.kills == 20 and report.mid_sync >= 10 and report.clashes >= 2
