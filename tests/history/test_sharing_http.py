"""Sharing through git's own smart HTTP (git http-backend) behind Debian's apache2 with Basic
authentication, on 127.0.0.1, started and stopped by the test. The password comes from the
person's own saved passwords (here git's credential store, standing in for the system's); a
wrong one and a missing one each fail within 15 s with a plain message, and no password is ever
written into the book folder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sharing_servers import HAS_APACHE, git, served_copy
from sharing_servers import http_server as start_http_server
from test_sharing import HELEN, no_inside_words

from coauthor_desk.history.sharing import get, share, sync
from coauthor_desk.problems import BookError

pytestmark = pytest.mark.skipif(
    not HAS_APACHE, reason="needs Debian's apache2, run as root (the server runs as www-data)")
PASSWORD = "sea-and-harbour-17"


@pytest.fixture
def http_server() -> Iterator[tuple[str, Path]]:
    """apache2 serving every bare copy in its folder; (the base address, that folder)."""
    with start_http_server("helen", PASSWORD) as served:
        yield served


def saved_passwords(monkeypatch, tmp_path: Path, address: str, password: str | None) -> None:
    """This person's own git settings with a credential store, as their system would keep."""
    store = tmp_path / "saved-passwords"
    store.write_text("" if password is None else
                     address.replace("http://", f"http://helen:{password}@") + "\n")
    settings = tmp_path / "own-settings"
    settings.write_text(f"[credential]\n\thelper = store --file={store}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))


def test_with_the_saved_password_sharing_works(http_server, small_book: Path, tmp_path: Path,
                                               monkeypatch):
    base, repos = http_server
    served_copy(repos, "book.git")
    saved_passwords(monkeypatch, tmp_path, base, PASSWORD)
    result = share(small_book, f"{base}/book.git", HELEN)
    assert result.sent >= 2
    copy = tmp_path / "copy"
    get(f"{base}/book.git", copy)
    assert sync(copy, HELEN).summary().startswith("Up to date")
    for folder in (small_book, copy):
        assert PASSWORD not in (folder / ".git" / "config").read_text()
        assert PASSWORD not in git(folder, "config", "--local", "--list")


@pytest.mark.parametrize("password", ["wrong-password", None], ids=["wrong", "missing"])
def test_a_wrong_or_missing_password_is_plain_and_quick(http_server, small_book: Path,
                                                        tmp_path: Path, monkeypatch,
                                                        password: str | None):
    base, repos = http_server
    served_copy(repos, "book.git")
    saved_passwords(monkeypatch, tmp_path, base, password)
    started = time.monotonic()
    with pytest.raises(BookError) as refused:
        share(small_book, f"{base}/book.git", HELEN)
    assert time.monotonic() - started < 15
    problem = refused.value.problems[0]
    assert "no saved password" in problem.what and "Sign in once" in problem.todo
    no_inside_words([str(problem)])
    assert "remote" not in git(small_book, "config", "--local", "--list")
