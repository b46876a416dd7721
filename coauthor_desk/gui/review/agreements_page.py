"""The person's agreements: each one that concerns them, where it stands in words, and the
choices that make sense now (agree, say no, withdraw).

Before anything is saved, what the choice means is said plainly on the page itself, with
"Yes, save this" and "No, go back". The confirmation is inline rather than a pop-up window:
nothing jumps in front of the person or takes the keys away, the words stay beside the
agreement they are about for as long as they need to read them, and a screen reader meets
them in the normal order of the page. Every choice is a new record, saved as a version; no
record is ever changed or removed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coauthor_desk.agreements.decide import record_decision
from coauthor_desk.agreements.publish import check_agreements
from coauthor_desk.agreements.records import Decision, Record
from coauthor_desk.agreements.rules import Standing, State, Subject
from coauthor_desk.agreements.store import Agreements
from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import ShortList, button, heading
from coauthor_desk.review.agreements_view import (
    CHOICE_WORDS,
    AgreementRow,
    agreement_rows,
    confirm_words,
    saved_words,
)

KEY_ROLE = Qt.ItemDataRole.UserRole
# A sign beside each state, so colour is never the only way to tell them apart.
_SIGNS = {State.AGREED: "✓", State.WITHDRAWN: "✗", State.NOT_AGREED: "✗",
          State.NOT_ASKED: "?", State.NEEDS_CHECKING: "!", State.EXPIRED: "!",
          State.UNKNOWN_VERSION: "!"}
_HINTS = {
    Decision.AGREED: "Say yes. You will be told what it means before anything is saved.",
    Decision.NOT_AGREED: "Say no. You will be told what it means before anything is saved.",
    Decision.WITHDRAWN: "Take back your yes. You will be told what it means before anything "
                        "is saved.",
}


class AgreementsPage(Page):
    """Each agreement of the person, with a calm confirm step before any choice is saved."""

    title = "Your agreements"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.rows: list[AgreementRow] = []
        self.standing: dict[Subject, Standing] = {}
        self.records: list[Record] = []
        self._chosen: tuple[str, str | None] | None = None
        self._pending: tuple[AgreementRow, Decision] | None = None

        title = heading(f"Your agreements, {_escape(context.first_name)}", "Your agreements")
        intro = QLabel("Your words and your name are only used if you agree. You can change "
                       "your mind at any time.")
        intro.setWordWrap(True)
        self.list = ShortList(most=3)
        self.list.setAccessibleName("Your agreements")
        self.list.setAccessibleDescription("Choose an agreement to see where it stands and "
                                           "what you can do.")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda item, _old: self._chose(item))

        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setAccessibleName("The agreement")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Where it stands")
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                           Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so the keys can reach it
        self.choice_buttons = {decision: button(words, _HINTS[decision],
                                                      lambda _=False, d=decision: self.choose(d))
                               for decision, words in CHOICE_WORDS.items()}

        self.confirm_panel = QFrame()
        self.confirm_panel.setFrameShape(QFrame.Shape.Box)
        self.confirm_panel.setLineWidth(3)
        self.confirm_panel.setAccessibleName("Before you save")
        self.confirm_words = QLabel()
        self.confirm_words.setWordWrap(True)
        self.confirm_words.setAccessibleName("What this means")
        self.confirm_words.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard |
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_words.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags
        self.yes_button = button("Yes, save this", "Save your choice now. You can "
                                       "change it again later.", self.confirm)
        self.no_button = button("No, go back", "Change nothing and go back.",
                                      self.go_back)
        confirm_buttons = FlowRow(self.yes_button, self.no_button)
        inside = QVBoxLayout(self.confirm_panel)
        inside.addWidget(self.confirm_words)
        inside.addLayout(confirm_buttons)
        self.confirm_panel.hide()

        # One column, in the order Tab goes: the list (a few rows), then the chosen
        # agreement with its choices, which wrap on a small screen.
        whole = QVBoxLayout(self)
        whole.addWidget(title)
        whole.addWidget(intro)
        whole.addWidget(self.list)
        whole.addWidget(self.about)
        whole.addWidget(self.state)
        whole.addLayout(FlowRow(*self.choice_buttons.values()))
        whole.addWidget(self.confirm_panel)
        whole.addStretch(1)
        order: list[QWidget] = [self.list, self.state, *self.choice_buttons.values(),
                                self.confirm_words, self.yes_button, self.no_button]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.list)
        self._show(None)

    # Showing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read where the agreements stand away from the window (it reads the history)."""
        opened = self.context.opened
        self.context.run("Reading your agreements…", lambda: check_agreements(opened),
                         self._read)

    def _read(self, result: tuple[Agreements, dict[Subject, Standing]]) -> None:
        agreements, self.standing = result
        self.records = agreements.records
        book = self.context.opened.book
        self.rows = agreement_rows(book, self.context.person, self.standing)
        chosen = self._chosen
        self.list.blockSignals(True)
        self.list.clear()
        for row in self.rows:
            item = QListWidgetItem(f"{_SIGNS[row.state]} {row.heading}\n{row.state.label}")
            item.setData(KEY_ROLE, _key(row))
            self.list.addItem(item)
        self.list.blockSignals(False)
        keys = [_key(row) for row in self.rows]
        if not self.rows:
            self._show(None)
            return
        pending = self._pending  # something else was saved while the person was deciding
        self.list.setCurrentRow(keys.index(chosen) if chosen in keys else 0)
        if pending is not None and self._chosen == _key(pending[0]):
            row = self.current()
            if row is not None and pending[1] in row.choices:
                self.choose(pending[1], quietly=True)

    def count(self) -> int:
        return sum(1 for row in self.rows if row.waiting)

    def row(self, key: tuple[str, str | None] | None) -> AgreementRow | None:
        return next((row for row in self.rows if _key(row) == key), None)

    def current(self) -> AgreementRow | None:
        return self.row(self._chosen)

    def _chose(self, item: QListWidgetItem | None) -> None:
        self._show(self.row(item.data(KEY_ROLE)) if item is not None else None)

    def _show(self, row: AgreementRow | None) -> None:
        self._chosen = _key(row) if row else None
        self._close_confirm()
        if row is None:
            self.about.setText("<p>There are no agreements to ask you about yet.</p>")
            self.state.setText("")
            for button in self.choice_buttons.values():
                button.hide()
            return
        self.about.setText(f"<h3>{_escape(row.heading)}</h3>")
        self.state.setText(f"{_SIGNS[row.state]} {row.state.label}. {row.words}")
        for decision, button in self.choice_buttons.items():
            button.setVisible(decision in row.choices)
            button.setEnabled(True)

    # Choosing ------------------------------------------------------------------------------------
    def choose(self, decision: Decision, quietly: bool = False) -> None:
        """Say what the choice means and wait for "Yes, save this" or "No, go back"."""
        row = self.current()
        if row is None or decision not in row.choices:
            return
        self._pending = (row, decision)
        words = confirm_words(self.context.opened.book, self.context.person, row, decision)
        self.confirm_words.setText(words)
        self.confirm_panel.show()
        for choice_button in self.choice_buttons.values():
            choice_button.setEnabled(False)
        if not quietly:
            self.confirm_words.setFocus()
            self.context.announce(f"{words} Save this?")

    def go_back(self) -> None:
        self._close_confirm()
        self.context.announce("Nothing was changed.")
        self.list.setFocus()

    def confirm(self) -> None:
        """Save the choice as a new record, as the person (or the editor with them)."""
        if self._pending is None:
            return
        row, decision = self._pending
        opened, acting = self.context.opened, self.context.acting
        on_behalf_by = acting.present if acting.on_behalf else None
        how = acting.how if acting.on_behalf else None
        self.yes_button.setEnabled(False)

        def work() -> Record:
            return record_decision(opened, acting.person, row.use, decision, row.target,
                                   on_behalf_by=on_behalf_by, how=how)

        def done(_record: Record) -> None:
            self._close_confirm()
            self.context.changed()
            self.context.announce(saved_words(row, decision))

        self.context.run("Saving your choice…", work, done)

    def _close_confirm(self) -> None:
        self._pending = None
        self.confirm_panel.hide()
        self.confirm_words.setText("")
        self.yes_button.setEnabled(True)
        for choice_button in self.choice_buttons.values():
            choice_button.setEnabled(True)


def _key(row: AgreementRow) -> tuple[str, str | None]:
    return row.use.value, row.target


def _escape(words: str) -> str:
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
