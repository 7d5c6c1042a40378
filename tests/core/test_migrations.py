"""Every earlier schema version upgrades to the latest without losing a row."""

import sqlite3
from pathlib import Path

import pytest

from microbiz.foundations import db
from microbiz.foundations import migrations
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import ALL_MODELS

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "schema").glob("v*.sql"))


def rows_by_table(path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found = {
        t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')] for t in tables
    }
    conn.close()
    return found


def test_there_is_a_fixture_for_every_version():
    versions = [int(path.stem[1:]) for path in FIXTURES]
    assert versions == list(range(1, migrations.LATEST_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_upgrade_keeps_every_row(tmp_path, fixture):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.close()
    before = rows_by_table(path)
    assert sum(len(rows) for rows in before.values()) > 0

    db.open_database(path)
    db.close_database()

    after = rows_by_table(path)
    for table, rows in before.items():
        if table == "schema_version":
            continue
        kept = [{k: row[k] for k in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, table
    versions = [row["version"] for row in after["schema_version"]]
    assert versions == list(range(1, migrations.LATEST_VERSION + 1))


def test_a_new_database_gets_every_migration(tmp_path):
    path = tmp_path / "new.sqlite"
    db.open_database(path)
    db.close_database()
    conn = sqlite3.connect(path)
    assert migrations.schema_version(conn) == migrations.LATEST_VERSION
    conn.close()


def test_models_match_the_migrated_schema(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
        assert columns == {field.column_name for field in model._meta.sorted_fields}, table


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "m.sqlite"
    db.open_database(path)
    db.close_database()
    broken = "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1)"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "LATEST_VERSION", len(migrations.MIGRATIONS))
    with pytest.raises(sqlite3.OperationalError):
        db.open_database(path)
    db.close_database()
    conn = sqlite3.connect(path)
    assert migrations.schema_version(conn) == len(migrations.MIGRATIONS) - 1
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    conn.close()


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    db.open_database(path)
    db.close_database()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?)", (migrations.LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer Microbiz"):
        db.open_database(path)
    db.close_database()


def test_version_7_leaves_old_invoices_per_client_with_no_payment_text(tmp_path):
    path = tmp_path / "v6.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES[0].parent / "v0006.sql").read_text(encoding="utf-8"))
    conn.close()
    db.open_database(path)
    db.close_database()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT DISTINCT per_payer FROM invoice").fetchall() == [(0,)]
    assert conn.execute("SELECT DISTINCT client_id FROM invoice_line").fetchall() == [(None,)]
    assert conn.execute("SELECT payment_instructions FROM business").fetchall() == [("",)]
    conn.close()
