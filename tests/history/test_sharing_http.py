"""Sharing through git's own smart HTTP (git http-backend) behind Debian's apache2 with Basic
authentication, on 127.0.0.1, started and stopped by the test. The password comes from the
person's own saved passwords (here git's credential store, standing in for the system's); a
wrong one and a missing one each fail within 15 s with a plain message, and no password is ever
written into the book folder."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sharing_servers import free_port, git
from test_sharing import HELEN, no_inside_words

from coauthor_desk.history.sharing import get, share, sync
from coauthor_desk.problems import BookError

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
pytestmark = pytest.mark.skipif(
    not Path(APACHE).is_file() or os.name == "nt" or os.geteuid() != 0,
    reason="needs Debian's apache2, run as root (the server runs as www-data)")
PASSWORD = "sea-and-harbour-17"
_CONFIG = """ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
User www-data
Group www-data
ScriptSock {root}/cgid.sock
{modules}
SetEnv GIT_PROJECT_ROOT {repos}
SetEnv GIT_HTTP_EXPORT_ALL 1
ScriptAlias /git/ {backend}/
<Location /git/>
    AuthType Basic
    AuthName "Books"
    AuthUserFile {root}/passwords
    Require valid-user
</Location>
"""
_MODULES = ("mpm_event", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic",
            "alias", "env", "cgid")


@pytest.fixture
def http_server() -> Iterator[tuple[str, Path]]:
    """apache2 serving every bare copy in its folder; (the base address, that folder)."""
    root = Path(tempfile.mkdtemp(prefix="coauthor-http-"))
    root.chmod(0o755)
    repos = root / "repos"
    repos.mkdir()
    port = free_port()
    hashed = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    (root / "passwords").write_text(f"helen:{{SHA}}{hashed}\n")
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so"
                        for name in _MODULES)
    backend = subprocess.run(["git", "--exec-path"], capture_output=True, text=True,
                             check=True).stdout.strip() + "/git-http-backend"
    (root / "apache.conf").write_text(_CONFIG.format(root=root, port=port, modules=modules,
                                                     repos=repos, backend=backend))
    server = subprocess.Popen([APACHE, "-f", str(root / "apache.conf"), "-DFOREGROUND"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not (root / "httpd.pid").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("apache2 did not start: "
                                   + (root / "error.log").read_text(errors="replace")
                                   if (root / "error.log").exists() else "apache2 did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/git", repos
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def served_copy(repos: Path, name: str) -> None:
    path = repos / name
    subprocess.run(["git", "init", "--bare", "--quiet", "--initial-branch=main", str(path)],
                   check=True)
    subprocess.run(["git", "--git-dir", str(path), "config", "http.receivepack", "true"],
                   check=True)
    subprocess.run(["chown", "-R", "www-data:www-data", str(path)], check=True)


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
