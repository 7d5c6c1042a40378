"""Shared fixtures: one fixed clock, and a real SQLite database in a temporary data folder."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from microbiz.foundations import clock
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.paths import database_path

# Wednesday noon: every test sees this as "now", whatever the computer's clock says.
NOW = datetime(2026, 11, 25, 12, 0)


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory):
    """The user's cache folder (where bank holidays are kept) in a temporary folder, for
    every test and the processes they start."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["MICROBIZ_CACHE"] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The clock the core and the UI read; subprocesses inherit it through the environment."""
    monkeypatch.setenv(clock.VARIABLE, NOW.isoformat())
    return NOW


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty data folder, also set as MICROBIZ_HOME so nothing touches the real one."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("MICROBIZ_HOME", str(folder))
    return folder


@pytest.fixture
def db(data_dir):
    """The data folder's database, opened and bound, closed afterwards."""
    opened = database.open_database(database_path(data_dir))
    yield opened
    database.close_database()


@pytest.fixture
def business(db):
    """A business with all an invoice needs: address, postcode and bank details."""
    return save_business(
        BusinessForm(
            trading_name="Kind Hands Care",
            owner_name="Sam Carter",
            address="14 Moorland Avenue\nLeeds",
            postcode="LS6 1AL",
            bank_account_name="S Carter",
            bank_sort_code="60-16-13",
            bank_account_number="31926819",
        )
    )
