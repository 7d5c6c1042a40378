"""Helpers shared by the collector tests (a module of its own, so no conftest is imported
by name)."""

from __future__ import annotations

import datetime
import random
import uuid
from pathlib import Path

import peewee

from microbiz.collector import store
from microbiz.collector.releases import publish
from microbiz.collector.report import tables_of
from microbiz.collector.schema import enum_fields
from microbiz.collector.tally import tally

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


def hold(returns: list[dict], seed: int = 0) -> None:
    """Put `returns` in the open store at once, as imported returns (no secret, no code)."""
    rows = [
        {
            "submission_id": answers["submission_id"],
            "period": answers["period"],
            "record_key": record_key,
            "answers": store.canonical_answers(answers),
            "received_period": answers["period"],
        }
        for answers, record_key in keyed(returns, seed)
    ]
    with store.database.connection_context(), store.database.atomic():
        store.StoredReturn.insert_many(rows).execute()


def keyed(returns: list[dict], seed: int = 0) -> list[tuple[dict, int]]:
    """Returns with random record keys, as the store gives them."""
    rng = random.Random(seed)
    return [(answers, rng.randrange(256)) for answers in returns]


def release_of(
    returns: list[dict], rule: str = "suppress", threshold: int = 5, period: str = "2026-Q2"
) -> dict:
    """The release document the report would publish for `returns` (nothing stored)."""
    counts = tally(keyed(returns))
    return publish(counts, rule, threshold, period, [period], datetime.date(2026, 12, 1))


def tables_for(returns: list[dict], rule: str = "suppress", threshold: int = 5):
    """The release of `returns` as the XLSX and PDF show it."""
    return tables_of(release_of(returns, rule, threshold))
