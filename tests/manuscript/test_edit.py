import difflib
from pathlib import Path

import pytest

from coauthor_desk.manuscript.edit import add_chapter, save_chapter, slug, write_new_book
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Status
from coauthor_desk.problems import BookError


def test_a_new_book_has_its_editor_and_loads(tmp_path: Path):
    write_new_book(tmp_path / "b", "Our Book", "Priya Raman")
    book = load_book(tmp_path / "b")
    assert book.title == "Our Book" and book.editors == ["priya-raman"]
    assert book.people["priya-raman"].is_editor


def test_a_new_book_refuses_a_folder_with_files_in_it(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BookError, match="not empty"):
        write_new_book(tmp_path, "Our Book")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_new_chapter_uses_the_chapter_shape_and_joins_the_list(small_book: Path):
    book = load_book(small_book)
    chapter_id = add_chapter(book, "What carers told us", ["sam-jones"])
    again = load_book(small_book)
    assert again.chapter_order[-1] == chapter_id == "what-carers-told-us"
    body = again.chapters[chapter_id].body
    for heading in ("# Who am I?", "# What have I learnt?", "# Reflective questions"):
        assert heading in body


def test_saving_text_keeps_hand_written_details(small_book: Path):
    path = small_book / "chapters" / "my-story.md"
    path.write_text(path.read_text().replace("status: idea", "status: idea  # Sam's idea"))
    book = load_book(small_book)
    save_chapter(book, "my-story", body="New words.\n")
    assert "# Sam's idea" in path.read_text()
    assert load_book(small_book).chapters["my-story"].body == "New words.\n"


def test_changing_a_detail_rewrites_the_details(small_book: Path):
    book = load_book(small_book)
    save_chapter(book, "my-story", status=Status.WITH_EDITORS)
    assert load_book(small_book).chapters["my-story"].status is Status.WITH_EDITORS


def test_saving_over_an_outside_change_is_refused(small_book: Path):
    book = load_book(small_book)
    path = small_book / "chapters" / "my-story.md"
    path.write_text(path.read_text() + "\nAdded in a text editor.\n")
    with pytest.raises(BookError, match="changed outside"):
        save_chapter(book, "my-story", body="Lost?\n")
    assert "Added in a text editor." in path.read_text()


def test_slugs_are_stable_file_names():
    assert slug("Amira Yusuf") == "amira-yusuf"
    assert slug("Caring for Ron!") == "caring-for-ron"
    assert slug("???") == "untitled"


def test_moving_a_chapter_changes_only_the_order(example_book):
    from coauthor_desk.manuscript.edit import move_chapter
    from coauthor_desk.manuscript.loader import load_book

    book = load_book(example_book)
    files_before = sorted(p.name for p in (example_book / "chapters").iterdir())
    text_before = (example_book / "book.yaml").read_text("utf-8")
    order = move_chapter(book, "08-therapy-in-a-second-language", 2)
    # One line moves; the rest of book.yaml (quotes, house style, layout) is as it was.
    changed = [line for line in difflib.unified_diff(
        text_before.splitlines(), (example_book / "book.yaml").read_text("utf-8").splitlines(),
        lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    assert [line[0] for line in changed] == ["+", "-"] and \
        {line[1:] for line in changed} == {"  - 08-therapy-in-a-second-language"}
    assert order[2] == "08-therapy-in-a-second-language" and len(order) == 16
    again = load_book(example_book)
    assert again.chapter_order == order
    assert [c.title for c in again.ordered_chapters()][2] == "Therapy in a second language"
    assert sorted(p.name for p in (example_book / "chapters").iterdir()) == files_before
    assert move_chapter(again, "08-therapy-in-a-second-language", 99)[-1] == \
        "08-therapy-in-a-second-language"


def test_adding_and_changing_a_person_keeps_the_rest_of_their_file(example_book):
    import pytest

    from coauthor_desk.manuscript.edit import save_person
    from coauthor_desk.manuscript.loader import load_book
    from coauthor_desk.manuscript.model import CreditAs
    from coauthor_desk.problems import BookError

    book = load_book(example_book)
    new = save_person(book, "Ruth  Okafor", CreditAs.FIRST_NAME, None, ["co-author"],
                      ["large-print"], "I volunteer at the library.")
    again = load_book(example_book)
    ruth = again.people[new]
    assert (new, ruth.name, ruth.credited_as, ruth.access_needs) == (
        "ruth-okafor", "Ruth Okafor", "Ruth", ["large-print"])
    save_person(again, "Tomasz Nowak", CreditAs.PEN_NAME, "T. N.", ["co-author"], [],
                person_id="tomasz-nowak")
    tomasz = load_book(example_book).people["tomasz-nowak"]
    assert tomasz.credited_as == "T. N." and tomasz.git_identities == ["tomasz.nowak@example.org"]
    assert tomasz.contributions and tomasz.about  # kept as they were
    for args, said in ((("Ruth Okafor", CreditAs.FULL_NAME, None, [], []), "already in"),
                       (("Someone", CreditAs.PEN_NAME, " ", [], []), "the name to print"),
                       (("  ", CreditAs.FULL_NAME, None, [], []), "needs a name")):
        with pytest.raises(BookError) as refused:
            save_person(load_book(example_book), *args)
        assert said in refused.value.plain()
