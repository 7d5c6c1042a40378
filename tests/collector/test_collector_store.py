"""The store, on SQLite and (when MICROBIZ_TEST_POSTGRES_URL is set) on PostgreSQL."""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import peewee
import pytest
from collector_support import OTHER_SECRET
from collector_support import SECRET
from collector_support import make_return
from collector_support import stored_rows
from playhouse.db_url import connect

from microbiz.collector import store

CODE_PATTERN = r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"


def test_opening_creates_the_tables(opened_store):
    assert {"enrolmentcode", "storedreturn", "release"} <= set(store.database.get_tables())
    assert store.count_returns() == 0


def test_sqlite_store_uses_wal(tmp_path):
    path = tmp_path / "wal.sqlite"
    store.open_store(f"sqlite:///{path}")
    with store.database.connection_context():
        [(mode,)] = store.database.execute_sql("PRAGMA journal_mode").fetchall()
    store.close_store()
    assert mode == "wal"


def test_a_store_in_a_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(store.StoreError, match="does not exist"):
        store.open_store(tmp_path / "nowhere" / "collector.sqlite")


def test_other_kinds_of_database_are_refused():
    with pytest.raises(store.StoreError, match="SQLite file or a postgresql"):
        store.open_store("mysql://user@127.0.0.1/returns")


def test_codes_are_random_and_can_be_revoked(opened_store):
    first = store.add_code("North group", 30, today=datetime.date(2026, 4, 1))
    second = store.add_code("  South   group ", 30)
    assert first.code != second.code

    assert re.match(CODE_PATTERN, first.code)
    assert [c.label for c in store.list_codes()] == ["North group", "South group"]
    assert store.active_code(first.code).id == first.id
    store.revoke_code(first.code)
    assert store.active_code(first.code) is None
    assert store.active_code("") is None
    assert store.active_code(second.code) is not None
    with pytest.raises(store.StoreError, match="no enrolment code"):
        store.revoke_code("NOPE")
    with pytest.raises(store.StoreError, match="label"):
        store.add_code("   ", 30)
    with pytest.raises(store.StoreError, match="at least one member"):
        store.add_code("Group", 0)


def test_store_again_and_conflict(opened_store):
    code = store.add_code("Group", 100)
    answers = make_return()
    assert store.store_return(answers, SECRET, code).status == "stored"
    assert store.store_return(dict(answers), SECRET, code).status == "already stored"
    assert store.store_return(answers, OTHER_SECRET, code).status == "conflict"
    changed = dict(answers, disability="no")
    assert store.store_return(changed, SECRET, code).status == "conflict"
    assert store.count_returns() == 1
    assert list(store.stored_answers()) == [answers]


def test_received_period_is_the_quarter_only(opened_store):
    code = store.add_code("Group", 100)
    store.store_return(make_return(), SECRET, code, today=datetime.date(2026, 11, 29))
    with store.database.connection_context():
        [row] = stored_rows(store.database)["storedreturn"]
    assert row["received_period"] == "2026-Q4"
    assert row["member_key"] == store.member_key(SECRET, "2026-Q2")
    assert 0 <= row["record_key"] < 256


def test_replace_and_withdraw(opened_store):
    code = store.add_code("Group", 100)
    answers = make_return()
    sid = answers["submission_id"]
    store.store_return(answers, SECRET, code)
    changed = dict(answers, period="2026-Q3", gender="man")
    assert store.replace_return(sid, changed, OTHER_SECRET, code).status == "wrong secret"
    assert store.replace_return(sid, changed, SECRET, code).status == "replaced"
    assert list(store.stored_answers("2026-Q3")) == [changed]
    assert list(store.stored_answers("2026-Q2")) == []
    assert store.replace_return(make_return()["submission_id"], changed, SECRET, code).status == (
        "not found"
    )
    assert store.withdraw_return(sid, OTHER_SECRET).status == "wrong secret"
    assert store.withdraw_return(sid, SECRET).status == "withdrawn"
    assert store.withdraw_return(sid, SECRET).status == "not found"
    assert store.count_returns() == 0


def test_an_imported_return_has_no_secret_and_no_code(opened_store):
    answers = make_return()
    assert store.store_return(answers, None, None).status == "stored"
    assert store.store_return(answers, None, None).status == "already stored"
    assert store.store_return(answers, SECRET, None).status == "conflict"
    assert store.withdraw_return(answers["submission_id"], SECRET).status == "wrong secret"
    assert store.withdraw_return(answers["submission_id"], None).status == "withdrawn"


def test_the_same_return_sent_at_once_from_many_threads_is_stored_once(opened_store):
    code = store.add_code("Group", 100)
    answers = make_return()
    start = threading.Barrier(8)

    def send(_: int) -> str:
        start.wait(timeout=10)
        return store.store_return(dict(answers), SECRET, code).status

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(send, range(8)))
    assert statuses == ["already stored"] * 7 + ["stored"]
    assert store.count_returns() == 1


def test_rows_hold_only_answers_hashes_and_quarters(opened_store):
    code = store.add_code("Group", 100)
    for period in ("2026-Q1", "2026-Q2", "2026-Q3"):
        store.store_return(make_return(period=period), SECRET, code)
    with store.database.connection_context():
        rows = stored_rows(store.database)
    assert len(rows["storedreturn"]) == 3
    for row in rows["storedreturn"]:
        assert set(row) == {
            "id",
            "submission_id",
            "period",
            "code_id",
            "member_key",
            "record_key",
            "answers",
            "received_period",
        }
        assert SECRET not in str(row.values())
        assert hashlib.sha256(SECRET.encode()).hexdigest() not in str(row.values())


def _old_store(url: str) -> None:
    """A store as made before member keys: a plain SHA-256 of the secret on each return."""
    old = connect(url) if "://" in url and not url.startswith("sqlite") else None
    database = old or peewee.SqliteDatabase(url.removeprefix("sqlite:///"))

    class OldCode(peewee.Model):
        code = peewee.TextField(unique=True)
        label = peewee.TextField()
        created_on = peewee.DateField()
        revoked = peewee.BooleanField(default=False)

        class Meta:
            table_name = "enrolmentcode"

    class OldReturn(peewee.Model):
        submission_id = peewee.TextField(unique=True)
        period = peewee.TextField()
        code = peewee.ForeignKeyField(OldCode, null=True, on_delete="SET NULL")
        secret_hash = peewee.TextField(null=True)
        answers = peewee.TextField()
        received_period = peewee.TextField()

        class Meta:
            table_name = "storedreturn"

    with database.bind_ctx([OldCode, OldReturn]), database.connection_context():
        database.create_tables([OldCode, OldReturn])
        code = OldCode.create(code="ABCD-EFGH-JKMN", label="Old", created_on=datetime.date.today())
        plain = hashlib.sha256(SECRET.encode()).hexdigest()
        for answers, secret_hash in OLD_ROWS:
            OldReturn.create(
                submission_id=answers["submission_id"],
                period=answers["period"],
                code=code if secret_hash else None,
                secret_hash=plain if secret_hash else None,
                answers=store.canonical_answers(answers),
                received_period=answers["period"],
            )


OLD_ROWS = [
    (make_return(period="2026-Q2", gender="woman"), True),
    (make_return(period="2026-Q2", gender="man"), True),  # the same member again
    (make_return(period="2026-Q3"), True),
    (make_return(period="2026-Q2"), False),  # imported from a file
]


def test_an_older_store_is_upgraded_when_opened(store_url):
    _old_store(store_url)
    store.open_store(store_url)
    with store.database.connection_context():
        rows = {row["submission_id"]: row for row in stored_rows(store.database)["storedreturn"]}
        [code] = stored_rows(store.database)["enrolmentcode"]
    first, second, later, imported = (answers["submission_id"] for answers, _ in OLD_ROWS)
    assert set(rows) == {second, later, imported}  # one live return per member per quarter
    assert rows[second]["member_key"] == store.member_key(SECRET, "2026-Q2")
    assert rows[later]["member_key"] == store.member_key(SECRET, "2026-Q3")
    assert rows[imported]["member_key"] is None
    plain = hashlib.sha256(SECRET.encode()).hexdigest()
    for row in rows.values():
        assert "secret_hash" not in row and plain not in str(row.values())
        assert 0 <= row["record_key"] < 256
    assert code["members"] is None
    assert "release" in store.database.get_tables()
    # the member can still replace and withdraw, and opening again changes nothing
    changed = dict(OLD_ROWS[2][0], gender="non_binary")
    assert store.replace_return(later, changed, SECRET, store.active_code("ABCD-EFGH-JKMN")).done
    store.open_store(store_url)
    assert store.withdraw_return(later, SECRET).status == "withdrawn"
    assert store.count_returns() == 2
