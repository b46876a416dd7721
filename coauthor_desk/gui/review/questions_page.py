"""The questions and comments meant for the person, one at a time, with a box to answer in.

Each shows who asked and when, the words of their chapter it is about, and what has been
said so far. Answering saves a version at once under the person's own name (or, when an
editor sits with them, under the editor's, saying so), then the next question comes up.
Questions already answered stay in the same list after those waiting, each starting with
"Answered:"; they can still be replied to but not changed otherwise. One list, not two, so Tab
goes straight from the list to the words (a second list would take the place on screen as Tab
passes through it). Words typed in the reply box are kept for each question while the person
looks at another: nothing they write is lost by moving about. Suggested changes to their words
are a page of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
)

from coauthor_desk.comments.actions import reply, resolve
from coauthor_desk.comments.model import Thread, ThreadKind
from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import ShortList, button, heading
from coauthor_desk.manuscript.fields import day_words, moment
from coauthor_desk.review.mine import questions_for

THREAD_ROLE = Qt.ItemDataRole.UserRole


class QuestionsPage(Page):
    """Open questions and comments for the person, and the answered ones below."""

    title = "Questions and comments"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.waiting: list[Thread] = []
        self.answered: list[Thread] = []
        self._chosen: str | None = None  # the id of the thread on screen
        self._drafts: dict[str, str] = {}  # words typed but not sent, by thread

        title = heading(f"Questions and comments for you, {escape(context.first_name)}",
                        "Questions and comments for you")
        self.list_label = QLabel(" ")
        self.list_label.setWordWrap(True)
        self.threads_list = ShortList(most=3)
        self.threads_list.setAccessibleName("Questions and comments for you")
        self.threads_list.setAccessibleDescription(
            "Those waiting for your answer come first. Then those already answered, each "
            "starting with the word Answered. You can read them, and still reply.")
        self.threads_list.setWordWrap(True)
        self.threads_list.currentItemChanged.connect(self._chose)
        self.list_label.setBuddy(self.threads_list)
        self.thread_view = QTextBrowser()
        self.thread_view.setReadOnly(True)
        self.thread_view.setOpenLinks(False)
        self.thread_view.setTabChangesFocus(True)
        self.thread_view.setAccessibleName("The question and what has been said so far")
        self.reply_label = QLabel("Your reply:")
        self.reply_box = QPlainTextEdit()
        self.reply_box.setTabChangesFocus(True)
        self.reply_box.setAccessibleName("Your reply")
        self.reply_box.setAccessibleDescription("Write your answer here, then press Send "
                                                "reply. Take as long as you like.")
        self.reply_label.setBuddy(self.reply_box)
        self.reply_box.textChanged.connect(self._set_buttons)
        self.send_button = button("Send reply", "Save your reply. Everyone working on "
                                        "the book can then read it.", self.send_reply)
        self.answered_button = button("Mark as answered", "Say that this question needs "
                                            "nothing more. It moves to Answered.",
                                            self.mark_answered)

        # One column, in the order Tab goes: the list (a few rows) above the question, so
        # the question and the reply have the whole width; buttons wrap on a small screen.
        whole = QVBoxLayout(self)
        whole.addWidget(title)
        whole.addWidget(self.list_label)
        whole.addWidget(self.threads_list)
        whole.addWidget(self.thread_view, 3)
        whole.addWidget(self.reply_label)
        whole.addWidget(self.reply_box, 1)
        whole.addLayout(FlowRow(self.send_button, self.answered_button))
        self._fit()
        order = [self.threads_list, self.thread_view, self.reply_box, self.send_button,
                 self.answered_button]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.threads_list)
        self._set_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def _fit(self) -> None:
        """Room for four lines of the question and three of the reply, whatever the size."""
        line = self.fontMetrics().lineSpacing()
        self.thread_view.setMinimumHeight(4 * line + 16)
        self.reply_box.setMinimumHeight(3 * line + 16)

    # Showing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The threads as the context read them (once per change): no history is read."""
        self.waiting, self.answered = questions_for(self.context.threads(), self.context.person)
        chosen = self._chosen
        shown = self.threads_list
        shown.blockSignals(True)
        shown.clear()
        for thread in [*self.waiting, *self.answered]:
            item = QListWidgetItem(self._item_words(thread))
            item.setData(THREAD_ROLE, thread.id)
            shown.addItem(item)
        shown.blockSignals(False)
        self.list_label.setText(f"{len(self.waiting)} waiting for your answer, "
                                f"{len(self.answered)} answered")
        if not self.select(chosen):
            self.select(self.waiting[0].id if self.waiting else
                        self.answered[0].id if self.answered else None)

    def count(self) -> int:
        return len(self.waiting)

    def select(self, thread_id: str | None) -> bool:
        """Show the thread with this id; False when it is not on this page."""
        shown = self.threads_list
        for row in range(shown.count()):
            if shown.item(row).data(THREAD_ROLE) == thread_id:
                shown.blockSignals(True)
                shown.setCurrentRow(row)
                shown.blockSignals(False)
                self._show(self.thread(thread_id))
                return True
        if thread_id is None:
            self._show(None)
        return False

    def thread(self, thread_id: str | None) -> Thread | None:
        return next((t for t in [*self.waiting, *self.answered] if t.id == thread_id), None)

    def current(self) -> Thread | None:
        return self.thread(self._chosen)

    def _chose(self, item: QListWidgetItem | None, _before: QListWidgetItem | None) -> None:
        if item is not None:
            self.select(item.data(THREAD_ROLE))

    def _item_words(self, thread: Thread) -> str:
        asked = "asked" if thread.kind is ThreadKind.QUESTION else "said"
        first = " ".join(thread.messages[0].text.split())
        first = first if len(first) <= 80 else first[:79].rstrip() + "…"
        done = "" if thread.is_open else "Answered: "
        return f"{done}{self._first(thread.started_by)} {asked}: {first}"

    def _show(self, thread: Thread | None) -> None:
        if thread is None or thread.id != self._chosen:
            if self._chosen is not None:
                self._drafts[self._chosen] = self.reply_box.toPlainText()
            self.reply_box.setPlainText(self._drafts.get(thread.id, "") if thread else "")
        self._chosen = thread.id if thread else None
        if thread is None:
            self.thread_view.setHtml("<p>There are no questions or comments for you. "
                                     "Nothing is waiting.</p>")
            self._set_buttons()
            return
        self.thread_view.setHtml(self._thread_html(thread))
        self._set_buttons()

    def _thread_html(self, thread: Thread) -> str:
        book = self.context.opened.book
        chapter = book.chapters.get(thread.chapter)
        title = chapter.title if chapter else thread.chapter
        verb = ("asked you a question" if thread.kind is ThreadKind.QUESTION
                else "left you a comment")
        state = ("<p><b>Waiting for your answer.</b></p>" if thread.is_open else
                 f"<p><b>Answered</b>{self._closed_words(thread)}.</p>")
        parts = [f"<h3>{_escape(book.name_of(thread.started_by))} {verb} on "
                 f"{self._day(thread.started_when)}</h3>", state,
                 f"<p>It is about these words in “{_escape(title)}”:</p>",
                 f"<blockquote>“{_escape(' '.join(thread.anchor.quote.split()))}”</blockquote>",
                 "<h3>What has been said</h3>"]
        for message in thread.messages:
            who = "You" if message.by == self.context.person else book.name_of(message.by)
            parts.append(f"<p><b>{_escape(who)}</b>, {self._day(message.when)}:</p>"
                         f"<p>{_escape(message.text).replace(chr(10), '<br>')}</p>")
        return "".join(parts)

    def _closed_words(self, thread: Thread) -> str:
        if not thread.resolved_by:
            return ""
        who = ("you" if thread.resolved_by == self.context.person else
               self.context.opened.book.name_of(thread.resolved_by))
        when = f" on {self._day(thread.resolved_when)}" if thread.resolved_when else ""
        return f" (marked by {_escape(who)}{when})"

    def _set_buttons(self) -> None:
        thread = self.current()
        self.reply_box.setEnabled(thread is not None)
        self.send_button.setEnabled(thread is not None and
                                    bool(self.reply_box.toPlainText().strip()))
        self.answered_button.setEnabled(thread is not None and thread.is_open)

    # Answering -----------------------------------------------------------------------------------
    def _signer(self) -> Callable[[str], tuple]:
        context, book = self.context, self.context.opened.book
        return lambda said: (context.acting.identity(book), context.acting.said(book, said))

    def send_reply(self) -> None:
        thread = self.current()
        words = self.reply_box.toPlainText()
        if thread is None:
            return
        if not words.strip():
            self.context.announce("Your reply is empty. Write what you want to say first.")
            return
        following = self._following(thread)
        context, signer = self.context, self._signer()
        whose = f"{self._first(thread.started_by)}'s {thread.kind.words}"

        def done(_saved: Thread) -> None:
            self._drafts.pop(thread.id, None)
            if self._chosen == thread.id:
                self.reply_box.clear()
            context.changed()
            self.refresh()
            self.select(following or thread.id)
            context.announce(f"Your reply to {whose} is saved.")

        context.run(f"Saving your reply to {whose}…",
                    lambda: reply(context.opened, thread, context.person, words, signer=signer),
                    done)

    def mark_answered(self) -> None:
        thread = self.current()
        if thread is None or not thread.is_open:
            return
        following = self._following(thread)
        context, signer = self.context, self._signer()
        whose = f"{self._first(thread.started_by)}'s {thread.kind.words}"

        def done(_saved: Thread) -> None:
            context.changed()
            self.refresh()
            self.select(following or (self.waiting[0].id if self.waiting else thread.id))
            context.announce(f"{whose[:1].upper()}{whose[1:]} is marked as answered.")

        context.run(f"Marking {whose} as answered…",
                    lambda: resolve(context.opened, thread, context.person, signer=signer),
                    done)

    def _following(self, thread: Thread) -> str | None:
        """The question to show after this one: the next one waiting, if any."""
        ids = [t.id for t in self.waiting]
        if thread.id in ids:
            place = ids.index(thread.id)
            rest = ids[place + 1:] or ids[:place]
            return rest[0] if rest else None
        return None

    def reading(self) -> tuple[str, QTextEdit | None, str]:
        return self.thread_view.toPlainText(), self.thread_view, "the question"

    # Words ---------------------------------------------------------------------------------------
    def _first(self, person: str) -> str:
        name = self.context.opened.book.name_of(person)
        return name.split()[0] if name.split() else person

    @staticmethod
    def _day(when: str | None) -> str:
        found = moment(when)
        return day_words(found) if found else (when or "")


def _escape(words: str) -> str:
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
