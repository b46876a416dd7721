"""Talking to the shared copy: every network call of git, with a time limit and no prompt.

Credentials are the person's own: git uses what the computer already keeps (the system's
saved passwords through git's credential helper, the ssh agent and keys). Nothing may wait on
a hidden prompt, so the terminal prompt and every "ask for a password" program are switched
off, ssh runs in batch mode with a short connection time, and each call has a time limit: with
no usable credentials the answer comes within seconds, in plain words, with what to do.
git's own words stay in the log's debug level only; they can name the server, never a password
(none is ever in an address, see address.py).
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import IO

from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing.address import WHERE
from coauthor_desk.problems import BookError, Problem

log = logging.getLogger(__name__)

CHECK_LIMIT = 12.0  # seconds for a first look at the shared copy: a plain answer within 15 s
TRANSFER_LIMIT = 600.0  # seconds for sending or getting versions
_SSH = "ssh -o BatchMode=yes -o ConnectTimeout=10 -o StrictHostKeyChecking=accept-new"
# Passed to git and everything it starts (ssh, the credential helper): no prompt anywhere.
NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "",
             "SSH_ASKPASS_REQUIRE": "never", "GIT_SSH_COMMAND": _SSH, "GCM_INTERACTIVE": "never",
             "GIT_HTTP_LOW_SPEED_LIMIT": "1000", "GIT_HTTP_LOW_SPEED_TIME": "10"}
# Not the person's settings: git would otherwise ask a program named there for a password.
# Everything fetched is checked as it arrives (no file names like .git, no broken records).
_OPTIONS = ["-c", "core.askPass=", "-c", "protocol.ext.allow=never", "-c",
            "protocol.fd.allow=never", "-c", "credential.interactive=never", "-c",
            "fetch.fsckObjects=true"]


@dataclass(frozen=True)
class Answer:
    """What a network call of git gave back."""

    status: int
    out: str
    err: str


def call(runner: GitRunner, *args: str, limit: float = TRANSFER_LIMIT,
         silence: float = CHECK_LIMIT) -> Answer:
    """Run one network call of git in `runner`'s folder, stopped when it has said nothing for
    `silence` seconds (ask for --progress on long transfers, so a working one keeps talking)
    or has run for `limit`. Running out of time is a plain problem."""
    # The runner's program, safe settings and folder: the one door, with the network added.
    command = [runner._program, *runner._options, *_OPTIONS, *args]  # noqa: SLF001
    env = {**os.environ, **runner._environment, **NO_PROMPT}  # noqa: SLF001
    env.pop("GIT_CONFIG_PARAMETERS", None)
    # In this program's own group, so that whatever stops the program stops git too.
    process = subprocess.Popen(command, cwd=runner.root, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    heard = [time.monotonic()]
    streams = {"out": bytearray(), "err": bytearray()}
    readers = [threading.Thread(target=_read, args=(pipe, streams[name], heard), daemon=True)
               for name, pipe in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    # Woken the moment git ends (polling for its end added up to 50 ms to every call, time in
    # which others could share first).
    ended = threading.Event()
    threading.Thread(target=_wait_for, args=(process, ended), daemon=True).start()
    started = time.monotonic()
    try:
        while not ended.wait(0.2):
            now = time.monotonic()
            if now - heard[0] > silence or now - started > limit:
                _stop(process)
                waited = min(silence, limit) if now - heard[0] > silence else limit
                raise BookError(Problem(WHERE, "The shared copy did not answer within "
                                        f"{waited:.0f} seconds.", "Check that this computer is "
                                        "online and the address is right, then try again. Your "
                                        "work is kept on this computer meanwhile."))
    except BaseException:
        _stop(process)
        raise
    for reader in readers:
        reader.join()
    answer = Answer(process.returncode, streams["out"].decode("utf-8", "replace"),
                    streams["err"].decode("utf-8", "replace"))
    if answer.status != 0:
        log.debug("network call %s failed: %s", args[0], answer.err.strip())
    return answer


def _wait_for(process: subprocess.Popen[bytes], ended: threading.Event) -> None:
    """Wait for git to end, and say so."""
    process.wait()
    ended.set()


def _read(pipe: IO[bytes], into: bytearray, heard: list[float]) -> None:
    """Collect what git says, noting when it last said anything."""
    while chunk := pipe.read1(65536):  # type: ignore[attr-defined]
        into.extend(chunk)
        heard[0] = time.monotonic()
    pipe.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop git at once; what it started (ssh, a helper) ends as its pipes close."""
    try:
        process.kill()
    except OSError:
        pass
    process.wait()


# What git's words mean for the causes people meet: (words git uses, what, what to do).
_CAUSES = (
    (("could not read Username", "could not read Password", "Authentication failed",
      "terminal prompts disabled", "HTTP Basic: Access denied", "401", "403 Forbidden",
      "Invalid username or password"),
     "The server asked who you are, and this computer has no saved password for it (or the "
     "saved one was not accepted).",
     "Sign in once with the server's own tools so this computer keeps your password (for "
     "example in the system's password store), or ask the server's keeper for access, then "
     "try again."),
    (("Permission denied (publickey", "Host key verification failed",
      "no such identity", "Permission denied, please try again"),
     "The server did not accept this computer's ssh key.",
     "Add this computer's ssh key to your account on the server (or start your ssh agent), "
     "then try again."),
    (("does not appear to be a", "not found", "Repository not found", "does not exist",
      "No such file or directory", "not a valid", "repository not exported"),
     "There is no shared copy at this address.",
     "Check the address (copy it again from the server's page), then try again."),
    (("Could not resolve host", "Name or service not known", "nodename nor servname",
      "Temporary failure in name resolution"),
     "The server's name cannot be found.",
     "Check the address and that this computer is online, then try again."),
    (("Connection refused", "Connection timed out", "Network is unreachable", "timed out",
      "Could not connect", "Failed to connect", "No route to host", "Connection reset",
      "unable to connect"),
     "The server cannot be reached.",
     "Check that this computer is online and the address is right, then try again. Your work "
     "is kept on this computer meanwhile."),
    (("hasDotgit", "fsck error", "error in tree", "error in commit", "fsck failed",
      "invalid object"),
     "The shared copy holds something broken or unsafe (such as a file inside the history "
     "folder), so nothing was taken from it.",
     "Ask whoever keeps the shared copy to look at it; your work is safe on this computer."),
    (("dubious ownership",),
     "The shared folder belongs to another account on this computer.",
     "Ask whoever keeps the shared folder to let your account use it."),
    (("too large", "exceeds", "file size limit", "GH001", "pre-receive hook declined"),
     "The server refused a file that is larger than it accepts.",
     "Make the largest pictures smaller, save a version, and share again."),
)


def problem_from(err: str) -> BookError:
    """git's failure in plain words, by its cause."""
    for words, what, todo in _CAUSES:
        if any(word in err for word in words):
            return BookError(Problem(WHERE, what, todo))
    return BookError(Problem(WHERE, "The shared copy could not be reached just now.",
                             "Nothing was lost: your work is kept on this computer. Try again "
                             "later, or check the address."))


def refused_push(err: str) -> bool:
    """Whether the shared copy moved on meanwhile (someone else shared first)."""
    return any(words in err for words in (
        "fetch first", "non-fast-forward", "cannot lock ref", "failed to update ref",
        "rejected", "stale info", "incorrect old value"))

