"""Shared fixtures: real book folders with real git histories in temporary folders."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# Before anything of the app is imported: the per-user folders (caches, recovery copies, the
# cache key, logs) go to a fresh temporary folder, for these tests and every program they start,
# so no test reads or changes the real home folders (platformdirs follows these on Linux).
_PER_USER = tempfile.mkdtemp(prefix="coauthor-desk-tests-")
atexit.register(shutil.rmtree, _PER_USER, ignore_errors=True)
for _name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = os.path.join(_PER_USER, _name.removeprefix("XDG_").lower())
# The window tests draw on Qt's offscreen screen unless a variable says otherwise: with no display
# (a server, a container, ssh) Qt would stop the run, and on a desktop windows would flash by.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from coauthor_desk.example_book import make_example_book  # noqa: E402
from coauthor_desk.history.versions import Identity, start_history  # noqa: E402
from coauthor_desk.manuscript.edit import add_chapter, write_new_book  # noqa: E402
from coauthor_desk.manuscript.loader import load_book  # noqa: E402

EDITOR = Identity("Helen Marsh", "helen.marsh@example.org")


@pytest.fixture(scope="session")
def _example_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example") / "book"
    make_example_book(folder)
    return folder


@pytest.fixture
def example_book(_example_master: Path, tmp_path: Path) -> Path:
    """A private copy of the example book, history included, for one test to change freely."""
    folder = tmp_path / "example"
    shutil.copytree(_example_master, folder, symlinks=True)
    return folder


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    """A new book with one editor, one co-author and one chapter, saved as its first version."""
    folder = tmp_path / "small"
    write_new_book(folder, "A Small Book", "Helen Marsh")
    (folder / "people" / "sam-jones.yaml").write_text(
        "id: sam-jones\nname: Sam Jones\ncredit: {as: first-name}\nroles: [co-author]\n"
        "git: [sam.jones@example.org]\n", "utf-8")
    book = load_book(folder)
    add_chapter(book, "My story", ["sam-jones"], "my-story")
    start_history(folder, EDITOR, "Started the book")
    return folder
