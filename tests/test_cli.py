import json
import subprocess
import sys
from pathlib import Path

from coauthor_desk.cli import main
from coauthor_desk.history.versions import History
from coauthor_desk.manuscript.loader import load_book


def test_new_makes_a_book_with_its_first_version(tmp_path: Path, capsys):
    assert main(["new", str(tmp_path / "b"), "--title", "Our Care", "--editor", "Helen Marsh"]) == 0
    assert "Made a new book" in capsys.readouterr().out
    assert load_book(tmp_path / "b").editors == ["helen-marsh"]
    [version] = History(tmp_path / "b").versions()
    assert version.name == "Helen Marsh"


def test_new_refuses_a_folder_in_use(tmp_path: Path, capsys):
    (tmp_path / "mine.txt").write_text("mine")
    assert main(["new", str(tmp_path), "--title", "X"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_status_in_words_and_as_json(example_book: Path, capsys):
    assert main(["status", str(example_book)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Our Words, Our Care\n16 chapters")
    assert "Caring for Ron" in out and "Ready for the book" in out
    assert main(["status", str(example_book), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in report["chapters"]][:2] == ["01-introduction", "02-leaving-care"]
    assert {"id", "title", "status", "words", "authors", "waiting_on"} <= set(
        report["chapters"][0])


def test_status_of_a_folder_that_is_not_a_book(tmp_path: Path, capsys):
    assert main(["status", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "book.yaml" in err and "Traceback" not in err


def test_the_installed_command_makes_the_example_book(tmp_path: Path):
    script = Path(sys.executable).parent / "coauthor-desk"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "coauthor_desk.cli"]
    result = subprocess.run([*command, "example", str(tmp_path / "ex")], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert "saved versions" in result.stdout
    assert len(load_book(tmp_path / "ex").chapters) == 16


def test_status_json_reports_problems_as_json_too(small_book: Path, capsys):
    (small_book / "people" / "sam-jones.yaml").write_text("id: sam-jones\nname: [Sam\n")
    assert main(["status", str(small_book), "--json"]) == 1
    captured = capsys.readouterr()
    [problem] = json.loads(captured.out)["problems"]
    assert (problem["file"], problem["line"]) == ("people/sam-jones.yaml", 2)
    assert "people/sam-jones.yaml, line 2" in captured.err
