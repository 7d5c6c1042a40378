"""Nothing lost or doubled: real processes writing to one data folder at the same time."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import clock
from microbiz.foundations import db as database
from microbiz.foundations.instance import Busy
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import InvoiceVisit
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import delete_draft

CLI = [sys.executable, "-m", "microbiz"]
MONTH = "2026-11"
NOW = "2026-11-25T12:00"  # as tests/conftest.py; module fixtures run before it sets it


def start(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*CLI, "--data-dir", str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, clock.VARIABLE: NOW, "PYTHONUNBUFFERED": "1"},
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    return finish(start(folder, *args))


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """A small demo business, made once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    code, _, err = run(folder, "demo", "--clients", "6")
    assert code == 0, err
    return folder


@pytest.fixture
def demo(demo_template, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(database_path(demo_template))
    target = sqlite3.connect(database_path(folder))
    conn.backup(target)
    target.close()
    conn.close()
    return folder


def clients_csv(path: Path, prefix: str, count: int) -> Path:
    rows = ["name,funding,weekday_rate"]
    rows += [f"{prefix} Client {n:05d},self_funded,18.50" for n in range(count)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def double_billed(folder: Path) -> list[tuple]:
    """Visits on more than one invoice that is not fully credited."""
    return query(
        database_path(folder),
        """
        SELECT iv.visit_id, count(DISTINCT i.id) FROM invoice_visit iv
        JOIN invoice_line l ON l.id = iv.line_id JOIN invoice i ON i.id = l.invoice_id
        WHERE i.total_pence > (SELECT coalesce(sum(amount_pence), 0) FROM credit_note c
                               WHERE c.invoice_id = i.id)
        GROUP BY iv.visit_id HAVING count(DISTINCT i.id) > 1
        """,
    )


def issued_numbers(folder: Path) -> list[int]:
    rows = query(database_path(folder), "SELECT number FROM invoice WHERE issued = 1")
    return sorted(int(number.split("-")[-1]) for (number,) in rows)


def visits_csv(path: Path, client: str, first: date, count: int) -> Path:
    rows = ["client,date,start,end"]
    rows += [f"{client},{first + timedelta(days=n)},09:00,10:30" for n in range(count)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_two_imports_at_once_both_succeed(demo, tmp_path):
    (client,) = query(database_path(demo), "SELECT name FROM client ORDER BY id LIMIT 1")[0]
    (before,) = query(database_path(demo), "SELECT count(*) FROM visit")[0]
    files = [
        visits_csv(tmp_path / "a.csv", client, date(2020, 1, 1), 1500),
        visits_csv(tmp_path / "b.csv", client, date(2010, 1, 1), 1500),
    ]
    running = [start(demo, "import", "visits", str(path)) for path in files]
    for code, out, err in map(finish, running):
        assert code == 0, err
        assert out.strip() == "Imported 1500 visits."
    assert query(database_path(demo), "SELECT count(*) FROM visit") == [(before + 3000,)]


@pytest.mark.parametrize("issue", [False, True], ids=["drafts", "issued"])
def test_two_month_ends_at_once_bill_every_visit_once(demo, issue):
    args = ["invoice", "generate", "--period", MONTH] + (["--issue"] if issue else [])
    running = [start(demo, *args), start(demo, *args)]
    results = [finish(process) for process in running]
    for code, _, err in results:
        assert code == 0, err
    assert double_billed(demo) == []
    made = [out for _, out, _ in results if "Made 0 drafts" not in out]
    assert len(made) == 1  # the second waited, then found every visit billed
    numbers = issued_numbers(demo)
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_month_end_killed_part_way_then_run_again_issues_the_rest(demo, seed):
    before = issued_numbers(demo)
    process = start(demo, "invoice", "generate", "--period", MONTH, "--issue")
    issued_before_kill = random.Random(seed).randint(0, 2)  # after making the drafts, or later
    for line in process.stdout:
        if line.startswith("Made ") and issued_before_kill == 0 or line.startswith("Issued "):
            issued_before_kill -= 1
            if issued_before_kill < 0:
                process.send_signal(signal.SIGKILL)
                break
    process.wait()
    assert process.returncode == -signal.SIGKILL
    code, out, err = run(demo, "invoice", "generate", "--period", MONTH, "--issue")
    assert code == 0, err
    assert "left from an earlier run" in out
    drafts = query(
        database_path(demo),
        f"SELECT count(*) FROM invoice WHERE issued = 0 AND period_start = '{MONTH}-01'",
    )
    assert drafts == [(0,)]
    numbers = issued_numbers(demo)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) > len(before)
    assert double_billed(demo) == []


def test_a_restore_during_an_import_loses_nothing_reported_saved(demo, tmp_path):
    code, _, err = run(demo, "backup", "--to", str(tmp_path / "old.sqlite"))
    assert code == 0, err
    importing = start(
        demo, "import", "clients", str(clients_csv(tmp_path / "c.csv", "Gamma", 3000))
    )
    time.sleep(0.5)
    restore_code, restore_out, restore_err = run(demo, "restore", str(tmp_path / "old.sqlite"))
    code, out, err = finish(importing)
    assert code == 0, err
    assert out.strip() == "Imported 3000 clients."
    assert restore_code in (0, 1), restore_err
    assert "Traceback" not in restore_err
    places = [database_path(demo), *sorted((demo / "backups").glob("before-restore-*.sqlite"))]
    found = max(
        query(path, "SELECT count(*) FROM client WHERE name LIKE 'Gamma %'")[0][0]
        for path in places
    )
    assert found == 3000


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(30)
"""


def test_a_writer_that_waits_too_long_is_told_plainly(business, data_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(database_path(data_dir))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        database.close_database()
        database.open_database(database_path(data_dir), wait_seconds=0.3)
        with pytest.raises(Busy, match="Microbiz is busy with another task"):
            save_client(ClientForm(name="Edna Shaw"))
    finally:
        holder.kill()
        holder.wait()
    save_client(ClientForm(name="Edna Shaw"))  # once it is free, the same write goes through
    assert [c.name for c in Client.select()] == ["Edna Shaw"]


def test_the_schema_refuses_a_visit_on_two_live_invoices(business):
    client = save_client(ClientForm(name="Edna Shaw", weekday_rate="18.00"))
    visit = save_visit(
        VisitForm(
            client_id=client.id,
            visit_type_id=support_visit_type(client).id,
            day="02/11/2026",
            start="09:00",
            end="10:00",
        )
    )
    first = create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30))
    second = Invoice.create(
        client=client, period_start=date(2026, 11, 1), period_end=date(2026, 11, 30)
    )
    line = InvoiceLine.create(
        invoice=second, position=1, kind="visit", description="again", quantity="1", amount_pence=1
    )
    with pytest.raises(peewee.IntegrityError, match="already on a live invoice"):
        InvoiceVisit.create(line=line, visit=visit)
    delete_draft(first.id)
    InvoiceVisit.create(line=line, visit=visit)  # free again once the first draft has gone
