"""The details cache is only a shortcut, kept on this computer: damage, hand edits and a cache
from another book are ignored and replaced, never fatal and never trusted."""

import json
import os
import stat
from pathlib import Path

import platformdirs
import pytest

from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript.cache import CACHE_FILE, DetailsCache


def test_a_damaged_cache_is_replaced_on_the_next_save(tmp_path: Path):
    path = local_cache.cache_path(tmp_path, CACHE_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    cache = DetailsCache(tmp_path)
    assert cache.get("abc") is None
    cache.put("abc", {"words": 3})
    cache.save()
    assert local_cache.load(tmp_path, CACHE_FILE) == {"abc": {"words": 3}}
    assert DetailsCache(tmp_path).get("abc", "words") == {"words": 3}


def test_the_cache_lives_in_the_per_user_folder_never_in_the_book(tmp_path: Path):
    cache = DetailsCache(tmp_path)
    cache.put("abc", {"words": 3})
    cache.save()
    assert list(tmp_path.iterdir()) == []  # nothing written into the book folder
    path = local_cache.cache_path(tmp_path, CACHE_FILE)
    assert path.is_file()
    assert path.is_relative_to(platformdirs.user_cache_dir("coauthor-desk"))
    assert path.name == "details-cache.json"
    assert local_cache.cache_path(tmp_path / "a-copy", CACHE_FILE) != path


def test_an_old_cache_in_the_book_folder_is_never_read(tmp_path: Path):
    (tmp_path / ".coauthor").mkdir()  # where caches used to be kept
    (tmp_path / ".coauthor" / CACHE_FILE).write_text(json.dumps({"abc": {"words": 999}}))
    assert DetailsCache(tmp_path).get("abc") is None


@pytest.mark.parametrize("edit", ["data", "seal", "no seal", "other book"])
def test_an_edited_or_borrowed_cache_is_not_trusted(tmp_path: Path, edit: str):
    book, other = tmp_path / "book", tmp_path / "other"
    for root, words in ((book, 3), (other, 7)):
        cache = DetailsCache(root)
        cache.put("abc", {"words": words})
        cache.save()
    path = local_cache.cache_path(book, CACHE_FILE)
    seal, _, text = path.read_bytes().partition(b"\n")
    if edit == "data":  # the old seal kept on a changed text
        path.write_bytes(seal + b"\n" + text.replace(b"3", b"4"))
    elif edit == "seal":  # a seal worked out without the secret key
        path.write_bytes(b"0" * 64 + b"\n" + text)
    elif edit == "no seal":
        path.write_bytes(text)
    else:  # the same cache from another book, seal and all
        path.write_bytes(local_cache.cache_path(other, CACHE_FILE).read_bytes())
    assert DetailsCache(book).get("abc") is None
    assert DetailsCache(other).get("abc") == {"words": 7}


def test_the_secret_key_is_made_once_and_only_its_owner_can_read_it():
    key = local_cache.secret_key()
    assert key is not None and len(key) == 32
    path = Path(platformdirs.user_data_dir("coauthor-desk")) / "cache-key"
    assert path.read_bytes() == key
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_cache.secret_key() == key


def test_a_cache_that_cannot_be_written_fails_quietly(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(local_cache, "cache_folder", lambda root: blocker / "cache")
    cache = DetailsCache(tmp_path)
    cache.put("abc", {"words": 3})
    cache.save()  # no error
    assert DetailsCache(tmp_path).get("abc") is None


def test_the_old_spelling_of_a_cache_name_names_the_same_cache(tmp_path: Path):
    assert local_cache.cache_path(tmp_path, ".coauthor/agreed-texts.json") == \
        local_cache.cache_path(tmp_path, "agreed-texts.json")
    local_cache.store(tmp_path, ".coauthor/agreed-texts.json", {"a": 1})
    assert local_cache.load(tmp_path, "agreed-texts.json") == {"a": 1}
    with pytest.raises(ValueError):
        local_cache.cache_path(tmp_path, "../elsewhere.json")
