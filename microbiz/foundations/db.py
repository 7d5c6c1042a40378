"""Open the SQLite database, bring its schema up to date and bind the models."""

from __future__ import annotations

from pathlib import Path

import peewee

from microbiz.foundations import migrations
from microbiz.foundations import models

BUSY_TIMEOUT_SECONDS = 10
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
    "synchronous": "normal",
}


def open_database(path: Path) -> peewee.SqliteDatabase:
    """Open (creating if need be) the database at `path`, migrate it and bind the models."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS)
    db.connect()
    try:
        migrations.migrate(db.connection())
    except BaseException:
        db.close()
        raise
    models.database.initialize(db)
    return db


def close_database() -> None:
    """Close the bound database, if one is open."""
    db = models.database.obj
    if db is not None and not db.is_closed():
        db.close()
    models.database.initialize(None)
