"""Run a window under a real screen-reader interface (AT-SPI) and get back what it heard.

Qt speaks AT-SPI only on a real X screen (not offscreen) and only to a session bus, so each walk
gets its own Xvfb screen and its own `dbus-run-session`; the reading is done by Debian's own
Python with pyatspi (atspi_walk.py), which no virtual environment can install. Everything this
starts is ended afterwards, by process group, within a bounded time.

    walk_window([".venv/bin/coauthor-desk", "open", book], ready_text="This book began")
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
PACKAGES = "xvfb dbus-daemon at-spi2-core python3-pyatspi and Qt's xcb libraries (see .ci/run)"


@cache  # asked when the tests are collected, and again for the reason
def screen_reader_available() -> str | None:
    """Why a walk cannot run here (to skip with), or None when it can. .ci/run installs all of
    it, so in CI the walk runs."""
    for program in ("Xvfb", "dbus-run-session"):
        if shutil.which(program) is None:
            return f"{program} is not installed; needs {PACKAGES}"
    if not Path(BUS_LAUNCHER).exists():
        return f"at-spi2-core is not installed; needs {PACKAGES}"
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode != 0:
        return f"Debian's python3-pyatspi is not installed; needs {PACKAGES}"
    return missing_xcb_libraries()


@cache
def orca_available() -> str | None:
    """Why Orca cannot join a walk here (to skip with), or None when it can."""
    if shutil.which("orca") is None:
        return "Orca is not installed (apt-get install orca)"
    if subprocess.run(["pgrep", "-u", str(os.getuid()), "-x", "orca"],
                      capture_output=True).returncode == 0:
        # Orca will not start beside another of the same user's, and --replace would end it.
        return "another Orca is running for this user"
    return screen_reader_available()


def missing_xcb_libraries() -> str | None:
    """Qt's X screen plugin loads libraries the offscreen tests never need (libxcb-cursor0
    and others); without them the app stops at once, so say which are missing."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists() or shutil.which("ldd") is None:
        return None
    links = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    missing = sorted({line.split()[0] for line in links.splitlines() if "not found" in line})
    return f"Qt's xcb plugin lacks {', '.join(missing)}; needs {PACKAGES}" if missing else None


def end(process: subprocess.Popen) -> None:
    """End a process started in a session of its own, and everything it started there."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            os.killpg(process.pid, signal.SIGKILL)  # any child left behind in the group
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue
        break


@contextmanager
def virtual_screen(size: str) -> Iterator[str]:
    """An Xvfb screen of `size` (WIDTHxHEIGHTxDEPTH), as a DISPLAY value. Xvfb chooses a free
    display number itself (-displayfd) and writes it only once it takes connections, so there
    is neither a race with other screens on the machine nor a wait for its socket."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                             "-nolisten", "tcp"], pass_fds=(write,), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 15.0)
        number = os.read(read, 32).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start within 15 s")
        yield f":{number}"
    finally:
        os.close(read)
        end(xvfb)


def walk_window(command: Sequence[str], *, app: str = "coauthor", title: str = "",
                ready_text: str = "", tabs: int = 40, roles: Sequence[str] = ("text",),
                size: str = "1920x1080x24", timeout: float = 60.0,
                orca_log: Path | None = None, keys: Sequence[str] = ()) -> dict[str, Any]:
    """Start `command` (a Qt window) on a fresh screen and bus, wait until some text of a role
    in `roles` shows `ready_text`, press the key combinations `keys` ("ctrl+2": to go where a
    person would first), press Tab `tabs` times and return what atspi_walk.py found:
    {"app", "window", "seconds_to_window", "stops": [the focused object before the first press
    and after each, null when none had the focus], "tree": [objects of `roles`, with their
    text]}. `app` is part of the application's name on the accessibility bus (any, when empty;
    Orca is an application there too), `title` part of the window's accessible name. With
    `orca_log`, Orca runs as well and its debug log (what it would say, as "SPEECH OUTPUT:
    '...'") is kept there. Raises RuntimeError, with what the walker and app said, on failure."""
    started = time.monotonic()
    walk = ["--app", app, "--title", title, "--tabs", str(tabs), "--roles", ",".join(roles)]
    if ready_text:
        walk += ["--ready-text", ready_text]
    if keys:
        walk += ["--keys", ",".join(keys)]
    with virtual_screen(size) as display, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_ACCESSIBILITY": "1",
               "NO_AT_BRIDGE": "0"}
        for inherited in ("DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "WAYLAND_DISPLAY"):
            env.pop(inherited, None)  # only the private bus and screen are to be found
        runtime = Path(folder) / "runtime"  # Orca and the bus launcher keep sockets here
        runtime.mkdir(mode=0o700)
        env["XDG_RUNTIME_DIR"] = str(runtime)
        walk_options = [] if orca_log is None else ["--orca-log", str(orca_log)]
        left = timeout - (time.monotonic() - started)
        # Output goes to files, not pipes: the services the bus starts inherit them and may
        # outlive the session for a moment, and a pipe would be read until they end.
        out, said = Path(folder) / "walk.json", Path(folder) / "said.txt"
        with said.open("w") as errors:
            session = subprocess.Popen(
                ["dbus-run-session", "--", SYSTEM_PYTHON, str(HERE / "atspi_session.py"),
                 "--timeout", str(max(left - 8, 5)), "--walk", json.dumps(walk),
                 "--out", str(out), *walk_options, "--", *command],
                env=env, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors,
                start_new_session=True)
            try:
                session.wait(timeout=max(left, 5))
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"the walk of {list(command)} took over {timeout:.0f} s:\n"
                                   f"{said.read_text()[-4000:]}") from None
            finally:
                end(session)
        if session.returncode != 0:
            raise RuntimeError(f"the walk of {list(command)} failed:\n{said.read_text()[-4000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


# Roles that say nothing about what a control does: a screen reader reaching one of these has
# only its name to go on, and an object that takes the focus should be a real control.
VAGUE_ROLES = {"unknown", "invalid", "filler", "panel", "redundant object"}


def stop_label(stop: dict[str, Any]) -> str:
    """One focused object as a screen reader would say it, with where it sits."""
    return (f"{stop['role']} {stop['name']!r} (in {stop['parent_role']} "
            f"{stop['parent_name']!r}{'' if stop['showing'] else ', not showing'})")


def unnamed_or_vague(walk: dict[str, Any]) -> list[str]:
    """Each focused object Tab reached with no name or only a vague role, once each."""
    found = {stop_label(stop) for stop in walk["stops"] if stop is not None
             and (not stop["name"].strip() or stop["role"] in VAGUE_ROLES)}
    return sorted(found)


# Parts of a control that take the focus inside it; Tab moves between controls, not parts.
ITEM_ROLES = {"page tab", "table cell", "list item", "tree item", "column header", "row header"}


def control(stop: dict[str, Any]) -> str:
    """The control a focused object is, or is part of (a tab of a row of tabs, a cell of a
    table), as role and name: the same control whether its part or itself was reported."""
    if stop["role"] in ITEM_ROLES:
        return f"{stop['parent_role']} {stop['parent_name']!r}"
    return f"{stop['role']} {stop['name']!r}"


def controls_reached(walk: dict[str, Any]) -> list[str]:
    """The distinct controls that took the focus, in the order Tab first reached them."""
    return list(dict.fromkeys(control(stop) for stop in walk["stops"] if stop is not None))


def goes_round(walk: dict[str, Any]) -> bool:
    """Whether Tab left the control it started on and came back to it: a window with no
    keyboard trap, walked with enough presses, does; in a trap, Tab stays in one control."""
    runs: list[str] = []
    for stop in walk["stops"]:
        if stop is not None and (not runs or runs[-1] != control(stop)):
            runs.append(control(stop))
    return len(set(runs)) > 1 and runs[0] in runs[1:]


def texts(walk: dict[str, Any]) -> list[str]:
    """Every text read through the AT-SPI Text interface, of the roles walked."""
    return [item["text"] for item in walk["tree"] if item["text"]]
