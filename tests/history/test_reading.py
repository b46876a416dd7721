"""The one reader of the history: versions, what they changed, and old texts, from real git
histories whose names, descriptions and file names contain everything that could confuse it."""

import subprocess
from pathlib import Path

import pytest

from coauthor_desk.history import reading
from coauthor_desk.history.versions import History
from coauthor_desk.problems import BookError

# Names and descriptions holding the separators git's output could be split on, tabs, lines
# that look like git's own, and letters from beyond ASCII.
ODD_NAME = "Zoë\x1f O'Brien\x1e\tÅsa"
ODD_EMAIL = "zoë\x1f@example.org"
ODD_DESCRIPTION = ":100644 100644 0000 1111 M\x1fwith\x1e\ttab and ünïcode"
ODD_FILES = ["chapters/a b.md", "chapters/tab\there.md", "chapters/ça[1]*.md",
             "chapters/-dash.md", "chapters/colon:name.md"]


def git(folder: Path, *args: str, author: str = "Sam Jones <sam@example.org>") -> str:
    return subprocess.run(["git", "-c", "user.name=Committer", "-c", "user.email=c@example.org",
                           *args] + (["--author", author] if args[0] == "commit" else []),
                          cwd=folder, check=True, capture_output=True, text=True).stdout


def save(folder: Path, texts: dict[str, str | None], message: str,
         author: str = "Sam Jones <sam@example.org>") -> str:
    """Write (or, for None, remove) files and save them as one version; its id."""
    for name, text in texts.items():
        path = folder / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--allow-empty", "-m", message, author=author)
    return git(folder, "rev-parse", "HEAD").strip()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    git(folder, "init", "--quiet", "--initial-branch=main")
    return folder


def count_calls(history: History, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    calls: list[tuple[str, ...]] = []
    run_bytes = history.git.run_bytes

    def counted(*args: str, **options: object) -> bytes:
        calls.append(args)
        return run_bytes(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(history.git, "run_bytes", counted)
    return calls


def test_odd_names_descriptions_and_files_come_back_exactly(folder: Path):
    first = save(folder, {name: f"{name}\n" for name in ODD_FILES}, "Started\n\nwith a body")
    second = save(folder, {ODD_FILES[1]: "changed\n"},
                  f"{ODD_DESCRIPTION}\nsecond line of the subject\n\nbody\x1f\x1e",
                  author=f"{ODD_NAME} <{ODD_EMAIL}>")
    history = History(folder)
    newest, oldest = history.versions()
    assert (newest.id, newest.name, newest.email) == (second, ODD_NAME, ODD_EMAIL)
    assert newest.description == f"{ODD_DESCRIPTION} second line of the subject"
    assert (oldest.id, oldest.description) == (first, "Started")
    for name in ODD_FILES:
        assert [v.id for v in history.versions(name)] == (
            [second, first] if name == ODD_FILES[1] else [first])
    [logged] = history.file_changes(ODD_FILES[1], since=first)
    assert logged.version == newest
    [change] = logged.changes
    assert (change.path, change.status) == (ODD_FILES[1], "M")
    assert history.contents([change.old, change.new]) == {
        change.old: f"{ODD_FILES[1]}\n".encode(), change.new: b"changed\n"}


def test_a_pattern_in_a_file_name_is_only_that_name(folder: Path):
    save(folder, {"chapters/ça[1]*.md": "a\n", "chapters/ça1x.md": "b\n"}, "Two")
    save(folder, {"chapters/ça1x.md": "c\n"}, "Only the plain one")
    assert [v.description for v in History(folder).versions("chapters/ça[1]*.md")] == ["Two"]


def test_limit_since_and_a_file_never_saved(folder: Path):
    ids = [save(folder, {"a.md": f"{n}\n"}, f"Draft {n}") for n in range(5)]
    history = History(folder)
    assert [v.id for v in history.versions(limit=2)] == [ids[4], ids[3]]
    assert [v.id for v in history.versions(since=ids[1])] == [ids[4], ids[3], ids[2]]
    assert history.versions("never.md") == []
    assert [e.version.id for e in history.file_changes("a.md", limit=1)] == [ids[4]]
    assert [e.version.id for e in history.file_changes("a.md", since=ids[2])] == ids[:2:-1]


def test_an_empty_history_has_no_versions(folder: Path):
    (folder / "a.md").write_text("a\n")
    history = History(folder)
    assert history.versions() == [] and history.folder_changes("a") == []


def test_listed_versions_in_the_order_asked_and_none_when_one_is_unknown(folder: Path):
    ids = [save(folder, {"a.md": f"{n}\n"}, f"Draft {n}") for n in range(3)]
    history = History(folder)
    assert [v.id for v in history.listed_versions([ids[0], ids[2][:8], "HEAD"])] == \
        [ids[0], ids[2], ids[2]][:2] + ([ids[2]] if len(
            history.listed_versions([ids[0], ids[2][:8], "HEAD"])) == 3 else [])
    assert [v.id for v in history.listed_versions([ids[1], ids[0]])] == [ids[1], ids[0]]
    assert history.listed_versions([ids[0], "0" * 40]) == []
    assert history.listed_versions(["--output=stolen"]) == []
    assert not (folder / "stolen").exists()


def test_a_revision_that_looks_like_an_option_is_refused(folder: Path):
    save(folder, {"a.md": "a\n"}, "One")
    history = History(folder)
    with pytest.raises(BookError, match="not a saved version"):
        history.versions(since="--output=stolen")
    with pytest.raises(BookError, match="not a saved version"):
        history.file_ids("--output=stolen", ["a.md"])
    assert not list(folder.glob("stolen*"))


def test_changes_to_a_file_newest_first_with_content_ids(folder: Path):
    save(folder, {"other.md": "x\n"}, "Before the file")
    added = save(folder, {"a.md": "one\n"}, "Added")
    save(folder, {"other.md": "y\n"}, "Not about the file")
    changed = save(folder, {"a.md": "two\n"}, "Changed")
    removed = save(folder, {"a.md": None}, "Removed")
    history = History(folder)
    logged = history.file_changes("a.md")
    assert [entry.version.id for entry in logged] == [removed, changed, added]
    statuses = [(c.status, c.old is None, c.new is None) for e in logged for c in e.changes]
    assert statuses == [("D", False, True), ("M", False, False), ("A", True, False)]
    assert logged[0].changes[0].old == logged[1].changes[0].new


def test_folder_changes_oldest_first_on_every_line_with_mailmap_names(folder: Path):
    save(folder, {".mailmap": "Samantha Jones <sam@example.org> <old@example.org>\n",
                  "records/a.yaml": "a\n"}, "First record", author="Sam <old@example.org>")
    git(folder, "switch", "--quiet", "-c", "side")
    save(folder, {"records/a.yaml": None}, "Removed on a side line")
    git(folder, "switch", "--quiet", "main")
    save(folder, {"records/b.yaml": "b\n"}, "Second record")
    git(folder, "merge", "--quiet", "--no-edit", "-s", "ours", "side")
    history = History(folder)
    logged = [entry for entry in history.folder_changes("records") if entry.changes]
    assert [entry.version.description for entry in logged][0] == "First record"
    assert logged[0].version.name == "Samantha Jones"
    assert logged[0].version.email == "sam@example.org"
    removed = [c for e in logged for c in e.changes if c.status == "D"]
    assert [c.path for c in removed] == ["records/a.yaml"]  # seen though "ours" kept it
    assert history.versions()[-1].name == "Sam"  # elsewhere, names as they were saved


def test_texts_at_versions_and_by_content_id_in_one_call(folder: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    names = [f"chapters/{n:03d} chapter.md" for n in range(150)] + ODD_FILES
    first = save(folder, {name: f"First of {name}, ünïcode\r\n" for name in names} |
                 {"empty.md": ""}, "Started")
    second = save(folder, {names[0]: "Second\n", names[1]: None}, "Changed")
    history = History(folder)
    blob = history.file_ids(first, [names[0]])[names[0]]
    wanted: list[reading.Wanted] = [(first, name) for name in names] + [
        (second, names[0]), (second, names[1]), (first, "never.md"), ("0" * 40, names[0]),
        (first, "chapters"), (first, "empty.md"), blob, "f" * 40, (first, "new\nline.md")]
    calls = count_calls(history, monkeypatch)
    texts = history.texts(wanted, "chapters")
    assert len(calls) == 1 and calls[0][0] == "cat-file"
    for name in names:
        assert texts[(first, name)] == f"First of {name}, ünïcode\n"
    assert texts[(second, names[0])] == "Second\n"
    assert texts[(second, names[1])] is None  # removed in that version
    assert texts[(first, "never.md")] is None and texts[("0" * 40, names[0])] is None
    assert texts[(first, "chapters")] is None  # a folder is not a text
    assert texts[(first, "empty.md")] == ""  # empty, but there
    assert texts[blob] == f"First of {names[0]}, ünïcode\n" and texts["f" * 40] is None
    assert texts[(first, "new\nline.md")] is None


def test_text_at_and_what_it_refuses(folder: Path):
    first = save(folder, {"a.md": "one\n", "picture.md": "\0\1binary"}, "One")
    save(folder, {"a.md": "two\n"}, "Two")
    history = History(folder)
    assert history.text_at(first, "a.md") == "one\n"
    assert history.text_at("HEAD~1", "a.md") == "one\n"
    with pytest.raises(BookError, match="not part of that saved version"):
        history.text_at(first, "never.md")
    with pytest.raises(BookError, match="not text"):
        history.text_at(first, "picture.md")
    assert history.contents([(first, "picture.md")])[(first, "picture.md")] == b"\0\1binary"


def test_file_ids_of_plain_files_only(folder: Path):
    (folder / "chapters").mkdir()
    (folder / "chapters" / "link.md").symlink_to("a b.md")
    version = save(folder, {"chapters/a b.md": "a\n"}, "One")
    ids = History(folder).file_ids(version, ["chapters/a b.md", "chapters/link.md", "nope.md"])
    assert list(ids) == ["chapters/a b.md"]
    assert ids["chapters/a b.md"] == git(folder, "rev-parse", "HEAD:chapters/a b.md").strip()


def test_one_git_log_for_many_versions(folder: Path, monkeypatch: pytest.MonkeyPatch):
    for n in range(40):
        save(folder, {"a.md": f"{n}\n"}, f"Draft {n}")
    history = History(folder)
    calls = count_calls(history, monkeypatch)
    assert len(history.file_changes("a.md")) == 40
    assert len(history.folder_changes(".")) == 40
    assert [call[0] for call in calls].count("log") == 2


def test_parse_log_reads_versions_without_and_with_changes():
    header = b"a" * 40 + b"\0N\0e@x\0" + b"2024-03-05T10:00:00+01:00\0:desc\0"
    change = b"\n:100644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0p\tq\0"
    [one, two] = reading.parse_log(header + change + header.replace(b"a", b"b", 40))
    assert one.changes == (reading.FileChange("p\tq", "1" * 40, "2" * 40, "M"),)
    assert one.version.description == ":desc" and two.changes == ()
    assert two.version.id == "b" * 40 and reading.parse_log(b"") == []
