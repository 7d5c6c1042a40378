"""One way to run slow core work off the UI thread, with progress, result and error signals.

Core functions take a `progress(done, total)` callback and know nothing of Qt. Tests
call `Runner.run_now = True` (or use the `synchronous_runner` fixture) so jobs run at
once on the calling thread.

The database gives each thread its own SQLite connection; a job opens one for its
worker thread when it needs it and closes it when the work is done, so no connection
is left behind in the thread pool.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import QRunnable
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import Signal

from microbiz.foundations.crash_log import log_crash
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import database

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
        opened = _connect_this_thread()
        try:
            outcome = self.work(self.signals.progress.emit)
        except UserError as problem:
            self.signals.error.emit(str(problem))
        except Exception as problem:  # noqa: BLE001 - shown to the user, never lost
            self.signals.error.emit(_unexpected(problem))
        else:
            self.signals.result.emit(outcome)
        finally:
            if opened:
                database.close()
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


def _unexpected(problem: Exception) -> str:
    """One line for the user; the traceback goes to the crash log of the open data folder."""
    folder = Path(database.obj.database).parent if database.obj is not None else None
    log = log_crash(folder, sys.exc_info(), "in a background task")
    where = f" The details are in {log}." if log else ""
    return f"Something went wrong: {problem}.{where}"


def _connect_this_thread() -> bool:
    """Open this thread's database connection if it has none; True if this call opened it."""
    if database.obj is None or not database.is_closed():
        return False
    database.connect()
    return True
