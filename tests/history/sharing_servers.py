"""Real servers for the sharing tests, on 127.0.0.1 only, started and stopped by the tests.

A bare shared copy in a folder; `git daemon` serving pushes over git://; git's own smart HTTP
(`git http-backend`) behind Debian's apache2 with Basic authentication; a listener that
accepts connections and never answers (a server that hangs).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SAFE = ["-c", f"core.hooksPath={os.devnull}"]
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
# The server runs as www-data, which only root can start it as.
HAS_APACHE = Path(APACHE).is_file() and os.name != "nt" and os.geteuid() == 0
_APACHE_CONFIG = """ServerRoot "{root}"
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
_APACHE_MODULES = ("mpm_event", "authz_core", "authz_user", "authn_core", "authn_file",
                   "auth_basic", "alias", "env", "cgid")


def git(folder: Path, *args: str) -> str:
    """Plain git, as a technical co-author would run it (for checking what the app did)."""
    return subprocess.run(["git", *SAFE, *args], cwd=folder, check=True, capture_output=True,
                          text=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"}).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def git_daemon(base: Path) -> Iterator[str]:
    """`git daemon` serving every bare copy under `base`, pushes allowed; its address."""
    port = free_port()
    process = subprocess.Popen(
        ["git", "daemon", "--enable=receive-pack", "--listen=127.0.0.1", f"--port={port}",
         f"--base-path={base}", "--export-all", "--reuseaddr", str(base)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"git://127.0.0.1:{port}"
    try:
        probe = base / "probe.git"
        subprocess.run(["git", "init", "--bare", "--quiet", str(probe)], check=True)
        deadline = time.monotonic() + 20
        while subprocess.run(["git", "ls-remote", f"{address}/probe.git"],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("git daemon did not start")
            time.sleep(0.1)
        shutil.rmtree(probe)
        yield address
    finally:
        process.terminate()
        process.wait(10)


def bare(base: Path, name: str) -> Path:
    """An empty bare shared copy for the daemon to serve."""
    path = base / name
    subprocess.run(["git", "init", "--bare", "--quiet", "--initial-branch=main", str(path)],
                   check=True)
    return path


@contextmanager
def http_server(user: str, password: str) -> Iterator[tuple[str, Path]]:
    """apache2 serving every bare copy in its folder through `git http-backend`, to `user`
    with `password` only; (the base address, that folder). Make copies with `served_copy`."""
    root = Path(tempfile.mkdtemp(prefix="coauthor-http-"))
    root.chmod(0o755)
    repos = root / "repos"
    repos.mkdir()
    port = free_port()
    hashed = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()
    (root / "passwords").write_text(f"{user}:{{SHA}}{hashed}\n")
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so"
                        for name in _APACHE_MODULES)
    backend = subprocess.run(["git", "--exec-path"], capture_output=True, text=True,
                             check=True).stdout.strip() + "/git-http-backend"
    (root / "apache.conf").write_text(_APACHE_CONFIG.format(
        root=root, port=port, modules=modules, repos=repos, backend=backend))
    server = subprocess.Popen([APACHE, "-f", str(root / "apache.conf"), "-DFOREGROUND"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not (root / "httpd.pid").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                log = root / "error.log"
                raise RuntimeError("apache2 did not start: " + (
                    log.read_text(errors="replace") if log.exists() else ""))
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/git", repos
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def served_copy(repos: Path, name: str) -> Path:
    """An empty bare shared copy for apache2 to serve, taking pushes, owned by www-data."""
    path = bare(repos, name)
    subprocess.run(["git", "--git-dir", str(path), "config", "http.receivepack", "true"],
                   check=True)
    subprocess.run(["chown", "-R", "www-data:www-data", str(path)], check=True)
    return path


@contextmanager
def silent_server() -> Iterator[int]:
    """A listener on 127.0.0.1 that accepts connections and never says a word; its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        for connection in held:
            connection.close()
        listener.close()
