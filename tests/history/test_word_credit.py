"""Who wrote what, word by word (issue 17), on real histories built for the purpose.

Every word of the chapter's newest saved text is checked against the person known to have
written it: an editor who fixes a slip, rewords a sentence, moves, splits or joins paragraphs
is credited with the words she wrote and no others.
"""

import json
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coauthor_desk.cli import main
from coauthor_desk.history.authorship import who_wrote_what
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.history.word_credit import (
    WordCredit,
    _line_hunks,
    chapter_credits,
    words_of,
)
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book

SAM = Identity("Sam Jones", "sam.jones@example.org")
HELEN = Identity("Helen Marsh", "helen.marsh@example.org")
PRIYA = Identity("Priya Shah", "priya.shah@example.org")  # a second editor, not in the book
TECH = Identity("Tech Author", "tech@example.org")  # joins lines of work with plain git
STORY = "chapters/my-story.md"

GREW_UP = "I grew up in a small twon by the sea, and we walked the dog each mornign."
MUM = "My mum worked nights at the hospital."
HOME = "It was a noisy house but a happy one."
BISCUIT = "We had a dog called Biscuit who barked at every bus."
SCHOOL = "School was hard for me after my dad left."
GRAN = "My gran came to live with us when I was nine."


def write(folder: Path, who: Identity, body: str) -> None:
    """Write the chapter's body and save a version as `who`."""
    save_chapter(load_book(folder), "my-story", body=body)
    History(folder).save_files_as_version(who, "Worked on the chapter")


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", f"user.name={TECH.name}", "-c", f"user.email={TECH.email}",
                    *args], cwd=folder, check=True, capture_output=True)


def credits(folder: Path) -> list[tuple[str, Identity]]:
    history = History(folder)
    found = chapter_credits(history.git, history.head(), STORY)
    assert found is not None
    return found


def by(who: Identity, text: str) -> list[tuple[str, Identity]]:
    """The words of `text`, each credited to `who`."""
    return [(word, who) for word in words_of(text)]


def n(*texts: str) -> int:
    """How many words these texts have."""
    return sum(len(words_of(text)) for text in texts)


def words(folder: Path) -> dict[str, int]:
    book = load_book(folder)
    authorship = who_wrote_what(book, History(folder))
    chapter = authorship.chapters[0]
    assert chapter.total_words == book.chapters["my-story"].words
    return {**chapter.words, **{who.name: n for who, n in chapter.unmatched_words.items()}}


def test_a_one_letter_fix_credits_the_fixed_word_only(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    write(small_book, HELEN, f"{GREW_UP.replace('twon', 'town')}\n\n{MUM}\n")
    assert credits(small_book) == (by(SAM, "I grew up in a small") + by(HELEN, "town")
                                   + by(SAM, "by the sea, and we walked the dog each mornign.")
                                   + by(SAM, MUM))
    assert words(small_book) == {"sam-jones": n(GREW_UP, MUM) - 1, "helen-marsh": 1}


def test_a_punctuation_change_credits_nothing(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    write(small_book, HELEN, f"{GREW_UP.replace('sea, and', 'sea and')}\n\n{MUM[:-1]}!\n")
    assert credits(small_book) == by(SAM, GREW_UP) + by(SAM, MUM)
    assert words(small_book) == {"sam-jones": n(GREW_UP, MUM)}


def test_a_reworded_sentence_credits_exactly_its_new_words(small_book: Path):
    reworded = "Our mother often took long evening shifts."
    write(small_book, SAM, f"{GREW_UP} {MUM} {HOME}\n\n{BISCUIT}\n")
    write(small_book, HELEN, f"{GREW_UP} {reworded} {HOME}\n\n{BISCUIT}\n")
    assert credits(small_book) == (by(SAM, GREW_UP) + by(HELEN, reworded) + by(SAM, HOME)
                                   + by(SAM, BISCUIT))
    assert words(small_book) == {"sam-jones": n(GREW_UP, HOME, BISCUIT), "helen-marsh": 7}


def test_a_moved_paragraph_keeps_its_writer(small_book: Path):
    note = "An editor's note on this part of the chapter."
    write(small_book, SAM, f"{GREW_UP}\n\n{BISCUIT}\n\n{SCHOOL}\n")
    write(small_book, HELEN, f"{GREW_UP}\n\n{BISCUIT}\n\n{SCHOOL}\n\n{note}\n")
    write(small_book, PRIYA, f"{BISCUIT}\n\n{SCHOOL}\n\n{note}\n\n{GREW_UP}\n")
    assert credits(small_book) == (by(SAM, BISCUIT) + by(SAM, SCHOOL) + by(HELEN, note)
                                   + by(SAM, GREW_UP))
    # Moved back up with a slip fixed on the way: only the fixed word changes hands.
    fixed = GREW_UP.replace("mornign", "morning")
    write(small_book, HELEN, f"{fixed}\n\n{BISCUIT}\n\n{SCHOOL}\n\n{note}\n")
    assert credits(small_book) == (by(SAM, GREW_UP.removesuffix(" mornign.")) + by(HELEN,
                                   "morning") + by(SAM, BISCUIT) + by(SAM, SCHOOL)
                                   + by(HELEN, note))


def test_a_split_paragraph_and_two_joined_keep_their_writers(small_book: Path):
    write(small_book, SAM, f"{GREW_UP} {MUM}\n\n{BISCUIT}\n\n{SCHOOL}\n\n{GRAN}\n")
    write(small_book, HELEN, f"{GREW_UP}\n\n{MUM}\n\n{BISCUIT} {SCHOOL}\n\n{GRAN}\n")
    expected = [by(SAM, text) for text in (GREW_UP, MUM, BISCUIT, SCHOOL, GRAN)]
    assert credits(small_book) == [word for part in expected for word in part]
    assert words(small_book) == {"sam-jones": n(GREW_UP, MUM, BISCUIT, SCHOOL, GRAN)}


def test_credit_is_followed_back_through_several_versions(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    write(small_book, HELEN, f"{GREW_UP.replace('mornign', 'morning')}\n\n{MUM}\n")
    # A fix on a fix: Priya mends the wrong word Helen left, then Helen's own slip.
    step = GREW_UP.replace("mornign", "morning").replace("twon", "towm")
    write(small_book, HELEN, f"{step}\n\n{MUM}\n")
    write(small_book, PRIYA, f"{step.replace('towm', 'town')}\n\n{MUM}\n")
    # Then Sam adds a sentence to the end of the same paragraph (its line is his again).
    final = step.replace("towm", "town") + " " + HOME
    write(small_book, SAM, f"{final}\n\n{MUM}\n")
    assert credits(small_book) == (
        by(SAM, "I grew up in a small") + by(PRIYA, "town")
        + by(SAM, "by the sea, and we walked the dog each") + by(HELEN, "morning")
        + by(SAM, HOME) + by(SAM, MUM))
    assert words(small_book) == {"sam-jones": n(GREW_UP, HOME, MUM) - 2, "helen-marsh": 1,
                                 "Priya Shah": 1}


def test_words_from_two_joined_lines_of_work_keep_their_writers(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{BISCUIT}\n\n{SCHOOL}\n")
    git(small_book, "switch", "--quiet", "-c", "suggested")
    write(small_book, HELEN, f"{GREW_UP.replace('twon', 'town')}\n\n{BISCUIT}\n\n{SCHOOL}\n")
    git(small_book, "switch", "--quiet", "main")
    write(small_book, PRIYA, f"{GREW_UP}\n\n{BISCUIT}\n\n{SCHOOL.replace('hard', 'tough')}\n")
    git(small_book, "merge", "--quiet", "--no-edit", "suggested")  # as Tech Author
    assert credits(small_book) == (
        by(SAM, "I grew up in a small") + by(HELEN, "town")
        + by(SAM, "by the sea, and we walked the dog each mornign.") + by(SAM, BISCUIT)
        + by(SAM, "School was") + by(PRIYA, "tough") + by(SAM, "for me after my dad left."))


def test_a_chapter_renamed_by_hand_keeps_its_writers(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    git(small_book, "mv", STORY, "chapters/our-story.md")
    renamed = small_book / "chapters" / "our-story.md"
    renamed.write_text(renamed.read_text("utf-8").replace("id: my-story", "id: our-story"),
                       "utf-8")
    details = small_book / "book.yaml"
    details.write_text(details.read_text("utf-8").replace("- my-story", "- our-story"),
                       "utf-8")
    git(small_book, "commit", "--quiet", "-a", "-m", "A better name for the chapter file")
    history = History(small_book)
    assert chapter_credits(history.git, history.head(), "chapters/our-story.md") == (
        by(SAM, GREW_UP) + by(SAM, MUM))
    assert who_wrote_what(load_book(small_book), history).chapters[0].words == {
        "sam-jones": n(GREW_UP, MUM)}


def test_the_command_line_report_counts_word_by_word(small_book: Path, capsys):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    write(small_book, HELEN, f"{GREW_UP.replace('twon', 'town')}\n\n{MUM}\n")
    assert main(["who-wrote", str(small_book), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    people = {p["id"]: p["words"] for p in report["chapters"][0]["people"]}
    assert people == {"sam-jones": n(GREW_UP, MUM) - 1, "helen-marsh": 1}
    assert report["book"]["words"] == n(GREW_UP, MUM)


def test_a_chapter_that_cannot_be_followed_word_by_word_is_counted_by_line(small_book: Path):
    write(small_book, SAM, f"{GREW_UP}\n\n{MUM}\n")
    # Told that the chapter is not text, git gives no line differences to follow.
    (small_book / ".gitattributes").write_text("*.md -diff\n", "utf-8")
    git(small_book, "add", ".gitattributes")
    git(small_book, "commit", "--quiet", "-m", "Chapters are not text")
    write(small_book, HELEN, f"{GREW_UP.replace('twon', 'town')}\n\n{MUM}\n")
    history = History(small_book)
    assert chapter_credits(history.git, history.head(), STORY) is None
    assert words(small_book) == {"sam-jones": n(MUM), "helen-marsh": n(GREW_UP)}


def test_replaying_changes_directly():
    """The replay without git: lines in, words out, for the cases above at once."""
    credit = WordCredit()
    sam, helen = credit.person(SAM), credit.person(HELEN)
    credit.change("0" * 40, "a", [(0, 0, [GREW_UP, "", MUM, "", BISCUIT])], sam)
    # Helen: fixes one slip, moves Biscuit to the top, joins the other two paragraphs.
    credit.change("a", "b", [(0, 0, [BISCUIT, ""]),
                             (0, 5, [GREW_UP.replace("twon", "town") + " " + MUM])], helen)
    assert credit.credits("b") == (by(SAM, BISCUIT) + by(SAM, "I grew up in a small")
                                   + by(HELEN, "town")
                                   + by(SAM, GREW_UP.split("twon ")[1]) + by(SAM, MUM))
    assert credit.counts("b") == {SAM: n(GREW_UP, MUM, BISCUIT) - 1, HELEN: 1}
    assert credit.credits("unknown") is None



def test_kept_words_stay_and_words_that_merely_recur_do_not():
    credit = WordCredit()
    sam, helen = credit.person(SAM), credit.person(HELEN)
    credit.change("0" * 40, "a", [(0, 0, ["We went to the shops on Friday and it rained."])],
                  sam)
    # An edited sentence: "to the" were kept.
    credit.change("a", "b", [(0, 1, ["We walked to the big market on Friday and it rained."])],
                  helen)
    assert credit.credits("b") == (by(SAM, "We") + by(HELEN, "walked") + by(SAM, "to the")
                                   + by(HELEN, "big market") + by(SAM, "on Friday and it rained"))
    # A replaced one: "the" is Helen's own word, not Sam's kept.
    credit.change("a", "c", [(0, 1, ["We never saw the sea in years, and it rained."])], helen)
    assert credit.credits("c") == (by(SAM, "We") + by(HELEN, "never saw the sea in years")
                                   + by(SAM, "and it rained"))


# Random histories: every word is different, so who wrote each one is known exactly --------

edit = st.tuples(st.sampled_from(["fix", "insert", "delete", "move", "split", "join", "add"]),
                 st.integers(0, 2), st.integers(0, 10_000), st.integers(0, 10_000),
                 st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(edits=st.lists(edit, min_size=1, max_size=25))
def test_every_word_keeps_its_writer_through_random_edits(edits):
    credit = WordCredit()
    writers = [credit.person(who) for who in (SAM, HELEN, PRIYA)]
    fresh = iter(f"w{number}" for number in range(10_000))
    paragraphs = [[(next(fresh), writers[0]) for _ in range(6)] for _ in range(3)]
    texts = ["---", "title: x", "---"]  # front matter, never counted
    old = "0" * 40
    edits = [("start", 0, 0, 0, 0), *edits]
    for version, (kind, who, a, b, size) in enumerate(edits):
        writer = writers[who]
        p = a % len(paragraphs)
        words = paragraphs[p]
        if kind == "fix":
            words[b % len(words)] = (next(fresh), writer)
        elif kind == "insert":
            at = b % (len(words) + 1)
            words[at:at] = [(next(fresh), writer) for _ in range(size)]
        elif kind == "delete" and len(words) > 3:
            del words[b % len(words)]
        elif kind == "move" and len(paragraphs) > 1:
            paragraphs.insert(b % len(paragraphs), paragraphs.pop(p))
        elif kind == "split" and len(words) >= 6:
            at = 3 + b % (len(words) - 5)
            paragraphs[p:p + 1] = [words[:at], words[at:]]
        elif kind == "join" and p + 1 < len(paragraphs):
            paragraphs[p:p + 2] = [words + paragraphs[p + 1]]
        elif kind == "add":
            paragraphs.insert(b % (len(paragraphs) + 1),
                              [(next(fresh), writer) for _ in range(size + 2)])
        lines = list(texts)
        for paragraph in paragraphs:
            lines += [" ".join(word for word, _ in paragraph), ""]
        new = f"version {version}"
        credit.change(old, new, _line_hunks(credit.texts[old], lines), writer)
        old = new
        expected = [(word, credit.people[by_whom]) for paragraph in paragraphs
                    for word, by_whom in paragraph]
        assert credit.credits(new) == expected
