import subprocess
from pathlib import Path

from coauthor_desk import RESOURCES
from coauthor_desk.example_book import make_example_book
from coauthor_desk.history.versions import History


def test_the_history_is_long_real_and_made_by_many_people(example_book: Path):
    versions = History(example_book).versions()
    assert 250 <= len(versions) <= 600
    assert len({v.name for v in versions}) == 20
    months = {(v.when.year, v.when.month) for v in versions}
    assert len(months) >= 4
    assert versions == sorted(versions, key=lambda v: v.when, reverse=True)


def test_the_final_text_is_the_bundled_text(example_book: Path):
    source = RESOURCES / "example_book"
    for path in [*source.glob("chapters/*.md"), *source.glob("people/*.yaml"),
                 source / "book.yaml"]:
        relative = path.relative_to(source)
        assert (example_book / relative).read_bytes() == path.read_bytes(), relative
    assert History(example_book).unsaved_files() == []


def test_a_chapter_grew_over_time_in_its_authors_hands(example_book: Path):
    history = History(example_book)
    versions = history.versions("chapters/03-caring-for-ron.md")
    assert len(versions) >= 8
    assert "Jean Thornton" in {v.name for v in versions}
    first = history.text_at(versions[-1].id, "chapters/03-caring-for-ron.md")
    last = history.text_at(versions[0].id, "chapters/03-caring-for-ron.md")
    assert len(first) < len(last) / 3


def test_building_it_twice_gives_the_same_history(tmp_path: Path, example_book: Path):
    make_example_book(tmp_path / "again")
    heads = [subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                            text=True, check=True).stdout for folder in (example_book,
                                                                         tmp_path / "again")]
    assert heads[0] == heads[1]
