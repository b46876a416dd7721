"""Start an application and walk it with atspi_walk.py, both on one private session bus.

screen_reader.py runs this under `dbus-run-session`, so the application, the accessibility bus
(at-spi-bus-launcher, started by the session bus when first asked for `org.a11y.Bus`) and the
walker all find each other, and nothing reaches the person's own desktop session. This file
starts no shell: the application's command comes after `--`, word for word. It writes the
walker's JSON to a file and exits with the walker's code; the application is ended either way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

WALKER = Path(__file__).with_name("atspi_walk.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's: pyatspi is there and in no virtual environment


def start_orca(log: Path) -> subprocess.Popen:
    """Start Orca with its preferences in a folder of their own and its debug log in `log`, and
    wait until it is on the accessibility bus, so it hears the application arrive. With speech
    and braille off it still logs what it would say ("SPEECH OUTPUT: ..."); with them on, it
    waits on a speech server or braille display that a virtual screen does not have."""
    import pyatspi  # Debian's Python runs this file

    prefs = log.with_name("orca-prefs")
    prefs.mkdir(exist_ok=True)
    said = log.with_name("orca-said.txt")
    with said.open("w") as output:
        orca = subprocess.Popen(["orca", "--disable", "speech", "--disable", "braille",
                                 "--user-prefs", str(prefs), "--debug-file", str(log)],
                                stdin=subprocess.DEVNULL, stdout=output, stderr=output)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        if orca.poll() is not None:
            raise SystemExit(f"Orca ended at once: {said.read_text(errors='replace')[-2000:]}")
        if any(app is not None and app.name == "orca" for app in pyatspi.Registry.getDesktop(0)):
            time.sleep(0.5)  # Orca listens for events just after it joins the bus
            return orca
        time.sleep(0.2)
    stop_orca(orca)
    raise SystemExit(f"Orca was not on the bus in 30 s: {said.read_text(errors='replace')}")


def wait_until_idle(pid: int, quiet: float = 0.6, limit: float = 10.0) -> None:
    """Wait until process `pid` has used no processor time for `quiet` seconds (it has caught
    up with its work), or `limit` seconds have gone by."""
    def used() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks

    end, last, since = time.monotonic() + limit, -1, time.monotonic()
    while time.monotonic() < end:
        try:
            now = used()
        except (FileNotFoundError, ProcessLookupError):
            return
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def stop_orca(orca: subprocess.Popen) -> None:
    """Let Orca finish speaking, then ask it to end and wait for it: it works through events
    some time after they happen (more so on a busy machine), and writes its debug log through a
    buffer, which only an orderly exit empties into the file."""
    wait_until_idle(orca.pid)
    orca.terminate()
    try:
        orca.wait(timeout=10)
    except subprocess.TimeoutExpired:
        orca.kill()
        orca.wait()


def main(argv: list[str] | None = None) -> int:
    """Start the application, walk it, end it, pass the walker's output on."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=50.0, help="seconds for the walk")
    parser.add_argument("--walk", default="[]", help="the walker's options, as a JSON list")
    parser.add_argument("--out", required=True, help="file for the walker's JSON (services the bus"
                        " starts print to the same terminal, so standard output is not clean)")
    parser.add_argument("--orca-log", default="", help="run Orca too, with its debug log here")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the app's command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to start")

    orca = start_orca(Path(args.orca_log)) if args.orca_log else None
    said = Path(args.out).with_name("application.txt")  # a file: a full pipe would stop the app
    with said.open("w") as app_errors:
        app = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=app_errors)
        try:
            walk = subprocess.run([SYSTEM_PYTHON, str(WALKER), *json.loads(args.walk)],
                                  capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            walk = subprocess.CompletedProcess([], 124, "",
                                               f"the walk took over {args.timeout:.0f} s")
        finally:
            if orca is not None:  # first, while the app is still there to be asked about
                stop_orca(orca)
            app.terminate()
            try:
                app.wait(timeout=5)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
    Path(args.out).write_text(walk.stdout, encoding="utf-8")
    if walk.returncode != 0:
        sys.stderr.write(f"{walk.stderr}\n--- the application said:\n"
                         f"{said.read_text(errors='replace')[-3000:]}\n")
    return walk.returncode


if __name__ == "__main__":
    sys.exit(main())
