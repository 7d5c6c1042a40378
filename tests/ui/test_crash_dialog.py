"""While the window runs: an unexpected error is logged and told calmly; SIGTERM closes cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox

from microbiz.foundations.business import start_business
from microbiz.foundations.crash_log import LOG_NAME
from microbiz.foundations.crash_log import logs_dir
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path
from ui.app import OPEN_LOGS
from ui.app import reporting_crashes

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook is what is tested


def fail():
    raise RuntimeError("a sum that should never be negative was")


class FailingJob(QRunnable):
    def run(self):
        raise RuntimeError("the worker tripped")


def boxes_shown(answer):
    """Answer each crash message with `answer(box)` as it opens; the texts seen."""
    seen = []

    def look():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            answer(box)
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
    return seen


def click(label):
    return lambda box: next(b for b in box.buttons() if b.text() == label).click()


def log_text(folder):
    """The crash log so far ("" before the first error)."""
    log = logs_dir(folder) / LOG_NAME
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_an_error_in_the_window_is_logged_and_told_calmly(qtbot, data_dir, opened):
    log = logs_dir(data_dir) / LOG_NAME
    with reporting_crashes(data_dir):
        seen = boxes_shown(click(OPEN_LOGS))
        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: bool(opened))
    assert seen == [
        "Something went wrong that Microbiz did not expect. Your data is safe; "
        f"details were written to {log}."
    ]
    assert opened == [logs_dir(data_dir)]
    assert "Traceback" in log_text(data_dir)
    assert "RuntimeError: a sum that should never be negative was" in log_text(data_dir)


def test_an_error_on_a_worker_thread_is_told_on_the_window_s_thread(qtbot, data_dir, opened):
    with reporting_crashes(data_dir):
        seen = boxes_shown(lambda box: box.button(QMessageBox.StandardButton.Close).click())
        job = FailingJob()
        QThreadPool.globalInstance().start(job)
        qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None)
    assert len(seen) == 1
    assert "Unexpected error in thread" in log_text(data_dir)
    assert "RuntimeError: the worker tripped" in log_text(data_dir)
    assert opened == []


def test_a_second_error_while_the_message_is_open_is_only_logged(qtbot, data_dir):
    def second_error_then_close(box):
        QTimer.singleShot(0, fail)  # raised inside the first message's own event loop
        QTimer.singleShot(0, box.button(QMessageBox.StandardButton.Close).click)

    with reporting_crashes(data_dir):
        seen = boxes_shown(second_error_then_close)
        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: log_text(data_dir).count("Traceback") == 2)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert len(seen) == 1


def test_a_message_that_cannot_be_shown_is_logged_and_nothing_more(
    qtbot, data_dir, monkeypatch, capfd
):
    def broken_exec(box):
        raise RuntimeError("no screen to show it on")

    monkeypatch.setattr(QMessageBox, "exec", broken_exec)
    with reporting_crashes(data_dir):
        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: "no screen to show it on" in log_text(data_dir))
    assert "while showing the crash message" in log_text(data_dir)
    assert "a sum that should never be negative was" in log_text(data_dir)
    assert "Traceback" not in capfd.readouterr().err


def test_the_hook_is_put_back_afterwards(data_dir):
    before = sys.excepthook
    with reporting_crashes(data_dir) as reporter:
        assert sys.excepthook == reporter.excepthook
    assert sys.excepthook is before


def catches(pid, number):
    """True once process `pid` has a handler for signal `number` (Linux's /proc says)."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (number - 1)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to know when")
def test_sigterm_closes_the_window_cleanly_with_a_backup(data_dir):
    open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Sam Carter")
    close_database()
    app = subprocess.Popen(
        [sys.executable, "-m", "microbiz", "--data-dir", str(data_dir)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not catches(app.pid, signal.SIGTERM) and time.monotonic() < deadline:
            time.sleep(0.05)
        app.send_signal(signal.SIGTERM)
        err = app.communicate(timeout=10)[1]
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    assert len(list(backups_dir(data_dir).glob("*.sqlite"))) == 1
