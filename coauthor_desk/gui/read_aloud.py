"""Read aloud for the review window: the chapter, a sentence or a suggestion, with the word being
spoken marked on screen where the computer's speech voice says which word it is on.

Some contributors follow text better by ear, or by ear and eye together, so this is part of the
calm review mode (DESIGN.md section 10). It speaks through Qt's QTextToSpeech: speech-dispatcher on
Linux, the computer's own voices on Windows and macOS. Anything that goes wrong becomes one plain
sentence through ``said``; nothing here raises into the window.

Measured on Debian 12 with Qt 6.11: making the speech-dispatcher voice takes 1.2-1.6 s (Qt starts
the service if need be and lists its ~1,500 voices), so it is made only when first needed; our own
check that the service answers adds about 0.3 s when it is already running, nothing when it is not.
speech-dispatcher does not report word by word (``follows_words`` is False); Qt's test voice does.
With no sound device, speech-dispatcher takes the text, never finishes, and then stops answering the
next program that asks for its voices: Qt would wait for that answer forever and freeze the window,
so before making that voice we ask the service ourselves, with a time limit.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

log = logging.getLogger(__name__)

# Qt's own test voice: fine for tests, never offered to people.
TEST_VOICE = "mock"
# Voices to prefer, best first, on each kind of computer.
PREFERRED = {"linux": ("speechd", "flite"), "win32": ("sapi", "winrt"), "darwin": ("darwin",)}
# How long speech-dispatcher may take to list its voices before we call it not answering (seconds).
ANSWER_WAIT = 5.0

NO_VOICE = ("Reading aloud is not available on this computer: no speech voice is installed.")
NO_VOICE_LINUX = NO_VOICE + " On Debian or Ubuntu, install speech-dispatcher."
NOT_ANSWERING = ("Reading aloud is not available just now: the computer's speech service is not "
                 "answering. Restarting the computer usually puts this right.")
NOT_STARTED = ("Reading aloud is not available on this computer: the speech voice could not be "
               "started.")
WENT_WRONG = "Reading aloud stopped: the speech voice had a problem."
NOTHING_TO_READ = "There is nothing here to read aloud."
STOPPED = "Stopped reading."

# Marks our own highlight among a text box's extra selections, so others' marks are left alone.
_OUR_MARK = int(QTextFormat.Property.UserProperty) + 471


def _speechd_socket() -> Path | None:
    """Where speech-dispatcher listens on this computer, as its own client library looks for it;
    None when it listens on a network port, which we leave to Qt."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address:
        kind, _, rest = address.partition(":")
        return Path(rest) if kind == "unix_socket" and rest else None
    runtime = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or str(Path.home() / ".cache")
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


def speechd_answers(wait: float | None = None) -> bool:
    """Whether speech-dispatcher lists its voices within ``wait`` seconds (``ANSWER_WAIT`` unless
    given): the request Qt makes first and would wait on forever. True when it is not running at
    all: Qt then starts it."""
    wait = ANSWER_WAIT if wait is None else wait
    path = _speechd_socket()
    if path is None or not path.exists() or not hasattr(socket, "AF_UNIX"):
        return True
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(wait)
    try:
        try:
            sock.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return True  # a socket left behind by a service that has ended; Qt starts a new one
        sock.sendall(b"SET SELF CLIENT_NAME coauthor:desk:probe\r\nLIST SYNTHESIS_VOICES\r\n")
        received = b""
        while b"OK VOICE LIST SENT" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                return False
            received += chunk
            if b"\r\n4" in received or b"\r\n5" in received:
                return True  # it answered, if only to refuse; Qt will report that plainly
        sock.sendall(b"QUIT\r\n")
        return True
    except OSError as error:
        log.warning("speech-dispatcher did not answer in %.1f s: %s", wait, error)
        return False
    finally:
        sock.close()


def choose_engine(available: list[str]) -> str | None:
    """The speech voice system to use for people on this computer: never Qt's test voice."""
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    real = [name for name in available if name != TEST_VOICE]
    for name in PREFERRED.get(platform, ()):
        if name in real:
            return name
    return real[0] if real else None


class ReadAloud(QObject):
    """Speaks text and says, as it goes, which characters of that text are being spoken.

    Signals:
      word_reached(start, length): the word text[start:start + length] of the text given to
        ``read`` is being spoken (only where the speech voice reports words; see ``follows_words``).
      finished(): reading ended, by itself, by ``stop`` or by a problem; once per ``read``.
      said(sentence): a plain sentence for the window to show and announce.
    """

    word_reached = Signal(int, int)
    finished = Signal()
    said = Signal(str)

    def __init__(self, parent: QObject | None = None, engine: str | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._speech: QTextToSpeech | None = None
        self._problem: str | None = None
        self._reading = False
        self._seen_speaking = False
        self._rate = 0.0
        self._python_index: list[int] | None = None  # Qt's UTF-16 positions -> Python positions

    # ----- the speech voice, made when first needed

    def _ensure(self) -> QTextToSpeech | None:
        """Make the speech voice once (it can take a second or more); None with ``_problem`` set
        when there is none to use."""
        if self._speech is not None or self._problem is not None:
            return self._speech
        on_linux = sys.platform.startswith("linux")
        try:
            installed = list(QTextToSpeech.availableEngines())
        except Exception:  # a broken Qt install must not take the window down
            log.exception("could not list speech voices")
            installed = []
        name = self._engine_name if self._engine_name is not None else choose_engine(installed)
        if name is None or name not in installed:
            log.info("no speech voice %r among %s", name, installed)
            self._problem = NO_VOICE_LINUX if on_linux else NO_VOICE
            return None
        if name == "speechd" and not speechd_answers():
            self._problem = NOT_ANSWERING
            return None
        speech = QTextToSpeech(name, self)
        if speech.state() == QTextToSpeech.State.Error:
            log.warning("speech voice %s did not start: %s", name, speech.errorString())
            speech.deleteLater()
            self._problem = NOT_STARTED
            return None
        speech.setRate(self._rate)
        speech.stateChanged.connect(self._on_state)
        speech.sayingWord.connect(self._on_word)
        speech.errorOccurred.connect(self._on_error)
        self._speech = speech
        return speech

    def available(self) -> str | None:
        """None when reading aloud can work here, else a plain sentence saying why not."""
        self._ensure()
        return self._problem

    @property
    def follows_words(self) -> bool:
        """Whether this speech voice says which word it is on (so the window can mark it)."""
        speech = self._ensure()
        return speech is not None and bool(
            speech.engineCapabilities() & QTextToSpeech.Capability.WordByWordProgress)

    @property
    def is_reading(self) -> bool:
        return self._reading

    def set_rate(self, rate: float) -> None:
        """How fast to speak, from -1.0 (slowest) through 0.0 (normal) to 1.0 (fastest):
        slower speech helps some people follow."""
        self._rate = max(-1.0, min(1.0, float(rate)))
        if self._speech is not None:
            self._speech.setRate(self._rate)

    # ----- reading and stopping

    def read(self, text: str, what: str = "") -> bool:
        """Start reading ``text`` aloud (anything already being read stops first); ``what`` names
        it for the spoken status, e.g. "the chapter". False, with a plain sentence, if it cannot."""
        if self._reading:
            self._finish(announce=None)
        speech = self._ensure()
        if speech is None:
            self.said.emit(self._problem or NOT_STARTED)
            return False
        if not text.strip():
            self.said.emit(NOTHING_TO_READ)
            return False
        if speech.state() != QTextToSpeech.State.Ready:
            speech.stop(QTextToSpeech.BoundaryHint.Immediate)
        self._python_index = _utf16_to_python(text)
        self._reading = True
        self._seen_speaking = False
        self.said.emit(f"Reading {what} aloud." if what else "Reading aloud.")
        speech.say(text)
        return True

    def stop(self) -> None:
        """Stop reading at once (safe to call at any time, e.g. when the window closes)."""
        self._finish(announce=STOPPED)

    def _finish(self, announce: str | None) -> None:
        """End the current reading once: quiet the voice, say why if asked, emit ``finished``."""
        if not self._reading:
            return
        self._reading = False  # first, so the voice's own "ready" that follows is not a 2nd end
        speech = self._speech
        if speech is not None and speech.state() not in (QTextToSpeech.State.Ready,
                                                          QTextToSpeech.State.Error):
            speech.stop(QTextToSpeech.BoundaryHint.Immediate)
        if announce:
            self.said.emit(announce)
        self.finished.emit()

    # ----- what the speech voice reports

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if not self._reading:
            return
        if state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
            self._seen_speaking = True
        elif state == QTextToSpeech.State.Ready and self._seen_speaking:
            self._finish(announce=None)

    def _on_word(self, word: str, _id: int, start: int, length: int) -> None:
        if not self._reading:
            return
        index = self._python_index
        if index is not None:  # the text has characters Qt counts twice (e.g. emoji)
            end = start + length
            start, end = index[min(start, len(index) - 1)], index[min(end, len(index) - 1)]
            length = end - start
        self.word_reached.emit(start, length)

    def _on_error(self, reason: QTextToSpeech.ErrorReason, message: str) -> None:
        log.warning("speech voice problem (%s): %s", reason, message)
        if self._reading:
            self._finish(announce=WENT_WRONG)
        else:
            self.said.emit(WENT_WRONG)


def _utf16_to_python(text: str) -> list[int] | None:
    """For text with characters outside the basic plane, the Python position of each of Qt's
    UTF-16 positions (and one past the end); None when the two count alike."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    index: list[int] = []
    for position, character in enumerate(text):
        index.extend([position] * (2 if ord(character) > 0xFFFF else 1))
    index.append(len(text))
    return index


# ----- marking the spoken word in a text box

TextBox = QTextEdit | QPlainTextEdit


def _document_position(box: TextBox, position: int) -> int:
    """Qt's position in the box's document for a Python position in ``box.toPlainText()``."""
    before = box.toPlainText()[:position]
    return position + sum(1 for c in before if ord(c) > 0xFFFF)


def mark_word(box: TextBox, start: int, length: int, offset: int = 0) -> None:
    """Mark the word being spoken in ``box`` and scroll it into view.

    ``start`` and ``length`` come from ``word_reached``; ``offset`` is where the text given to
    ``read`` begins in ``box.toPlainText()`` (0 for the whole chapter, the sentence's start for a
    sentence). The mark is a background *and* a thick underline, in the window's own highlight
    colours, so it shows in high contrast and to people who do not see colour; other marks in the
    box are kept."""
    first = _document_position(box, offset + start)
    last = _document_position(box, offset + start + length)
    cursor = QTextCursor(box.document())
    cursor.setPosition(first)
    cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
    palette = box.palette()
    look = QTextCharFormat()
    look.setBackground(palette.color(QPalette.ColorRole.Highlight))
    look.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
    look.setFontUnderline(True)
    look.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    look.setUnderlineColor(palette.color(QPalette.ColorRole.HighlightedText))
    look.setProperty(_OUR_MARK, True)
    mark = QTextEdit.ExtraSelection()
    mark.cursor = cursor
    mark.format = look
    box.setExtraSelections(_others(box) + [mark])
    _scroll_to(box, first)


def clear_word(box: TextBox) -> None:
    """Take away the spoken-word mark (on ``finished``), leaving other marks as they are."""
    box.setExtraSelections(_others(box))


def _others(box: TextBox) -> list[QTextEdit.ExtraSelection]:
    return [s for s in box.extraSelections() if not s.format.hasProperty(_OUR_MARK)]


def _scroll_to(box: TextBox, position: int) -> None:
    """Scroll so the word is in view, without moving the person's own cursor or selection."""
    cursor = QTextCursor(box.document())
    cursor.setPosition(position)
    place = box.cursorRect(cursor)
    view = box.viewport().rect()
    if view.top() <= place.top() and place.bottom() <= view.bottom():
        return
    bar = box.verticalScrollBar()
    if isinstance(box, QPlainTextEdit):  # its scroll bar counts paragraphs, not pixels
        bar.setValue(max(0, cursor.block().blockNumber() - 1))
    else:  # bring the word to about a third of the way down, so the next lines show too
        bar.setValue(bar.value() + place.top() - view.height() // 3)
