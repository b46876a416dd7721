"""How a co-author is named, from the review window: choose a pen name, see the byline, and
see the file and the history say so."""

import subprocess
from pathlib import Path

import yaml
from PySide6.QtCore import Qt

from coauthor_desk.agreements.records import How
from coauthor_desk.gui.review.credit_page import CreditPage
from coauthor_desk.manuscript.model import CreditAs
from tests.gui.review_support import review_context

TOMASZ, JEAN, HELEN = "tomasz-nowak", "jean-thornton", "helen-marsh"


def shown_page(qtbot, folder: Path, person: str, present: str | None = None,
               how: How | None = None):
    context, said = review_context(folder, person, present, how)
    page = CreditPage(context)
    context.changed = lambda: (context.forget(), page.refresh())
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page, said


def newest_version(folder: Path) -> tuple[str, str]:
    out = subprocess.run(["git", "log", "-1", "--format=%an%n%s"], cwd=folder, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    return out[0], out[1]


def test_tomasz_changes_from_his_first_name_to_a_pen_name(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, TOMASZ)
    assert page.radios[CreditAs.FIRST_NAME].isChecked()
    assert page.radios[CreditAs.FIRST_NAME].accessibleName() == "First name: Tomasz"
    assert page.radios[CreditAs.FULL_NAME].accessibleName() == "Full name: Tomasz Nowak"
    assert not page.name_box.isEnabled()
    assert "By Tomasz" in page.bylines.text()
    before = (example_book / "people" / f"{TOMASZ}.yaml").read_text("utf-8")

    qtbot.mouseClick(page.radios[CreditAs.PEN_NAME], Qt.MouseButton.LeftButton)
    assert page.name_box.isEnabled()
    page.name_box.setFocus()
    qtbot.keyClicks(page.name_box, "Sunny")
    assert page.radios[CreditAs.PEN_NAME].accessibleName() == "Pen name: Sunny"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert said[-1].startswith("Saved: you will be named as 'Sunny'. Because the name changed")
    data = yaml.safe_load((example_book / "people" / f"{TOMASZ}.yaml").read_text("utf-8"))
    assert data["credit"] == {"as": "pen-name", "name": "Sunny"}
    old = yaml.safe_load(before)
    assert {k: v for k, v in data.items() if k != "credit"} == \
        {k: v for k, v in old.items() if k != "credit"}  # everything else kept
    author, subject = newest_version(example_book)
    assert (author, subject) == ("Tomasz Nowak", "Tomasz changed how they are named")

    # Being named as 'Sunny' is not agreed yet, so the byline says so honestly.
    text = page.bylines.text()
    assert "Your name will not print until you agree to be named as 'Sunny'" in text
    assert "will read: By Sunny" in text
    assert page.radios[CreditAs.PEN_NAME].isChecked() and page.name_box.text() == "Sunny"


def test_an_empty_pen_name_is_asked_for_kindly(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, JEAN)
    before = newest_version(example_book)
    page.radios[CreditAs.PEN_NAME].click()
    page.save_button.click()
    assert said[-1] == "Please type the pen name to print, then save again."
    assert newest_version(example_book) == before


def test_own_words_are_saved_under_the_editors_name_when_she_records_them(qtbot,
                                                                          example_book):
    page, said = shown_page(qtbot, example_book, JEAN, HELEN, How.IN_PERSON)
    assert page.about.toPlainText().startswith("I kept the books for a builders' merchant")
    assert "“Caring for Ron”: By Jean Thornton" in page.bylines.text()
    page.about.setPlainText("I kept the books for thirty years. Ron and I have been married "
                            "sixty-one years.")
    page.save_button.click()
    assert said[-1] == "Saved your words about yourself."
    author, subject = newest_version(example_book)
    assert author == "Helen Marsh"
    assert subject == ("Jean changed their words about themselves (recorded by Helen Marsh, "
                       "told in person)")
    data = yaml.safe_load((example_book / "people" / f"{JEAN}.yaml").read_text("utf-8"))
    assert data["about"].startswith("I kept the books for thirty years.")
    assert data["credit"] == {"as": "full-name", "name": "Jean Thornton"}


def test_nothing_changed_saves_nothing_and_controls_are_named(qtbot, example_book):
    page, said = shown_page(qtbot, example_book, JEAN)
    before = newest_version(example_book)
    page.save_button.click()
    assert said[-1] == "Nothing has changed, so nothing was saved."
    assert newest_version(example_book) == before
    for widget in [*page.radios.values(), page.name_box, page.bylines, page.about,
                   page.save_button]:
        assert widget.accessibleName()
    with qtbot.waitActive(page):
        page.activateWindow()
    page.about.setFocus()
    qtbot.keyClick(page.about, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.save_button, page.focusWidget()
