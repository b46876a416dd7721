import dataclasses

from credit_helpers import changed

from coauthor_desk.credits import Permissions, byline, bylines
from coauthor_desk.manuscript.loader import load_book


def _without(book, *ids):
    everyone = Permissions.everyone(book)
    return everyone.with_named(everyone.named - set(ids))


def test_every_way_of_being_credited_gives_its_own_byline(book):
    lines = bylines(book, Permissions.everyone(book))
    assert list(lines) == book.chapter_order
    assert lines["03-caring-for-ron"] == "By Jean Thornton"  # full name
    assert lines["02-leaving-care"] == "By Amira"  # first name
    assert lines["11-growing-up-caring"] == "By Beth"  # first name chosen by them
    assert lines["04-finding-my-way-back"] == "By Robin Ashby"  # pen name
    assert lines["12-caring-across-cultures"] == "By Noor"  # pen name
    assert lines["16-what-carers-told-us"] == "By The Thursday Group"  # a group, once
    assert lines["05-getting-out"] == "By a co-author who chose not to be named"
    assert lines["01-introduction"] == "By Helen Marsh, David Lowe and Priya Raman"


def test_someone_not_allowed_to_be_named_reads_like_an_anonymous_author(book):
    lines = bylines(book, _without(book, "jean-thornton", "michael-carter"))
    assert lines["03-caring-for-ron"] == lines["05-getting-out"] == \
        "By a co-author who chose not to be named"
    assert lines["04-finding-my-way-back"] == "By a co-author who chose not to be named"
    assert "Jean" not in " ".join(lines.values()) and "Robin" not in " ".join(lines.values())


def test_named_authors_come_first_then_everyone_else_together(book):
    introduction = byline(book, book.chapters["01-introduction"], _without(book, "helen-marsh"))
    assert introduction == "By David Lowe, Priya Raman and an editor who chose not to be named"
    group = byline(book, book.chapters["16-what-carers-told-us"], _without(book, "sandra-pike"))
    assert group == "By The Thursday Group and a co-author who chose not to be named"
    chapter = dataclasses.replace(book.chapters["05-getting-out"],
                                  authors=["anon-survivor", "jean-thornton", "michael-carter"])
    assert byline(book, chapter, Permissions.everyone(book)) == \
        "By Jean Thornton, Robin Ashby and a co-author who chose not to be named"
    assert byline(book, chapter, _without(book, "michael-carter")) == \
        "By Jean Thornton and two co-authors who chose not to be named"
    everyone_hidden = byline(book, book.chapters["01-introduction"], Permissions.nobody())
    assert everyone_hidden == "By three editors who chose not to be named"


def test_a_chapter_without_authors_has_no_byline(book):
    chapter = dataclasses.replace(book.chapters["01-introduction"], authors=[])
    assert byline(book, chapter, Permissions.everyone(book)) == ""


def test_first_name_without_a_chosen_name_uses_the_first_word(small_book):
    loaded = load_book(small_book)
    assert bylines(loaded, Permissions.everyone(loaded)) == {"my-story": "By Sam"}


def test_a_group_member_with_a_group_of_their_own_is_printed_under_it(book):
    split = changed(book, alan_brooks={"credit_name": "The Friday Group"})
    assert byline(split, split.chapters["16-what-carers-told-us"],
                  Permissions.everyone(split)) == "By The Thursday Group and The Friday Group"
