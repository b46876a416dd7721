"""What was worked out for a chapter's changes, remembered in this computer's own cache
(manuscript/cache.py) by content ids: only a shortcut, never fails loudly."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from coauthor_desk.changes import align
from coauthor_desk.changes.change import Change, Step
from coauthor_desk.history.versions import Version
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript import files, text

CACHE_FOLDER = f"{files.LOCAL_FOLDER}/changes"
_KEEP_PAIRS = 600  # remembered pairs of texts per chapter
_KEEP_LOGS = 6  # remembered lists of versions per chapter

_CODE_ID: str | None = None
_REMEMBERED_FROM = ("kinds", "change", "compare", "matching", "story", "remembered")
_READING_FROM = ("text", "paragraph", "simple_markdown", "markdown_tokens")


def _code_id() -> str:
    """Remembered results hold only while the code that worked them out is the same."""
    global _CODE_ID
    if _CODE_ID is None:
        digest = hashlib.sha1(b"changes 1", usedforsecurity=False)
        here = Path(__file__).parent  # the modules whose work is remembered
        reading = Path(text.__file__ or "").parent  # and those that read the Markdown
        for path in [*(reading / f"{name}.py" for name in _READING_FROM),
                     Path(align.__file__ or ""),
                     *(here / f"{name}.py" for name in _REMEMBERED_FROM)]:
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass
        _CODE_ID = digest.hexdigest()
    return _CODE_ID


class Remembered:
    """What was worked out for one chapter: changes between pairs of texts (by content id) and
    which versions lie between two points of the history. Only a shortcut: never fails loudly."""

    def __init__(self, root: Path, chapter_id: str) -> None:
        self.root = root
        self.relative = f"{CACHE_FOLDER}/{chapter_id}.json"
        # This computer's own sealed cache, never the book folder (manuscript/cache.py).
        data: Any = local_cache.load(root, self.relative)
        if not isinstance(data, dict) or data.get("code") != _code_id():
            data = {}
        pairs, plans = data.get("pairs"), data.get("plans")
        self.pairs: dict[str, Any] = pairs if isinstance(pairs, dict) else {}
        self.plans: dict[str, Any] = plans if isinstance(plans, dict) else {}
        self.clock = data.get("clock") if isinstance(data.get("clock"), int) else 0
        self.added = False

    def pair(self, old: str, new: str) -> tuple[list[Change], str | None] | None:
        entry = self.pairs.get(f"{old}-{new}")
        try:
            return [Change.unpacked(c) for c in entry["changes"]], entry["details"]
        except (TypeError, KeyError, ValueError):
            return None

    def put_pair(self, old: str, new: str, found: list[Change], details: str | None) -> None:
        self.pairs[f"{old}-{new}"] = {"changes": [c.packed() for c in found],
                                      "details": details, "at": self.clock}
        self.added = True

    def plan(self, head: str, since: str | None
             ) -> tuple[str | None, Version | None, list[Step]] | None:
        entry = self.plans.get(f"{head}|{since}")
        try:
            base = _unpack_version(entry["base"]) if entry["base"] else None
            steps = [Step(_unpack_version(s[0]), s[1], s[2]) for s in entry["steps"]]
            return entry["base_blob"], base, steps
        except (TypeError, KeyError, ValueError):
            return None

    def put_plan(self, head: str, since: str | None,
                 plan: tuple[str | None, Version | None, list[Step]]) -> None:
        base_blob, base, steps = plan
        self.plans[f"{head}|{since}"] = {
            "base_blob": base_blob, "base": _pack_version(base) if base else None,
            "steps": [[_pack_version(s.version), s.old, s.new] for s in steps],
            "at": self.clock}
        self.added = True

    def save(self) -> None:
        if not self.added:
            return
        keep_pairs = _newest(self.pairs, _KEEP_PAIRS)
        keep_plans = _newest(self.plans, _KEEP_LOGS)
        data = {"code": _code_id(), "clock": self.clock + 1, "pairs": keep_pairs,
                "plans": keep_plans}
        if local_cache.store(self.root, self.relative, data):  # never fails loudly
            self.added = False


def _newest(entries: dict[str, Any], most: int) -> dict[str, Any]:
    if len(entries) <= most:
        return entries
    ordered = sorted(entries.items(), key=lambda item: -(item[1].get("at", 0)
                                                         if isinstance(item[1], dict) else 0))
    return dict(ordered[:most])


def _pack_version(version: Version) -> list[str]:
    return [version.id, version.name, version.email, version.when.isoformat(),
            version.description]


def _unpack_version(data: list[str]) -> Version:
    version_id, name, email, when, description = data
    return Version(version_id, name, email, datetime.fromisoformat(when), description)
