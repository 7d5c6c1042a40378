"""The sample business opens in its own folder, says so, and can be left for your own."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from microbiz.demo.sample_folder import make_sample_folder
from microbiz.foundations import models
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import sample_dir
from ui.app import run_gui
from ui.common import messages
from ui.main_window import MainWindow
from ui.settings.first_run_dialog import FirstRunDialog

GIVE_UP_AFTER = 20_000  # turns of the event loop: only so that a broken test cannot hang


def rows_in(folder):
    """Each table of the folder's database that holds rows, but for the schema's version."""
    connection = sqlite3.connect(database_path(folder))
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        counts = {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in tables.fetchall()
        }
    finally:
        connection.close()
    return {name: count for name, count in counts.items() if count and name != "schema_version"}


def visible(kind):
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


class User:
    """Plays a user through run_gui: each first run's choice, in turn, and leaving the sample."""

    def __init__(self, choices):
        self.choices = list(choices)
        self.seen = []
        self.turns = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self.act)
        self.timer.start(0)

    def act(self):
        self.turns += 1
        window, dialog = visible(MainWindow), visible(FirstRunDialog)
        if window is not None:
            self.seen.append(("window", window.windowTitle(), window.sample_notice.isVisible()))
            window.sample_notice.leave_button.click()
        elif dialog is not None:
            self.seen.append(("first run", dialog.folder))
            choice = self.choices.pop(0)
            if choice == "sample":
                dialog.sample_button.click()
            else:
                dialog.reject()
        if not self.choices or self.turns > GIVE_UP_AFTER:
            self.timer.stop()


def test_exploring_the_sample_leaves_your_folder_untouched(qapp, data_dir):
    user = User(["sample", "close"])
    assert run_gui(data_dir) == 0
    assert user.seen == [
        ("first run", data_dir),
        ("window", "Microbiz — Sample business", True),
        ("first run", data_dir),
    ]
    assert rows_in(data_dir) == {}
    assert not (data_dir / "backups").exists()
    sample = sample_dir(data_dir)
    assert rows_in(sample)["business"] == 1
    assert not (sample / "backups").exists()  # made up: nothing worth a backup
    assert models.database.obj is None


def test_a_sample_opened_directly_is_left_for_your_own_folder(qapp, data_dir):
    sample = make_sample_folder(data_dir, today=date(2026, 11, 25), years=0)
    user = User(["close"])
    assert run_gui(sample) == 0
    assert user.seen == [
        ("window", "Microbiz — Sample business", True),
        ("first run", data_dir),
    ]
    assert rows_in(data_dir) == {}


@pytest.fixture
def sample_window(qtbot, tmp_path):
    sample = make_sample_folder(tmp_path / "Microbiz", today=date(2026, 11, 25), years=0)
    open_database(database_path(sample))
    window = MainWindow(sample)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    close_database()


def test_the_sample_says_so_in_words_not_only_the_title(sample_window):
    notice = sample_window.sample_notice
    assert sample_window.windowTitle() == "Microbiz — Sample business"
    assert notice.isVisible()
    assert notice.text.accessibleName().startswith("Sample business: the people")
    assert notice.accessibleName() == "Sample business"
    button = notice.leave_button
    assert button.text() == button.accessibleName() == "Leave the sample and start my own"
    assert button.focusPolicy() & button.focusPolicy().TabFocus


def test_leaving_is_put_off_while_settings_are_unsaved(sample_window, answers):
    sample_window.show_page("settings")
    page = sample_window.settings_page
    page.fields.widgets["trading_name"].setText("Changed Care")
    answers.save = messages.CANCEL
    sample_window.leave_sample()
    assert sample_window.isVisible()
    assert not sample_window.left_sample


def test_your_own_business_has_no_sample_line(qtbot, business, data_dir):
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Microbiz"
    assert not window.sample
    assert not hasattr(window, "sample_notice")
