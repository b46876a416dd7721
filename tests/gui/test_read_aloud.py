"""Read aloud, through Qt's own test voice ('mock', a real part of Qt that reports each word about
every 100 ms) and, where it can speak here, speech-dispatcher."""

from __future__ import annotations

import os
import re
import signal
import socket
import sys
from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit
from pytestqt.exceptions import TimeoutError as WaitedTooLong

from coauthor_desk.gui import read_aloud
from coauthor_desk.gui.read_aloud import ReadAloud, choose_engine, clear_word, mark_word

TEXT = "My name is Ann. I care for my dad."


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def test_words_are_reported_in_order_at_their_places_then_finished(qtbot) -> None:
    reader = ReadAloud(engine="mock")
    assert reader.available() is None
    assert reader.follows_words
    reached: list[tuple[int, int]] = []
    sentences: list[str] = []
    reader.word_reached.connect(lambda start, length: reached.append((start, length)))
    reader.said.connect(sentences.append)
    with qtbot.waitSignal(reader.finished, timeout=5000):
        assert reader.read(TEXT, "the chapter")
        assert reader.is_reading
    assert [TEXT[s:s + n] for s, n in reached] == _words(TEXT)
    assert [s for s, _ in reached] == sorted(s for s, _ in reached)
    assert sentences == ["Reading the chapter aloud."]
    assert not reader.is_reading


def test_positions_are_python_positions_after_an_emoji(qtbot) -> None:
    text = "Thanks 🙂 to everyone"
    reader = ReadAloud(engine="mock")
    reached: list[tuple[int, int]] = []
    reader.word_reached.connect(lambda start, length: reached.append((start, length)))
    with qtbot.waitSignal(reader.finished, timeout=5000):
        reader.read(text)
    assert [text[s:s + n] for s, n in reached] == ["Thanks", "to", "everyone"]


def test_stop_stops_at_once_and_says_so(qtbot) -> None:
    reader = ReadAloud(engine="mock")
    reached: list[tuple[int, int]] = []
    sentences: list[str] = []
    reader.word_reached.connect(lambda start, length: reached.append((start, length)))
    reader.said.connect(sentences.append)
    with qtbot.waitSignal(reader.word_reached, timeout=2000):
        reader.read(TEXT, "this sentence")
    with qtbot.waitSignal(reader.finished, timeout=1000):
        reader.stop()
    assert not reader.is_reading
    heard = len(reached)
    qtbot.wait(350)  # the test voice would have said three more words by now
    assert len(reached) == heard < len(_words(TEXT))
    assert sentences == ["Reading this sentence aloud.", "Stopped reading."]
    reader.stop()  # stopping again is harmless and says nothing more
    assert sentences[-1] == "Stopped reading." and len(sentences) == 2


def test_reading_again_replaces_what_was_being_read(qtbot) -> None:
    reader = ReadAloud(engine="mock")
    ends: list[bool] = []
    reached: list[tuple[int, int]] = []
    reader.finished.connect(lambda: ends.append(True))
    reader.read(TEXT)
    qtbot.wait(150)
    reader.word_reached.connect(lambda start, length: reached.append((start, length)))
    second = "Keep my words."
    reader.read(second)
    assert len(ends) == 1  # the first reading ended when the second began
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=5000)
    assert [second[s:s + n] for s, n in reached] == _words(second)
    assert len(ends) == 2


def test_nothing_to_read(qtbot) -> None:
    reader = ReadAloud(engine="mock")
    with qtbot.waitSignal(reader.said) as said:
        assert not reader.read("   ")
    assert said.args == ["There is nothing here to read aloud."]
    assert not reader.is_reading


def test_slower_speech_is_accepted_and_kept_in_bounds(qtbot) -> None:
    reader = ReadAloud(engine="mock")
    reader.set_rate(-5)
    reader.available()
    assert reader._speech is not None and reader._speech.rate() == -1.0
    reader.set_rate(-0.3)
    assert reader._speech.rate() == pytest.approx(-0.3)


@pytest.mark.parametrize("box_type", [QTextEdit, QPlainTextEdit])
def test_the_spoken_word_is_marked_in_view_and_cleared(qtbot, box_type) -> None:
    box = box_type()
    qtbot.addWidget(box)
    box.resize(300, 120)
    lines = [f"Line {n} of my story." for n in range(60)] + [TEXT]
    box.setPlainText("\n".join(lines))
    box.show()
    other = QTextEdit.ExtraSelection()  # someone else's mark stays
    other.cursor = box.textCursor()
    box.setExtraSelections([other])
    offset = box.toPlainText().index(TEXT)
    start = TEXT.index("Ann")

    mark_word(box, start, 3, offset=offset)

    marks = box.extraSelections()
    assert len(marks) == 2
    ours = marks[-1]
    assert ours.cursor.selectedText() == "Ann"
    assert ours.format.fontUnderline()  # not colour alone
    assert ours.format.background().color() == box.palette().highlight().color()
    place = box.cursorRect(ours.cursor)
    assert box.viewport().rect().contains(place.center())
    assert box.textCursor().position() == 0  # the person's own cursor did not move

    clear_word(box)
    assert len(box.extraSelections()) == 1


def test_the_mark_follows_reading_and_goes_at_the_end(qtbot) -> None:
    box = QTextEdit()
    qtbot.addWidget(box)
    box.setPlainText(TEXT)
    reader = ReadAloud(engine="mock")
    marked: list[str] = []

    def on_word(start: int, length: int) -> None:
        mark_word(box, start, length)
        marks = box.extraSelections()  # keep the list: its items live only as long as it does
        marked.append(marks[-1].cursor.selectedText())

    reader.word_reached.connect(on_word)
    reader.finished.connect(lambda: clear_word(box))
    with qtbot.waitSignal(reader.finished, timeout=5000):
        reader.read(box.toPlainText(), "the chapter")
    assert marked == _words(TEXT)
    assert box.extraSelections() == []


def test_no_speech_voice_gives_a_plain_sentence_and_no_crash(qtbot) -> None:
    reader = ReadAloud(engine="no-such-voice")
    reason = reader.available()
    assert reason is not None and reason.startswith("Reading aloud is not available")
    assert "engine" not in reason.lower() and "Error" not in reason
    with qtbot.waitSignal(reader.said) as said:
        assert reader.read(TEXT, "the chapter") is False
    assert said.args == [reason]
    assert not reader.is_reading and not reader.follows_words
    reader.stop()


def test_people_never_get_the_test_voice() -> None:
    assert choose_engine(["mock"]) is None
    assert choose_engine([]) is None
    assert choose_engine(["mock", "other"]) == "other"
    if sys.platform.startswith("linux"):
        assert choose_engine(["mock", "flite", "speechd"]) == "speechd"


def test_a_service_that_does_not_answer_is_reported_plainly(qtbot, monkeypatch, tmp_path) -> None:
    """A speech-dispatcher that takes the connection but never answers (as one stuck on a missing
    sound device does) must not freeze the window."""
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's speech-dispatcher voice is not installed here")
    path = tmp_path / "speechd.sock"
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(path))
    silent.listen(1)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    monkeypatch.setattr(read_aloud, "ANSWER_WAIT", 0.2)
    try:
        reader = ReadAloud(engine="speechd")
        assert reader.available() == read_aloud.NOT_ANSWERING
        with qtbot.waitSignal(reader.said) as said:
            assert reader.read(TEXT) is False
        assert said.args == [read_aloud.NOT_ANSWERING]
    finally:
        silent.close()


@pytest.fixture
def own_speech_service():
    """speech-dispatcher started by this test (in the tests' own per-user folder) is ended after
    it: one stuck on a missing sound device would otherwise outlive the run."""
    socket_path = read_aloud._speechd_socket()
    pid_file = socket_path.parent / "pid" / "speech-dispatcher.pid" if socket_path else None
    already = pid_file is not None and pid_file.exists()
    yield
    if pid_file is None or already or not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().strip())
        if b"speech-dispatcher" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)  # a stuck one ignores the polite signal
    except (OSError, ValueError):
        pass


def test_speech_dispatcher_reads_or_says_plainly_why_not(qtbot, own_speech_service) -> None:
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's speech-dispatcher voice is not installed here")
    if not read_aloud.speechd_answers(wait=3.0):
        pytest.skip("speech-dispatcher is running here but not answering (it hangs once it has "
                    "tried to speak with no sound device)")
    reader = ReadAloud(engine="speechd")
    sentences: list[str] = []
    reader.said.connect(sentences.append)
    reason = reader.available()
    if reason is not None:
        assert reason.startswith("Reading aloud is not available")
        return
    assert not reader.follows_words  # speech-dispatcher does not report word by word
    ended: list[bool] = []
    reader.finished.connect(lambda: ended.append(True))
    reader.read("Hello.", "a test")
    try:
        qtbot.waitUntil(lambda: bool(ended), timeout=1500)
    except WaitedTooLong:
        reader.stop()
        pytest.skip("speech-dispatcher took the text but did not finish: no sound device here")
    assert sentences[0] == "Reading a test aloud."
    assert all(s.startswith(("Reading", "Stopped")) for s in sentences)


def test_the_mark_lands_on_the_word_after_an_emoji(qtbot) -> None:
    """Qt counts an emoji as two places in a text box; word_reached counts it as one."""
    box = QTextEdit()
    qtbot.addWidget(box)
    box.setPlainText("Thanks 🙂 to everyone")
    start = box.toPlainText().index("everyone")
    mark_word(box, start, len("everyone"))
    marks = box.extraSelections()
    assert marks[-1].cursor.selectedText() == "everyone"
