"""How the person is named in the book: full name, first name, a pen name, a group, or no
name, each choice showing how it would print; their bylines as they will really print (which
depends on their agreement to be named); and their own words about themselves.

Saving keeps everything else in their file as it was and saves a version under their own
name, or under the editor's, saying so, when an editor sits with them. A new way of being
named needs their agreement again, and the page says so plainly.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
)

from coauthor_desk.agreements.publish import check_agreements, permissions_from
from coauthor_desk.agreements.rules import Standing, Subject
from coauthor_desk.agreements.store import Agreements
from coauthor_desk.credits.bylines import byline
from coauthor_desk.credits.names import NOT_NAMED
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import heading
from coauthor_desk.manuscript.edit import save_person
from coauthor_desk.manuscript.loader import load_book
from coauthor_desk.manuscript.model import Book, CreditAs, Person

_NEEDS_NAME = (CreditAs.PEN_NAME, CreditAs.GROUP)
_KINDS = {CreditAs.FULL_NAME: "Full name", CreditAs.FIRST_NAME: "First name",
          CreditAs.PEN_NAME: "Pen name", CreditAs.GROUP: "Group", CreditAs.ANONYMOUS: "No name"}


class CreditPage(Page):
    """The choice of name, the bylines as they will print, and the person's own words."""

    title = "How you are named"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.permissions = Permissions.nobody()
        self._loaded: tuple[CreditAs, str, str] | None = None  # what the form last showed
        title = heading(f"How you are named, {escape(context.first_name)}", self.title)

        question = "How would you like to be named in the book?"
        self.choices = QGroupBox()  # a group box's own title cannot wrap: a label can
        self.choices.setAccessibleName(question)
        self.group = QButtonGroup(self)
        self.radios: dict[CreditAs, QRadioButton] = {}
        self.examples: dict[CreditAs, QLabel] = {}
        inside = QVBoxLayout(self.choices)
        asked = QLabel(f"<b>{question}</b>")
        asked.setWordWrap(True)
        inside.addWidget(asked)
        for credit in CreditAs:
            # A short name on the choice (it cannot wrap) and how it prints below it (it can).
            radio = QRadioButton(_KINDS[credit])
            radio.toggled.connect(self._set_name_box)
            # Only as wide as its words, so a click anywhere on it chooses it.
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.group.addButton(radio)
            self.radios[credit] = radio
            example = QLabel()
            example.setWordWrap(True)
            example.setIndent(radio.iconSize().width() + 24)
            example.setBuddy(radio)
            self.examples[credit] = example
            inside.addWidget(radio)
            inside.addWidget(example)

        self.name_label = QLabel("The name to print:")
        self.name_box = QLineEdit()
        self.name_box.setAccessibleName("The pen name or group name to print")
        self.name_box.setAccessibleDescription("Type the name you want the book to print.")
        self.name_label.setBuddy(self.name_box)
        self.name_box.textChanged.connect(self._set_examples)
        name_row = QVBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.name_box)

        bylines_label = QLabel("Your chapters, with your name as it will print:")
        self.bylines = QLabel()
        self.bylines.setWordWrap(True)
        self.bylines.setAccessibleName("Your chapters, with your name as it will print")
        self.bylines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                             Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bylines.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags
        bylines_label.setBuddy(self.bylines)

        about_label = QLabel("Your own words about yourself, for the notes about who wrote "
                             "the book:")
        about_label.setWordWrap(True)
        self.about = QPlainTextEdit()
        self.about.setTabChangesFocus(True)
        self.about.setAccessibleName("Your own words about yourself")
        self.about.setAccessibleDescription("Say as much or as little as you like. Leave it "
                                            "empty to say nothing.")
        about_label.setBuddy(self.about)

        self.save_button = QPushButton("Save how I am named")
        self.save_button.setAccessibleName("Save how I am named")
        tip = "Save your choice of name and your words about yourself."
        self.save_button.setAccessibleDescription(tip)
        self.save_button.setToolTip(tip)
        self.save_button.clicked.connect(self.save)
        buttons = FlowRow(self.save_button)

        whole = QVBoxLayout(self)
        whole.addWidget(title)
        whole.addWidget(self.choices)
        whole.addLayout(name_row)
        whole.addWidget(bylines_label)
        whole.addWidget(self.bylines)
        whole.addWidget(about_label)
        whole.addWidget(self.about, 1)
        whole.addLayout(buttons)
        order = [*self.radios.values(), self.name_box, self.bylines, self.about,
                 self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.radios[CreditAs.FULL_NAME])

    # Showing -------------------------------------------------------------------------------------
    @property
    def me(self) -> Person:
        return self.context.opened.book.people[self.context.person]

    def refresh(self) -> None:
        """Show the choice as saved (unless the person is part way through changing it, when
        something else was saved); the bylines wait for the agreements, read away."""
        me = self.me
        if self._loaded is None or self._form() == self._loaded:
            self.radios[me.credit_as].setChecked(True)
            self.name_box.setText(me.credit_name or "" if me.credit_as in _NEEDS_NAME else "")
            self.about.setPlainText(me.about or "")
            self._loaded = self._form()
        self._set_name_box()
        self.read_while_shown()

    def read_again(self, say: bool) -> None:
        """The bylines depend on agreements, read away from the window and only while this
        part is on screen, so other parts' news is not talked over. `say`: tell how the name
        prints once read (only when the part was just opened: after a save, the saving part
        has the last word)."""
        opened = self.context.opened
        self.context.run("Reading how your name will print…", lambda: check_agreements(opened),
                         lambda result: self._read(result, say))

    def _read(self, result: tuple[Agreements, dict[Subject, Standing]],
              say: bool = False) -> None:
        self.permissions = permissions_from(result[1])
        words = bylines_words(self.context.opened.book, self.context.person, self.permissions)
        self.bylines.setText(words)
        if say:
            self.context.announce(f"As it will print: {words.splitlines()[0]}")

    def _form(self) -> tuple[CreditAs, str, str]:
        return self.chosen(), self.name_box.text(), self.about.toPlainText()

    def chosen(self) -> CreditAs:
        return next((credit for credit, radio in self.radios.items() if radio.isChecked()),
                    self.me.credit_as)

    def _set_name_box(self) -> None:
        needs = self.chosen() in _NEEDS_NAME
        self.name_box.setEnabled(needs)
        self.name_label.setEnabled(needs)
        self._set_examples()

    def _set_examples(self) -> None:
        me = self.me
        typed = " ".join(self.name_box.text().split())
        full = me.credit_name if me.credit_as is CreditAs.FULL_NAME and me.credit_name else \
            me.name
        first = me.credit_name if me.credit_as is CreditAs.FIRST_NAME and me.credit_name else \
            me.name.split()[0]
        pen = typed if self.chosen() is CreditAs.PEN_NAME and typed else \
            me.credit_name if me.credit_as is CreditAs.PEN_NAME and me.credit_name else ""
        group = typed if self.chosen() is CreditAs.GROUP and typed else \
            me.credit_name if me.credit_as is CreditAs.GROUP and me.credit_name else ""
        words = {
            CreditAs.FULL_NAME: f"Full name: {full}",
            CreditAs.FIRST_NAME: f"First name: {first}",
            CreditAs.PEN_NAME: f"Pen name: {pen}" if pen else
            "Pen name: a name you choose (type it below)",
            CreditAs.GROUP: f"Group: {group}" if group else
            "Group: named together with your group (type its name below)",
            CreditAs.ANONYMOUS: f"No name: the book says “a co-author who {NOT_NAMED}”",
        }
        for credit, radio in self.radios.items():
            radio.setAccessibleName(words[credit])
            example = words[credit].split(": ", 1)[1]
            self.examples[credit].setText(example[:1].upper() + example[1:])

    # Saving --------------------------------------------------------------------------------------
    def save(self) -> None:
        """Save the choice and the words, keeping everything else in their file."""
        me, book = self.me, self.context.opened.book
        acting, opened = self.context.acting, self.context.opened
        credit = self.chosen()
        typed = " ".join(self.name_box.text().split())
        if credit in _NEEDS_NAME and not typed:
            kind = "pen name" if credit is CreditAs.PEN_NAME else "group's name"
            self.context.announce(f"Please type the {kind} to print, then save again.")
            self.name_box.setFocus()
            return
        credit_name = typed if credit in _NEEDS_NAME else \
            me.credit_name if credit is me.credit_as and credit is not CreditAs.ANONYMOUS \
            else None
        about = self.about.toPlainText().strip()
        name_changed = credit is not me.credit_as or credit_name != me.credit_name
        about_changed = about != (me.about or "").strip()
        if not name_changed and not about_changed:
            self.context.announce("Nothing has changed, so nothing was saved.")
            return
        first = self.context.first_name
        said = " and ".join(part for part, changed in (
            (f"{first} changed how they are named", name_changed),
            ("their words about themselves" if name_changed else
             f"{first} changed their words about themselves", about_changed)) if changed)
        old_name = me.credited_as

        def work() -> Book:
            with opened.history.transaction(acting.identity(book), acting.said(book, said)):
                save_person(book, me.name, credit, credit_name, list(me.roles),
                            list(me.access_needs), about if about_changed else None, me.id)
            return load_book(book.root)

        def done(new_book: Book) -> None:
            self.context.opened.book = new_book  # every page sees the person as saved
            self._loaded = None
            self.context.changed()
            self.context.announce(saved_words(new_book.people[me.id], old_name, name_changed))

        self.context.run("Saving how you are named…", work, done)


def saved_words(person: Person, old_name: str | None, name_changed: bool) -> str:
    """What was saved, and whether the person's agreement to be named is needed again."""
    if not name_changed:
        return "Saved your words about yourself."
    if person.credited_as is None:
        return "Saved: the book will not print your name."
    said = f"Saved: you will be named as '{person.credited_as}'."
    if person.credited_as != old_name:
        said += (" Because the name changed, please say again in 'Your agreements' whether "
                 "you agree to be named this way. Until then your name will not print.")
    return said


def bylines_words(book: Book, person: str, permissions: Permissions) -> str:
    """Each of the person's chapters with its byline as it will print today, and, when their
    name will not print yet, why and what it will read once they agree."""
    me = book.people[person]
    mine = [c for c in book.ordered_chapters() if person in c.authors]
    if not mine:
        return "You have no chapters in the book yet."
    lines = [f"“{chapter.title}”: {byline(book, chapter, permissions)}" for chapter in mine]
    if me.credited_as is None:
        lines.append("Your name is not printed, as you chose.")
    elif person not in permissions.named:
        agreed = permissions.with_named(permissions.named | {person})
        lines.append(f"Your name will not print until you agree to be named as "
                     f"'{me.credited_as}'. You can do that in 'Your agreements'.")
        lines += [f"Once you agree, “{chapter.title}” will read: "
                  f"{byline(book, chapter, agreed)}" for chapter in mine]
    return "\n".join(lines)
