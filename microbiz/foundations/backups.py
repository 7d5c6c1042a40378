"""Online backups of the database, kept in rotation, and restoring from one."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from microbiz.foundations import migrations
from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path

KEEP = 10
PREFIX = "microbiz-"


def backup_database(source: Path, target: Path) -> Path:
    """Copy a live database to `target` with SQLite's online backup; safe while the app writes."""
    if target.resolve() == source.resolve():
        raise UserError("A backup cannot go over the database it copies; choose another file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect(source)
    dst = _connect(partial)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    return target


def automatic_backup(folder: Path, keep: int = KEEP) -> Path | None:
    """Back up the folder's database into its backups folder, keeping the newest `keep`."""
    source = database_path(folder)
    if not source.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    made = backup_database(source, backups_dir(folder) / f"{PREFIX}{stamp}.sqlite")
    rotate_backups(backups_dir(folder), keep)
    return made


def rotate_backups(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` automatic backups."""
    for old in sorted(folder.glob(f"{PREFIX}*.sqlite"))[:-keep]:
        old.unlink()


def check_backup(path: Path) -> int:
    """The schema version of a Microbiz database file; UserError if it is not one we can read."""
    if not path.is_file():
        raise UserError(f"There is no file at {path}.")
    with open(path, "rb") as head:
        if head.read(16) != b"SQLite format 3\x00":
            raise UserError(f"{path.name} is not a Microbiz database.")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = migrations.schema_version(conn)
        healthy = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        raise UserError(f"{path.name} is damaged or not a Microbiz database.") from None
    finally:
        conn.close()
    if not healthy:
        raise UserError(f"{path.name} is damaged, so it was not restored.")
    if version == 0:
        raise UserError(f"{path.name} is not a Microbiz database.")
    if version > migrations.LATEST_VERSION:
        raise UserError(f"{path.name} was made by a newer Microbiz; update the app to restore it.")
    return version


def restore_database(source: Path, folder: Path) -> Path | None:
    """Replace the folder's database with `source`, backing up the current one first.

    The database must not be open (the caller holds the single-instance lock). Returns
    the backup of the database that was replaced, if there was one.
    """
    check_backup(source)
    current = database_path(folder)
    kept = None
    if current.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        kept = backup_database(current, backups_dir(folder) / f"before-restore-{stamp}.sqlite")
    incoming = current.with_name(current.name + ".restoring")
    backup_database(source, incoming)
    for leftover in (
        current.with_name(current.name + "-wal"),
        current.with_name(current.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    os.replace(incoming, current)
    return kept


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn
