"""Where the shared copy lives: addresses are checked before git sees them, and every failure
to reach a shared copy (wrong address, refused kind, a password in it, a server that is not
there or never answers) is a plain message, quickly, on the command line too."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sharing_servers import bare, git, git_daemon, silent_server
from test_sharing import HELEN, INSIDE_WORDS, no_inside_words

from coauthor_desk.cli import main
from coauthor_desk.history.sharing import check_address, get, share
from coauthor_desk.history.sharing.address import FOLDER, SERVER
from coauthor_desk.problems import BookError

REFUSED = {
    "ext::sh -c touch% /tmp/sprung": "run a program",
    "fd::17": "run a program",
    "https://example.org/a::b": "run a program",
    "-uupload-pack=touch /tmp/sprung": "cannot start with '-'",
    "ssh://-oProxyCommand=touch/x": "names no server",
    "https://example.org/book\x1b[2J.git": "control characters",
    "https://helen:hunter2@example.org/book.git": "password or access key",
    "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/a/b.git": "password",
    "https://glpat-abcdefghijklmnop@gitlab.com/a/b.git": "password",
    "http://example.org/book.git": "unprotected",
    "git://example.org/book.git": "unprotected",
    "ftp://example.org/book.git": "are not used",
    "": "No address",
}
ACCEPTED = {
    "https://github.com/helen/book.git": SERVER,
    "https://helen@git.example.ac.uk/books/sea.git": SERVER,
    "ssh://git@example.org:2222/books/sea.git": SERVER,
    "git@github.com:helen/book.git": SERVER,
    "git://127.0.0.1:9418/book.git": SERVER,
    "http://localhost:8080/git/book.git": SERVER,
}


@pytest.mark.parametrize("address", sorted(REFUSED))
def test_refused_addresses_say_why_plainly(address: str):
    with pytest.raises(BookError) as refused:
        check_address(address)
    problem = refused.value.problems[0]
    assert problem.file == "the address of the shared copy"
    assert REFUSED[address] in problem.what, problem.what
    assert problem.todo and "Traceback" not in str(problem)
    no_inside_words([str(problem)])
    if "password" in REFUSED[address]:
        assert "saved passwords" in problem.todo


@pytest.mark.parametrize("address", sorted(ACCEPTED))
def test_server_addresses_are_accepted(address: str):
    assert check_address(address).kind == ACCEPTED[address]


def test_folders_are_made_whole_and_cloud_folders_warned_about(tmp_path: Path):
    (tmp_path / "Dropbox").mkdir()
    plain = check_address(str(tmp_path / "shared"))
    assert plain.kind == FOLDER and plain.warnings == []
    cloud = check_address(str(tmp_path / "Dropbox" / "book"))
    assert cloud.kind == FOLDER and "Dropbox" in cloud.warnings[0]
    no_inside_words(cloud.warnings)
    assert check_address("shared", base=tmp_path).text == str(tmp_path / "shared")
    with pytest.raises(BookError, match="does not exist"):
        check_address(str(tmp_path / "no" / "such" / "place"))


def test_a_password_in_the_address_is_never_written_down(small_book: Path, capsys):
    before = (small_book / ".git" / "config").read_bytes()
    code = main(["share", str(small_book), "--to", "https://helen:hunter2@example.org/b.git"])
    err = capsys.readouterr().err
    assert code == 1 and "saved passwords" in err and "Traceback" not in err
    assert (small_book / ".git" / "config").read_bytes() == before
    assert "hunter2" not in err


def test_wrong_addresses_and_missing_servers_are_plain_and_quick(small_book: Path,
                                                                 tmp_path: Path, capsys):
    served = tmp_path / "served"
    served.mkdir()
    with git_daemon(served) as address:
        with pytest.raises(BookError) as missing:
            share(small_book, f"{address}/no-such-book.git", HELEN)
        assert "no shared copy at this address" in missing.value.problems[0].what
        bare(served, "book.git")
        share(small_book, f"{address}/book.git", HELEN)
    # The daemon has stopped: nothing listens there any more.
    started = time.monotonic()
    code = main(["sync", str(small_book)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot be reached" in err and time.monotonic() - started < 15
    assert [line for line in err.splitlines() if INSIDE_WORDS.search(line)] == []


def test_a_server_that_never_answers_is_given_up_on_within_15_seconds(small_book: Path,
                                                                      tmp_path: Path):
    with silent_server() as port:
        started = time.monotonic()
        with pytest.raises(BookError) as silent:
            share(small_book, f"git://127.0.0.1:{port}/book.git", HELEN)
        took = time.monotonic() - started
    with pytest.raises(BookError):  # nothing listens there now
        get(f"git://127.0.0.1:{port}/book.git", tmp_path / "copy")
    assert took < 15, took
    assert "did not answer" in silent.value.problems[0].what
    assert not (tmp_path / "copy").exists()  # a copy that could not be made leaves nothing
    assert "remote" not in git(small_book, "config", "--local", "--list")


def test_the_command_line_shares_syncs_and_gets(small_book: Path, tmp_path: Path, capsys):
    git(small_book, "config", "user.name", "Helen Marsh")
    git(small_book, "config", "user.email", "helen.marsh@example.org")
    shared = tmp_path / "shared"
    assert main(["share", str(small_book), "--to", str(shared)]) == 0
    out, err = capsys.readouterr()
    assert "Shared 2 saved versions." in out and out.rstrip().endswith("Up to date")
    assert "Checking" in err
    copy = tmp_path / "copy"
    assert main(["get", str(shared), str(copy)]) == 0
    assert "Copied the shared book" in capsys.readouterr().out
    assert main(["sync", str(copy), "--by", "sam-jones"]) == 0
    out, err = capsys.readouterr()
    assert "Up to date" in out
    assert main(["get", str(shared), str(copy)]) == 1  # not an empty folder
    assert main(["sync", str(tmp_path / "copy"), "--by", "nobody"]) == 1
    words = out + err + capsys.readouterr().err
    assert [line for line in words.splitlines() if INSIDE_WORDS.search(line)] == []


def test_a_book_not_shared_says_so(small_book: Path, capsys):
    assert main(["sync", str(small_book), "--by", "sam-jones"]) == 1
    err = capsys.readouterr().err
    assert "Not connected" in err and "share" in err


def test_a_shared_copy_of_another_book_is_refused_plainly(small_book: Path, tmp_path: Path):
    from coauthor_desk.history.versions import start_history
    from coauthor_desk.manuscript.edit import write_new_book

    shared = tmp_path / "shared"
    share(small_book, str(shared), HELEN)
    other = tmp_path / "another book"
    write_new_book(other, "Another Book", "Helen Marsh")
    start_history(other, HELEN, "Started")
    with pytest.raises(BookError) as refused:
        share(other, str(shared), HELEN)
    assert "different book" in refused.value.problems[0].what
    no_inside_words([str(refused.value.problems[0])])


def test_an_ssh_server_that_is_not_there_is_plain_and_quick(small_book: Path):
    started = time.monotonic()
    with pytest.raises(BookError) as refused:
        share(small_book, "ssh://nobody@127.0.0.1:1/book.git", HELEN)
    assert time.monotonic() - started < 15
    assert "cannot be reached" in refused.value.problems[0].what
