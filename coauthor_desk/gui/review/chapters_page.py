"""The person's own chapters: each one's words in large print and, above them, what changed
since they last looked, in plain sentences, with the changed sentences marked in the words.

Marks are an underline and a light background with dark words (so they read the same in high
contrast), and the sentences above say in words what changed, so colour is never the only
sign. "Next change" and "Previous change" go from one marked place to the next and say which
it is aloud ("Change 2 of 5: Reworded a sentence").

The first time a person opens a chapter here, there is no last look to compare with: the
page says so and shows the whole chapter with nothing marked (nothing records which version
they were sent before, and marking every sentence of a new chapter would help nobody).

A look is remembered only when the person presses "I have read this", not when a chapter is
merely opened: an older reader expects to say for themself that they have read something (a
chapter opened by a slip of the mouse, or while an editor shows them round, is not read), and
the next "what changed" must not quietly skip words they never saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
)

from coauthor_desk.changes.change import Change, ChangeReport
from coauthor_desk.changes.story import chapter_changes
from coauthor_desk.gui.flow_row import FlowRow
from coauthor_desk.gui.review.context import ReviewContext
from coauthor_desk.gui.review.page import Page
from coauthor_desk.gui.review.parts import ShortList, button, heading
from coauthor_desk.manuscript.model import Chapter
from coauthor_desk.problems import BookError
from coauthor_desk.review.last_look import LastLooks, read_looks, remember_look
from coauthor_desk.review.mine import my_chapters

CHAPTER_ROLE = Qt.ItemDataRole.UserRole
_BOX_START = re.compile(r"^:::+\s*\{?\s*\.?([\w-]+)?[^\n]*$", re.MULTILINE)
_BOX_AUTHOR = re.compile(r'author="([^"]+)"')
_FIRST_TIME = "You have not looked at this chapter here before. Here it is in full."


@dataclass(frozen=True)
class _Place:
    """A change that can be shown in the words: the change and where the mark is."""

    change: Change
    start: int
    end: int


class ChaptersPage(Page):
    """The list of the person's chapters, and the chosen one's words and changes."""

    title = "Your chapters"

    def __init__(self, context: ReviewContext) -> None:
        super().__init__(context)
        self.looks = LastLooks(context.person, {})
        self.report: ChangeReport | None = None
        self.places: list[_Place] = []
        self.changes: list[Change] = []
        self.at = -1
        self._shown: tuple[str, str | None] | None = None  # (chapter, since) now on screen

        title = heading(f"Your chapters, {escape(context.first_name)}", "Your chapters")
        self.chapters = ShortList(most=3)
        self.chapters.setAccessibleName("Your chapters")
        self.chapters.setAccessibleDescription("Choose a chapter to read it and see what "
                                               "changed since you last looked.")
        self.chapters.currentRowChanged.connect(lambda _row: self.show_chapter())
        self.changed_words = QLabel(" ")
        self.changed_words.setAccessibleName("What changed since you last looked")
        self.changed_words.setWordWrap(True)
        self.changed_words.setTextFormat(Qt.TextFormat.RichText)
        self.changed_words.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard |
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words = QTextBrowser()
        self.words.setReadOnly(True)
        self.words.setOpenLinks(False)
        self.words.setTabChangesFocus(True)
        self.words.setAccessibleName("The words of your chapter")
        self.words.setAccessibleDescription("Changed sentences are underlined. Use Next change "
                                            "to go to each one.")
        self.previous_button = button("Previous change", "Go back to the change before",
                                            lambda: self.go_to_change(self.at - 1))
        self.next_button = button("Next change", "Go to the next changed place in the "
                                        "words, and hear what changed",
                                        lambda: self.go_to_change(self.at + 1))
        self.read_button = button("I have read this", "Remember that you have read this "
                                        "chapter as it is now. Next time you will see only "
                                        "what changed after this.", self.mark_read)

        # One column, top to bottom as Tab goes: the list of chapters (usually one) above the
        # words, so the words have the whole width, and buttons that wrap on a small screen.
        buttons = FlowRow(self.previous_button, self.next_button, self.read_button)
        whole = QVBoxLayout(self)
        whole.addWidget(title)
        whole.addWidget(self.chapters)
        whole.addWidget(self.changed_words)
        whole.addWidget(self.words, 1)
        whole.addLayout(buttons)
        self._fit()
        self.setTabOrder(self.chapters, self.words)
        self.setTabOrder(self.words, self.previous_button)
        self.setTabOrder(self.previous_button, self.next_button)
        self.setTabOrder(self.next_button, self.read_button)
        self.setFocusProxy(self.chapters)
        self._set_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # larger text: the words keep six lines
            self._fit()
        super().changeEvent(event)

    def _fit(self) -> None:
        """The words are what this part is for: never fewer than six lines of them."""
        line = self.words.fontMetrics().lineSpacing()
        self.words.setMinimumHeight(6 * line + 2 * self.words.frameWidth() +
                                    2 * int(self.words.document().documentMargin()))

    # The list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reads only the book as loaded and one small file: the history is read later, away
        from the window's thread, for the chosen chapter alone."""
        try:
            self.looks = read_looks(self.context.opened.book, self.context.person)
        except BookError as error:
            self.looks = LastLooks(self.context.person, {})
            self.context.announce(error.plain())
        chosen = self.chapter()
        mine = my_chapters(self.context.opened.book, self.context.person)
        self.chapters.blockSignals(True)
        self.chapters.clear()
        for chapter in mine:
            item = QListWidgetItem(self._item_words(chapter))
            item.setData(CHAPTER_ROLE, chapter.id)
            self.chapters.addItem(item)
        ids = [chapter.id for chapter in mine]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        self.chapters.setCurrentRow(row if ids else -1)
        self.chapters.blockSignals(False)
        if not ids:
            self.changed_words.setText("You have no chapters in this book yet.")
            self.words.clear()
            self._shown = None
            self._set_buttons()
            return
        self.show_chapter()

    def _item_words(self, chapter: Chapter) -> str:
        new = "" if self.looks.of(chapter.id) else " – not read here yet"
        return (f"{chapter.title}\n{chapter.status.label}, "
                f"{chapter.words:,} words{new}")

    def count(self) -> int:
        """Chapters the person has not read here yet."""
        return sum(1 for row in range(self.chapters.count())
                   if not self.looks.of(self.chapters.item(row).data(CHAPTER_ROLE)))

    def chapter(self) -> Chapter | None:
        item = self.chapters.currentItem()
        if item is None:
            return None
        return self.context.opened.book.chapters.get(item.data(CHAPTER_ROLE))

    # One chapter ---------------------------------------------------------------------------------
    def show_chapter(self) -> None:
        chapter = self.chapter()
        if chapter is None:
            return
        look = self.looks.of(chapter.id)
        since = look.version if look else None
        if self._shown == (chapter.id, since):
            return  # already on screen; the history need not be read again
        self._shown = (chapter.id, since)
        self._show_words(chapter)
        self.report, self.places, self.changes, self.at = None, [], [], -1
        self._set_buttons()
        if look is None:
            self.changed_words.setText(f"<h3>What changed since you last looked</h3>"
                                       f"<p>{_FIRST_TIME}</p>")
            return
        self.changed_words.setText("<h3>What changed since you last looked</h3>"
                                   "<p>Looking for what changed…</p>")
        opened, chapter_id = self.context.opened, chapter.id

        def work() -> ChangeReport | BookError:
            try:
                return chapter_changes(opened, chapter_id, since=since)
            except BookError as error:  # e.g. that version is not in this copy's history
                return error

        self.context.run(f"Looking for what changed in “{chapter.title}”…", work,
                         lambda found: self._show_report(chapter_id, since, found))

    def _show_words(self, chapter: Chapter) -> None:
        # The box's own document keeps the box's font (the window's size, as it changes).
        self.words.document().setMarkdown(_readable(chapter.body,
                                                    self.context.opened.book.name_of))
        self.words.moveCursor(QTextCursor.MoveOperation.Start)

    def _show_report(self, chapter_id: str, since: str | None,
                     found: ChangeReport | BookError) -> None:
        if self._shown != (chapter_id, since):
            return  # the person has moved on to another chapter meanwhile
        if isinstance(found, BookError):
            self.changed_words.setText("<h3>What changed since you last looked</h3><p>"
                                       f"{_escape(_FIRST_TIME)}</p><p>(The version you last "
                                       "read is not in this copy of the book.)</p>")
            return
        self.report = found
        self.changes = list(found.changes)
        self.places = self._mark(self.changes)
        sentences = "".join(f"<p>{_escape(line)}</p>" for line in found.summary)
        if not self.changes:
            sentences += "<p>There is nothing new to read.</p>"
        else:
            listed = "".join(f"<li>{_escape(change.label)}{_quoted(change)}</li>"
                             for change in self.changes)
            marked = len(self.places)
            sentences += (f"<ul>{listed}</ul><p>{_places_words(marked)} Press "
                          "<b>Next change</b> to go to each one.</p>" if marked else
                          f"<ul>{listed}</ul>")
        self.changed_words.setText(f"<h3>What changed since you last looked</h3>{sentences}")
        self._set_buttons()
        if self.changes:  # "nothing new" is only shown: it may follow "Saved: you have read"
            title = self.context.opened.book.chapters[chapter_id].title
            count = len(self.changes)
            self.context.announce(f"“{title}”: {count} change{'s' if count != 1 else ''} "
                                  "since you last looked.")

    def _mark(self, changes: list[Change]) -> list[_Place]:
        """Underline each changed sentence in the words shown, with a light background; the
        places found, in reading order."""
        document = self.words.document()
        mark = QTextCharFormat()
        mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        mark.setFontUnderline(True)
        mark.setBackground(QColor("#fff1a8"))
        mark.setForeground(QColor("black"))
        places: list[_Place] = []
        for change in changes:
            start = end = -1
            cursor = QTextCursor(document)
            for sentence in change.new:
                found = _find(document, sentence, cursor)
                if found is None:
                    continue
                found.mergeCharFormat(mark)
                start = found.selectionStart() if start < 0 else start
                end = max(end, found.selectionEnd())
                cursor = QTextCursor(found)
            if start >= 0:
                places.append(_Place(change, start, end))
        return sorted(places, key=lambda place: place.start)

    # Moving between changes ----------------------------------------------------------------------
    def go_to_change(self, index: int) -> None:
        if not self.places:
            self.context.announce("There are no changed places to go to.")
            return
        self.at = max(0, min(len(self.places) - 1, index))
        place = self.places[self.at]
        cursor = QTextCursor(self.words.document())
        cursor.setPosition(place.start)
        cursor.setPosition(place.end, QTextCursor.MoveMode.KeepAnchor)
        self.words.setTextCursor(cursor)
        self.words.ensureCursorVisible()
        self._set_buttons()
        now = " ".join(place.change.new)
        self.context.announce(f"Change {self.at + 1} of {len(self.places)}: "
                              f"{place.change.label}. It now reads: {now}")

    def _set_buttons(self) -> None:
        self.next_button.setEnabled(bool(self.places) and self.at < len(self.places) - 1)
        self.previous_button.setEnabled(bool(self.places) and self.at > 0)
        self.read_button.setEnabled(self.chapter() is not None)

    # Having read it ------------------------------------------------------------------------------
    def mark_read(self) -> None:
        chapter = self.chapter()
        if chapter is None:
            return
        context = self.context
        book = context.opened.book

        def signer(said: str) -> tuple:
            return context.acting.identity(book), context.acting.said(book, said)

        def done(look: object) -> None:
            if look is None:
                context.announce(f"“{chapter.title}” has no saved version yet, so there is "
                                 "nothing to remember.")
                return
            context.changed()
            self.refresh()  # at once, also where the window does not refresh every page
            context.announce(f"Saved: you have read “{chapter.title}”. Next time you will see "
                             "only what changed after this.")

        context.run(f"Remembering that you have read “{chapter.title}”…",
                    lambda: remember_look(context.opened, context.person, chapter.id, signer),
                    done)

    def reading(self) -> tuple[str, QTextEdit | None, str]:
        return self.words.toPlainText(), self.words, "the chapter"


def _readable(body: str, name_of: object) -> str:
    """The chapter's Markdown with its boxes' fence lines turned into plain headings (a box
    opened with ':::' says whose it is; the closing ':::' goes)."""
    def line(match: re.Match[str]) -> str:
        kind = match.group(1)
        if not kind:
            return ""
        author = _BOX_AUTHOR.search(match.group(0))
        words = kind.replace("-", " ").capitalize()
        if author and callable(name_of):
            words += f" by {name_of(author.group(1))}"
        return f"**{words}**\n"
    return _BOX_START.sub(line, body)


def _find(document: QTextDocument, sentence: str, after: QTextCursor) -> QTextCursor | None:
    """The sentence in the words shown (or, when Markdown marks inside it change its letters,
    its first few words)."""
    wanted = " ".join(sentence.split())
    for attempt in (wanted, wanted[:60], wanted[:25]):
        if not attempt.strip():
            continue
        found = document.find(attempt, after)
        if found.isNull():
            found = document.find(attempt)
        if not found.isNull():
            if attempt is not wanted:  # mark to the end of the sentence's paragraph at most
                block_end = found.block().position() + found.block().length() - 1
                end = min(block_end, found.selectionStart() + len(wanted))
                found.setPosition(found.selectionStart())
                found.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            return found
    return None


def _places_words(count: int) -> str:
    return ("One place is underlined in your chapter." if count == 1 else
            f"{count} places are underlined in your chapter.")


def _quoted(change: Change) -> str:
    if change.new:
        return f": “{_escape(_short(' '.join(change.new)))}”"
    if change.old:
        return f" (it read “{_escape(_short(' '.join(change.old)))}”)"
    return ""


def _short(words: str, most: int = 140) -> str:
    words = " ".join(words.split())
    return words if len(words) <= most else words[:most - 1].rstrip() + "…"


def _escape(words: str) -> str:
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
