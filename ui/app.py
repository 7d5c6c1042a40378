"""Entry points the command line calls: run the app, or render a page to a PNG."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox

from microbiz.foundations import sqlite_only  # noqa: F401  (first: peewee without PostgreSQL)

# isort: split
from microbiz.compliance.policies import reminders
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.business import get_business
from microbiz.foundations.crash_log import log_crash
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import AlreadyOpen
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import own_dir
from microbiz.foundations.paths import resource
from microbiz.hours.schedules import plan_all
from microbiz.workforce.membership import outbox
from ui.common import desktop
from ui.common import messages
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.main_window import PAGES
from ui.main_window import MainWindow
from ui.settings.passphrase_dialog import unlock_at_start

APP_NAME = "Microbiz"
SETTLE_ROUNDS = 5
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
SIGNAL_CHECK_MILLISECONDS = 200
OPEN_LOGS = "Open the logs folder"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def run_gui(folder: Path) -> int:
    """Run the app on the data folder until its window closes; the exit code."""
    _application()
    with reporting_crashes(folder), closing_on_stop_signals():
        try:
            lock = hold_instance_lock(own_dir(folder))  # one lock for your folder and its sample
        except AlreadyOpen as problem:
            messages.warn(None, "Microbiz is already open", str(problem))
            return 1
        try:
            if not unlock_at_start(folder):  # encrypted data, and no right passphrase given
                return 1
            return _run_with_database(folder)
        finally:
            lock.release()


def take_screenshot(
    folder: Path, out: Path, page: str = "clients", size: tuple[int, int] = (1100, 720)
) -> None:
    """Render the main window on `page` to a PNG at `out`, without showing it on screen."""
    if page not in PAGES:
        raise UserError(f"There is no page called '{page}'. Pages: {', '.join(PAGES)}.")
    _render_offscreen_without_display()
    app = _application()
    open_database(database_path(folder))
    try:
        window = _window_for_screenshot(folder, page, size)
        for _ in range(SETTLE_ROUNDS):  # pages lay out again once their data is in
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(out))
        window.hide()
        window.deleteLater()
    finally:
        close_database()
    if not saved:
        raise UserError(f"Could not save the screenshot to {out}.")


class CrashReporter(QObject):
    """Logs an error nobody expected and tells the user calmly, one box at a time.

    The hook may run on a worker thread; the box is always shown on the GUI thread.
    """

    logged = Signal(object)  # the log file's Path, or None if none could be written

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._telling = False
        self.logged.connect(self.tell)

    def excepthook(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """sys.excepthook while the window runs."""
        thread = threading.current_thread()
        context = "" if thread is threading.main_thread() else f"in thread {thread.name}"
        self.logged.emit(log_crash(self.folder, (kind, error, trace), context))

    def tell(self, log: Path | None) -> None:
        if self._telling:  # a box is open already; the log has this error too
            return
        self._telling = True
        try:
            _tell_crash(log)
        except Exception:  # the box itself failed: log that, and carry on without it
            log_crash(self.folder, sys.exc_info(), "while showing the crash message")
        finally:
            self._telling = False


@contextmanager
def reporting_crashes(folder: Path) -> Iterator[CrashReporter]:
    """While the block runs, unexpected errors go to the crash log and a calm message."""
    reporter = CrashReporter(folder)
    previous = sys.excepthook
    sys.excepthook = reporter.excepthook
    try:
        yield reporter
    finally:
        sys.excepthook = previous


@contextmanager
def closing_on_stop_signals() -> Iterator[None]:
    """While the block runs, SIGTERM or Ctrl+C closes the windows as Quit does (with the backup).

    Python runs a signal handler only when it has control, and Qt's event loop is not Python,
    so a timer hands it control every SIGNAL_CHECK_MILLISECONDS.
    """
    previous = {number: signal.signal(number, _close_windows_soon) for number in STOP_SIGNALS}
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(SIGNAL_CHECK_MILLISECONDS)
    try:
        yield
    finally:
        tick.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)


def _close_windows_soon(number: int, frame: object) -> None:
    """Close every window from the event loop, so each closes as if the user had closed it."""
    QTimer.singleShot(0, QApplication.closeAllWindows)


def _tell_crash(log: Path | None) -> None:
    """The calm message about an unexpected error, with a way to the log."""
    where = f"details were written to {log}" if log else "the details could not be written down"
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Something went wrong",
        f"Something went wrong that Microbiz did not expect. Your data is safe; {where}.",
        parent=QApplication.activeWindow(),
    )
    open_logs = box.addButton(OPEN_LOGS, QMessageBox.ButtonRole.ActionRole) if log else None
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
    box.exec()
    if open_logs is not None and box.clickedButton() is open_logs:
        desktop.open_path(log.parent)


def _run_with_database(folder: Path) -> int:
    """The window on `folder`, or on the sample business chosen at the first run.

    Leaving the sample closes its window and starts the first run again for your own folder.
    """
    while True:
        shown = _after_first_run(folder)
        if shown is None:
            return 0
        code, left_sample = _run_window(shown)
        if not left_sample:
            return code
        folder = own_dir(shown)


def _after_first_run(folder: Path) -> Path | None:
    """`folder` if it has a business, else the folder the first run chose; None if closed."""
    open_database(database_path(folder))
    try:
        if get_business() is not None:
            return folder
        from ui.settings.first_run_dialog import FirstRunDialog  # only on a first run

        return FirstRunDialog.ask(folder)
    finally:
        close_database()


def _run_window(folder: Path) -> tuple[int, bool]:
    """The window on `folder` until it closes: the exit code, and whether the sample was left.

    Your own data is backed up as the window closes; the sample is not.
    """
    open_database(database_path(folder))
    try:
        plan_all()
        window = MainWindow(folder)
        window.show()
        window.show_reminders(reminders())
        if not window.sample:
            _send_waiting_returns()
        code = QApplication.exec()
        window.deleteLater()
        if not window.sample:
            _back_up(folder)
        return code, window.left_sample
    finally:
        close_database()


def _send_waiting_returns() -> None:
    """Workforce returns left in the outbox are tried again in the background at start-up."""
    if outbox():
        from microbiz.workforce.sending import send_outbox  # the HTTP library, only if needed

        Runner.start(Job(lambda progress: send_outbox()))


def _back_up(folder: Path) -> None:
    try:
        automatic_backup(folder)
    except OSError as problem:
        messages.warn(
            None, "Backup not made", f"Microbiz could not make its backup copy: {problem}"
        )


def _window_for_screenshot(folder: Path, page: str, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(folder)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show_page(page)
    window.show()
    return window


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("microbiz")  # the .desktop file, so Linux desktops show its icon
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """Microbiz's icon, in each size it is drawn at."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource("icons", f"microbiz-{size}.png")))
    return icon


def _render_offscreen_without_display() -> None:
    """Use Qt's offscreen platform on a Linux machine with no display (CI, a server)."""
    if QApplication.instance() is not None or "QT_QPA_PLATFORM" in os.environ:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
