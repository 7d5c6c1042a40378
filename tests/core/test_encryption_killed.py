"""Encrypting killed part-way (a real process, SIGKILL) leaves data that opens; a rerun ends it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from microbiz.foundations import cipher
from microbiz.foundations import clock
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.encryption import is_encrypted
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path

PASSPHRASE = "correct horse battery"
NOW = "2026-11-25T12:00"
TABLES = ("client", "visit", "invoice", "payment")


def microbiz(folder, *args: str) -> subprocess.Popen:
    env = {**os.environ, clock.VARIABLE: NOW, cipher.ENVIRONMENT: PASSPHRASE}
    return subprocess.Popen(
        [sys.executable, "-m", "microbiz", "--data-dir", str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def counts(folder) -> dict[str, int]:
    """Rows per table, opening the database plain or with the passphrase as it now is."""
    key = PASSPHRASE if cipher.is_encrypted_file(database_path(folder)) else None
    conn = cipher.connect(database_path(folder), key)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def encryption_logged(folder) -> int:
    conn = cipher.connect(database_path(folder), PASSPHRASE)
    try:
        sql = "SELECT count(*) FROM audit_log WHERE action = 'encryption'"
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A small sample business with three backups, made once."""
    folder = tmp_path_factory.mktemp("plain") / "data"
    made = microbiz(folder, "demo", "--clients", "4", "--years", "1")
    assert made.wait(timeout=300) == 0, made.stderr.read()
    for _ in range(3):
        automatic_backup(folder)
    return folder


# An uninterrupted run takes about a second, the first 0.4 s starting Python: these land
# before, during (backups, then documents, then the database) and after the conversion.
@pytest.mark.parametrize("delay", [0.3, 0.45, 0.6, 0.75, 0.9, 1.2])
def test_encrypting_killed_part_way_leaves_data_that_opens_and_a_rerun_finishes(
    template, tmp_path, delay
):
    folder = tmp_path / "data"
    shutil.copytree(template, folder)
    before = counts(folder)
    process = microbiz(folder, "encrypt")
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert counts(folder) == before  # plain or encrypted, whichever step it stopped at
    if not is_encrypted(folder):
        rerun = microbiz(folder, "encrypt")
        assert rerun.wait(timeout=120) == 0, rerun.stderr.read()
    assert is_encrypted(folder)
    assert counts(folder) == before
    assert encryption_logged(folder) == 1
    for backup in backups_dir(folder).glob("*.sqlite"):
        assert cipher.is_encrypted_file(backup), backup.name
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith((".old", ".converting"))]
    assert leftovers == []
