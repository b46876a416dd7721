"""The example book, loaded once for the credits tests (which only read it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Book


@pytest.fixture(scope="session")
def book(_example_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The real example book (built with its history), loaded from a private copy."""
    folder = tmp_path_factory.mktemp("credits") / "book"
    shutil.copytree(_example_master, folder, symlinks=True)
    return load_book(folder)

