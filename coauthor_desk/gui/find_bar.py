"""Finding words in the chapter text: a bar above the text, with how many times the words are
there and which one is chosen, going round from the end back to the start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class FindBar(QWidget):
    """Hidden until asked for (Ctrl+F); Enter finds the next (F3 too; Shift+F3 the one
    before), and Escape goes back to the text."""

    def __init__(self, text: QPlainTextEdit) -> None:
        super().__init__()
        self.text = text
        self.setAccessibleName("Find in this chapter")
        self.words = QLineEdit()
        self.words.setAccessibleName("Words to find in this chapter")
        self.words.setPlaceholderText("Find in this chapter…")
        self.words.textChanged.connect(lambda: self.step(forward=True, from_start=True))
        self.words.returnPressed.connect(lambda: self.step(forward=True))
        self.found = QLabel("")
        self.found.setAccessibleName("How many times the words are found")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.words, 1)
        row.addWidget(self.found)
        for words, forward in (("Next", True), ("Before", False)):
            button = QPushButton(words)
            button.setAccessibleName(f"Find the {'next' if forward else 'one before'}")
            button.clicked.connect(lambda _=False, f=forward: self.step(forward=f))
            row.addWidget(button)
        close = QPushButton("Close")
        close.setAccessibleName("Close the find bar")
        close.clicked.connect(self.close_bar)
        row.addWidget(close)
        self.hide()

    def start(self) -> None:
        """Show the bar with the keyboard in it, starting from the words chosen in the text."""
        chosen = self.text.textCursor().selectedText()
        if chosen and "\u2029" not in chosen:
            self.words.setText(chosen)
        self.show()
        self.words.setFocus()
        self.words.selectAll()

    def step(self, forward: bool, from_start: bool = False) -> bool:
        """Choose the next (or previous) place the words are, going round at the end."""
        wanted = self.words.text()
        if not wanted:
            self.found.clear()
            return False
        if not self.isVisible():
            self.show()
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        document = self.text.document()
        cursor = self.text.textCursor()
        if from_start:
            cursor.setPosition(cursor.selectionStart())
        match = document.find(wanted, cursor, flags)
        if match.isNull():  # round from the other end
            match = document.find(wanted, 0 if forward else document.characterCount() - 1,
                                  flags)
        if match.isNull():
            self.found.setText("Not in this chapter")
            return False
        self.text.setTextCursor(match)
        self.text.ensureCursorVisible()
        self.found.setText(self._which(match, wanted))
        return True

    def _which(self, match: QTextCursor, wanted: str) -> str:
        """Which of the places is chosen, counted the way the finding itself goes."""
        document = self.text.document()
        places = []
        place = document.find(wanted, 0)
        while not place.isNull() and (not places or place.selectionStart() > places[-1]):
            places.append(place.selectionStart())
            place = document.find(wanted, place)
        number = places.index(match.selectionStart()) + 1 if match.selectionStart() in places \
            else 1
        return f"{number} of {len(places)}"

    def forget(self) -> None:
        """Another chapter is shown: what was found is no longer there to count."""
        self.found.clear()

    def close_bar(self) -> None:
        self.hide()
        self.text.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
