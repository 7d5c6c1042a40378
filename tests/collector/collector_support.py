"""Helpers shared by the collector tests (a module of its own, so no conftest is imported
by name)."""

from __future__ import annotations

import uuid
from pathlib import Path

import peewee

from microbiz.collector.schema import enum_fields

SECRET = "s" * 16 + "-the-members-own-secret-0123456789"
OTHER_SECRET = "o" * 16 + "-somebody-elses-secret-0123456789"


def make_return(**answers: str) -> dict:
    """A valid return: the first allowed answer to every question, then `answers`."""
    data = {name: values[0] for name, values in enum_fields().items()}
    data["submission_id"] = str(uuid.uuid4())
    data["period"] = "2026-Q2"
    data.update(answers)
    return data


def stored_rows(database: peewee.Database) -> dict[str, list[dict]]:
    """Every row of every table of the store, as dicts of column -> value."""
    rows: dict[str, list[dict]] = {}
    for table in database.get_tables():
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        names = [column[0] for column in cursor.description]
        rows[table] = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return rows


def sqlite_rows(path: Path | str) -> dict[str, list[dict]]:
    database = peewee.SqliteDatabase(str(path))
    with database.connection_context():
        return stored_rows(database)
