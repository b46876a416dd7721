"""The checks: each finding says where, what, why and what might help."""

import json
from pathlib import Path

import pytest

from coauthor_desk.checks.chapter_checks import check_chapters
from coauthor_desk.checks.style import Style
from coauthor_desk.checks.text_checks import check_report, check_words
from coauthor_desk.cli import main
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.problems import BookError

TEXT = """# What have I learnt?

As a **service user** I was told to wait. Nobody explained the PIP form, and the DWP never
rang back. The social worker said the "care package" would help.

She said we should think about signposting, stakeholders and co-production in order to make
things better for people like me who have been through all of this over so many long years.
"""


def findings_by_check(source: str, style: Style | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in check_words(source, style):
        found.setdefault(finding.check, []).append(source[finding.start:finding.end])
    return found


def test_each_check_finds_what_it_should_and_points_at_the_words():
    found = findings_by_check(TEXT)
    assert found["jargon"] == ["service user", "signposting", "stakeholders", "co-production",
                               "in order to"]  # not the "care package" the worker is quoted on
    assert found["passive"] == ["was told"]
    assert found["acronym"] == ["PIP", "DWP"]
    assert len(found["long-sentence"]) == 1
    assert found["long-sentence"][0].startswith("She said we should")


def test_passive_looks_at_whole_words_only():
    assert findings_by_check("They're told to wait. I was İstanbul-born and was told.\n")[
        "passive"] == ["'re told", "was told"]  # positions hold after the dotted capital I
    assert "passive" not in findings_by_check("Yes ma'am told me twice. This told me.\n")


def test_findings_explain_themselves_and_suggest():
    for finding in check_words(TEXT):
        assert finding.what and finding.why and finding.suggestion
        assert finding.section == "What have I learnt?"
        for word in ("wrong", "error", "bad", "must"):
            assert word not in f"{finding.what} {finding.why} {finding.suggestion}".lower()
    jargon = next(f for f in check_words(TEXT) if f.check == "jargon")
    assert jargon.term == "service user" and "person" in jargon.suggestion


def test_an_acronym_explained_at_first_use_is_fine():
    source = "I applied for Personal Independence Payment (PIP). Later PIP was stopped.\n"
    assert "acronym" not in findings_by_check(source)


def test_the_house_style_sets_targets_and_turns_checks_off():
    easy = Style.from_house_style({"reading_level": "easy-read"})
    sentence = "I went to the shop and I bought some bread and some milk for my mum today.\n"
    assert "long-sentence" not in findings_by_check(sentence)
    assert "long-sentence" in findings_by_check(sentence, easy)
    quiet = Style.from_house_style({"checks_off": ["passive", "jargon"]})
    assert set(findings_by_check(TEXT, quiet)) == {"acronym", "long-sentence"}
    mine = Style.from_house_style({"jargon": {"drop": ["service user"],
                                              "add": [{"term": "bread", "instead": ["toast"]}]}})
    assert findings_by_check(sentence + TEXT, mine)["jargon"][0] == "bread"
    with pytest.raises(BookError, match="turns off a check"):
        Style.from_house_style({"checks_off": ["spelling"]})


def test_reading_ease_is_worked_out_per_paragraph_and_for_the_whole():
    report = check_report(TEXT)
    assert set(report.paragraph_ease) == {0, 1, 2}
    assert 0 < report.reading_ease < 100 and report.words > 50


def test_chapters_are_checked_with_spans_and_lines_in_their_files(example_book: Path):
    [checked] = check_chapters(load_book(example_book), ["10-after-the-stroke"])
    text = (example_book / checked.chapter.file).read_text()
    for finding, line in zip(checked.findings, checked.lines, strict=True):
        assert text[finding.start:finding.end] in (finding.quote, finding.quote[:60]) or \
            finding.check in ("passive", "long-paragraph", "reading-ease")
        assert text.count("\n", 0, finding.start) + 1 == line
    assert {"jargon", "acronym", "passive"} <= {f.check for f in checked.findings}
    again = check_chapters(load_book(example_book), ["10-after-the-stroke"])[0]
    assert again.findings == checked.findings  # remembered, the same


def test_check_from_the_command_line(example_book: Path, capsys):
    assert main(["check", str(example_book), "10-after-the-stroke"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("After the stroke (chapters/10-after-the-stroke.md)")
    assert "'PIP' is not explained the first time it is used." in out
    assert main(["check", str(example_book), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["chapters"]) == 16
    assert main(["check", str(example_book), "no-such-chapter"]) == 1
    assert "no chapter 'no-such-chapter'" in capsys.readouterr().err
