"""The sample business in a folder of its own, beside the user's, never mixed with it."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.demo.sample_folder import make_sample_folder
from microbiz.foundations import db as database
from microbiz.foundations import models
from microbiz.foundations.business import get_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.models import Client
from microbiz.foundations.paths import SAMPLE_MARKER
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import is_sample_folder
from microbiz.foundations.paths import own_dir
from microbiz.foundations.paths import sample_dir

TODAY = date(2026, 6, 1)


def clients_in(folder):
    """How many clients the folder's database holds, read with plain SQLite."""
    connection = sqlite3.connect(database_path(folder))
    try:
        return connection.execute("SELECT count(*) FROM client").fetchone()[0]
    finally:
        connection.close()


def test_the_sample_folder_is_beside_the_data_folder(tmp_path):
    own = tmp_path / "Microbiz"
    sample = sample_dir(own)
    assert sample == tmp_path / "Microbiz-sample"
    assert not is_sample_folder(sample)  # not until it holds the marker
    sample.mkdir()
    (sample / SAMPLE_MARKER).write_text("sample")
    assert is_sample_folder(sample)
    assert own_dir(sample) == own
    assert own_dir(own) == own


def test_a_marker_alone_does_not_make_a_sample_folder(tmp_path):
    folder = tmp_path / "Microbiz"
    folder.mkdir()
    (folder / SAMPLE_MARKER).write_text("sample")
    assert not is_sample_folder(folder)
    assert own_dir(folder) == folder


def test_the_sample_is_made_beside_and_the_open_database_is_untouched(db, data_dir):
    before = models.database.obj
    sample = make_sample_folder(data_dir, today=TODAY, years=0)
    assert sample == sample_dir(data_dir)
    assert is_sample_folder(sample)
    assert models.database.obj is before  # your own database is still the one in use
    assert get_business() is None
    assert Client.select().count() == 0
    assert not any(path.is_dir() for path in data_dir.iterdir())  # no sample, no backups
    assert not (data_dir / SAMPLE_MARKER).exists()
    assert clients_in(sample) == 8


def test_the_sample_is_made_afresh_each_time(tmp_path):
    own = tmp_path / "Microbiz"
    sample = make_sample_folder(own, today=TODAY, years=0)
    database.open_database(database_path(sample))
    save_client(ClientForm(name="Someone Added"))
    database.close_database()
    assert clients_in(sample) == 9
    assert make_sample_folder(own, today=TODAY, years=0) == sample
    assert clients_in(sample) == 8
    assert not own.exists()


def test_a_folder_that_is_not_the_sample_is_never_cleared(tmp_path):
    own = tmp_path / "Microbiz"
    theirs = sample_dir(own)
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="not Microbiz's sample business"):
        make_sample_folder(own, today=TODAY, years=0)
    assert [path.name for path in theirs.iterdir()] == ["notes.txt"]


def test_a_failed_sample_leaves_no_folder(tmp_path):
    with pytest.raises(UserError, match="1 to 200 clients"):
        make_sample_folder(tmp_path / "Microbiz", today=TODAY, clients=0)
    assert not sample_dir(tmp_path / "Microbiz").exists()


def test_the_demo_command_without_a_data_dir_makes_the_sample(data_dir, capsys):
    assert main(["demo", "--years", "0"]) == 0
    sample = sample_dir(data_dir)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Made the demo business Kind Hands Care with 8 clients in {sample}.",
        f"Open it with: microbiz --data-dir {sample}",
    ]
    assert is_sample_folder(sample)
    assert not database_path(data_dir).exists()
    assert main(["demo", "--years", "0", "--clients", "3"]) == 0  # made again, not refused
    assert clients_in(sample) == 3


def test_the_demo_command_waits_for_the_window_to_close(data_dir, capsys):
    lock = hold_instance_lock(data_dir)
    try:
        assert main(["demo", "--years", "0"]) == 1
    finally:
        lock.release()
    assert "Microbiz is open: close its window" in capsys.readouterr().err
    assert not sample_dir(data_dir).exists()


def test_the_demo_command_with_a_data_dir_fills_that_folder_unmarked(tmp_path, capsys):
    folder = tmp_path / "bench"
    assert main(["--data-dir", str(folder), "demo", "--years", "0"]) == 0
    assert capsys.readouterr().out == (
        f"Made the demo business Kind Hands Care with 8 clients in {folder}.\n"
    )
    assert clients_in(folder) == 8
    assert not is_sample_folder(folder)
    assert not sample_dir(folder).exists()
