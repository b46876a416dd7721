"""The chapter editor: plain Markdown text with gentle highlighting, the plain-language
suggestions underlined as you type (their reason shown on hover), a word count, and a recovery
copy kept a few seconds after the typing stops, so a crash never loses words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pygments.token import Generic, Keyword, Literal, Name, Token, _TokenType
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.manuscript.model import count_words

if TYPE_CHECKING:
    from coauthor_desk.checks.finding import Finding
    from coauthor_desk.checks.style import Style

RECOVERY_DELAY_MS = 3000  # keep a recovery copy this long after the typing stops
CHECK_DELAY_MS = 400  # check again this long after the typing stops


def _format(bold: bool = False, italic: bool = False, colour: str | None = None
            ) -> QTextCharFormat:
    made = QTextCharFormat()
    if bold:
        made.setFontWeight(QFont.Weight.Bold)
    if italic:
        made.setFontItalic(True)
    if colour:
        made.setForeground(QColor(colour))
    return made


# Highlighting never carries meaning alone: headings are also bold, emphasis also italic.
_STYLES: dict[_TokenType, QTextCharFormat] = {
    Generic.Heading: _format(bold=True, colour="#1f3a60"),
    Generic.Subheading: _format(bold=True, colour="#1f3a60"),
    Generic.Emph: _format(italic=True),
    Generic.Strong: _format(bold=True),
    Keyword: _format(colour="#6a3d9a"),
    Name.Tag: _format(colour="#6a3d9a"),
    Name.Label: _format(colour="#6a3d9a"),
    Literal.String.Backtick: _format(colour="#5a5a5a"),
    Name.Attribute: _format(colour="#5a5a5a"),
}


# Anything in a line that the highlighting colours: without any, Pygments is not asked.
MARKUP = re.compile(r"[#*_`\[\]<>{}]|::|^\s*(?:[-+=>]|\d+[.)])")


class MarkdownHighlighter(QSyntaxHighlighter):
    """Pygments' Markdown lexer, line by line, into the editor's formats."""

    def __init__(self, document: QTextDocument) -> None:
        from pygments.lexers.markup import MarkdownLexer  # loaded with the first chapter shown

        super().__init__(document)
        self._lexer = MarkdownLexer()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if not MARKUP.search(text):  # plain words: nothing to colour (and most lines are)
            return
        position = 0
        for kind, value in self._lexer.get_tokens(text):
            style = next((_STYLES[k] for k in _parents(kind) if k in _STYLES), None)
            if style is not None:
                self.setFormat(position, len(value), style)
            position += len(value)


def _parents(kind: _TokenType) -> list[_TokenType]:
    found = []
    while kind is not Token:
        found.append(kind)
        kind = kind.parent
    return found


class ChapterEditor(QPlainTextEdit):
    """Edits one chapter's words. `changed_words` says when the words differ from the saved
    ones; `keep_recovery` asks for a recovery copy once the typing has stopped a while."""

    changed_words = Signal(bool)
    counted = Signal(int)  # the number of words, after each change
    keep_recovery = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Chapter text")
        self.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
        self.highlighter: MarkdownHighlighter | None = None  # made with the first chapter
        self.style_of_book: Style | None = None
        self.findings: list[Finding] = []
        self.saved_words = ""
        self._check_timer = _timer(self, CHECK_DELAY_MS, self.check_aside)
        self._check_task: Task | None = None
        self._recovery_timer = _timer(self, RECOVERY_DELAY_MS, self._keep)
        self.textChanged.connect(self._typed)

    def show_words(self, words: str, style: Style | None, saved: str | None = None) -> None:
        """Show a chapter's words; `saved` is the saved text when `words` were recovered.
        Without a `style` (the book's house style cannot be read), nothing is underlined."""
        self.style_of_book = style
        if self.highlighter is None:
            self.highlighter = MarkdownHighlighter(self.document())
        self.saved_words = words if saved is None else saved
        self.blockSignals(True)
        self.setPlainText(words)
        self.blockSignals(False)
        self.document().clearUndoRedoStacks()
        self.setExtraSelections([])
        self.findings = []
        self.check_aside()
        self.changed_words.emit(self.has_changes)
        self.counted.emit(count_words(words))

    def show_saved(self, words: str, style: Style | None) -> None:
        """The chapter's saved words are now `words`; what is on screen stays as typed (and
        is checked again, in case the house style changed)."""
        self.saved_words = words
        if style != self.style_of_book:
            self.style_of_book = style
            self.check_aside()
        self.changed_words.emit(self.has_changes)

    @property
    def has_changes(self) -> bool:
        return self.toPlainText() != self.saved_words

    def _keep(self) -> None:
        self.keep_recovery.emit(self.toPlainText())

    def _typed(self) -> None:
        self._check_timer.start()
        self._recovery_timer.start()
        self.changed_words.emit(self.has_changes)

    def check_aside(self) -> None:
        """Check the words away from the window's thread (a long chapter takes a moment), and
        underline what might be plainer if the words are still the same when it is done."""
        if self._check_task is not None:
            self._check_timer.start()  # one check at a time: try again after this one
            return
        from coauthor_desk.checks.text_checks import check_words

        words, style = self.toPlainText(), self.style_of_book
        if style is None:
            self.counted.emit(count_words(words))
            return
        self._check_task = run_in_background(lambda: (words, check_words(words, style)),
                                             self._checked, self._not_checked)

    def _checked(self, result: tuple[str, list[Finding]]) -> None:
        self._check_task = None
        words, findings = result
        if words == self.toPlainText():
            self._underline(words, findings)

    def _not_checked(self, _error: Exception) -> None:
        self._check_task = None  # suggestions are a help, not a must: the text is untouched

    @property
    def checking(self) -> bool:
        return self._check_task is not None

    def check_now(self) -> None:
        """Check the words as they are, here and now, and underline what might be plainer."""
        from coauthor_desk.checks.text_checks import check_words

        words = self.toPlainText()
        if self.style_of_book is not None:
            self._underline(words, check_words(words, self.style_of_book))

    def _underline(self, words: str, findings: list[Finding]) -> None:
        self.findings = findings
        self.counted.emit(count_words(words))
        underline = QTextCharFormat()
        underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        underline.setUnderlineColor(QColor("#b35900"))
        marks = []
        for finding in self.findings:
            mark = QTextEdit.ExtraSelection()
            mark.format = underline
            mark.cursor = QTextCursor(self.document())
            mark.cursor.setPosition(finding.start)
            mark.cursor.setPosition(min(finding.end, len(words)),
                                    QTextCursor.MoveMode.KeepAnchor)
            marks.append(mark)
        self.setExtraSelections(marks)

    def finding_at(self, position: int) -> Finding | None:
        return next((f for f in self.findings if f.start <= position < f.end), None)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """On hover over underlined words, say what might help and why."""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            finding = self.finding_at(self.cursorForPosition(event.pos()).position())
            if finding is not None:
                QToolTip.showText(event.globalPos(), f"{finding.what} {finding.suggestion}\n"
                                  f"Why: {finding.why}", self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def _timer(owner: QObject, delay: int, then: Callable[[], None]) -> QTimer:
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(delay)
    timer.timeout.connect(then)
    return timer


