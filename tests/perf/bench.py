"""`make bench`: Microbiz against baselines run the same way, on 5 years of demo data.

Prints each measurement as an absolute time and as a ratio to its baseline. Not part
of the test run: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from microbiz.clients.details import ClientForm  # noqa: E402
from microbiz.clients.details import save_client  # noqa: E402
from microbiz.clients.details import support_visit_type  # noqa: E402
from microbiz.demo.sample_business import create_demo  # noqa: E402
from microbiz.foundations import db  # noqa: E402
from microbiz.foundations import models  # noqa: E402
from microbiz.foundations.business import BusinessForm  # noqa: E402
from microbiz.foundations.business import save_business  # noqa: E402
from microbiz.foundations.models import Client  # noqa: E402
from microbiz.foundations.models import Visit  # noqa: E402
from microbiz.foundations.paths import database_path  # noqa: E402
from microbiz.hours.visits import VisitFilter  # noqa: E402
from microbiz.hours.visits import VisitForm  # noqa: E402
from microbiz.hours.visits import save_visit  # noqa: E402
from microbiz.hours.visits import visit_ids  # noqa: E402
from microbiz.hours.visits import visit_rows  # noqa: E402
from microbiz.invoicing.invoices import create_draft  # noqa: E402
from microbiz.invoicing.invoices import issue_invoice  # noqa: E402
from microbiz.invoicing.payments import record_payment  # noqa: E402

DATA = ROOT / ".venv" / "bench-data"
CLIENTS, YEARS, SEED = 100, 5, 7
RUNS = 5
PAGE = 200


def ensure_demo() -> None:
    """The 5-year demo, made once and kept in .venv/bench-data."""
    if database_path(DATA).exists():
        return
    print(f"Making the demo: {CLIENTS} clients, {YEARS} years of visits…", flush=True)
    db.open_database(database_path(DATA))
    create_demo(clients=CLIENTS, seed=SEED, years=YEARS, today=date(2026, 11, 29))
    db.close_database()


def median_seconds(job: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        job()
        times.append(time.perf_counter() - begun)
    return statistics.median(times)


def startup(*args: str) -> float:
    """Median seconds from process start to a shown window, over fresh processes."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    probe = [sys.executable, str(Path(__file__).with_name("startup_probe.py")), *args]
    seconds = [
        float(subprocess.run(probe, capture_output=True, text=True, check=True, env=env).stdout)
        for _ in range(RUNS)
    ]
    return statistics.median(seconds)


def filter_visits() -> None:
    """What the hours list does on a filter: matching ids, then the first page of rows."""
    ids = visit_ids(VisitFilter(text="Brown"))
    visit_rows(ids[:PAGE])


def plain_filter(conn) -> Callable[[], None]:
    """The baseline: the same question asked of SQLite directly."""

    def job() -> None:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT visit.id FROM visit JOIN client ON client.id = visit.client_id "
                "WHERE client.name LIKE '%Brown%' OR visit.notes LIKE '%Brown%' "
                "ORDER BY visit.start DESC, visit.id DESC"
            )
        ]
        marks = ",".join("?" * len(ids[:PAGE]))
        conn.execute(f"SELECT * FROM visit WHERE id IN ({marks})", ids[:PAGE]).fetchall()

    return job


def payments_on_one_invoice(folder: Path) -> Callable[[], None]:
    """Recording 20 payments, each its own transaction, on a fresh data folder's invoice."""
    db.open_database(database_path(folder))
    save_business(
        BusinessForm(
            trading_name="Bench Care",
            owner_name="Bea Bench",
            address="1 Bench Row",
            postcode="LS1 1AA",
            payment_instructions="Bank transfer",
        )
    )
    client = save_client(ClientForm(name="Bench Client", weekday_rate="10000"))
    form = VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "17:00")
    save_visit(form)
    invoice = issue_invoice(create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30)).id)

    def job() -> None:
        for _ in range(20):
            record_payment(invoice.id, "0.01", date(2026, 11, 30))

    return job


def synchronous_cost() -> tuple[float, float]:
    """Median seconds for 20 payments with synchronous=FULL (as Microbiz runs) and NORMAL."""
    with tempfile.TemporaryDirectory() as folder:
        job = payments_on_one_invoice(Path(folder))
        full = median_seconds(job)
        models.database.execute_sql("PRAGMA synchronous = NORMAL")
        normal = median_seconds(job)
        db.close_database()
    return full, normal


def report(name: str, seconds: float, baseline_name: str, baseline: float) -> None:
    print(
        f"{name:<36} {seconds * 1000:8.1f} ms   {baseline_name:<28} {baseline * 1000:8.1f} ms"
        f"   ratio {seconds / baseline:5.2f}"
    )


def main() -> None:
    ensure_demo()
    database = db.open_database(database_path(DATA))
    visits, clients = Visit.select().count(), Client.select().count()
    print(f"Data: {clients} clients, {visits} visits\n")
    report(
        "start to main window shown",
        startup("--app", str(DATA)),
        "bare PySide6 window",
        startup("--bare"),
    )
    conn = database.connection()
    report(
        "hours list filter (text 'Brown')",
        median_seconds(filter_visits),
        "plain sqlite3 query",
        median_seconds(plain_filter(conn)),
    )
    db.close_database()
    full, normal = synchronous_cost()
    report("20 payments, synchronous=FULL", full, "the same with NORMAL", normal)


if __name__ == "__main__":
    main()
