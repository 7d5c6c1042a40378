import sqlite3
import subprocess
import sys

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations import db as database
from microbiz.foundations.audit_log import entries
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.backups import backup_database
from microbiz.foundations.backups import check_backup
from microbiz.foundations.backups import restore_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import AlreadyOpen
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.migrations import LATEST_VERSION
from microbiz.foundations.models import Client
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path


def client_names(path):
    conn = sqlite3.connect(path)
    names = [name for (name,) in conn.execute("SELECT name FROM client ORDER BY name")]
    conn.close()
    return names


def test_online_backup_copies_a_live_database(business, data_dir, tmp_path):
    save_client(ClientForm(name="Edna Shaw"))
    copy = backup_database(database_path(data_dir), tmp_path / "copy.sqlite")
    assert client_names(copy) == ["Edna Shaw"]
    assert check_backup(copy) == LATEST_VERSION


def test_automatic_backups_keep_the_newest_ten(business, data_dir):
    made = [automatic_backup(data_dir) for _ in range(12)]
    kept = sorted(backups_dir(data_dir).glob("microbiz-*.sqlite"))
    assert len(kept) == 10
    assert kept == sorted(made)[-10:]


def test_restore_replaces_the_data_and_keeps_the_current_one(business, data_dir, tmp_path):
    save_client(ClientForm(name="Edna Shaw"))
    saved = backup_database(database_path(data_dir), tmp_path / "saved.sqlite")
    save_client(ClientForm(name="Added later"))
    database.close_database()

    kept = restore_database(saved, data_dir)

    assert client_names(database_path(data_dir)) == ["Edna Shaw"]
    assert client_names(kept) == ["Added later", "Edna Shaw"]
    database.open_database(database_path(data_dir))
    assert [c.name for c in Client.select()] == ["Edna Shaw"]
    logged = [(e.action, e.description) for e in entries()]
    assert logged == [("client_added", "client 1"), ("restore", "from the backup saved.sqlite")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"just some text", "not a Microbiz database"),
        (b"", "not a Microbiz database"),
    ],
)
def test_restore_refuses_files_that_are_not_microbiz_databases(
    data_dir, tmp_path, content, problem
):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(UserError, match=problem):
        restore_database(bad, data_dir)
    assert not database_path(data_dir).exists()


def test_restore_refuses_another_sqlite_database(data_dir, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="not a Microbiz database"):
        restore_database(other, data_dir)


def test_restore_refuses_a_newer_schema(business, data_dir, tmp_path):
    newer = backup_database(database_path(data_dir), tmp_path / "newer.sqlite")
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version VALUES (?)", (LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer Microbiz"):
        restore_database(newer, data_dir)


def test_a_missing_file_is_named(data_dir, tmp_path):
    with pytest.raises(UserError, match="There is no file"):
        check_backup(tmp_path / "nowhere.sqlite")


def test_one_instance_per_data_folder(data_dir):
    lock = hold_instance_lock(data_dir)
    with pytest.raises(AlreadyOpen, match="already open"):
        hold_instance_lock(data_dir)
    lock.release()
    hold_instance_lock(data_dir).release()


def damaged_copy(data_dir, tmp_path, statement):
    copy = backup_database(database_path(data_dir), tmp_path / "damaged.sqlite")
    conn = sqlite3.connect(copy)
    conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("DROP TABLE payment", "the payment table"),
        ("ALTER TABLE client DROP COLUMN payer_name", "client.payer_name"),
    ],
)
def test_restore_refuses_a_file_missing_part_of_its_schema(
    business, data_dir, tmp_path, statement, named
):
    save_client(ClientForm(name="Edna Shaw"))
    damaged = damaged_copy(data_dir, tmp_path, statement)
    with pytest.raises(UserError, match=f"missing part of the Microbiz data \\({named}\\)"):
        restore_database(damaged, data_dir)
    assert [c.name for c in Client.select()] == ["Edna Shaw"]


def test_restore_under_an_open_connection_swaps_no_file(business, data_dir, tmp_path):
    save_client(ClientForm(name="Edna Shaw"))
    saved = backup_database(database_path(data_dir), tmp_path / "saved.sqlite")
    save_client(ClientForm(name="Added later"))
    inode = database_path(data_dir).stat().st_ino

    restore_database(saved, data_dir)  # the test's connection stays open, as another process's

    assert database_path(data_dir).stat().st_ino == inode
    assert [c.name for c in Client.select()] == ["Edna Shaw"]
    save_client(ClientForm(name="Saved after the restore"))
    assert client_names(database_path(data_dir)) == ["Edna Shaw", "Saved after the restore"]


HOLD_WRITING_LOCK = """
import sys, time
from microbiz.foundations.instance import writing_lock
from pathlib import Path
writing_lock(Path(sys.argv[1])).acquire()
print("holding", flush=True)
time.sleep(30)
"""


def test_restore_waits_for_no_writer_then_refuses(business, data_dir, tmp_path):
    saved = backup_database(database_path(data_dir), tmp_path / "saved.sqlite")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITING_LOCK, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(UserError, match="wait for it to finish, then restore"):
            restore_database(saved, data_dir)
    finally:
        holder.kill()
        holder.wait()
    assert not list(backups_dir(data_dir).glob("before-restore-*"))
