"""Where the main window goes and how its width is shared: the window fits the screen it opens
on, the chapter text always has at least 60 characters a line, and every tab can be reached.

On a narrow screen (or with large text) the comments move below the chapter text rather than
squeeze it; the lists of the book take what is left, never less than a useful width."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QWidget,
)

if TYPE_CHECKING:
    from coauthor_desk.gui.main_window import MainWindow

CHAPTER_CHARS = 60  # the fewest characters a line of chapter text ever has
COMFORTABLE_CHARS = 80  # more than this goes to the lists and comments instead
LIST_CHARS = 26  # the narrowest the book's lists are made, in characters


PROSE = ("This book began with a complaint: a letter from a woman whose mother had waited "
         "eleven weeks for help at home after a stroke, and who wanted it written down.")


def char_width(widget: QWidget) -> float:
    """The width of one character of ordinary prose in the widget's font (measured on an
    English sentence, spaces and capitals included, as a line of a chapter is)."""
    return QFontMetricsF(widget.font()).horizontalAdvance(PROSE) / len(PROSE)


def text_width(editor: QPlainTextEdit, chars: float) -> int:
    """The editor's outer width that gives `chars` characters a line."""
    extra = 2 * editor.frameWidth() + 2 * editor.document().documentMargin() + \
        editor.verticalScrollBar().sizeHint().width() + 4
    return int(chars * char_width(editor) + extra + 0.999)


def chars_across(editor: QPlainTextEdit) -> float:
    """How many average characters fit on one line of the editor as it is now."""
    return (editor.viewport().width() - 2 * editor.document().documentMargin()) / \
        char_width(editor)


def fit_tabs(tabs: QTabWidget) -> None:
    """Every tab stays in view: no scroll arrows; long names shorten with '…' if need be."""
    tabs.setUsesScrollButtons(False)
    tabs.setElideMode(Qt.TextElideMode.ElideRight)
    tabs.tabBar().setExpanding(False)
    for index in range(tabs.count()):  # a shortened name is there in full on pointing at it
        tabs.setTabToolTip(index, tabs.tabToolTip(index) or tabs.tabText(index).replace("&", ""))


def share_width(window: MainWindow, width: int) -> None:
    """Share `width` pixels between the book's lists, the chapter text and its comments. The
    lists and the chapter sit in one splitter, the text and its comments in another."""
    lists, editor, comments = window.lists_pane, window.reader.text, window.reader.comments
    outer, beside = lists.parentWidget(), editor.parentWidget()
    assert isinstance(outer, QSplitter) and isinstance(beside, QSplitter)
    for splitter in (outer, beside):
        splitter.setChildrenCollapsible(False)  # no pane is ever dragged or restored away
    editor.setMinimumWidth(text_width(editor, CHAPTER_CHARS))
    lists.setMinimumWidth(0)  # (measured afresh: the text size may have changed)
    window.lists_chooser.use(True)  # (the lists' least width without their row of tabs)
    need = text_width(editor, CHAPTER_CHARS + 2)
    comfortable = text_width(editor, COMFORTABLE_CHARS)
    lists_least = max(lists.minimumSizeHint().width(), int(LIST_CHARS * char_width(lists)))
    comments_least = max(comments.minimumSizeHint().width(), int(24 * char_width(comments)))
    handle = outer.handleWidth() + beside.handleWidth()
    spare = width - handle - lists_least - need - comments_least
    if spare >= 0:  # all three side by side
        beside.setOrientation(Qt.Orientation.Horizontal)
        text = min(comfortable, need + spare)  # the chapter first, up to 80 characters
        spare -= text - need
        lists_w, comments_w = lists_least + spare // 2, comments_least + spare - spare // 2
        tabs = window.lists_chooser.tabs_width() + 8  # the tabs in a row, if the comments
        if lists_w < tabs <= lists_w + comments_w - comments_least:  # can spare the room
            lists_w, comments_w = tabs, comments_w - (tabs - lists_w)
        outer.setSizes([lists_w, text + beside.handleWidth() + comments_w])
        beside.setSizes([text, comments_w])
    else:  # the comments go below the text, which keeps its full line; the lists take what
        beside.setOrientation(Qt.Orientation.Vertical)  # is left, or two fifths
        room = width - outer.handleWidth()
        reader_least = max(need, outer.widget(1).minimumSizeHint().width())
        lists_w = max(room - max(comfortable, reader_least),
                      min(room * 2 // 5, room - reader_least))
        lists_w = max(int(LIST_CHARS * char_width(lists)), min(lists_w, room - reader_least))
        if lists_w < lists_least:
            lists.setMinimumWidth(lists_w)
        outer.setSizes([lists_w, room - lists_w])
        beside.setSizes([700, 300])
    comments.fit_height()  # (only as tall as it needs, below the text)
    # Every tab in a row, with its whole name, or in their place a list of their names.
    window.lists_chooser.use(window.lists_chooser.tabs_width() + 8 > outer.sizes()[0])


def fit_to_screen(window: MainWindow, available: QRect) -> None:
    """Give the window the whole of `available` (a screen's area free of panels), its frame
    included (once it is shown and its frame is known). The width is shared out first, so
    no pane's old minimum holds the window wider than the screen."""
    window.setWindowState(Qt.WindowState.WindowNoState)
    frame = window.frameGeometry()
    inner = window.geometry()
    left, top = inner.left() - frame.left(), inner.top() - frame.top()
    right, bottom = frame.right() - inner.right(), frame.bottom() - inner.bottom()
    target = available.adjusted(left, top, -right, -bottom)
    reshare(window, target.width())
    window.lists_pane.parentWidget().updateGeometry()  # (the window's least size follows the
    for layout in (window.centralWidget().layout(), window.layout()):  # panes' new ones)
        layout.invalidate()
        layout.activate()
    window.setGeometry(target)


def inside(window: QMainWindow, available: QRect) -> bool:
    return available.contains(window.frameGeometry())


def settle(window: MainWindow, restored: bool, available: QRect | None = None) -> None:
    """Place a new window: on first start (nothing `restored`), or when a window kept from
    before would not fit its screen now, it takes the free area of its screen (or
    `available`); either way the width is shared anew, so a layout kept from an older, smaller
    window never hides a pane. Once the window is shown, its frame is pulled inside too.
    An `available` area given is kept to, from then on, as the window's screen."""
    if available is not None:
        window.screen_area = available

    def place(again: int) -> None:
        area = window.screen_area or window.screen().availableGeometry()
        if not restored or not inside(window, area):
            fit_to_screen(window, area)
        else:
            reshare(window)
        if again:  # (the frame is known once shown; the window's least size follows the
            # panes' new ones only once they are laid out, a turn or two later)
            QTimer.singleShot(0, window, lambda: place(again - 1))

    place(3)


def reshare(window: MainWindow, width: int | None = None) -> None:
    """Share the window's width (or `width`) anew: after it is placed, or the text size
    changes."""
    margins = window.centralWidget().layout().contentsMargins()
    share_width(window, (window.width() if width is None else width) - margins.left()
                - margins.right())
