"""This computer's own shortcuts for a book: remembered facts kept in the person's cache folder.

Parsing YAML, counting words and reading the history are the slow parts of opening a book, and
most of what they find does not change between openings. What was worked out is remembered in
the per-user cache folder (`platformdirs`), in a folder named after the book's place on this
computer, never inside the book folder: a book folder travels (zipped, copied, shared), and
nothing that travels with it may decide an answer, least of all what may be published.

Every cache file is sealed with a secret key that never leaves this computer's per-user data
folder. A file whose seal is missing or wrong (edited by hand, damaged, or copied from another
book's cache) is ignored and rebuilt, so a cache can only ever cost time, never change an
answer. Delete any of it and nothing is lost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from coauthor_desk.manuscript import files

log = logging.getLogger(__name__)

APP_NAME = "coauthor-desk"
CACHE_FILE = "details-cache.json"
_KEY_FILE = "cache-key"
_KEY_BYTES = 32
_KEYS: dict[Path, bytes] = {}  # the secret key, read once per process (by where it lives)


# Where this computer keeps its own files for a book -------------------------------------------

def book_key(root: Path) -> str:
    """A short name for the book, from where its folder is on this computer: a copy of the
    folder elsewhere is another book here, so nothing remembered for one is used for the other."""
    try:
        place = os.fspath(Path(root).resolve())
    except OSError:
        place = os.path.abspath(root)
    return hashlib.sha256(place.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def cache_folder(root: Path) -> Path:
    """The per-user cache folder for this book (it may not exist yet)."""
    return Path(platformdirs.user_cache_dir(APP_NAME)) / book_key(root)


def state_folder(root: Path) -> Path:
    """The per-user folder for this book's own state worth keeping (such as recovery copies);
    unlike a cache, a system clean-up of caches must not remove it."""
    return Path(platformdirs.user_state_dir(APP_NAME)) / book_key(root)


def cache_name(relative: str) -> str:
    """The cache's name in the per-user folder. Callers may still name it as it used to be
    kept in the book (".coauthor/details-cache.json"); the old folder's name is dropped."""
    name = relative.replace("\\", "/")
    prefix = f"{files.LOCAL_FOLDER}/"
    return name[len(prefix):] if name.startswith(prefix) else name


def cache_path(root: Path, relative: str, keep: bool = False) -> Path:
    """Where the cache named `relative` is kept for this book; `keep` for a record worth
    keeping (the state folder) rather than a shortcut (the cache folder)."""
    base = state_folder(root) if keep else cache_folder(root)
    return base / _safe_name(cache_name(relative))


def _safe_name(name: str) -> str:
    """Refuse a name that could lead out of the book's own cache folder."""
    parts = name.split("/")
    if not name or name.startswith("/") or name[1:2] == ":" or any(
            part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a cache name: {name!r}")
    return name


# Reading and writing sealed files ---------------------------------------------------------------

def load(root: Path, relative: str, keep: bool = False) -> Any:
    """The JSON data of a cache, or None when there is none or it cannot be trusted (damaged,
    edited by hand, or made for another book). Never fails loudly."""
    try:
        path = cache_path(root, relative, keep)
        raw = path.read_bytes()
        seal, _, text = raw.partition(b"\n")
        expected = _seal(root, relative, text)
        if expected is None or not hmac.compare_digest(seal, expected.encode("ascii")):
            log.info("A cache was not made here for this book; starting afresh: %s", path.name)
            return None
        return json.loads(text.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def store(root: Path, relative: str, data: Any, keep: bool = False) -> bool:
    """Keep `data` (JSON) as the cache named `relative`, sealed; whether it was kept. Never
    fails loudly: a cache that cannot be written only means slower work next time."""
    try:
        text = json.dumps(data, ensure_ascii=False).encode("utf-8")
        seal = _seal(root, relative, text)
        if seal is None:
            return False
        write_private(cache_path(root, relative, keep), seal.encode("ascii") + b"\n" + text)
        return True
    except (OSError, ValueError, TypeError, RecursionError) as error:
        log.info("A cache was not saved: %s", error)
        return False


def write_private(path: Path, data: bytes, durable: bool = False) -> None:
    """Write one of this person's own files whole or not at all: a temporary file first, then
    it takes the old one's place. `durable` waits for the disk (for words typed by hand)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    files.write_bytes(path, data, durable)


def _seal(root: Path, relative: str, text: bytes) -> str | None:
    """The seal of a cache's text for this book and this cache's name, made with this
    computer's secret key; None when there is no key to seal with."""
    key = secret_key()
    if key is None:
        return None
    heading = json.dumps([book_key(root), cache_name(relative)]).encode("utf-8")
    return hmac.new(key, heading + b"\0" + text, hashlib.sha256).hexdigest()


def secret_key() -> bytes | None:
    """This person's secret key for sealing caches, made on first use (32 random bytes, only
    readable by them). None if it can neither be read nor made; then nothing is remembered."""
    path = Path(platformdirs.user_data_dir(APP_NAME)) / _KEY_FILE
    if path in _KEYS:
        return _KEYS[path]
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    except OSError as error:
        log.info("The cache key cannot be read: %s", error)
        return None
    if len(key) != _KEY_BYTES:
        try:
            key = _make_key(path, replace=bool(key))
        except OSError as error:
            log.info("The cache key cannot be made: %s", error)
            return None
    _KEYS[path] = key
    return key


def _make_key(path: Path, replace: bool) -> bytes:
    """Make the key file, written whole before it appears; when two programs make it at once,
    both end up using the one that appeared first."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(_KEY_BYTES))
            out.flush()
            os.fsync(out.fileno())
        if replace:  # a damaged key: whatever it sealed can no longer be trusted anyway
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # never replaces a key another program just made
            except FileExistsError:
                pass
            except OSError:
                try:  # where links are not offered; on Windows, rename never overwrites
                    os.rename(temporary, path)
                except FileExistsError:
                    pass
    finally:
        Path(temporary).unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        raise OSError(f"the cache key in {path} is damaged")
    return key


# The details cache ------------------------------------------------------------------------------

class DetailsCache:
    """Facts worked out from files (parsed details, word counts, ...) by fingerprint; saved only
    when it changed. Each kind of fact keeps its own sealed file in the per-user cache folder;
    `relative` names it (the old ".coauthor/..." spelling still works)."""

    def __init__(self, root: Path, relative: str = CACHE_FILE) -> None:
        self.root, self.relative = root, relative
        old = load(root, relative)
        self._old: dict[str, Any] = old if isinstance(old, dict) else {}
        self._used: dict[str, Any] = {}
        self._added = False

    def get(self, fingerprint: str, *keys: str) -> dict[str, Any] | None:
        """The entry for these bytes, if it is there and holds all of `keys`."""
        entry = self._old.get(fingerprint)
        if not isinstance(entry, dict) or any(key not in entry for key in keys):
            return None
        self._used[fingerprint] = entry
        return entry

    def put(self, fingerprint: str, entry: dict[str, Any]) -> None:
        self._used[fingerprint] = entry
        self._added = True

    def save(self) -> None:
        """Keep the entries used this time; never fails loudly (it is only a shortcut)."""
        if not self._added and self._used.keys() == self._old.keys():
            return
        store(self.root, self.relative, self._used)
