"""Open the SQLite database, bring its schema up to date and bind the models.

Every transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), after the data
folder's writing lock, so two processes writing at once queue instead of failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

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

    def __init__(self, path: Path, wait_seconds: float = BUSY_TIMEOUT_SECONDS) -> None:
        pragmas = {**PRAGMAS, "busy_timeout": int(wait_seconds * 1000)}
        super().__init__(str(path), pragmas=pragmas, timeout=wait_seconds, lock_type="IMMEDIATE")
        self._writing = writing_lock(path.parent)
        self._wait_seconds = wait_seconds

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

    A writer waits up to `wait_seconds` for another process to finish, then gets Busy.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db = MicrobizDatabase(path, wait_seconds)
    db.connect()
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
