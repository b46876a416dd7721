from coauthor_desk.credits import Permissions
from coauthor_desk.credits.names import (
    chapter_reference,
    join_words,
    name_sort_key,
    number_words,
    unnamed_phrase,
)


def test_permissions_hold_frozen_sets_of_ids_whatever_they_are_given(book):
    permissions = Permissions(named={"jean-thornton"}, counted=["amira-yusuf", "amira-yusuf"])
    assert permissions.named == frozenset({"jean-thornton"})
    assert permissions.counted == frozenset({"amira-yusuf"})
    assert hash(permissions) == hash(Permissions(["jean-thornton"], ["amira-yusuf"]))
    everyone = Permissions.everyone(book)
    assert everyone.named == everyone.counted == frozenset(book.people)
    assert Permissions.nobody() == Permissions()
    assert everyone.with_named([]).counted == everyone.counted


def test_numbers_are_words_under_a_hundred():
    words = [number_words(n) for n in (0, 1, 3, 11, 20, 21, 45, 99, 100, 1234)]
    assert words == ["zero", "one", "three", "eleven", "twenty", "twenty-one", "forty-five",
                     "ninety-nine", "100", "1,234"]


def test_small_pieces_of_english(book):
    assert join_words([]) == "" and join_words(["A"]) == "A"
    assert join_words(["A", "B", "C"]) == "A, B and C"
    from collections import Counter

    assert unnamed_phrase(Counter()) == ""
    assert unnamed_phrase(Counter({"co-author": 1})) == "a co-author who chose not to be named"
    assert unnamed_phrase(Counter({"editor": 1, "co-author": 2})) == \
        "an editor and two co-authors who chose not to be named"
    assert sorted(["Tomasz", "The Thursday Group", "Beth"], key=name_sort_key) == \
        ["Beth", "The Thursday Group", "Tomasz"]
    assert chapter_reference(book, "04-finding-my-way-back") == \
        "'Finding my way back' (chapter 4)"
