from credit_helpers import changed

from coauthor_desk.credits import Permissions, notes_on_contributors


def test_each_name_has_one_note_in_their_own_words_unchanged(book):
    notes = notes_on_contributors(book, Permissions.everyone(book))
    by_name = {entry.name: entry for entry in notes.entries}
    for person in book.people.values():
        if person.about and person.credited_as:
            assert by_name[person.credited_as].text == person.about
    assert by_name["Robin Ashby"].text.startswith("Robin Ashby is a pen name.")
    assert [e.name for e in notes.entries].count("The Thursday Group") == 1
    assert by_name["The Thursday Group"].members == 3
    assert by_name["The Thursday Group"].heading == "The Thursday Group (three members)"


def test_editors_come_first_then_everyone_else_by_the_name_printed(book):
    names = [e.name for e in notes_on_contributors(book, Permissions.everyone(book)).entries]
    assert names[:3] == ["Helen Marsh", "David Lowe", "Priya Raman"]
    rest = names[3:]
    assert rest == sorted(rest, key=lambda name: name.casefold().removeprefix("the "))
    assert rest[0] == "Amira" and rest[-1] == "Tomasz"
    assert len(names) == 17  # twenty people: the group is one note, one person is not named


def test_people_not_named_are_only_counted_at_the_end(book):
    notes = notes_on_contributors(book, Permissions.everyone(book))
    assert notes.closing == "One co-author chose not to be named."
    assert "Getting out" not in notes.text()
    everyone = Permissions.everyone(book)
    fewer = notes_on_contributors(book, everyone.with_named(everyone.named - {"jean-thornton",
                                                                              "priya-raman"}))
    assert fewer.closing == "One editor and two co-authors chose not to be named."
    assert "Jean" not in fewer.text() and "Priya" not in fewer.text()
    assert book.people["jean-thornton"].about not in fewer.text()
    assert notes_on_contributors(book, Permissions.nobody()).entries == ()


def test_without_their_own_words_a_note_is_made_from_what_they_did(book):
    quiet = changed(book, michael_carter={"about": None}, helen_marsh={"about": None},
                    margaret_ellis={"about": None}, sandra_pike={"about": None},
                    alan_brooks={"about": None}, jean_thornton={"about": None,
                                                                 "contributions": []})
    by_name = {e.name: e.text for e in notes_on_contributors(quiet,
                                                             Permissions.everyone(quiet)).entries}
    assert by_name["Robin Ashby"] == (
        "Robin Ashby wrote 'Finding my way back' (chapter 4). Robin Ashby also reviewed and "
        "edited the writing and reviewed chapter 8.")
    assert by_name["Jean Thornton"] == "Jean Thornton wrote 'Caring for Ron' (chapter 3)."
    assert by_name["Helen Marsh"].startswith(
        "Helen Marsh is one of the three editors of this book and co-wrote 'Introduction' "
        "(chapter 1). Helen Marsh also came up with the idea, found the funding, ran the project")
    assert by_name["The Thursday Group"].startswith(
        "The Thursday Group wrote 'What carers told us' (chapter 16). The Thursday Group also "
        "looked after the material gathered")


def test_a_group_note_shared_by_its_members_is_printed_once(book):
    notes = notes_on_contributors(book, Permissions.everyone(book))
    group = next(e for e in notes.entries if e.name == "The Thursday Group")
    assert group.text == book.people["sandra-pike"].about
    differing = changed(book, alan_brooks={"about": "I keep the minutes."})
    group = next(e for e in notes_on_contributors(differing, Permissions.everyone(differing))
                 .entries if e.name == "The Thursday Group")
    assert group.text == f"I keep the minutes.\n\n{book.people['margaret-ellis'].about}"
