"""Who wrote what, measured from real histories of saved versions."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coauthor_desk.history.authorship import (
    CACHE_FILE,
    authorship_report,
    authorship_text,
    who_wrote_what,
    words_by_identity,
)
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript import cache as local_cache
from coauthor_desk.manuscript import front_matter
from coauthor_desk.manuscript.edit import add_chapter, save_chapter
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Status, count_words

SAM = Identity("Sam Jones", "sam.jones@example.org")
HELEN = Identity("Helen Marsh", "helen.marsh@example.org")
STORY = "chapters/my-story.md"
GIT_WORDS = re.compile(r"\b(commit|branch|merge|repository|blame)", re.IGNORECASE)

SAMS_TEXT = ("I grew up in a small town by the sea.\n"  # 10 words
             "\n"
             "My mum worked nights at the hospital.\n"  # 7 words
             "\n"
             "We had a dog called Biscuit.\n")  # 6 words


def write(book_folder: Path, who: Identity, body: str, chapter: str = "my-story",
          **details) -> None:
    """Write a chapter's body (and details) and save a version as `who`."""
    save_chapter(load_book(book_folder), chapter, body=body, **details)
    History(book_folder).save_files_as_version(who, "Worked on the chapter")


def measure(book_folder: Path, **options):
    book = load_book(book_folder)
    return who_wrote_what(book, History(book_folder), **options), book


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Tech Author", "-c",
                           "user.email=tech@example.org", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def second_chapter(small_book: Path) -> None:
    add_chapter(load_book(small_book), "Our group", ["sam-jones"], "our-group")
    History(small_book).save_files_as_version(HELEN, "Started a second chapter")


def test_shares_follow_who_wrote_each_line(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    write(small_book, HELEN, SAMS_TEXT + "\nAn editor's note of exactly eight words here.\n")
    authorship, book = measure(small_book)
    chapter = authorship.chapters[0]
    assert chapter.words == {"sam-jones": 23, "helen-marsh": 8}
    assert chapter.total_words == book.chapters["my-story"].words == 31
    assert chapter.share("sam-jones") == pytest.approx(23 / 31)
    assert authorship.book.words == {"sam-jones": 23, "helen-marsh": 8}
    assert authorship.book.share("helen-marsh") == pytest.approx(8 / 31)
    assert not chapter.unsaved_changes and chapter.saved and chapter.measured


def test_front_matter_words_are_not_counted(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    # Helen only changes the chapter's details (title and status, in the front matter).
    write(small_book, HELEN, SAMS_TEXT, title="A much longer title for this chapter",
          status=Status.WITH_EDITORS)
    authorship, _ = measure(small_book)
    assert authorship.chapters[0].words == {"sam-jones": 23}
    # ... though the version she saved still counts as one of hers.
    assert sum(authorship.chapters[0].versions["helen-marsh"].values()) == 2


def test_an_editor_rewording_one_line_takes_only_the_words_she_wrote(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    edited = SAMS_TEXT.replace("My mum worked nights at the hospital.",
                               "My mother worked night shifts at the local hospital.")  # 9
    write(small_book, HELEN, edited)
    authorship, _ = measure(small_book)
    # Word by word (issue 17): Helen wrote "mother", "night", "shifts" and "local"; "My",
    # "worked", "at", "the" and "hospital" are still Sam's.
    assert authorship.chapters[0].words == {"sam-jones": 21, "helen-marsh": 4}


def test_whole_book_totals_add_up_over_chapters(small_book: Path):
    second_chapter(small_book)
    write(small_book, SAM, SAMS_TEXT)
    write(small_book, HELEN, "Four words from Helen.\n", chapter="our-group")
    authorship, book = measure(small_book)
    assert [c.id for c in authorship.chapters] == ["my-story", "our-group"]
    assert authorship.book.words == {"sam-jones": 23, "helen-marsh": 4}
    assert authorship.book.total_words == sum(c.words for c in book.chapters.values())
    report = authorship_report(authorship, book)
    json.dumps(report)
    assert report["book"]["people"][0] == {
        "id": "sam-jones", "name": "Sam Jones", "words": 23, "share": round(23 / 27, 4),
        "versions_by_month": report["book"]["people"][0]["versions_by_month"]}


def test_only_the_changed_chapter_is_measured_again(small_book: Path):
    second_chapter(small_book)
    write(small_book, SAM, SAMS_TEXT)
    first, _ = measure(small_book)
    assert first.recomputed == {STORY, "chapters/our-group.md"}
    assert local_cache.cache_path(small_book, CACHE_FILE).is_file()

    again, _ = measure(small_book)
    assert again.recomputed == frozenset() and again.versions_read == 0
    assert again.chapters == first.chapters

    write(small_book, HELEN, "Four words from Helen.\n", chapter="our-group")
    after, _ = measure(small_book)
    assert after.recomputed == {"chapters/our-group.md"}
    assert after.versions_read == 1  # only the new saved version was read
    assert after.chapters[0] == first.chapters[0]
    assert after.chapters[1].words == {"helen-marsh": 4}


@pytest.mark.parametrize("damage", [
    b"\x00\xff not json at all",
    b"[1, 2, 3]",
    b'{"saved-versions": {"head": "--all", "mailmap": "", "paths": 7}}',
    None,  # every entry edited by hand, keeping its shape
])
def test_a_damaged_cache_is_ignored_and_rebuilt(small_book: Path, damage: bytes | None):
    second_chapter(small_book)
    write(small_book, SAM, SAMS_TEXT)
    write(small_book, HELEN, SAMS_TEXT + "\nAn editor's note of exactly eight words here.\n")
    expected, _ = measure(small_book)
    cache = local_cache.cache_path(small_book, CACHE_FILE)
    if damage is None:  # every entry edited by hand under the old seal
        seal, _, text = cache.read_bytes().partition(b"\n")
        data = json.loads(text)
        for entry in data.values():
            for row in entry.get("words", []):
                row[2] += 1000
            for row in entry.get("book", []):
                row[3] += 1000
        cache.write_bytes(seal + b"\n" + json.dumps(data).encode())
    else:
        cache.write_bytes(damage)
    survived, _ = measure(small_book)
    assert survived.chapters == expected.chapters and survived.book == expected.book
    assert survived.recomputed == {STORY, "chapters/our-group.md"}
    assert local_cache.load(small_book, CACHE_FILE)  # written afresh


def test_versions_over_time_are_counted_by_month(small_book: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    second_chapter(small_book)
    started = History(small_book).versions()
    start_months = {v.when.strftime("%Y-%m") for v in started}
    assert len(start_months) == 1
    start_month = start_months.pop()
    for day, who, body in [("2024-01-05", SAM, "One.\n"), ("2024-01-20", SAM, "Two.\n"),
                           ("2024-03-02", HELEN, "Three.\n")]:
        monkeypatch.setenv("GIT_AUTHOR_DATE", f"{day}T10:00:00+00:00")
        write(small_book, who, body)
    # One version that changes both chapters counts once for the whole book.
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2024-03-09T10:00:00+00:00")
    save_chapter(load_book(small_book), "my-story", body="Four.\n")
    save_chapter(load_book(small_book), "our-group", body="Five.\n")
    History(small_book).save_files_as_version(SAM, "Both chapters")

    authorship, _ = measure(small_book)
    story, group = authorship.chapters
    assert story.versions == {"sam-jones": {"2024-01": 2, "2024-03": 1},
                              "helen-marsh": {"2024-03": 1, start_month: 1}}
    assert group.versions == {"sam-jones": {"2024-03": 1}, "helen-marsh": {start_month: 1}}
    assert authorship.book.versions == {"sam-jones": {"2024-01": 2, "2024-03": 1},
                                        "helen-marsh": {"2024-03": 1, start_month: 2}}
    text = authorship_text(authorship_report(authorship, load_book(small_book)))
    assert "Sam Jones: Jan 2024 2, Mar 2024 1" in text


def test_versions_are_read_again_when_the_history_was_rewritten(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    write(small_book, HELEN, SAMS_TEXT + "\nAn editor's note of exactly eight words here.\n")
    measure(small_book)
    git(small_book, "reset", "--quiet", "--hard", "HEAD~1")  # Helen's version is gone
    rewritten, _ = measure(small_book)
    assert rewritten.versions_read == 2  # all of them, not "since" a version that is gone
    assert rewritten.chapters[0].words == {"sam-jones": 23}
    assert sum(rewritten.chapters[0].versions["helen-marsh"].values()) == 1  # the first only


def test_work_joined_from_two_lines_counts_for_whoever_wrote_it(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    git(small_book, "switch", "--quiet", "-c", "suggested")
    write(small_book, HELEN, SAMS_TEXT + "\nAn editor's note of exactly eight words here.\n")
    git(small_book, "switch", "--quiet", "main")
    write(small_book, SAM, "A new first line.\n\n" + SAMS_TEXT)
    git(small_book, "merge", "--quiet", "--no-edit", "suggested")  # as Tech Author
    authorship, _ = measure(small_book)
    chapter = authorship.chapters[0]
    assert chapter.words == {"sam-jones": 27, "helen-marsh": 8}
    assert sum(chapter.versions["sam-jones"].values()) == 2
    assert sum(chapter.versions["helen-marsh"].values()) == 2  # starting the book, and a note
    assert authorship.unmatched == []  # joining the two is not a version of one's own


def test_unsaved_changes_are_measured_at_the_saved_version(small_book: Path):
    write(small_book, SAM, SAMS_TEXT)
    chapter = small_book / STORY
    chapter.write_text(chapter.read_text("utf-8") + "\nTyped by hand and not saved.\n", "utf-8")
    authorship, book = measure(small_book)
    assert authorship.chapters[0].unsaved_changes
    assert authorship.chapters[0].words == {"sam-jones": 23}
    text = authorship_text(authorship_report(authorship, book))
    assert "'My story' has changes that are not saved yet" in text


def test_a_chapter_not_saved_yet_and_a_book_with_nothing_saved(small_book: Path,
                                                               tmp_path: Path):
    add_chapter(load_book(small_book), "Not yet", ["sam-jones"], "not-yet")
    authorship, book = measure(small_book)
    assert [c.saved for c in authorship.chapters] == [True, False]
    assert "'Not yet' is not part of any saved version yet" in authorship_text(
        authorship_report(authorship, book))

    fresh = tmp_path / "fresh"
    git(tmp_path, "init", "--quiet", str(fresh))
    (fresh / "book.yaml").write_text("title: Fresh\nchapters: []\n", "utf-8")
    (fresh / "chapters").mkdir()
    authorship, book = measure(fresh)
    assert authorship.head is None and authorship.chapters == []
    assert authorship.book.total_words == 0
    text = authorship_text(authorship_report(authorship, book))
    assert "Nothing in this book has been saved as a version yet" in text


def test_progress_and_one_worker_give_the_same_result(small_book: Path):
    second_chapter(small_book)
    write(small_book, SAM, SAMS_TEXT)
    seen: list[tuple[int, int]] = []
    parallel, _ = measure(small_book, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 200) and seen[-1] == (200, 200)  # hundredths of a chapter
    local_cache.cache_path(small_book, CACHE_FILE).unlink()
    alone, _ = measure(small_book, workers=1)
    assert alone.chapters == parallel.chapters and alone.book == parallel.book


def test_the_example_books_chapters_are_mostly_their_authors_words(example_book: Path):
    authorship, book = measure(example_book)
    assert len(authorship.chapters) == 16 and authorship.unmatched == []
    assert authorship.versions_read > 300
    for chapter in authorship.chapters:
        authors = book.chapters[chapter.id].authors
        assert chapter.total_words == book.chapters[chapter.id].words > 0
        assert sum(chapter.share(a) for a in authors) > 0.5, chapter.id
        assert max(chapter.words, key=chapter.words.get) in authors, chapter.id
    assert set(authorship.book.words) <= set(book.people)
    assert authorship.book.total_words == sum(c.words for c in book.chapters.values())
    report = authorship_report(authorship, book)
    json.dumps(report)
    text = authorship_text(report)
    assert "Chapter 'Caring for Ron': Jean Thornton" in text
    assert not GIT_WORDS.search(text), GIT_WORDS.search(text)


def test_texts_use_plain_words(small_book: Path):
    write(small_book, Identity("Tech Author", "tech@example.org"), SAMS_TEXT)
    add_chapter(load_book(small_book), "Not yet", ["sam-jones"], "not-yet")
    chapter = small_book / STORY
    chapter.write_text(chapter.read_text("utf-8") + "\nNot saved.\n", "utf-8")
    authorship, book = measure(small_book)
    report = authorship_report(authorship, book)
    for text in [authorship_text(report), *report["notes"]]:
        assert not GIT_WORDS.search(text), text


PEOPLE = [Identity("Sam Jones", "sam.jones@example.org"), Identity("Helen Marsh", "h@x.org"),
          Identity("Zoë Ñandú", "zoe@example.org")]
a_line = st.one_of(st.sampled_from(["---", "...", "--- ", "::: {.commentary}", ":::", ""]),
                   st.text(st.characters(blacklist_characters="\n\r",
                                         blacklist_categories=("Cs",)), max_size=60))


def porcelain(lines: list[str], writers: list[int]) -> bytes:
    """What `git blame --porcelain` prints for these lines written by these people: a header
    line for every line, and the details of each version the first time it appears."""
    out, seen = [], set()
    for number, (line, writer) in enumerate(zip(lines, writers, strict=True), start=1):
        version = f"{writer + 1:040x}"
        out.append(f"{version} {number} {number}")
        if version not in seen:
            seen.add(version)
            who = PEOPLE[writer]
            out += [f"author {who.name}", f"author-mail <{who.email}>", "author-time 1700000000",
                    "author-tz +0000", f"committer {who.name}", "summary Wrote a line",
                    "previous " + "0" * 40 + " chapters/x.md", "filename chapters/x.md"]
        out.append("\t" + line)
    return ("\n".join(out) + "\n").encode("utf-8")


@given(details=st.lists(a_line, max_size=4), body=st.lists(a_line, max_size=12),
       writers=st.lists(st.integers(0, 2), min_size=20, max_size=20))
def test_each_line_counts_for_its_writer_and_front_matter_never(details, body, writers):
    details = [line for line in details if line.rstrip() not in ("---", "...")]
    lines = ["---", *details, "---", *body]
    text = "\n".join(lines) + "\n"
    _, chapter_body = front_matter.split_text("chapters/x.md", text)
    by_line = (writers + [0] * len(lines))[:len(lines)]
    counted = words_by_identity(porcelain(lines, by_line))
    assert sum(counted.values()) == count_words(chapter_body)
    first_body_line = len(details) + 2
    for writer, who in enumerate(PEOPLE):
        own = [line for line, by in zip(lines[first_body_line:], by_line[first_body_line:],
                                        strict=True) if by == writer]
        assert counted.get(who, 0) == count_words("\n".join(own))
