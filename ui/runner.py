"""One way to run slow core work off the UI thread, with progress, result and error signals.

Core functions take a `progress(done, total)` callback and know nothing of Qt. Tests
call `Runner.run_now = True` (or use the `synchronous_runner` fixture) so jobs run at
once on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import QRunnable
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import Signal

from microbiz.errors import UserError

Progress = Callable[[int, int], None]


class JobSignals(QObject):
    progress = Signal(int, int)
    result = Signal(object)
    error = Signal(str)
    finished = Signal()


class Job(QRunnable):
    """`work(progress)` run once; a UserError's message (or a plain one) goes to `error`."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            outcome = self.work(self.signals.progress.emit)
        except UserError as problem:
            self.signals.error.emit(str(problem))
        except Exception as problem:  # noqa: BLE001 - shown to the user, never lost
            self.signals.error.emit(f"Something went wrong: {problem}")
        else:
            self.signals.result.emit(outcome)
        finally:
            self.signals.finished.emit()


class Runner:
    """Starts jobs on the global thread pool (or at once, for tests)."""

    run_now = False

    @classmethod
    def start(cls, job: Job) -> Job:
        if cls.run_now:
            job.setAutoDelete(False)
            job.run()
        else:
            QThreadPool.globalInstance().start(job)
        return job
