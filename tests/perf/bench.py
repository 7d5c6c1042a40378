"""`make bench`: Microbiz against baselines run the same way, on 5 years of demo data.

Prints each measurement as an absolute time and as a ratio to its baseline. Not part
of the test run: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from microbiz.demo.sample_business import create_demo  # noqa: E402
from microbiz.foundations import db  # noqa: E402
from microbiz.foundations.models import Client  # noqa: E402
from microbiz.foundations.models import Visit  # noqa: E402
from microbiz.foundations.paths import database_path  # noqa: E402
from microbiz.hours.visits import VisitFilter  # noqa: E402
from microbiz.hours.visits import visit_ids  # noqa: E402
from microbiz.hours.visits import visit_rows  # noqa: E402

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


if __name__ == "__main__":
    main()
