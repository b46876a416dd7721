"""Run slow work (opening a book, and later exporting) away from the window's own thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from coauthor_desk.problems import BookError

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    said = Signal(str)  # a plain sentence about the work under way (such as waiting)


class Task(QRunnable):
    """One piece of work for the thread pool; reports back through Qt signals."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except BookError as error:
            self._report(self.signals.failed, error)
        except Exception as error:  # shown to the person plainly; the details go to the log
            log.exception("Unexpected error in background work")
            self._report(self.signals.failed, error)
        else:
            self._report(self.signals.finished, result)

    @staticmethod
    def _report(signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window closed while the work went on: nobody to tell
            log.info("background work finished after its window closed")


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[Exception], None]) -> Task:
    """Start `work` on the shared thread pool and call back on the window's thread."""
    task = Task(work)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(task)
    return task
