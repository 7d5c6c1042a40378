"""run_gui and take_screenshot, the two entry points the command line calls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations import models
from microbiz.foundations.business import start_business
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path
from ui.app import run_gui
from ui.app import take_screenshot
from ui.main_window import MainWindow
from ui.settings.first_run_dialog import FirstRunDialog


@pytest.fixture
def folder(data_dir):
    """A data folder with a business and two clients; the database closed again."""
    open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Sam Carter")
    save_client(ClientForm(name="Margaret Brown", weekday_rate="19.50"))
    save_client(ClientForm(name="Arthur Patel", funding_route="direct_payment"))
    close_database()
    return data_dir


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "clients",
        "hours",
        "invoices",
        "expenses",
        "tax",
        "compliance",
        "checklist",
        "workforce",
        "settings",
    ],
)
def test_take_screenshot_writes_a_png_of_each_page(qapp, folder, tmp_path, page):
    out = tmp_path / f"{page}.png"
    take_screenshot(folder, out, page, (900, 600))
    image = QImage(str(out))
    assert out.stat().st_size > 5_000
    assert (image.width(), image.height()) == (900, 600)
    assert models.database.obj is None


def test_take_screenshot_refuses_an_unknown_page(qapp, folder, tmp_path):
    with pytest.raises(
        UserError,
        match="home, clients, hours, invoices, expenses, tax, compliance, checklist, workforce",
    ):
        take_screenshot(folder, tmp_path / "x.png", "reports")
    assert not (tmp_path / "x.png").exists()


def test_run_gui_refuses_a_second_copy(qapp, folder, answers):
    lock = hold_instance_lock(folder)
    try:
        assert run_gui(folder) == 1
    finally:
        lock.release()
    assert len(answers.warnings) == 1
    assert "already open" in answers.warnings[0]
    assert models.database.obj is None


def test_run_gui_backs_up_and_closes_after_the_window_closes(qapp, folder):
    def close_main_window():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(0, close_main_window)
    assert run_gui(folder) == 0
    assert len(list(backups_dir(folder).glob("*.sqlite"))) == 1
    assert models.database.obj is None
    hold_instance_lock(folder).release()


def test_run_gui_shows_what_needs_attention_without_a_box(qapp, folder):
    """Nothing is on record in `folder`, so the three expected items are reminded."""
    seen = []

    def look_then_close():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append((widget.notice.isVisible(), widget.notice.text.text()))
                widget.close()

    QTimer.singleShot(0, look_then_close)
    assert run_gui(folder) == 0
    ((visible, text),) = seen
    assert visible
    assert text.startswith("⚠ 3 things need attention: Public liability insurance not on record")
    assert QApplication.activeModalWidget() is None
    hold_instance_lock(folder).release()


def test_run_gui_quits_cleanly_when_first_run_is_cancelled(qapp, data_dir, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, folder, parent=None: None))
    assert run_gui(data_dir) == 0
    assert models.database.obj is None
    assert not (data_dir / "ui.ini").exists()
