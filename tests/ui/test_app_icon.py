"""Microbiz's icon: on every window, in each size it is drawn at."""

from __future__ import annotations

from microbiz.foundations.business import start_business
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.paths import database_path
from ui.app import ICON_SIZES
from ui.app import app_icon
from ui.app import take_screenshot


def test_the_icon_has_a_picture_for_each_size(qapp):
    icon = app_icon()
    assert sorted((size.width(), size.height()) for size in icon.availableSizes()) == [
        (size, size) for size in ICON_SIZES
    ]
    assert not icon.pixmap(16, 16).isNull()


def test_the_app_sets_the_icon_on_its_windows(qapp, data_dir, tmp_path):
    open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Sam Carter")
    close_database()
    take_screenshot(data_dir, tmp_path / "home.png", "home", (900, 600))
    assert qapp.windowIcon().availableSizes() == app_icon().availableSizes()
    assert qapp.desktopFileName() == "microbiz"
