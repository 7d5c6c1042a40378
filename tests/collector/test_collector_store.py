"""The store, on SQLite and (when MICROBIZ_TEST_POSTGRES_URL is set) on PostgreSQL."""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from collector_support import OTHER_SECRET
from collector_support import SECRET
from collector_support import make_return
from collector_support import stored_rows

from microbiz.collector import store

CODE_PATTERN = r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"


def test_opening_creates_the_tables(opened_store):
    assert {"enrolmentcode", "storedreturn"} <= set(store.database.get_tables())
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
    first = store.add_code("North group", today=datetime.date(2026, 4, 1))
    second = store.add_code("  South   group ")
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
        store.add_code("   ")


def test_store_again_and_conflict(opened_store):
    code = store.add_code("Group")
    answers = make_return()
    assert store.store_return(answers, SECRET, code).status == "stored"
    assert store.store_return(dict(answers), SECRET, code).status == "already stored"
    assert store.store_return(answers, OTHER_SECRET, code).status == "conflict"
    changed = dict(answers, disability="no")
    assert store.store_return(changed, SECRET, code).status == "conflict"
    assert store.count_returns() == 1
    assert list(store.stored_answers()) == [answers]


def test_received_period_is_the_quarter_only(opened_store):
    code = store.add_code("Group")
    store.store_return(make_return(), SECRET, code, today=datetime.date(2026, 11, 29))
    with store.database.connection_context():
        [row] = stored_rows(store.database)["storedreturn"]
    assert row["received_period"] == "2026-Q4"
    assert row["secret_hash"] == hashlib.sha256(SECRET.encode()).hexdigest()


def test_replace_and_withdraw(opened_store):
    code = store.add_code("Group")
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
    code = store.add_code("Group")
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
    code = store.add_code("Group")
    for _ in range(3):
        store.store_return(make_return(), SECRET, code)
    with store.database.connection_context():
        rows = stored_rows(store.database)
    assert len(rows["storedreturn"]) == 3
    for row in rows["storedreturn"]:
        assert set(row) == {
            "id",
            "submission_id",
            "period",
            "code_id",
            "secret_hash",
            "answers",
            "received_period",
        }
        assert SECRET not in str(row.values())
