"""Files people edit by hand keep their shape: each change the window, the command line or a Word
import makes to book.yaml, a person's file or a chapter's details changes only its own lines,
and every comment stays. Each action runs through the real code on a real book folder with real
history, and the files are compared line by line with difflib."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.book_changes import change_chapter_details, move, save_person_details
from coauthor_desk.cli import main
from coauthor_desk.export.pandoc import run_pandoc
from coauthor_desk.history.versions import Identity
from coauthor_desk.manuscript import files, front_matter, yaml_edit, yaml_text
from coauthor_desk.manuscript.edit import add_chapter, write_new_book
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import CreditAs, Status
from coauthor_desk.problems import BookError
from coauthor_desk.session import open_book
from coauthor_desk.word_import.saving import save_import

ME = Identity("Helen Marsh", "helen.marsh@example.org")

BOOK_BY_HAND = """\
# Our book. Helen keeps this file by hand: please keep the comments.

house_style:   {reading_level: general, sentence_length: 25}
title: 'Our Words, Our Care'      # the publisher's title, agreed in May
"subtitle": "Lived experience and the future of health and social care"
editors: [ helen-marsh,david-lowe , priya-raman ]

# The order of the chapters.
chapters:
    - 01-introduction     # Helen, David and Priya
    # Part one: growing up
    - 02-leaving-care
    - 03-caring-for-ron
    - 04-finding-my-way-back
    - 05-getting-out
    - 06-breathing-space
    - 07-my-son-the-system-and-me
    - 08-therapy-in-a-second-language
    - 09-keeping-my-independence
    - 10-after-the-stroke
    - 11-growing-up-caring
    - 12-caring-across-cultures
    - 13-learning-to-live-with-diabetes
    - 14-my-life-my-choices
    - 15-a-bed-for-the-night
    - 16-what-carers-told-us   # last, as the group asked
# Quotes for the cover and the leaflet.
quotes:
  - id: back-cover
    person: jean-thornton
    text: "The same faces matter more than almost anything. Speak to the person, not over him."
    used_for: the back cover
  - id: launch-leaflet
    person: kwame-mensah
    text: "These are my words. I said them out loud, my friend from the stroke club typed them \\
up, she read them back, and I said yes, that's me."
    used_for: the leaflet for the book launch
"""

PERSON_BY_HAND = """\
# Amira's details, as she asked for them (see the notes from March).
name: "Amira Yusuf"
id: amira-yusuf
credit: {as: first-name,   name: Amira}   # not her surname, please
roles:
  - co-author
contact:
  prefers: email
access_needs: []

self_description:
  gender: woman
  age: 27
  ethnic_background: Black British (Somali heritage)
  experience: care leaver
git:
  - amira.yusuf@example.org
about: >-
  I left care at eighteen and now work on the front desk of a dental surgery. I
  wrote my chapter for the young people coming after me, so they know someone has been there
  before them. In my spare time I run, badly, and bake, quite well.
# What she did, for the credits.
contributions:
  methodology: supporting
  writing-original-draft:
    degree: lead
    chapters: [02-leaving-care]
  reviewed-chapter:
    chapters: [11-growing-up-caring]
"""

DETAILS_BY_HAND = """\
---
# Amira's chapter. Title agreed with her on the phone.
title:   "Leaving care at eighteen"
id: 02-leaving-care
authors: [amira-yusuf]   # her own words only
status: 'ready'
---
"""


def by_hand(folder: Path, texts: dict[str, str]) -> None:
    """Files written by a person in a text editor, then saved as a version."""
    opened = open_book(folder)
    with opened.history.transaction(ME, "Tidied some files by hand"):
        for relative, text in texts.items():
            current = files.read_text(folder, relative)
            files.write_text(folder, relative, text, current.fingerprint)


def with_chapter_details(folder: Path) -> str:
    relative = "chapters/02-leaving-care.md"
    body = files.read_text(folder, relative).text.split("---\n", 2)[2]
    return DETAILS_BY_HAND + body


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines taken out, lines put in), from a real line diff."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    body = [line for line in lines[2:] if not line.startswith("@@")]
    return ([line[1:] for line in body if line.startswith("-")],
            [line[1:] for line in body if line.startswith("+")])


def comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if "# " in line]


def read(folder: Path, relative: str) -> str:
    return (folder / relative).read_text("utf-8")


@pytest.fixture
def hand_book(example_book: Path) -> Path:
    by_hand(example_book, {"book.yaml": BOOK_BY_HAND, "people/amira-yusuf.yaml": PERSON_BY_HAND,
                           "chapters/02-leaving-care.md": with_chapter_details(example_book)})
    return example_book


def test_moving_a_chapter_moves_its_line_only(hand_book: Path):
    opened = open_book(hand_book)
    said = move(opened, opened.book.chapters["15-a-bed-for-the-night"], 2, "helen-marsh")
    after = read(hand_book, "book.yaml")
    assert diff(BOOK_BY_HAND, after) == (["    - 15-a-bed-for-the-night"],
                                         ["    - 15-a-bed-for-the-night"])
    assert after.index("15-a-bed") < after.index("03-caring") and said.startswith("Moved")
    assert comments(after) == comments(BOOK_BY_HAND)
    assert open_book(hand_book).book.chapter_order[2] == "15-a-bed-for-the-night"
    assert not open_book(hand_book).history.unsaved_files()  # saved as a version


def test_moving_the_commented_chapters_keeps_each_comment_on_its_chapter(hand_book: Path):
    opened = open_book(hand_book)
    move(opened, opened.book.chapters["16-what-carers-told-us"], 0, "helen-marsh")
    opened = open_book(hand_book)
    move(opened, opened.book.chapters["01-introduction"], 15, "helen-marsh")
    after = read(hand_book, "book.yaml")
    assert "    - 16-what-carers-told-us   # last, as the group asked\n" in after
    assert "    - 01-introduction     # Helen, David and Priya\n" in after
    assert sorted(comments(after)) == sorted(comments(BOOK_BY_HAND))
    assert after.count("\n") == BOOK_BY_HAND.count("\n")
    # The file still reads as the order asked for, after the comment lines between chapters.
    assert load_book(hand_book).chapter_order[0] == "16-what-carers-told-us"
    assert load_book(hand_book).chapter_order[-1] == "01-introduction"


def test_adding_a_chapter_adds_one_line_to_book_yaml(hand_book: Path):
    opened = open_book(hand_book)
    with opened.history.transaction(ME, "Added a chapter"):
        add_chapter(opened.book, "A new voice", ["amira-yusuf"], "17-a-new-voice")
    after = read(hand_book, "book.yaml")
    assert diff(BOOK_BY_HAND, after) == ([], ["    - 17-a-new-voice"])
    assert after.index("17-a-new-voice") < after.index("# Quotes for the cover")
    assert comments(after) == comments(BOOK_BY_HAND)
    assert load_book(hand_book).chapter_order[-1] == "17-a-new-voice"


def test_a_word_import_of_a_new_chapter_adds_one_line_to_book_yaml(hand_book: Path):
    opened = open_book(hand_book)
    save_import(opened, None, "17-my-word-file", "My Word file", "amira-yusuf",
                "# Who am I?\n\nWords from Word.\n", True, threads=[], replied=[],
                file_name="amira.docx")
    assert diff(BOOK_BY_HAND, read(hand_book, "book.yaml")) == ([], ["    - 17-my-word-file"])
    chapter = load_book(hand_book).chapters["17-my-word-file"]
    assert chapter.status is Status.DRAFTING and chapter.authors == ["amira-yusuf"]
    assert read(hand_book, chapter.file).startswith(
        "---\nid: 17-my-word-file\ntitle: My Word file\nauthors: [amira-yusuf]\n"
        "status: drafting\n---\n")


def test_a_word_import_over_a_chapter_keeps_its_details_as_typed(hand_book: Path):
    opened = open_book(hand_book)
    chapter = opened.book.chapters["02-leaving-care"]
    before = read(hand_book, chapter.file)
    save_import(opened, chapter, chapter.id, chapter.title, "amira-yusuf",
                chapter.body + "\nOne more paragraph, from Word.\n", True, threads=[],
                replied=[], file_name="amira.docx")
    assert diff(before, read(hand_book, chapter.file)) == (
        [], ["", "One more paragraph, from Word."])
    assert read(hand_book, "book.yaml") == BOOK_BY_HAND


def test_the_command_line_import_changes_only_the_lines_it_must(hand_book: Path,
                                                                 tmp_path: Path):
    """`coauthor-desk import`, as a person types it, with a real Word file made by pandoc."""
    first, second = tmp_path / "amira.docx", tmp_path / "amira-2.docx"
    for path, words in ((first, "Words I wrote in Word."), (second, "Better words, in Word.")):
        path.write_bytes(run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"],
                                    text=f"# Who am I?\n\n{words}\n"))
    assert main(["import", str(hand_book), str(first), "--chapter", "17-from-word",
                 "--person", "amira-yusuf"]) == 0
    assert diff(BOOK_BY_HAND, read(hand_book, "book.yaml")) == ([], ["    - 17-from-word"])
    chapter = "chapters/17-from-word.md"
    typed = ("---\n# Amira sent this in May.\ntitle:   'From Word'  # her title\n"
             "authors: [ amira-yusuf ]\nid: 17-from-word\nstatus: drafting\n---\n")
    by_hand(hand_book, {chapter: typed + read(hand_book, chapter).split("---\n", 2)[2]})
    assert main(["import", str(hand_book), str(second), "--chapter", "17-from-word",
                 "--person", "amira-yusuf"]) == 0
    assert read(hand_book, chapter).startswith(typed)
    assert diff(BOOK_BY_HAND, read(hand_book, "book.yaml")) == ([], ["    - 17-from-word"])
    assert "Better words, in Word." in read(hand_book, chapter)
    assert not open_book(hand_book).history.unsaved_files()


def test_changing_a_chapters_details_changes_their_lines_only(hand_book: Path):
    opened = open_book(hand_book)
    chapter = opened.book.chapters["02-leaving-care"]
    before = read(hand_book, chapter.file)
    said = change_chapter_details(opened, chapter, "helen-marsh", status=Status.AGREED)
    after = read(hand_book, chapter.file)
    assert diff(before, after) == (["status: 'ready'"], ["status: 'agreed'"])
    assert said == "Changed the status of 'Leaving care at eighteen'."
    opened = open_book(hand_book)
    change_chapter_details(opened, opened.book.chapters["02-leaving-care"], "amira-yusuf",
                           title="Leaving  care at 18", authors=["amira-yusuf", "helen-marsh"])
    again = read(hand_book, chapter.file)
    assert diff(after, again) == (
        ['title:   "Leaving care at eighteen"', "authors: [amira-yusuf]   # her own words only"],
        ['title: "Leaving care at 18"', "authors: [amira-yusuf, helen-marsh] # her own words only"])
    assert comments(again) == comments(before)
    reloaded = load_book(hand_book).chapters["02-leaving-care"]
    assert (reloaded.title, reloaded.authors, reloaded.status, reloaded.file) == (
        "Leaving care at 18", ["amira-yusuf", "helen-marsh"], Status.AGREED, chapter.file)
    assert read(hand_book, "book.yaml") == BOOK_BY_HAND  # the chapter keeps its place and name
    unchanged = open_book(hand_book)
    assert change_chapter_details(unchanged, unchanged.book.chapters["02-leaving-care"],
                                  None, status=Status.AGREED).endswith("no changes to save.")


def test_changing_a_persons_details_changes_their_lines_only(hand_book: Path):
    choice = {"name": "Amira Yusuf", "credit_as": CreditAs.FIRST_NAME.value,
              "credit_name": "Amira", "roles": ["co-author", "reviewer"],
              "access_needs": ["large-print"], "about": None, "person_id": "amira-yusuf"}
    said = save_person_details(open_book(hand_book), choice, "amira-yusuf")
    after = read(hand_book, "people/amira-yusuf.yaml")
    assert diff(PERSON_BY_HAND, after) == (["access_needs: []"],
                                           ["  - reviewer", "access_needs: [large-print]"])
    assert said == "Changed Amira Yusuf's details." and comments(after) == comments(
        PERSON_BY_HAND)
    # Named by her full name now: the name to print goes, the rest of the line stays.
    save_person_details(open_book(hand_book), {**choice, "credit_as": "full-name",
                                               "credit_name": None}, "amira-yusuf")
    again = read(hand_book, "people/amira-yusuf.yaml")
    assert diff(after, again) == (
        ["credit: {as: first-name,   name: Amira}   # not her surname, please"],
        ["credit: {as: full-name}                   # not her surname, please"])
    amira = load_book(hand_book).people["amira-yusuf"]
    assert amira.credited_as == "Amira Yusuf" and amira.access_needs == ["large-print"]
    assert amira.about.startswith("I left care at eighteen")


def test_taking_out_and_writing_someones_own_words_keeps_the_rest(hand_book: Path):
    choice = {"name": "Amira Yusuf", "credit_as": "first-name", "credit_name": "Amira",
              "roles": ["co-author"], "access_needs": [], "about": "",
              "person_id": "amira-yusuf"}
    save_person_details(open_book(hand_book), choice, "amira-yusuf")
    after = read(hand_book, "people/amira-yusuf.yaml")
    taken, put = diff(PERSON_BY_HAND, after)
    assert taken[0] == "about: >-" and len(taken) == 4 and put == []
    assert comments(after) == comments(PERSON_BY_HAND)
    save_person_details(open_book(hand_book), {**choice, "about": "Yes"}, "amira-yusuf")
    assert diff(after, read(hand_book, "people/amira-yusuf.yaml")) == ([], ["about: 'Yes'"])
    assert load_book(hand_book).people["amira-yusuf"].about == "Yes"  # text, not true


def test_a_new_person_gets_a_tidy_file_and_nothing_else_changes(hand_book: Path):
    choice = {"name": "Ruth Okafor", "credit_as": "pen-name", "credit_name": "No",
              "roles": ["co-author"], "access_needs": ["audio"],
              "about": "I volunteer at the library.\nOn Tuesdays.", "person_id": None}
    assert save_person_details(open_book(hand_book), choice, "helen-marsh") == \
        "Added Ruth Okafor to the book."
    text = read(hand_book, "people/ruth-okafor.yaml")
    assert text.splitlines()[2:] == [
        "id: ruth-okafor", "name: Ruth Okafor", "credit:", "  as: pen-name", "  name: 'No'",
        "roles: [co-author]", "access_needs: [audio]", "about: |-",
        "  I volunteer at the library.", "  On Tuesdays."]
    assert text.startswith("# One person in the book")
    ruth = load_book(hand_book).people["ruth-okafor"]
    assert ruth.credited_as == "No" and ruth.about == "I volunteer at the library.\nOn Tuesdays."
    assert read(hand_book, "book.yaml") == BOOK_BY_HAND


def test_a_new_book_is_tidy_and_its_first_chapter_reads_well(tmp_path: Path):
    folder = tmp_path / "new"
    write_new_book(folder, "Yes: a book", "Helen Marsh")
    book_text = read(folder, "book.yaml")
    assert book_text.splitlines()[2:5] == ["title: 'Yes: a book'", "editors: [helen-marsh]",
                                           "chapters: []"]
    add_chapter(load_book(folder), "First", ["helen-marsh"])
    assert diff(book_text, read(folder, "book.yaml")) == (["chapters: []"],
                                                          ["chapters:", "  - first"])
    assert load_book(folder).title == "Yes: a book"


HOSTILE = {  # what each file holds, and words its message must use
    "an alias": ("title: &t A book\nsubtitle: *t\n", "aliases"),
    "a Python object": ("title: !!python/object/apply:os.system [echo hi]\n", "tag"),
    "a tag of its own": ("title: !shout A book\n", "'!shout'"),
    "a set": ("title: A book\nsecret: !!set {a, b}\n", "'!!set'"),
    "deep nesting": ("title: A book\nx: " + "[" * 60 + "]" * 60 + "\n", "nested"),
    "a name twice": ("title: A book\ntitle: Another book\n", "written twice"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_plainly_and_left_as_it_is(case: str):
    text, words = HOSTILE[case]
    with pytest.raises(BookError) as refused:
        yaml_edit.edit("book.yaml", text, {"chapters": ["a"]})
    problem = refused.value.problems[0]
    assert problem.file == "book.yaml" and problem.todo and problem.line
    assert words in problem.what
    assert "Traceback" not in refused.value.plain()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_book_yaml_turned_hostile_after_opening_is_not_changed(hand_book: Path, case: str):
    """The window keeps a book open for hours; book.yaml is read again before each change."""
    opened = open_book(hand_book)
    (hand_book / "book.yaml").write_text(HOSTILE[case][0], "utf-8")
    with pytest.raises(BookError) as refused:
        move(opened, opened.book.chapters["03-caring-for-ron"], 0, "helen-marsh")
    assert refused.value.problems[0].file == "book.yaml" and refused.value.problems[0].line
    assert read(hand_book, "book.yaml") == HOSTILE[case][0]


def test_a_person_file_turned_hostile_after_opening_is_not_changed(hand_book: Path):
    relative = "people/amira-yusuf.yaml"
    opened = open_book(hand_book)
    text = PERSON_BY_HAND.replace("roles:\n  - co-author", "roles: &r [co-author]\nalso: *r")
    (hand_book / relative).write_text(text, "utf-8")
    with pytest.raises(BookError) as refused:
        save_person_details(opened, {
            "name": "Amira", "credit_as": "full-name", "credit_name": None, "roles": [],
            "access_needs": [], "about": None, "person_id": "amira-yusuf"}, "helen-marsh")
    problem = refused.value.problems[0]
    assert (problem.file, problem.line) == (relative, 6) and "aliases" in problem.what
    assert read(hand_book, relative) == text


def test_hostile_chapter_details_are_refused_with_their_line_in_the_file():
    raw = "title: Mine\nnote: !!python/object:os.system {}\n"
    with pytest.raises(BookError) as refused:
        front_matter.change_details("chapters/mine.md", raw, {"status": "agreed"})
    problem = refused.value.problems[0]
    assert (problem.file, problem.line) == ("chapters/mine.md", 3) and "tag" in problem.what


def test_unchanged_details_leave_the_text_exactly_as_it_was():
    text = "# mine\ntitle:  'A'   # odd spacing\nlist: [ a,b ]\n"
    assert yaml_edit.edit("book.yaml", text, {"title": "A", "list": ["a", "b"]}) is text


@pytest.mark.parametrize("layout", [
    "chapters:\n- a\n- b\n- c\nother:\n  key: 1\n",
    "chapters:\n  - a\n  - b\n  - c\nother:\n  key: 1\n",
    "chapters:\n    - a\n    - b\n    - c\nother:\n    key: 1\n",
])
def test_each_way_of_indenting_lists_is_kept(layout: str):
    after = yaml_edit.edit("book.yaml", layout, {"chapters": ["c", "a", "b", "d"]})
    taken, put = diff(layout, after)
    dash = layout.splitlines()[1].replace("a", "")
    assert taken == [f"{dash}c"] and put == [f"{dash}c", f"{dash}d"]
    assert yaml_text.parse("book.yaml", after)["chapters"] == ["c", "a", "b", "d"]


# Any hand-written file, any change: the details come out exactly as asked, every comment line
# stays, and the line of each detail left alone is the same line as before.
WORDS = st.sampled_from(["a", "Sam", "yes", "No", "on", "1", "1.5", "null", "a: b", "it's",
                         "#7", "x-y", "2025-01-02", "Ünïcode", "- dash", "two words", "~"])
VALUES = st.one_of(WORDS, st.lists(WORDS, max_size=4),
                   st.dictionaries(st.sampled_from(["as", "name", "prefers"]), WORDS, max_size=3))
KEYS = st.sampled_from(["title", "chapters", "roles", "about", "name", "status", "notes"])


def _scalar(word: str, style: int) -> str:
    try:
        plain = not yaml_edit._misread(word) and word == yaml_text.parse("x", f"k: {word}")["k"]
    except BookError:
        plain = False
    if style == 0 and plain:
        return word
    if style == 1 and "'" not in word:
        return f"'{word}'"
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def hand_written(draw: st.DrawFn) -> str:
    """A file as a person might type it: keys in any order, quotes or none, lists on one line
    or one item to a line (at one indentation for the file), comments and blank lines."""
    keys = draw(st.lists(KEYS, min_size=1, max_size=6, unique=True))
    dash = draw(st.sampled_from(["- ", "  - ", "    - "]))
    lines: list[str] = []
    for number, key in enumerate(keys):
        value = draw(VALUES)
        if isinstance(value, list) and value and draw(st.booleans()):
            lines.append(f"{key}:")
            for word in value:
                lines.append(dash + _scalar(word, draw(st.integers(0, 2))))
                if draw(st.integers(0, 4)) == 0:
                    lines.append(f"{dash[:-2]}# between items {number}")
        elif isinstance(value, list):
            words = ", ".join(_scalar(w, draw(st.integers(0, 2))) for w in value)
            lines.append(f"{key}: [{words}]")
        elif isinstance(value, dict) and value and draw(st.booleans()):
            lines.append(f"{key}:")
            for inner, word in value.items():
                quoted = _scalar(word, draw(st.integers(0, 2)))
                lines.append(f"{dash[:-2] or '  '}{inner}: {quoted}")
        elif isinstance(value, dict):
            pairs = ", ".join(f"{k}: {_scalar(w, draw(st.integers(0, 2)))}"
                              for k, w in value.items())
            lines.append(f"{key}: {{{pairs}}}")
        else:
            lines.append(f"{key}: {_scalar(value, draw(st.integers(0, 2)))}")
        if draw(st.integers(0, 3)) == 0:
            lines[-1] += f"   # about {key}"
        extra = draw(st.integers(0, 4))
        if extra == 0:
            lines.append(f"# after {key}")
        elif extra == 1:
            lines.append("")
    return "".join(f"{line}\n" for line in lines)


@settings(max_examples=150, deadline=None)
@given(text=hand_written(), changes=st.dictionaries(KEYS, st.one_of(VALUES, st.just(None)),
                                                     max_size=3))
def test_any_change_to_any_hand_written_file_keeps_the_rest(text: str,
                                                            changes: dict[str, object]):
    asked = {k: yaml_edit.REMOVE if v is None else v for k, v in changes.items()}
    after = yaml_edit.edit("people/x.yaml", text, asked)
    wanted = dict(yaml_text.parse("people/x.yaml", text))
    for key, value in asked.items():
        if value is yaml_edit.REMOVE:
            wanted.pop(key, None)
        else:
            wanted[key] = value
    assert yaml_edit.same(yaml_text.parse("people/x.yaml", after) or {}, wanted)
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            assert after.count(line) >= text.count(line), line
        key = line.split(":", 1)[0]
        if key in wanted and key not in asked and not line.endswith(":"):
            assert line in after.splitlines(), line


@settings(max_examples=150, deadline=None)
@given(order=st.permutations([f"c{i}" for i in range(6)]),
       marks=st.lists(st.integers(0, 3), min_size=6, max_size=6),
       dash=st.sampled_from(["- ", "  - ", "    - "]))
def test_any_new_order_keeps_each_comment(order: list[str], marks: list[int], dash: str):
    """Moving chapters: a comment on a chapter's line goes with it; comment lines between
    chapters stay where they were; nothing else in the file changes."""
    lines = ["# The book", "title: A book", "chapters:"]
    for i, mark in enumerate(marks):
        lines.append(f"{dash}c{i}" + (f"   # on c{i}" if mark in (1, 3) else ""))
        if mark >= 2:
            lines.append(f"{dash[:-2]}# under c{i}")
    lines += ["# the end of the list", "house_style: {reading_level: general}"]
    text = "".join(f"{line}\n" for line in lines)
    after = yaml_edit.edit("book.yaml", text, {"chapters": order})
    assert yaml_text.parse("book.yaml", after)["chapters"] == order
    assert sorted(comments(after)) == sorted(comments(text))
    assert after.count("\n") == text.count("\n")
    for i, mark in enumerate(marks):
        if mark in (1, 3):
            assert f"{dash}c{i}   # on c{i}\n" in after
    def others(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.lstrip().startswith("- ")]

    assert others(after) == others(text)  # every other line, in its place
