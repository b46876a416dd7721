"""Suggested changes to the person's words, one at a time, in the order they come in their
chapters: their sentence as it is, the suggested sentence, who suggested it and why, and three
choices. A choice is saved at once, can be taken back, and the page moves on to the next
suggestion still waiting, keeping its place. Below, the chapter as it reads with the choices
made so far, with this suggestion's words marked (and, if asked, shown in place)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
)

from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import button
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.review.decide import Choice, decide, take_back
from coauthor_desk.review.queue import Suggestion, suggestions_for, with_suggestion
from coauthor_desk.review.readable import Readable, readable

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
_DONE = {Choice.USE: "used the new words", Choice.KEEP: "kept your words",
         Choice.TALK: "you asked to talk about it"}


class SuggestionsPage(Page):
    title = "Suggested changes"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.found: list[Suggestion] = []
        self.index = 0
        self._shown_chapter: tuple[str, str, bool] | None = None  # (id, body, with new words)
        self._readable: Readable | None = None

        self.where = QLabel()
        self.where.setAccessibleName("Which suggestion")
        self.where.setWordWrap(True)
        self.yours = self._words_box("Your words now")
        self.suggested = self._words_box("The suggested words")
        self.why = QLabel()
        self.why.setAccessibleName("Who suggested it, and why")
        self.why.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Your words about it")
        self.note.setAccessibleDescription("If you like, say why, or what you want to talk "
                                           "about. You can leave it empty.")
        self.note.setPlaceholderText("If you like, say why, or what you would like to talk "
                                     "about (you can leave this empty)")
        self.note.setTabChangesFocus(True)
        self.use = button("&Use the new words", "Put the suggested words in your chapter",
                                lambda: self.choose(Choice.USE))
        self.keep = button("&Keep my words", "Keep your words as they are",
                                 lambda: self.choose(Choice.KEEP))
        self.talk = button("&Talk about it", "Ask to talk about it first; the suggestion "
                                 "waits", lambda: self.choose(Choice.TALK))
        self.undo = button("Take &back my choice", "Undo the choice you made about this "
                                 "suggestion", self.take_back)
        self.previous = button("&Previous", "Go to the suggestion before",
                                     lambda: self.go(self.index - 1))
        self.next = button("&Next", "Go to the next suggestion",
                                 lambda: self.go(self.index + 1))
        self.in_place = button("&Show the new words in the chapter", "See the chapter "
                                     "as it would read with the suggested words",
                                     self._show_chapter)
        self.in_place.setCheckable(True)
        self.chapter = QTextBrowser()
        self.chapter.setAccessibleName("The chapter, with your choices so far")
        self.chapter.setAccessibleDescription("The suggestion's words are underlined and "
                                              "marked with a background.")

        choices = FlowRow(self.use, self.keep, self.talk, self.undo, self.previous, self.next,
                          self.in_place)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(_label("Your words now:", self.yours))
        layout.addWidget(self.yours)
        layout.addWidget(_label("The suggested words:", self.suggested))
        layout.addWidget(self.suggested)
        layout.addWidget(self.why)
        layout.addWidget(self.note)
        layout.addLayout(choices)
        layout.addWidget(self.chapter, 1)
        self._fit()
        self.setTabOrder(self.yours, self.suggested)
        for first, second in ((self.suggested, self.note), (self.note, self.use),
                              (self.use, self.keep), (self.keep, self.talk),
                              (self.talk, self.undo), (self.undo, self.previous),
                              (self.previous, self.next), (self.next, self.in_place),
                              (self.in_place, self.chapter)):
            self.setTabOrder(first, second)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # larger text: taller boxes
            self._fit()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The sentence boxes as tall as their words (up to four lines), so the chapter below
        keeps as much room as it can."""
        line = self.fontMetrics().lineSpacing()
        self.note.setFixedHeight(line * 2 + 16)
        self.chapter.setMinimumHeight(line * 6)
        for box in (self.yours, self.suggested):
            document = box.document()
            document.setTextWidth(max(box.viewport().width(), 100))
            lines = max(1, min(4, round(document.size().height() / max(line, 1))))
            box.setFixedHeight(lines * line + 2 * box.frameWidth() + 12)

    # Reading the book ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the suggestions again, staying on the one shown (or where it was)."""
        current = self.current.thread.id if self.current else None
        book = self.context.opened.book
        self.found = suggestions_for(book, self.context.threads(), self.context.person)
        ids = [s.thread.id for s in self.found]
        self.index = ids.index(current) if current in ids else min(self.index,
                                                                   max(len(ids) - 1, 0))
        self._shown_chapter = None
        self.show_current()

    def count(self) -> int:
        return sum(1 for s in self.found if s.waiting)

    @property
    def current(self) -> Suggestion | None:
        return self.found[self.index] if 0 <= self.index < len(self.found) else None

    # Showing one --------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if not self.found:
            return
        self.index = max(0, min(index, len(self.found) - 1))
        self.show_current()
        self.context.announce(self.where.text())

    def show_current(self) -> None:
        suggestion = self.current
        for widget in (self.yours, self.suggested, self.why, self.note, self.use, self.keep,
                       self.talk, self.undo, self.previous, self.next, self.in_place,
                       self.chapter):
            widget.setVisible(suggestion is not None)
        if suggestion is None:
            self.where.setText("There are no suggested changes to your words. When someone "
                               "suggests a change, it will be here for you to decide.")
            return
        book = self.context.opened.book
        thread = suggestion.thread
        self.where.setText(f"Suggestion {self.index + 1} of {len(self.found)}, in "
                           f"“{suggestion.chapter.title}”: {suggestion.state}.")
        old, new = thread.anchor.quote, thread.proposed or ""
        self.yours.setHtml(_marked(old, new, "removed"))  # as it was, when the new are used
        self.suggested.setHtml(_marked(old, new, "added") if new.strip() else
                               "<p>(Take these words out.)</p>")
        self._fit()
        when = moment(thread.started_when)
        said = [f"{book.name_of(thread.started_by)} suggested this"
                f"{' on ' + day_words(when) if when else ''}: {thread.messages[0].text}"]
        said += [f"{book.name_of(m.by)}: {m.text}" for m in thread.messages[1:]]
        self.why.setText("\n".join(said))
        waiting = suggestion.waiting
        self.use.setEnabled(suggestion.usable)
        self.keep.setEnabled(waiting)
        self.talk.setEnabled(waiting)
        self.undo.setEnabled(not waiting or thread.decision is not None)
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < len(self.found) - 1)
        self._show_chapter()

    def _show_chapter(self) -> None:
        """The chapter, drawn again only when it or the choice to show the new words changed:
        moving between suggestions of one chapter only moves the mark."""
        suggestion = self.current
        if suggestion is None:
            return
        chapter = suggestion.chapter
        with_new = self.in_place.isChecked() and suggestion.usable
        place = suggestion.place
        body, start, end = with_suggestion(chapter, suggestion) if with_new else \
            (chapter.body, place.start, place.end) if place else (chapter.body, 0, 0)
        key = (chapter.id, body, with_new)
        if key != self._shown_chapter or self._readable is None:
            self._readable = readable(body)
            self.chapter.setPlainText(self._readable.text)
            self._shown_chapter = key
        if end > start:
            shown_start, shown_end = self._readable.shown(start, end)
            self._mark(shown_start, shown_end)
        else:
            self.chapter.setExtraSelections([])

    def _mark(self, start: int, end: int) -> None:
        """Underline the words and give them a background: not colour alone."""
        cursor = QTextCursor(self.chapter.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        look = QTextCharFormat()
        look.setFontUnderline(True)
        look.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        look.setBackground(QColor("#fff3b0"))
        look.setForeground(QColor("black"))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format = look  # type: ignore[attr-defined]
        self.chapter.setExtraSelections([selection])
        place = QTextCursor(self.chapter.document())
        place.setPosition(start)
        self.chapter.setTextCursor(place)
        self.chapter.ensureCursorVisible()

    # Choosing -----------------------------------------------------------------------------------
    def choose(self, choice: Choice) -> None:
        suggestion = self.current
        if suggestion is None:
            return
        context, number, words = self.context, self.index + 1, self.note.toPlainText()
        thread_id = suggestion.thread.id

        def done(_: object) -> None:
            self.note.clear()
            context.changed()
            self._move_on(thread_id)
            left = self.count()
            more = f" {left} still waiting." if left else " You have decided every suggestion."
            context.announce(f"Suggestion {number} of {len(self.found)}: {_DONE[choice]}."
                             f"{more}")

        context.run("Saving your choice…",
                    lambda: decide(context.opened, thread_id, choice, context.acting, words),
                    done)

    def take_back(self) -> None:
        suggestion = self.current
        if suggestion is None:
            return
        context, number, thread_id = self.context, self.index + 1, suggestion.thread.id

        def done(_: object) -> None:
            context.changed()
            context.announce(f"Suggestion {number} of {len(self.found)}: your choice is taken "
                             "back. It waits for you again.")

        context.run("Taking back your choice…",
                    lambda: take_back(context.opened, thread_id, context.acting), done)

    def _move_on(self, decided: str) -> None:
        """After a choice: the next suggestion still waiting after this one (or before it, at
        the end); stay here when none waits."""
        ids = [s.thread.id for s in self.found]
        here = ids.index(decided) if decided in ids else self.index
        later = [i for i, s in enumerate(self.found) if s.waiting and i > here]
        earlier = [i for i, s in enumerate(self.found) if s.waiting and i < here]
        self.index = (later or earlier or [here])[0]
        self.show_current()
        self.use.setFocus() if self.use.isEnabled() else self.next.setFocus()

    def reading(self) -> tuple[str, QTextEdit | None, str]:
        """The suggestion (which one, both sentences and why), unless the person has gone
        into the chapter below: then the chapter, its words marked as they are spoken (or,
        when they chose some words there, those words)."""
        suggestion = self.current
        if suggestion is None:
            return self.where.text(), None, "this page"
        if self.chapter.hasFocus() or self.chapter.textCursor().hasSelection():
            return self.chapter.toPlainText(), self.chapter, "the chapter"
        words = (f"{self.where.text()} Your words now: {suggestion.thread.anchor.quote} "
                 f"The suggested words: {suggestion.thread.proposed or 'take these words out'}."
                 f" {self.why.text()}")
        return words, None, "the suggestion"

    # Parts --------------------------------------------------------------------------------------
    def _words_box(self, name: str) -> QTextBrowser:
        box = QTextBrowser()
        box.setAccessibleName(name)
        box.setAccessibleDescription("Words taken out are struck through; words put in are "
                                     "underlined and in bold.")
        return box

def _label(text: str, buddy: QTextBrowser) -> QLabel:
    label = QLabel(f"<b>{escape(text)}</b>")
    label.setBuddy(buddy)
    return label


def _marked(old: str, new: str, side: str) -> str:
    """One side of a change as rich text, with its own spacing: on the old side the words
    taken out are struck through; on the new side the words put in are underlined and bold."""
    old_tokens, new_tokens = _WORDS.findall(old), _WORDS.findall(new)
    mine = old_tokens if side == "removed" else new_tokens
    html = []
    matcher = SequenceMatcher(None, [t.strip() for t in old_tokens],
                              [t.strip() for t in new_tokens], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        start, end = (i1, i2) if side == "removed" else (j1, j2)
        text = escape("".join(mine[start:end]))
        if tag == "equal" or not text.strip():
            html.append(text)
        else:
            html.append(f"<s>{text}</s>" if side == "removed" else f"<u><b>{text}</b></u>")
    return f"<p>{''.join(html)}</p>"
