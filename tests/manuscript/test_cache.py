"""The details cache is only a shortcut: damage is ignored and replaced, never fatal."""

import json
from pathlib import Path

from coauthor_desk.manuscript.cache import CACHE_FILE, DetailsCache


def test_a_damaged_cache_is_replaced_on_the_next_save(tmp_path: Path):
    (tmp_path / ".coauthor").mkdir()
    (tmp_path / CACHE_FILE).write_text("{not json")
    cache = DetailsCache(tmp_path)
    assert cache.get("abc") is None
    cache.put("abc", {"words": 3})
    cache.save()
    assert json.loads((tmp_path / CACHE_FILE).read_text()) == {"abc": {"words": 3}}
    assert DetailsCache(tmp_path).get("abc", "words") == {"words": 3}
