"""Hidden names: what counts as exported, and which names are looked for."""

from pathlib import Path

from coauthor_desk.agreements.privacy import (
    exported_texts,
    hidden_name_findings,
    hidden_name_pattern,
)
from coauthor_desk.manuscript.loader import load_book


def test_the_example_book_gives_nobody_away(example_book: Path):
    assert hidden_name_findings(load_book(example_book)) == []


def test_ids_file_names_and_private_workings_are_not_exported(example_book: Path):
    texts = " ".join(piece.text for piece in exported_texts(load_book(example_book)))
    assert "Our Words, Our Care" in texts and "The Thursday Group" in texts
    assert "Speak to the person, not over him." in texts  # the quote on the back cover
    for private in ("anon-survivor", "michael-carter", "with-editors", "helen-marsh"):
        assert private not in texts


def test_what_is_looked_for_depends_on_how_each_person_chose_to_be_named(example_book: Path):
    people = load_book(example_book).people
    pen = hidden_name_pattern(people["michael-carter"])
    assert pen.search("I met MICHAEL\n  carter there") and pen.search("michael.carter@ex.org")
    assert pen.search("Mr Carter said") and pen.search("Michael said")
    assert not pen.search("a cartery word") and not pen.search("Robin Ashby")
    first_only = hidden_name_pattern(people["amira-yusuf"])
    assert first_only.search("Amira Yusuf") and first_only.search("Ms Yusuf")
    assert not first_only.search("Amira said")  # her first name is how she is credited
    assert hidden_name_pattern(people["jean-thornton"]) is None  # named in full


def test_every_place_is_reported_with_file_and_line(example_book: Path):
    chapter = example_book / "chapters" / "05-getting-out.md"
    lines = chapter.read_text().split("\n")
    lines[12] += " Claire Bennett is my name."
    chapter.write_text("\n".join(lines))
    about = example_book / "people" / "michael-carter.yaml"
    about.write_text(about.read_text().replace("name: Robin Ashby", "name: Robin Carter"))
    book = example_book / "book.yaml"
    book.write_text(book.read_text().replace("subtitle: ", "subtitle: Claire and "))
    found = {(p.file, p.line, p.what.split("'")[1]) for p in hidden_name_findings(
        load_book(example_book))}
    assert found == {("chapters/05-getting-out.md", 13, "Claire Bennett"),
                     ("people/michael-carter.yaml", 5, "Carter"),
                     ("book.yaml", 2, "Claire")}
