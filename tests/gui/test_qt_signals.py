"""Qt itself: sending a signal must not lose Python references.

PySide6 6.12.0 drops a reference to True on every `emit`, so after a few hundred signals
(progress while exporting, who wrote what) Python frees True and the app crashes. pyproject.toml
leaves that version out; this test catches it, or a later version with the same fault.
"""

import sys

from PySide6.QtCore import QObject, QThreadPool, Signal


class _Sender(QObject):
    progress = Signal(str, int, int)


def test_sending_signals_keeps_every_reference(qapp):
    QThreadPool.globalInstance().waitForDone()  # no work left from other tests counts too
    sender = _Sender()
    sender.progress.connect(lambda *_: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for step in range(200):
        sender.progress.emit("Making the PDF", step, 200)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before, \
        "this PySide6 loses references when signals are sent: install another version"
