"""Entry points the command line calls: run the app, or render a page to a PNG."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from microbiz.compliance.policies import reminders
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.business import get_business
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import AlreadyOpen
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.paths import database_path
from microbiz.hours.schedules import plan_all
from microbiz.workforce.membership import outbox
from ui.common import messages
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.main_window import PAGES
from ui.main_window import MainWindow
from ui.settings.first_run_dialog import FirstRunDialog

APP_NAME = "Microbiz"
SETTLE_ROUNDS = 5


def run_gui(folder: Path) -> int:
    """Run the app on the data folder until its window closes; the exit code."""
    _application()
    try:
        lock = hold_instance_lock(folder)
    except AlreadyOpen as problem:
        messages.warn(None, "Microbiz is already open", str(problem))
        return 1
    try:
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


def _run_with_database(folder: Path) -> int:
    open_database(database_path(folder))
    try:
        plan_all()
        if get_business() is None and not FirstRunDialog.ask(None):
            return 0
        window = MainWindow(folder)
        window.show()
        window.show_reminders(reminders())
        _send_waiting_returns()
        code = QApplication.exec()
        _back_up(folder)
        return code
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
    return app


def _render_offscreen_without_display() -> None:
    """Use Qt's offscreen platform on a Linux machine with no display (CI, a server)."""
    if QApplication.instance() is not None or "QT_QPA_PLATFORM" in os.environ:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
