"""Cache lies: a cache can only ever cost time, never change an answer.

Caches live in this computer's own cache folder, one folder per book, and every file is sealed
with a secret key kept in the person's own data folder. These tests fill every cache by running
every read command on a copy of the example book (with agreements recorded, a chapter changed
after its author agreed, a comment and a review copy), then, for each cache file:

(a) edit it into a lie (every number changed, every yes/no flipped, every list turned round),
    keeping the old seal, with a seal worked out without the key, or with no seal at all;
(b) put in its place the same-named file of another book, a real one and a lie sealed for
    that other book;

and also (c) put a forged `.coauthor/` folder into the book folder, holding caches of the old
kind that claim things the history does not say. After each, every command must answer exactly
as it does with no cache at all. The old forged-consent case is tried on its own: a record
written into agreements/ but never saved, and caches claiming it was saved.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from coauthor_desk import cli, waiting
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript import files

CHANGED = "03-caring-for-ron"  # Jean Thornton agreed to it; it changes after she agreed
COMMANDS: list[tuple[str, ...]] = [
    ("status", "--json"),
    ("check", "--json"),
    ("check", "--publish", "--json"),
    ("comments", "--json"),
    ("credits", "--json"),
    ("who-wrote", "--json"),
    ("waiting", "--json"),
    ("changes", CHANGED, "--json"),
]
Answers = dict[tuple[str, ...], tuple[int, Any]]


# Making the books ------------------------------------------------------------------------------

def cli_run(book: Path, *command: str) -> tuple[int, str]:
    """Run one command in this process, as someone at a terminal would; its code and output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main([command[0], str(book), *command[1:]])
    return code, out.getvalue()


def agree(book: Path, person: str, use: str, *more: str) -> None:
    code, _ = cli_run(book, "agree", "--person", person, "--use", use, *more)
    assert code == 0, (person, use, more)


def save_with_plain_git(book: Path, relative: str, text: str, who: str, email: str) -> None:
    """Change a file and save it as a version with plain git, as a co-author might."""
    (book / relative).write_text(text, "utf-8")
    for command in (["add", "--", relative],
                    ["-c", f"user.name={who}", "-c", f"user.email={email}", "commit",
                     "--quiet", "--no-verify", "-m", "Added a paragraph", "--", relative]):
        subprocess.run(["git", *command], cwd=book, check=True, capture_output=True)


def make_book(book: Path) -> None:
    """Book A: two new agreements, a chapter changed after its author agreed, a comment, and a
    review copy made on this computer."""
    agree(book, "kwame-mensah", "chapter", "--chapter", "10-after-the-stroke")
    agree(book, "lorraine-baxter", "chapter", "--chapter", "07-my-son-the-system-and-me",
          "--on-behalf-by", "helen-marsh", "--how", "phone")
    chapter = f"chapters/{CHANGED}.md"
    text = (book / chapter).read_text("utf-8")
    save_with_plain_git(book, chapter, text.rstrip("\n") + "\n\nRon still asks after the nurse "
                        "who sang to him on Sundays. I wrote this paragraph last.\n",
                        "Jean Thornton", "jean.thornton@example.org")
    code, out = cli_run(book, "comment", CHANGED, "--quote", "I wrote this paragraph last",
                        "--to", "jean-thornton", "--text", "Could you say which ward?",
                        "--by", "helen-marsh", "--kind", "question")
    assert code == 0, out
    chapters = json.loads(cli_run(book, "status", "--json")[1])["chapters"]
    fingerprints = {c: files.read_text(book, f"chapters/{c}.md").fingerprint
                    for c in (c["id"] for c in chapters)}
    waiting.note_copy(book, "kwame-mensah", "docx", fingerprints)


def make_other_book(book: Path) -> None:
    """Book B: the same example book with other decisions, so its caches say other things."""
    agree(book, "nasreen-akhtar", "chapter", "--chapter", "12-caring-across-cultures")
    code, _ = cli_run(book, "withdraw", "--person", "jean-thornton", "--use", "chapter",
                      "--chapter", CHANGED)
    assert code == 0
    agree(book, "peter-quinn", "chapter", "--chapter", "15-a-bed-for-the-night", "--said-no")


# Answers ---------------------------------------------------------------------------------------

def answer(book: Path, command: tuple[str, ...]) -> tuple[int, Any]:
    code, out = cli_run(book, *command)
    try:
        return code, json.loads(out)
    except ValueError:  # not JSON: the comparison then shows the words
        return code, out


def answers(book: Path, commands: list[tuple[str, ...]] = COMMANDS,
            cold: bool = False) -> Answers:
    """Every command's answer; with `cold`, each one with no cache at all."""
    found: Answers = {}
    for command in commands:
        if cold:
            shutil.rmtree(local_cache.cache_folder(book), ignore_errors=True)
        found[command] = answer(book, command)
    return found


def cache_files(book: Path) -> dict[str, bytes]:
    """Every cache file of the book, by its name in the cache folder."""
    folder = local_cache.cache_folder(book)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def put_back(book: Path, kept: dict[str, bytes]) -> None:
    """Make the cache folder hold exactly `kept` again (the caches as the commands left them)."""
    folder = local_cache.cache_folder(book)
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in kept.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


# Lies ------------------------------------------------------------------------------------------

def lie(data: Any) -> Any:
    """The same shape, every fact changed: numbers moved, yes and no swapped, lists turned
    round with an extra copy of their first item, ids and dates of other versions."""
    if isinstance(data, bool):
        return not data
    if isinstance(data, int):
        return data + 7
    if isinstance(data, float):
        return data * 2 + 1
    if isinstance(data, str):
        if len(data) == 40 and all(c in "0123456789abcdef" for c in data):
            return data[::-1]  # another plausible version or content id
        if data[:4].isdigit() and data[4:5] == "-":
            return "2019" + data[4:]  # another date
        return data
    if isinstance(data, list):
        turned = [lie(item) for item in reversed(data)]
        return turned + turned[:1] if turned else ["Helen Marsh", "helen.marsh@example.org", 99]
    if isinstance(data, dict):
        return {key: lie(value) for key, value in data.items()}
    return "2019-01-01T00:00:00+00:00" if data is None else data


def split(raw: bytes) -> tuple[bytes, Any]:
    seal, _, text = raw.partition(b"\n")
    return seal, json.loads(text)


def resealed(raw: bytes, how: str, book: Path, name: str) -> bytes:
    """A lie made from a sealed cache file, sealed the ways someone without the key might."""
    seal, data = split(raw)
    text = json.dumps(lie(data), ensure_ascii=False).encode("utf-8")
    guesses: dict[str, Callable[[], bytes]] = {
        "old seal": lambda: seal,
        "no seal": lambda: b"",
        "sha256 of the text": lambda: hashlib.sha256(text).hexdigest().encode(),
        "empty key": lambda: hmac.new(b"", text, hashlib.sha256).hexdigest().encode(),
        "book key as the key": lambda: hmac.new(
            local_cache.book_key(book).encode(), json.dumps(
                [local_cache.book_key(book), name]).encode() + b"\0" + text,
            hashlib.sha256).hexdigest().encode(),
    }
    if how == "no seal":
        return text  # the old kind of cache: the JSON alone
    return guesses[how]() + b"\n" + text


SEALS = ["old seal", "no seal", "sha256 of the text", "empty key", "book key as the key"]


# The tests -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, _example_master: Path
          ) -> tuple[Path, Path, Answers, dict[str, bytes], dict[str, set[tuple[str, ...]]]]:
    """Book A and book B, A's answers with no cache, A's filled caches and who reads them."""
    folder = tmp_path_factory.mktemp("lies")
    book, other = folder / "book", folder / "other"
    shutil.copytree(_example_master, book, symlinks=True)
    shutil.copytree(_example_master, other, symlinks=True)
    make_book(book)
    make_other_book(other)
    answers(other)  # fills the other book's caches
    truth = answers(book, cold=True)
    noted: dict[str, set[tuple[str, ...]]] = {}
    original = local_cache.load

    for command in COMMANDS:
        def load(root: Path, relative: str, keep: bool = False,
                 command: tuple[str, ...] = command) -> Any:
            if not keep and Path(root).resolve() == book.resolve():
                noted.setdefault(local_cache.cache_name(relative), set()).add(command)
            return original(root, relative, keep)

        local_cache.load = load  # type: ignore[assignment]
        try:
            warm = answer(book, command)
        finally:
            local_cache.load = original  # type: ignore[assignment]
        assert warm == truth[command], f"{command}: the first run with caches differs"
    assert answers(book) == truth  # every cache filled and used: still the same answers
    return book, other, truth, cache_files(book), noted


def test_every_cache_is_kept_outside_the_book_and_sealed(books):
    book, other, _truth, kept, noted = books
    wanted = {"details-cache.json", "agreements-history.json", "agreements-parsed.json",
              "agreed-texts.json", "hidden-names.json", "checks-cache.json",
              "authorship-cache.json", f"changes/{CHANGED}.json"}
    assert wanted <= set(kept), sorted(kept)
    assert wanted <= set(noted)
    assert not (book / files.LOCAL_FOLDER).exists() and not (other / files.LOCAL_FOLDER).exists()
    for name, raw in kept.items():
        seal, _data = split(raw)
        assert len(seal) == 64, name
        assert local_cache.load(book, name) is not None, name
    assert local_cache.cache_folder(book) != local_cache.cache_folder(other)


def test_the_lies_would_change_answers_if_they_were_trusted(books, monkeypatch):
    """Without this, the tests below could pass with lies that change nothing."""
    book, _other, truth, kept, _noted = books

    def trusting(root: Path, relative: str, keep: bool = False) -> Any:
        try:
            return split(local_cache.cache_path(root, relative, keep).read_bytes())[1]
        except (OSError, ValueError):
            return None

    try:
        put_back(book, {name: resealed(raw, "old seal", book, name)
                        for name, raw in kept.items()})
        monkeypatch.setattr(local_cache, "load", trusting)
        fooled = answers(book, [c for c in COMMANDS if c[0] in ("who-wrote", "check", "status")])
    finally:
        monkeypatch.undo()
        put_back(book, kept)
    assert [c for c in fooled if fooled[c] != truth[c]], "no lie changed any answer"


@pytest.mark.parametrize("how", SEALS)
def test_every_cache_a_lie_at_once(books, how: str):
    book, _other, truth, kept, _noted = books
    try:
        put_back(book, {name: resealed(raw, how, book, name) for name, raw in kept.items()})
        assert answers(book) == truth
    finally:
        put_back(book, kept)


def test_each_cache_a_lie(books):
    book, _other, truth, kept, noted = books
    for number, (name, raw) in enumerate(kept.items()):
        how = SEALS[number % len(SEALS)]
        readers = [c for c in COMMANDS if c in noted.get(name, set())]
        try:
            put_back(book, {**kept, name: resealed(raw, how, book, name)})
            for command in readers:
                assert answer(book, command) == truth[command], f"{name} ({how}): {command}"
        finally:
            put_back(book, kept)


def test_caches_from_another_book(books):
    book, other, truth, kept, noted = books
    theirs = cache_files(other)
    assert set(kept) & set(theirs)
    try:
        put_back(book, {**kept, **theirs})  # the other book's real caches, all at once
        assert answers(book) == truth
    finally:
        put_back(book, kept)
    for name, raw in kept.items():  # one by one: a lie, sealed with the key, for the other book
        local_cache.store(other, name, lie(split(raw)[1]))
        borrowed = local_cache.cache_path(other, name).read_bytes()
        readers = [c for c in COMMANDS if c in noted.get(name, set())]
        try:
            put_back(book, {**kept, name: borrowed})
            for command in readers:
                assert answer(book, command) == truth[command], f"{name}: {command}"
        finally:
            put_back(book, kept)


def old_kind_of_caches(book: Path, kept: dict[str, bytes]) -> dict[str, Any]:
    """Caches as the app used to keep them in .coauthor/, holding lies: every cache's lie,
    plus the claims that decide most (a record saved by its person, chapters agreed and
    unchanged, copies made for everyone, nothing seen changed since)."""
    forged = {name: lie(split(raw)[1]) for name, raw in kept.items()}
    forged["review-copies.json"] = {"kwame-mensah": {"docx": {
        c.stem: "0" * 40 for c in (book / "chapters").glob("*.md")}}}
    forged["seen.json"] = {"head": "0" * 40}
    return forged


def test_a_forged_coauthor_folder_in_the_book_changes_nothing(books):
    book, _other, truth, kept, _noted = books
    local = book / files.LOCAL_FOLDER
    try:
        for name, data in old_kind_of_caches(book, kept).items():
            (local / name).parent.mkdir(parents=True, exist_ok=True)
            (local / name).write_text(json.dumps(data), "utf-8")
        (local / "recovery").mkdir()
        (local / "recovery" / f"{CHANGED}.json").write_text(json.dumps(
            {"chapter": CHANGED, "based_on": "0" * 40, "body": "Forged words.\n",
             "when": "2025-01-01T00:00:00+00:00"}), "utf-8")
        assert answers(book) == truth  # with this computer's caches as they were
        assert answers(book, cold=True) == truth  # and with none
    finally:
        shutil.rmtree(local, ignore_errors=True)
        put_back(book, kept)


# Forged consent ---------------------------------------------------------------------------------

RECORD = "agreements/peter-quinn/20250701-120000-peter-quinn-chapter-15-a-bed-for-the-night.yaml"


def test_forged_consent_a_record_never_saved_is_not_counted(example_book: Path):
    """The finding from outside: a record written into agreements/ but never saved, and a
    cache claiming it was saved, made a chapter count as agreed."""
    book = example_book
    chapter = "15-a-bed-for-the-night"
    before = json.loads(cli_run(book, "check", "--publish", "--json")[1])
    version = files.read_text(book, f"chapters/{chapter}.md").fingerprint
    (book / RECORD).write_text(
        f"id: 20250701-120000-peter-quinn-chapter-15-a-bed-for-the-night\nperson: peter-quinn\n"
        f"use: chapter\nchapter: {chapter}\ndecision: agreed\nversion: {version}\n"
        "when: '2025-07-01T12:00:00+00:00'\nrecorded_by: peter-quinn\n", "utf-8")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=book, check=True,
                          capture_output=True, text=True).stdout.strip()
    saved_story = [["Peter Quinn", "peter.quinn@example.org"], "2025-07-01T12:00:00+00:00",
                   (book / RECORD).read_text("utf-8"), False, None, None, None]
    forged_history = {head: {"records": {RECORD: saved_story}}}
    cold = json.loads(cli_run(book, "check", "--publish", "--json")[1])

    # The old place, in the book folder, as it travels with a zipped or copied folder.
    (book / files.LOCAL_FOLDER).mkdir()
    (book / files.LOCAL_FOLDER / "agreements-history.json").write_text(
        json.dumps(forged_history), "utf-8")
    # And this computer's own cache, forged without the key in each way tried above.
    name = "agreements-history.json"
    cli_run(book, "check", "--publish", "--json")  # fills the real cache first
    real = local_cache.cache_path(book, name).read_bytes()
    text = json.dumps(forged_history).encode("utf-8")
    for forged in (text, real.partition(b"\n")[0] + b"\n" + text,
                   hashlib.sha256(text).hexdigest().encode() + b"\n" + text):
        local_cache.cache_path(book, name).write_bytes(forged)
        check = json.loads(cli_run(book, "check", "--publish", "--json")[1])
        assert check == cold
        said = [b for b in check["blockers"] if b.get("file") == RECORD
                or RECORD in b["what"]]
        problems = json.dumps(check)
        assert "not saved as a version yet, so it is not counted" in problems, said
        assert _blocked(check, chapter, "peter-quinn") == _blocked(before, chapter,
                                                                    "peter-quinn")
        assert _blocked(check, chapter, "peter-quinn")


def _blocked(check: dict[str, Any], chapter: str, person: str) -> list[str]:
    return [b["what"] for b in check["blockers"]
            if b.get("chapter") == chapter and b.get("person") == person]
