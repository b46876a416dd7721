from collections import Counter
from pathlib import Path

import pytest

from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import CreditAs, Status, count_words
from coauthor_desk.problems import BookError


def test_the_example_book_loads_with_its_whole_cast(example_book: Path):
    book = load_book(example_book)
    assert book.title == "Our Words, Our Care"
    assert len(book.chapters) == 16 and len(book.people) == 20
    assert book.editors == ["helen-marsh", "david-lowe", "priya-raman"]
    assert [c.id for c in book.ordered_chapters()] == book.chapter_order
    assert book.notes == []


def test_the_example_book_matches_the_group_it_is_modelled_on(example_book: Path):
    people = load_book(example_book).people.values()
    described = [p.self_description for p in people]
    assert Counter(d["gender"] for d in described) == {"woman": 12, "man": 8}
    ages = [d["age"] for d in described]
    assert min(ages) == 25 and max(ages) > 80
    white = sum(d["ethnic_background"].startswith("White") for d in described)
    assert (white, len(described) - white) == (16, 4)
    assert {p.credit_as for p in people} == set(CreditAs)
    needs = {need for p in people for need in p.access_needs}
    assert {"large-print", "audio", "word-files"} <= needs


def test_credit_names_follow_each_persons_choice(example_book: Path):
    people = load_book(example_book).people
    assert people["amira-yusuf"].credited_as == "Amira"
    assert people["michael-carter"].credited_as == "Robin Ashby"
    assert people["anon-survivor"].credited_as is None
    assert people["alan-brooks"].credited_as == "The Thursday Group"
    assert people["jean-thornton"].credited_as == "Jean Thornton"


def test_chapter_details_and_words(example_book: Path):
    chapter = load_book(example_book).chapters["03-caring-for-ron"]
    assert chapter.title == "Caring for Ron"
    assert chapter.authors == ["jean-thornton"]
    assert chapter.status is Status.READY
    assert 450 <= chapter.words <= 700
    assert chapter.body.lstrip().startswith("# Who am I?")


def test_every_problem_in_the_folder_is_reported_at_once(small_book: Path):
    (small_book / "people" / "sam-jones.yaml").write_text("id: sam\nname: Sam\n")
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text().replace("status: idea", "status: finished"))
    with pytest.raises(BookError) as caught:
        load_book(small_book)
    files = {p.file for p in caught.value.problems}
    assert files == {"people/sam-jones.yaml", "chapters/my-story.md"}
    status_problem = next(p for p in caught.value.problems if "finished" in p.what)
    assert status_problem.line == 5 and "drafting" in status_problem.todo


def test_a_chapter_not_in_the_list_is_a_note_not_an_error(small_book: Path):
    (small_book / "chapters" / "spare.md").write_text("---\ntitle: Spare\n---\nText\n")
    book = load_book(small_book)
    assert [n.file for n in book.notes] == ["chapters/spare.md"]


@pytest.mark.parametrize(("text", "words"), [
    ("", 0), ("# Who am I?\n\nI'm Sam.", 5), ("**Bold** and _this_ - and 12 things", 6),
    ("::: {.key-learning}\nLearn.\n:::", 1), ("well-being, co-production", 2),
])
def test_words_are_counted_as_a_reader_counts_them(text: str, words: int):
    assert count_words(text) == words


def test_a_damaged_cache_is_ignored_and_rebuilt(small_book: Path):
    load_book(small_book)
    cache = local_cache.cache_path(small_book, local_cache.CACHE_FILE)
    assert cache.exists()
    for damage in ("[1, 2]", '{"abc": 5}', "not json"):
        cache.write_text(damage)
        assert load_book(small_book).chapters["my-story"].title == "My story"


def test_the_cache_is_never_trusted_over_the_file(small_book: Path):
    load_book(small_book)
    chapter = small_book / "chapters" / "my-story.md"
    chapter.write_text(chapter.read_text().replace("title: My story", "title: Our story"))
    assert load_book(small_book).chapters["my-story"].title == "Our story"


def test_a_second_opening_reads_details_from_the_cache(small_book: Path, monkeypatch):
    load_book(small_book)
    local_cache.store(small_book, local_cache.CACHE_FILE, {"stale": {"x": 1}})
    load_book(small_book)  # rebuilds the cache
    from coauthor_desk.manuscript import yaml_text

    parsed = []
    original = yaml_text.parse
    monkeypatch.setattr(yaml_text, "parse",
                        lambda *a, **k: parsed.append(a[0]) or original(*a, **k))
    load_book(small_book)
    assert parsed == ["book.yaml"]
