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

from openpyxl import Workbook  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from microbiz.clients.details import ClientForm  # noqa: E402
from microbiz.clients.details import save_client  # noqa: E402
from microbiz.clients.details import support_visit_type  # noqa: E402
from microbiz.demo.sample_business import create_demo  # noqa: E402
from microbiz.foundations import db  # noqa: E402
from microbiz.foundations import models  # noqa: E402
from microbiz.foundations.business import BusinessForm  # noqa: E402
from microbiz.foundations.business import save_business  # noqa: E402
from microbiz.foundations.models import Client  # noqa: E402
from microbiz.foundations.models import Invoice  # noqa: E402
from microbiz.foundations.models import Visit  # noqa: E402
from microbiz.foundations.money import format_money  # noqa: E402
from microbiz.foundations.paths import database_path  # noqa: E402
from microbiz.hours.visits import VisitFilter  # noqa: E402
from microbiz.hours.visits import VisitForm  # noqa: E402
from microbiz.hours.visits import save_visit  # noqa: E402
from microbiz.hours.visits import visit_ids  # noqa: E402
from microbiz.hours.visits import visit_rows  # noqa: E402
from microbiz.invoicing.documents import invoice_document  # noqa: E402
from microbiz.invoicing.documents import write_invoices  # noqa: E402
from microbiz.invoicing.invoices import create_draft  # noqa: E402
from microbiz.invoicing.invoices import issue_invoice  # noqa: E402
from microbiz.invoicing.payments import record_payment  # noqa: E402
from microbiz.records.sheets import SHEETS  # noqa: E402

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


def invoice_pdfs() -> tuple[float, float]:
    """Median seconds for 100 invoice PDFs as `invoice pdf` writes them, and for the floor:
    100 one-page reportlab documents written the simplest way, a canvas with each of the same
    invoices' number and lines drawn as plain strings."""
    db.open_database(database_path(DATA))
    newest = Invoice.select(Invoice.id).where(Invoice.issued).order_by(Invoice.id.desc())
    ids = [invoice.id for invoice in newest.limit(100)]
    pages = [
        [f"{document.kind} {document.number}"]
        + [
            f"{line.description}  {line.quantity}  {line.unit_price}  "
            f"{format_money(line.amount_pence)}"
            for line in document.lines
        ]
        for document in map(invoice_document, ids)
    ]
    with tempfile.TemporaryDirectory() as folder:

        def simplest() -> None:
            for number, texts in enumerate(pages):
                canvas = Canvas(str(Path(folder) / f"page-{number}.pdf"))
                for row, text in enumerate(texts):
                    canvas.drawString(72, 800 - 14 * row, text)
                canvas.showPage()
                canvas.save()

        ours = median_seconds(lambda: write_invoices(ids, Path(folder) / "invoices"))
        floor = median_seconds(simplest)
    db.close_database()
    return ours, floor


def workbook_export() -> tuple[float, float, float]:
    """Seconds for `microbiz export xlsx` of the 5-year data and its peak memory in MB, in a
    fresh process; and seconds for openpyxl write-only writing the same number and kinds of
    cells (each sheet's first row, as many times as the sheet has rows)."""
    db.open_database(database_path(DATA))
    sheets = [make() for make in SHEETS]
    shapes = [(sheet.title, next(iter(sheet.rows), []), sheet.count) for sheet in sheets]
    db.close_database()
    probe = (
        "import resource, sys, time; from microbiz.cli import main; begun = time.perf_counter();"
        "main(sys.argv[1:]); print(time.perf_counter() - begun,"
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    with tempfile.TemporaryDirectory() as folder:
        export = ["--data-dir", str(DATA), "export", "xlsx", str(Path(folder) / "all.xlsx")]
        run = subprocess.run(
            [sys.executable, "-c", probe, *export], capture_output=True, text=True, check=True
        )
        seconds, peak_kb = run.stdout.split()[-2:]

        def simplest() -> None:
            workbook = Workbook(write_only=True)
            for title, row, count in shapes:
                sheet = workbook.create_sheet(title)
                for _ in range(count):
                    sheet.append(row)
            workbook.save(Path(folder) / "floor.xlsx")

        floor = median_seconds(simplest, runs=1)
    return float(seconds), floor, int(peak_kb) / 1024


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
    pdfs, pages = invoice_pdfs()
    report("100 invoice PDFs", pdfs, "100 simple reportlab pages", pages)
    export, cells, peak = workbook_export()
    report(f"export xlsx (5 years), {peak:.0f} MB peak", export, "openpyxl, as many cells", cells)


if __name__ == "__main__":
    main()
