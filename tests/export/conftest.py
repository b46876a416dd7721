"""Fixtures for exports: the example book with every agreement it needs recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import check_agreements
from coauthor_desk.agreements.records import Decision, How
from coauthor_desk.agreements.rules import State, needed
from coauthor_desk.session import open_book

EDITOR = "helen-marsh"


def agree_to_everything(folder: Path) -> None:
    """Record, as the editor writing down what people said in person, every agreement the book
    still needs, so the publish check passes."""
    opened = open_book(folder)
    _, standing = check_agreements(opened)
    for person, use, target in needed(opened.book):
        if standing[(person, use, target)].state is State.AGREED:
            continue
        behalf = None if person == EDITOR else EDITOR
        record_decision(open_book(folder), person, use, Decision.AGREED, target, behalf,
                        How.IN_PERSON if behalf else None)


@pytest.fixture(scope="session")
def _agreed_master(_example_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agreed") / "book"
    shutil.copytree(_example_master, folder, symlinks=True)
    agree_to_everything(folder)
    return folder


@pytest.fixture
def agreed_book(_agreed_master: Path, tmp_path: Path) -> Path:
    """A private copy of the example book that is ready to publish."""
    folder = tmp_path / "agreed"
    shutil.copytree(_agreed_master, folder, symlinks=True)
    return folder
