import os
import signal
import stat
from pathlib import Path

import pytest

from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError


def test_write_then_read_round_trip_leaves_no_temporary_file(tmp_path: Path):
    new = files.write_text(tmp_path, "chapters/a.md", "Hello\n", None)
    read = files.read_text(tmp_path, "chapters/a.md")
    assert read.text == "Hello\n" and read.fingerprint == new
    assert [p.name for p in (tmp_path / "chapters").iterdir()] == ["a.md"]


def test_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path):
    files.write_text(tmp_path, "a.md", "first\n", None)
    seen = files.read_text(tmp_path, "a.md")
    (tmp_path / "a.md").write_text("changed by a co-author with git\n")
    with pytest.raises(BookError) as caught:
        files.write_text(tmp_path, "a.md", "mine\n", seen.fingerprint)
    assert "changed outside CoAuthor Desk" in caught.value.plain()
    assert (tmp_path / "a.md").read_text() == "changed by a co-author with git\n"


def test_refuses_to_replace_an_existing_file_when_making_a_new_one(tmp_path: Path):
    (tmp_path / "a.md").write_text("keep me")
    with pytest.raises(BookError, match="already exists"):
        files.write_text(tmp_path, "a.md", "new", None)
    assert (tmp_path / "a.md").read_text() == "keep me"


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path: Path, monkeypatch):
    files.write_text(tmp_path, "a.md", "old\n", None)
    seen = files.read_text(tmp_path, "a.md")

    def broken_replace(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.write_text(tmp_path, "a.md", "new\n", seen.fingerprint)
    assert (tmp_path / "a.md").read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "chapters/../../x.md",
                                  "C:/Windows/win.ini", "..\\x.md"])
def test_paths_outside_the_book_are_refused(tmp_path: Path, path: str):
    with pytest.raises(BookError, match="outside the book folder"):
        files.inside_book(tmp_path, path)


def test_a_link_pointing_outside_is_refused(tmp_path: Path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    book = tmp_path / "book"
    book.mkdir()
    (book / "a.md").symlink_to(outside)
    with pytest.raises(BookError, match="link to a place outside"):
        files.read_text(book, "a.md")


def test_windows_line_endings_and_byte_order_mark_are_read_as_plain_text(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbfOne\r\nTwo\r\n")
    assert files.read_text(tmp_path, "a.md").text == "One\nTwo\n"


def test_text_not_in_utf8_names_the_line(tmp_path: Path):
    (tmp_path / "a.md").write_bytes("one\ntwo\ncaf\u00e9\n".encode("latin-1"))
    with pytest.raises(BookError) as caught:
        files.read_text(tmp_path, "a.md")
    assert caught.value.problems[0].line == 3
    assert "UTF-8" in caught.value.plain()


def test_the_fingerprint_is_gits_own_content_id(tmp_path: Path):
    import subprocess

    (tmp_path / "a.md").write_bytes(b"Caring for Ron\n")
    git_id = subprocess.run(["git", "hash-object", "a.md"], cwd=tmp_path, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert files.read_text(tmp_path, "a.md").fingerprint == git_id


# Only regular files are read -------------------------------------------------------------------
def _refused(root: Path, relative: str) -> str:
    """The plain message for a file that must be refused at once (a hang fails the test)."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("read_text waited instead of refusing")

    if hasattr(signal, "SIGALRM"):
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        with pytest.raises(BookError) as caught:
            files.read_text(root, relative)
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    [problem] = caught.value.problems
    assert problem.file == relative
    return str(problem)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this computer")
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path: Path):
    (tmp_path / "chapters").mkdir()
    os.mkfifo(tmp_path / "chapters" / "a.md")
    assert _refused(tmp_path, "chapters/a.md") == (
        "chapters/a.md: This is a named pipe (a channel between two programs), not a text file, "
        "so it was not opened. Remove it and put the real file in its place.")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this computer")
def test_a_link_to_a_named_pipe_inside_the_book_is_refused_too(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.md").symlink_to("pipe")
    assert "a.md: This is a named pipe" in _refused(tmp_path, "a.md")


def test_a_socket_is_refused(tmp_path: Path, monkeypatch):
    socket = pytest.importorskip("socket")
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no local sockets on this computer")
    monkeypatch.chdir(tmp_path)  # a short relative address: socket paths have a small limit
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("a.md")
        assert "a.md: This is a socket" in _refused(tmp_path, "a.md")
    finally:
        server.close()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this computer")
def test_a_device_is_refused_whether_linked_to_or_inside(tmp_path: Path):
    (tmp_path / "a.md").symlink_to("/dev/zero")  # endless zeros, outside the book
    assert "link to a place outside the book folder" in _refused(tmp_path, "a.md")
    try:
        os.mknod(tmp_path / "b.md", 0o600 | stat.S_IFCHR, os.stat("/dev/zero").st_rdev)
    except (OSError, AttributeError):
        return  # only an administrator can make a device
    assert "b.md: This is a device" in _refused(tmp_path, "b.md")


def test_a_folder_in_a_files_place_is_named_as_a_folder(tmp_path: Path):
    (tmp_path / "a.md").mkdir()
    assert "a.md: This is a folder, not a file." in _refused(tmp_path, "a.md")
