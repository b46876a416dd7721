"""Tying the names and e-mails in the history to the people of the book."""

from pathlib import Path

from coauthor_desk.history.authorship import authorship_report, authorship_text, who_wrote_what
from coauthor_desk.history.identities import IdentityMatcher, mailmap_fingerprint
from coauthor_desk.history.versions import History, Identity
from coauthor_desk.manuscript.edit import save_chapter
from coauthor_desk.manuscript.loader import load_book

SAM_AT_HOME = Identity("Sammy J", "Sam@Home.Example")
STRANGER = Identity("Tech Author", "tech@example.org")


def add_git_identity(book_folder: Path, person_id: str, entry: str) -> None:
    path = book_folder / "people" / f"{person_id}.yaml"
    text = path.read_text("utf-8").replace("git: [sam.jones@example.org]",
                                           f"git: [sam.jones@example.org, '{entry}']")
    path.write_text(text, "utf-8")


def save_words(book_folder: Path, who: Identity, body: str) -> None:
    save_chapter(load_book(book_folder), "my-story", body=body)
    History(book_folder).save_files_as_version(who, "Wrote some more")


def measure(book_folder: Path):
    book = load_book(book_folder)
    return who_wrote_what(book, History(book_folder)), book


def test_people_files_match_emails_ignoring_case_and_names(small_book: Path):
    add_git_identity(small_book, "sam-jones", "Sammy J")
    matcher = IdentityMatcher.from_book(load_book(small_book))
    assert matcher.person_for(Identity("Whoever", "SAM.JONES@example.org")) == "sam-jones"
    assert matcher.person_for(Identity("sammy   j", "elsewhere@example.net")) == "sam-jones"
    # The name in a person's own file is the last resort (the editor's `git:` list is empty).
    assert matcher.person_for(Identity("Helen Marsh", "h@laptop.local")) == "helen-marsh"
    assert matcher.person_for(STRANGER) is None


def test_an_entry_copied_from_the_history_counts_as_its_email(small_book: Path):
    add_git_identity(small_book, "sam-jones", "Sammy J <sam@home.example>")
    matcher = IdentityMatcher.from_book(load_book(small_book))
    assert matcher.person_for(SAM_AT_HOME) == "sam-jones"
    assert matcher.person_for(Identity("Sammy J", "other@example.org")) is None


def test_an_email_in_the_people_file_credits_the_words(small_book: Path):
    save_words(small_book, SAM_AT_HOME, "Five words written at home.\n")
    authorship, _ = measure(small_book)
    assert authorship.chapters[0].words == {}
    assert list(authorship.chapters[0].unmatched_words.values()) == [5]

    add_git_identity(small_book, "sam-jones", "sam@home.example")
    authorship, _ = measure(small_book)
    assert authorship.chapters[0].words == {"sam-jones": 5}
    assert authorship.unmatched == []


def test_a_mailmap_credits_words_and_versions_end_to_end(small_book: Path):
    save_words(small_book, SAM_AT_HOME, "Five words written at home.\n")
    save_words(small_book, SAM_AT_HOME, "Five words written at home.\nAnd three more.\n")
    before, _ = measure(small_book)
    assert before.unmatched == [Identity("Sammy J", "sam@home.example")]
    assert before.chapters[0].unmatched_words == {before.unmatched[0]: 8}

    # git's own format; git applies it to what it reports, e-mails ignoring case.
    (small_book / ".mailmap").write_text(
        "Sam Jones <sam.jones@example.org> <sam@home.example>\n", "utf-8")
    after, book = measure(small_book)
    chapter = after.chapters[0]
    assert chapter.words == {"sam-jones": 8}
    assert sum(chapter.versions["sam-jones"].values()) == 2
    assert after.unmatched == [] and chapter.unmatched_versions == {}
    assert after.recomputed == {"chapters/my-story.md"}  # the .mailmap change is noticed
    text = authorship_text(authorship_report(after, book))
    assert "Sam Jones 100% (8 words)" in text


def test_a_mailmap_line_that_gives_only_a_name(small_book: Path):
    save_words(small_book, SAM_AT_HOME, "Five words written at home.\n")
    (small_book / ".mailmap").write_text("Sam Jones <sam@home.example>\n", "utf-8")
    authorship, _ = measure(small_book)
    assert authorship.chapters[0].words == {"sam-jones": 5}


def test_an_unknown_identity_is_shown_as_not_matched(small_book: Path):
    save_words(small_book, STRANGER, "Typed by someone the book does not know.\n")
    authorship, book = measure(small_book)
    assert authorship.unmatched == [STRANGER]
    report = authorship_report(authorship, book)
    assert report["unmatched_identities"] == [{
        "name": "Tech Author", "email": "tech@example.org", "words": 8, "versions": 1,
        "chapters": ["my-story"]}]
    assert report["chapters"][0]["not_matched"][0]["share"] == 1.0
    text = authorship_text(report)
    assert "Tech Author (not matched to a person) 100% (8 words)" in text
    assert "Not matched to a person" in text and "'git:' list" in text


def test_the_mailmap_fingerprint_follows_its_bytes(small_book: Path):
    assert mailmap_fingerprint(small_book) == ""
    (small_book / ".mailmap").write_text("A <a@example.org>\n", "utf-8")
    first = mailmap_fingerprint(small_book)
    (small_book / ".mailmap").write_text("B <a@example.org>\n", "utf-8")
    assert first and mailmap_fingerprint(small_book) not in ("", first)
