"""Remember what was read from each file, keyed by the fingerprint of its bytes.

Parsing YAML and counting words are the slow parts of opening a book; the bytes of most files do
not change between openings. The cache lives in the book's local folder (never shared) and is
only a shortcut: delete it and nothing is lost.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from coauthor_desk.manuscript import files
from coauthor_desk.problems import BookError

log = logging.getLogger(__name__)
CACHE_FILE = f"{files.LOCAL_FOLDER}/details-cache.json"


class DetailsCache:
    """Facts worked out from files (parsed details, word counts, ...) by fingerprint; saved only
    when it changed. Each kind of fact can keep its own file in the local folder."""

    def __init__(self, root: Path, relative: str = CACHE_FILE) -> None:
        self.root, self.relative = root, relative
        self._old: dict[str, Any] = {}
        self._fingerprint: str | None = None
        try:
            data = (root / relative).read_bytes()
            self._fingerprint = files.fingerprint(data)  # so even a damaged file is replaced
            self._old = json.loads(data)
        except (OSError, ValueError):
            self._old = {}
        if not isinstance(self._old, dict):  # edited by hand or damaged: start afresh
            self._old = {}
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
        try:
            text = json.dumps(self._used, ensure_ascii=False)  # TypeError: not JSON data
            files.make_local_folder(self.root)
            files.write_text(self.root, self.relative, text, self._fingerprint)
        except (OSError, BookError, TypeError) as error:
            log.info("Details cache not saved: %s", error)
