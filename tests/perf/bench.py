"""`make bench`: Microbiz against floors timed in the same run, on 5 years of demo data
and, for the hours list, on 1,000,000 visits.

Prints each measurement as an absolute figure and as a ratio to its floor: the simplest
way to do the same job (a bare window, a plain SQLite query, plain reportlab pages). The
machine may be shared, so ratios are the figures to compare between runs. The databases
are made once and kept in .venv/bench-data and .venv/bench-million. Not part of the test
run: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
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
from microbiz.foundations.dates import format_date  # noqa: E402
from microbiz.foundations.models import Client  # noqa: E402
from microbiz.foundations.models import Invoice  # noqa: E402
from microbiz.foundations.models import Visit  # noqa: E402
from microbiz.foundations.money import format_money  # noqa: E402
from microbiz.foundations.paths import database_path  # noqa: E402
from microbiz.hours.visits import VisitFilter  # noqa: E402
from microbiz.hours.visits import VisitForm  # noqa: E402
from microbiz.hours.visits import save_visit  # noqa: E402
from microbiz.invoicing.documents import invoice_documents  # noqa: E402
from microbiz.invoicing.documents import issue_and_write  # noqa: E402
from microbiz.invoicing.documents import write_invoices  # noqa: E402
from microbiz.invoicing.invoice_pdf import InvoiceDocument  # noqa: E402
from microbiz.invoicing.invoices import create_draft  # noqa: E402
from microbiz.invoicing.invoices import generate_drafts  # noqa: E402
from microbiz.invoicing.invoices import issue_invoice  # noqa: E402
from microbiz.invoicing.payments import record_payment  # noqa: E402
from microbiz.records.sheets import SHEETS  # noqa: E402
from ui.hours.visits_model import CLIENT  # noqa: E402
from ui.hours.visits_model import VisitsTableModel  # noqa: E402

DATA = ROOT / ".venv" / "bench-data"
MILLION = ROOT / ".venv" / "bench-million"
CLIENTS, YEARS, SEED = 100, 5, 7
TODAY = date(2026, 11, 29)
VISITS = 1_000_000
RUNS = 5
PAGE = 200
SHOWN = 30  # rows on screen: what the list reads after a keystroke


def ensure_demo() -> None:
    """The 5-year demo, made once and kept in .venv/bench-data."""
    if database_path(DATA).exists():
        return
    print(f"Making the demo: {CLIENTS} clients, {YEARS} years of visits…", flush=True)
    db.open_database(database_path(DATA))
    create_demo(clients=CLIENTS, seed=SEED, years=YEARS, today=TODAY)
    db.close_database()


def ensure_million() -> None:
    """1,000,000 visits, made once in .venv/bench-million: the 5-year demo's visits copied
    again and again, each copy 5 years earlier, in one transaction, then notes written on
    a third of them (`NOTES`); the search index kept in step by its triggers."""
    if database_path(MILLION).exists() and _has_notes(database_path(MILLION)):
        return
    print(f"Making {VISITS:,} visits from the demo's…", flush=True)
    MILLION.mkdir(parents=True, exist_ok=True)
    building = database_path(MILLION).with_suffix(".building")
    building.unlink(missing_ok=True)
    with sqlite3.connect(database_path(DATA)) as source, sqlite3.connect(building) as copy:
        source.backup(copy)
    with sqlite3.connect(building) as conn:
        first, last = conn.execute("SELECT min(id), max(id) FROM visit").fetchone()
        shift = 0
        while (count := conn.execute("SELECT count(*) FROM visit").fetchone()[0]) < VISITS:
            shift += 7 * 261  # 5 years of weeks, so weekdays stay weekdays
            conn.execute(COPY_VISITS, (f"-{shift} days",) * 2 + (first, last, VISITS - count))
        for every, note in NOTES:
            conn.execute("UPDATE visit SET notes = ? WHERE id % ? = 0", (note, every))
    shutil.move(building, database_path(MILLION))


def _has_notes(path: Path) -> bool:
    """Whether the visits at `path` have the notes `ensure_million` writes (older copies
    were made without)."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT 1 FROM visit WHERE notes != '' LIMIT 1").fetchone() is not None


# Notes on the million visits, each on every so many by id (later ones written over
# earlier): a common word, an occasional one and a rare one for the hours filter.
NOTES = (
    (3, "Shopping, then a walk to the park"),
    (97, "Hospital appointment: went with her and waited"),
    (20011, "Fell in the garden, no injury; rang her daughter"),
)

COPY_VISITS = """
INSERT INTO visit (client_id, visit_type_id, start, "end", break_minutes, status,
    mileage_tenths, notes, created_at, updated_at)
SELECT client_id, visit_type_id, datetime(start, ?), datetime("end", ?), break_minutes,
    CASE status WHEN 'planned' THEN 'delivered' ELSE status END, mileage_tenths, notes,
    created_at, updated_at
FROM visit WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?
"""


def median_seconds(job: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        job()
        times.append(time.perf_counter() - begun)
    return statistics.median(times)


def startup(*args: str) -> tuple[float, float]:
    """Median seconds from process start to a shown window over fresh processes, and the
    largest peak memory (MB) among them: a start after the first, as most are, once Python
    has written its bytecode (whatever PYTHONDONTWRITEBYTECODE says here) and the app its
    cache of bank holidays."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    probe = [sys.executable, str(Path(__file__).with_name("startup_probe.py")), *args]
    runs = [
        subprocess.run(probe, capture_output=True, text=True, check=True, env=env).stdout.split()
        for _ in range(RUNS + 1)
    ][1:]
    return statistics.median(float(r[0]) for r in runs), max(int(r[1]) for r in runs) / 1024


def keystroke(chosen: VisitFilter) -> Callable[[], None]:
    """What the hours list does on a keystroke: plan and count, a page of ids, a screen of rows."""
    model = VisitsTableModel()

    def job() -> None:
        model.refresh(chosen)
        for row in range(min(SHOWN, model.rowCount())):
            model.index(row, CLIENT).data()

    return job


def plain_lookup(conn: sqlite3.Connection, words: str | None) -> Callable[[], None]:
    """The floor: the first matches as SQLite gives them, in no order, and a screen of rows."""
    if words is None:
        find, values = "SELECT id FROM visit ORDER BY start DESC LIMIT 200", ()
    else:
        find, values = (
            "SELECT docid FROM visit_search WHERE visit_search MATCH ? LIMIT 200",
            (words,),
        )

    def job() -> None:
        ids = [row[0] for row in conn.execute(find, values)][:SHOWN]
        marks = ",".join("?" * len(ids))
        conn.execute(f"SELECT * FROM visit WHERE id IN ({marks})", ids).fetchall()

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


def report(name: str, ours: float, floor_name: str, floor: float, unit: str = "ms") -> None:
    """One line: our figure, the floor's, and their ratio."""
    scale = 1000 if unit == "ms" else 1
    print(
        f"{name:<44} {ours * scale:9.1f} {unit:<3} {floor_name:<34} {floor * scale:9.1f} {unit:<3}"
        f" ratio {ours / floor:6.2f}",
        flush=True,
    )


def invoice_pdfs() -> tuple[float, float]:
    """Median seconds for 100 invoice PDFs as `invoice pdf` writes them, and for the floor:
    the same invoices' text written the simplest way, each string the invoice prints drawn
    with `drawString` one under another, a one-page reportlab document an invoice.

    Run in a fresh process started with -c (`in_fresh_process`), as the app's own script
    is: each worker of the batch runs the main script's top again, and this one imports Qt.
    """
    db.open_database(database_path(DATA))
    newest = Invoice.select(Invoice.id).where(Invoice.issued).order_by(Invoice.id.desc())
    ids = [invoice.id for invoice in newest.limit(100)]
    pages = [_printed(document) for document in invoice_documents(ids)]
    with tempfile.TemporaryDirectory() as folder:

        def simplest() -> None:
            for number, texts in enumerate(pages):
                canvas = Canvas(str(Path(folder) / f"page-{number}.pdf"))
                for row, text in enumerate(texts):
                    canvas.drawString(72, 800 - 7 * row, text)
                canvas.showPage()
                canvas.save()

        ours = median_seconds(lambda: write_invoices(ids, Path(folder) / "invoices"))
        floor = median_seconds(simplest)
    db.close_database()
    return ours, floor


def _printed(document: InvoiceDocument) -> list[str]:
    """Every string an invoice prints: its heading, both parties, dates, each cell of its
    lines, totals, how to pay and footer."""
    seller, payer = document.seller, document.payer
    texts = [document.kind, document.number, seller.name, seller.address, seller.postcode]
    texts += [seller.phone, seller.email, "Bill to", payer.name, payer.address, payer.postcode]
    texts += ["Date", format_date(document.issue_date), "Period", "to", "Total"]
    texts += ["Description", "Quantity", "Unit price", "Amount", format_money(document.total_pence)]
    for line in document.lines:
        texts += [line.description, line.quantity, line.unit_price, format_money(line.amount_pence)]
    texts += [document.payment_terms, *(text for pair in document.bank_details for text in pair)]
    return [*texts, f"{document.kind} {document.number} · {seller.name}", "Page 1 of 1"]


def in_fresh_process(name: str) -> tuple[float, ...]:
    """What `name()` of this module returns, run in a fresh Python started with -c."""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench; "
    run = subprocess.run(
        [sys.executable, "-c", code + f"print(*bench.{name}())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return tuple(map(float, run.stdout.split()))


def workbook_export() -> tuple[float, float, float, float]:
    """Seconds for `microbiz export xlsx` of the 5-year data and its peak memory in MB (the
    kernel's high-water mark, VmHWM: ru_maxrss would count this process's, from the fork), in a
    fresh process; seconds for openpyxl write-only writing the same number and kinds of
    cells (each sheet's first row, as many times as the sheet has rows); and the peak memory
    of a fresh process that opens the same data and writes nothing."""
    db.open_database(database_path(DATA))
    sheets = [make() for make in SHEETS]
    shapes = [(sheet.title, next(iter(sheet.rows), []), sheet.count) for sheet in sheets]
    db.close_database()
    probe = (
        "import re, sys, time; from pathlib import Path; from microbiz.cli import main;"
        "begun = time.perf_counter(); main(sys.argv[1:]); print(time.perf_counter() - begun,"
        "re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1))"
    )
    with tempfile.TemporaryDirectory() as folder:
        export = ["--data-dir", str(DATA), "export", "xlsx", str(Path(folder) / "all.xlsx")]
        seconds, peak_kb = _probe(probe, export)
        _, idle_kb = _probe(probe, ["--data-dir", str(DATA), "business", "show"])

        def simplest() -> None:
            workbook = Workbook(write_only=True)
            for title, row, count in shapes:
                sheet = workbook.create_sheet(title)
                for _ in range(count):
                    sheet.append(row)
            workbook.save(Path(folder) / "floor.xlsx")

        floor = median_seconds(simplest, runs=1)
    return seconds, floor, peak_kb / 1024, idle_kb / 1024


def _probe(code: str, args: list[str]) -> tuple[float, int]:
    """The two figures a fresh Python process running `code` prints last."""
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    seconds, kilobytes = run.stdout.split()[-2:]
    return float(seconds), int(kilobytes)


def month_end() -> tuple[float, float, int]:
    """Seconds for month end on a fresh copy of the 5-year data: November's drafts for every
    client, issued, and their PDFs written; the floor: November's billable visits read with
    one plain query and drawn as plain strings on one reportlab page per client; how many."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "data"
        with sqlite3.connect(database_path(DATA)) as source:
            copy.mkdir()
            with sqlite3.connect(database_path(copy)) as target:
                source.backup(target)
        db.open_database(database_path(copy))
        begun = time.perf_counter()
        batch = generate_drafts(date(2026, 11, 1), date(2026, 11, 30))
        ids = [invoice.id for invoice in batch.invoices]
        issue_and_write(ids, date(2026, 11, 30), Path(folder) / "pdfs", date_confirmed=True)
        ours = time.perf_counter() - begun
        conn = models.database.connection()
        floor = median_seconds(lambda: _plain_month_end(conn, Path(folder) / "floor"), runs=1)
        db.close_database()
    return ours, floor, len(ids)


def _plain_month_end(conn: sqlite3.Connection, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    rows = conn.execute(
        'SELECT visit.client_id, visit.start, visit."end", visit_type.name,'
        " visit_type.weekday_rate_pence FROM visit"
        " JOIN visit_type ON visit_type.id = visit.visit_type_id"
        " WHERE visit.start >= '2026-11-01' AND visit.start < '2026-12-01'"
        " AND visit.status IN ('delivered', 'cancelled_chargeable')"
        " ORDER BY visit.client_id, visit.start"
    ).fetchall()
    by_client: dict[int, list[str]] = {}
    for client_id, start, end, kind, rate in rows:
        by_client.setdefault(client_id, []).append(f"{start} {end} {kind} {rate}")
    for client_id, lines in by_client.items():
        canvas = Canvas(str(folder / f"{client_id}.pdf"))
        for row, text in enumerate(lines[:50]):
            canvas.drawString(72, 800 - 14 * row, text)
        canvas.showPage()
        canvas.save()


def hours_list() -> None:
    """The hours list at 1,000,000 visits: the first page and a keystroke of each kind."""
    database = db.open_database(database_path(MILLION))
    visits = Visit.select().count()
    client = Client.select().order_by(Client.id).first()
    print(f"\nHours list: {visits:,} visits", flush=True)
    conn = database.connection()
    cases = [
        ("first page, no filter", VisitFilter(), None),
        ("filter 'support' (every visit)", VisitFilter(text="support"), '"support*"'),
        ("filter 's' (one letter)", VisitFilter(text="s"), '"s*"'),
        ("filter 'brown' (a client's name)", VisitFilter(text="brown"), '"brown*"'),
        ("filter 'zz' (nothing)", VisitFilter(text="zz"), '"zz*"'),
        ("filter 'park' (a note on a third)", VisitFilter(text="park"), '"park*"'),
        ("filter 'garden' (a rare note)", VisitFilter(text="garden"), '"garden*"'),
        (
            f"client {client.name} + 'support'",
            VisitFilter(client_id=client.id, text="support"),
            '"support*"',
        ),
    ]
    for name, chosen, words in cases:
        ours = median_seconds(keystroke(chosen))
        report(
            f"hours {name}", ours, "plain sqlite3 lookup", median_seconds(plain_lookup(conn, words))
        )
    typed = [VisitFilter(text="hospital"[:n]) for n in range(1, 9)]
    slowest = max(median_seconds(keystroke(chosen), runs=3) for chosen in typed)
    floor = max(median_seconds(plain_lookup(conn, f'"{c.text}*"'), runs=3) for c in typed)
    report("hours typing 'hospital', slowest key", slowest, "plain sqlite3 lookup", floor)
    db.close_database()


def main() -> None:
    ensure_demo()
    ensure_million()
    db.open_database(database_path(DATA))
    visits, clients = Visit.select().count(), Client.select().count()
    db.close_database()
    print(f"Data: {clients} clients, {visits:,} visits ({YEARS} years)\n", flush=True)
    ours, our_peak = startup("--app", str(DATA))
    bare, bare_peak = startup("--bare")
    report("start to main window shown (5 years)", ours, "bare PySide6 window", bare)
    report("  peak memory at start", our_peak, "bare PySide6 window", bare_peak, "MB")
    hours_list()
    print(flush=True)
    pdfs, pages = in_fresh_process("invoice_pdfs")
    report("100 invoice PDFs", pdfs, "their text on 100 plain pages", pages)
    export, cells, peak, idle = workbook_export()
    report("export xlsx (5 years)", export, "openpyxl, as many cells", cells)
    report("  peak memory of the export", peak, "a process opening the data", idle, "MB")
    ours, floor, count = in_fresh_process("month_end")
    report(
        f"month end: {count:.0f} drafts, issued, PDFs", ours, "plain query + reportlab pages", floor
    )
    full, normal = synchronous_cost()
    report("20 payments, synchronous=FULL", full, "the same with NORMAL", normal)


if __name__ == "__main__":
    main()
