"""Open the SQLite database, bring its schema up to date and bind the models.

Every transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), after the data
folder's writing lock, so two processes writing at once queue instead of failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

from microbiz.foundations import cipher
from microbiz.foundations import migrations
from microbiz.foundations import models
from microbiz.foundations.instance import BUSY_TIMEOUT_SECONDS
from microbiz.foundations.instance import Busy
from microbiz.foundations.instance import writing_lock

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a commit is on disk before it returns, so an issued number is never lost
    "synchronous": "full",
}


class MicrobizDatabase(peewee.SqliteDatabase):
    """SQLite whose transactions wait their turn for the write lock, then say Busy."""

    def __init__(
        self,
        path: Path,
        wait_seconds: float = BUSY_TIMEOUT_SECONDS,
        passphrase: str | None = None,
    ) -> None:
        pragmas = {**PRAGMAS, "busy_timeout": int(wait_seconds * 1000)}
        super().__init__(str(path), pragmas=pragmas, timeout=wait_seconds, lock_type="IMMEDIATE")
        self._writing = writing_lock(path.parent)
        self._wait_seconds = wait_seconds
        self.passphrase = passphrase

    def _connect(self) -> sqlite3.Connection:
        """A plain SQLite connection, or with a passphrase a SQLCipher one (see cipher.py)."""
        if self.passphrase is None:
            return super()._connect()
        conn = cipher.connect(Path(self.database), self.passphrase)
        try:
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def begin(self, lock_type: str | None = None) -> None:
        self._writing.acquire(timeout=self._wait_seconds)
        try:
            super().begin(lock_type)
        except BaseException as problem:
            self._writing.release()
            if _is_busy(problem):
                raise Busy() from problem
            raise

    def commit(self) -> None:
        super().commit()
        self._writing.release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._writing.release()

    def execute_sql(self, sql: str, params: object = None) -> object:
        try:
            return super().execute_sql(sql, params)
        except peewee.OperationalError as problem:
            if _is_busy(problem):
                raise Busy() from problem
            raise


def _is_busy(problem: BaseException) -> bool:
    """Whether SQLite waited its full timeout for another process's write lock."""
    if not isinstance(problem, (peewee.OperationalError, sqlite3.OperationalError)):
        return False
    return "database is locked" in str(problem) or "database is busy" in str(problem)


def open_database(path: Path, wait_seconds: float = BUSY_TIMEOUT_SECONDS) -> MicrobizDatabase:
    """Open (creating if need be) the database at `path`, migrate it and bind the models.

    A writer waits up to `wait_seconds` for another process to finish, then gets Busy. An
    encrypted database opens with the passphrase this process was given for its folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db = MicrobizDatabase(path, wait_seconds, cipher.key_for(path))
    try:
        db.connect()
    except peewee.DatabaseError as problem:
        if db.passphrase is not None and cipher.is_wrong_key(problem):
            raise cipher.WrongPassphrase() from None
        raise
    try:
        migrations.migrate(db.connection())
    except BaseException as problem:
        db.close()
        if _is_busy(problem):
            raise Busy() from problem
        raise
    models.database.initialize(db)
    return db


def close_database() -> None:
    """Close the bound database, if one is open."""
    db = models.database.obj
    if db is not None and not db.is_closed():
        db.close()
    models.database.initialize(None)
