"""Online backups of the database, kept in rotation, and restoring from one."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from microbiz.foundations import cipher
from microbiz.foundations import migrations
from microbiz.foundations.audit_log import log_into
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import BUSY_TIMEOUT_SECONDS
from microbiz.foundations.instance import Busy
from microbiz.foundations.instance import writing_lock
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path

KEEP = 10
RESTORE_WAIT_SECONDS = 5
PREFIX = "microbiz-"


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live database at `source` to `target`, between two writes of any process."""
    if target.resolve() == source.resolve():
        raise UserError("A backup cannot go over the database it copies; choose another file.")
    with writing_lock(source.parent):
        return _copy(source, target, cipher.key_for(source))


def _copy(source: Path, target: Path, key: str | None = None) -> Path:
    """SQLite's online backup into a new file, which replaces `target` only when complete.

    The copy is encrypted with `key` (the data folder's passphrase) when it is given; a
    source under another key (a plain backup restored into encrypted data) is converted.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source_key = key if cipher.is_encrypted_file(source) else None
    salt = cipher.salt_of(source)  # shared, so the copy opens with the key derived already
    if source_key != key:
        cipher.export(source, source_key, partial, key, salt or os.urandom(cipher.SALT_BYTES))
    else:
        src = _connect(source, key)
        dst = _connect(partial, key, salt)
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


def check_backup(path: Path, passphrase: str | None = None) -> int:
    """The schema version of a Microbiz database file; UserError if it is not one we can read.

    Every table and column its version needs must be there, and SQLite's integrity check
    must pass. An encrypted file is opened with `passphrase`.
    """
    if not path.is_file():
        raise UserError(f"There is no file at {path}.")
    conn = _open_backup(path, passphrase)
    try:
        version = migrations.schema_version(conn)
        healthy = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = migrations.tables_and_columns(conn)
    except cipher.database_errors():
        raise UserError(f"{path.name} is damaged or not a Microbiz database.") from None
    finally:
        conn.close()
    if not healthy:
        raise UserError(f"{path.name} is damaged, so it was not restored.")
    if version == 0:
        raise UserError(f"{path.name} is not a Microbiz database.")
    if version > migrations.LATEST_VERSION:
        raise UserError(f"{path.name} was made by a newer Microbiz; update the app to restore it.")
    missing = _missing(migrations.schema_at(version), found)
    if missing:
        raise UserError(
            f"{path.name} is missing part of the Microbiz data ({missing}), so it was not restored."
        )
    return version


def _open_backup(path: Path, passphrase: str | None) -> sqlite3.Connection:
    """A connection to the backup file at `path`: read-only if plain, else keyed."""
    if not cipher.is_encrypted_file(path):
        with open(path, "rb") as head:
            if head.read(16) != cipher.SQLITE_HEADER:
                raise UserError(f"{path.name} is not a Microbiz database.")
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    if passphrase is None:
        raise UserError(f"{path.name} is not a Microbiz database.")
    try:
        cipher.check_opens(path, passphrase)
    except cipher.WrongPassphrase:
        raise UserError(
            f"{path.name} is not a Microbiz database, or not one this passphrase opens."
        ) from None
    return cipher.connect(path, passphrase)


def _missing(expected: dict[str, set[str]], found: dict[str, set[str]]) -> str:
    """The tables and columns in `expected` but not `found`, in words, at most three."""
    gaps = [f"the {table} table" for table in sorted(expected) if table not in found]
    for table in sorted(set(expected) & set(found)):
        gaps += [f"{table}.{column}" for column in sorted(expected[table] - found[table])]
    return ", ".join(gaps[:3]) + (" and more" if len(gaps) > 3 else "")


def restore_database(source: Path, folder: Path) -> Path | None:
    """Put the records in `source` into the folder's database, keeping a backup of the old.

    Runs under the writing lock, copying into the live file with SQLite's backup API (no
    file is swapped or deleted), so another process with the database open sees the
    restored records, and whatever it saved before is in the backup. Returns that backup.
    """
    current = database_path(folder)
    key = cipher.key_for(current)
    check_backup(source, key)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    incoming = backups_dir(folder) / f"restoring-{stamp}.sqlite"
    lock = writing_lock(folder)
    try:
        lock.acquire(timeout=RESTORE_WAIT_SECONDS)
    except Busy:
        raise UserError(
            "Another Microbiz task is saving (an import or month end?); wait for it to "
            "finish, then restore."
        ) from None
    try:
        _copy(source, incoming, key)
        _bring_up_to_date(incoming, source, key)
        kept = None
        if current.exists():
            kept = _copy(current, backups_dir(folder) / f"before-restore-{stamp}.sqlite", key)
        _copy_into(incoming, current, key)
        return kept
    finally:
        lock.release()
        incoming.unlink(missing_ok=True)


def _bring_up_to_date(path: Path, source: Path, key: str | None) -> None:
    """Migrate the copy to this version, and log the restore in it."""
    conn = cipher.connect(path, key)
    try:
        migrations.migrate(conn)
        log_into(conn, "restore", f"from the backup {source.name}")
    finally:
        conn.close()


def _copy_into(source: Path, live: Path, key: str | None) -> None:
    """Overwrite the live database's pages with `source`'s, in one SQLite transaction."""
    src = _connect(source, key)
    dst = _connect(live, key)
    try:
        dst.execute("PRAGMA journal_mode = WAL")
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _connect(path: Path, key: str | None = None, salt: bytes | None = None) -> sqlite3.Connection:
    conn = cipher.connect(path, key, salt)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    return conn
