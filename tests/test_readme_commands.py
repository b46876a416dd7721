"""The README's two commands are what a newcomer runs: CI must run the same, and the test
command must pass where there is no display and nothing about Qt is set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The lines of the README's first code block."""
    text = (PROJECT / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block, "the README opens with a code block of commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_opens_with_two_commands_and_ci_runs_the_second_as_written():
    run_app, run_tests = readme_commands()
    assert "coauthor-desk --example" in run_app
    assert "pytest" in run_tests
    ci = (PROJECT / ".ci" / "run").read_text("utf-8")
    assert run_tests in ci.splitlines()
    assert "QT_" not in ci  # nothing a newcomer would not have set


def test_the_window_tests_pass_with_no_display_and_no_qt_settings(tmp_path: Path):
    quiet = {name: value for name, value in os.environ.items()
             if not name.startswith(("QT_", "DISPLAY", "WAYLAND_", "XDG_"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/gui/test_menus.py"], cwd=PROJECT, env=quiet,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "Aborted" not in done.stderr
