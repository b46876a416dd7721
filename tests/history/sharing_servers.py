"""Real servers for the sharing tests, on 127.0.0.1 only, started and stopped by the tests.

A bare shared copy in a folder; `git daemon` serving pushes over git://; a listener that
accepts connections and never answers (a server that hangs).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SAFE = ["-c", f"core.hooksPath={os.devnull}"]


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
