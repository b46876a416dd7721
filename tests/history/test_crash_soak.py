"""The short form of the crash soak (tests/history/crash_soak.py): 200 kills (`kill -9`) at
random moments during every kind of save, in a copy of the example book, each followed by the
checks a person would make: the book opens with no step by hand, `git fsck` is clean, every file
holds its old or its new text, no record is left written but unsaved, and the same command
succeeds when run again. About two to three minutes on two cores; the long form is
`python tests/history/crash_soak.py --kills 2000`.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from crash_soak import KINDS, soak

KILLS = 200

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "killpg")
                                or not Path("/proc/self/stat").exists(),
                                reason="the soak kills process groups and reads /proc")


def test_kill_minus_nine_during_every_kind_of_save_the_book_heals_itself(
        tmp_path: Path) -> None:
    result = soak(KILLS, tmp_path, seed=int(os.environ["SOAK_SEED"]) if "SOAK_SEED" in
                  os.environ else None)
    report = result.summary() + (f"\nTo run the same plan again: python "
                                 f"tests/history/crash_soak.py --kills {KILLS} --seed "
                                 f"{result.seed}")
    print(report)
    assert result.kills >= KILLS, report
    assert set(result.by_kind) == set(KINDS), report  # every kind of save was killed
    assert min(result.by_kind.values()) >= 10, report
    assert sum(n for where, n in result.landed.items() if where.startswith("part-way")) \
        >= KILLS // 4, report  # many kills landed while files or the history were changing
    assert not result.failures, report
