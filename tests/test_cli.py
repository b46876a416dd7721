import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_agree_withdraw_and_the_publish_check_from_the_command_line(small_book: Path, capsys):
    folder = str(small_book)
    assert main(["check", folder, "--publish"]) == 1
    assert "Sam Jones has not been asked yet" in capsys.readouterr().out
    for use in ("chapter", "named"):
        assert main(["agree", folder, "--person", "sam-jones", "--use", use]
                    + (["--chapter", "my-story"] if use == "chapter" else [])) == 0
    assert main(["agree", folder, "--person", "helen-marsh", "--use", "named"]) == 0
    out = capsys.readouterr().out
    assert "Sam agreed to the chapter 'My story' being published. Kept in agreements/" in out
    assert main(["check", folder, "--publish"]) == 0
    assert "can be published" in capsys.readouterr().out
    assert main(["withdraw", folder, "--person", "sam-jones", "--use", "named",
                 "--on-behalf-by", "helen-marsh", "--how", "phone"]) == 0
    assert "Recorded that Sam withdrew" in capsys.readouterr().out
    assert main(["check", folder, "--publish", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ready"] is False
    assert [(b["kind"], b["person"]) for b in report["blockers"]] == [("agreement", "sam-jones")]


def test_a_decision_that_makes_no_sense_gets_a_plain_message(small_book: Path, capsys):
    assert main(["agree", str(small_book), "--person", "sam-jones", "--use", "chapter"]) == 1
    err = capsys.readouterr().err
    assert "Say which chapter" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as stopped:
        main(["agree", str(small_book), "--person", "sam-jones", "--use", "named",
              "--expires", "soon"])
    assert stopped.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_credits_name_only_people_whose_agreement_to_be_named_is_current(small_book: Path,
                                                                         capsys):
    folder = str(small_book)
    assert main(["credits", folder, "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert "Sam" not in before["bylines"]["my-story"]  # not asked yet: not named
    assert main(["agree", folder, "--person", "sam-jones", "--use", "named"]) == 0
    assert main(["credits", folder]) == 0
    assert "By Sam" in capsys.readouterr().out
    assert main(["withdraw", folder, "--person", "sam-jones", "--use", "named"]) == 0
    assert main(["credits", folder]) == 0
    out = capsys.readouterr().out
    assert "By Sam" not in out and "Jones" not in out


def test_who_wrote_what_from_the_command_line(example_book: Path, capsys):
    assert main(["who-wrote", str(example_book)]) == 0
    out = capsys.readouterr().out
    assert "Chapter 'Caring for Ron': Jean Thornton" in out
    assert main(["who-wrote", str(example_book), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    ron = next(c for c in report["chapters"] if c["id"] == "03-caring-for-ron")
    assert ron["people"][0]["id"] == "jean-thornton" and ron["people"][0]["share"] > 0.5


def test_comment_and_list_comments(example_book: Path, capsys):
    folder = str(example_book)
    assert main(["comment", folder, "10-after-the-stroke", "--quote", "reablement team",
                 "--to", "kwame-mensah", "--by", "priya-raman", "--kind", "question",
                 "--text", "Could you say what the team did, in your own words?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Left a question for Kwame Mensah on line 22 of "
                          "chapters/10-after-the-stroke.md.")
    newest = History(example_book).versions(limit=1)[0]
    assert newest.name == "Priya Raman"
    assert main(["comments", folder]) == 0
    out = capsys.readouterr().out
    assert "Open question from Priya Raman to Kwame Mensah, line 22" in out
    assert main(["comments", folder, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["open"] == 1


def test_a_comment_on_words_that_are_not_there_is_refused(example_book: Path, capsys):
    assert main(["comment", str(example_book), "10-after-the-stroke", "--quote", "no such words",
                 "--to", "kwame-mensah", "--by", "priya-raman", "--text", "Hm"]) == 1
    assert "not in the chapter" in capsys.readouterr().err


def test_what_changed_from_the_command_line(example_book: Path, capsys):
    folder = str(example_book)
    assert main(["changes", folder, "08-therapy-in-a-second-language"]) == 0
    out = capsys.readouterr().out
    assert "David Lowe added a sentence in 'What have I learnt?'" in out
    assert "commit" not in out and "diff" not in out
    assert main(["changes", folder, "08-therapy-in-a-second-language", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]
    assert main(["changes", folder, "--person", "tomasz-nowak", "--since", "2025-04-01"]) == 0
    assert "Tomasz Nowak" in capsys.readouterr().out
    assert main(["changes", folder, "08-therapy-in-a-second-language", "--since",
                 "last week"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert main(["changes", folder]) == 2
