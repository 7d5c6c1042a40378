"""The workbook export streams: rows come from a cursor one at a time, in a bounded number of
queries, and every one of them reaches the workbook."""

from __future__ import annotations

import shutil
import tracemalloc
from datetime import date

import pytest
from openpyxl import load_workbook

from microbiz.clients.details import support_visit_type
from microbiz.demo.sample_business import create_demo
from microbiz.foundations import clock
from microbiz.foundations import db as database
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import database as bound
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.records.sheets import SHEETS
from microbiz.records.sheets import lines_sheet
from microbiz.records.sheets import visits_sheet
from microbiz.records.workbook import export_workbook

TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A year of a three-client demo business, made once for these tests."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.VARIABLE, TODAY.isoformat())
        database.open_database(database_path(folder))
        create_demo(clients=3, seed=4, years=1, today=TODAY)
        database.close_database()
    return database_path(folder)


@pytest.fixture
def demo(demo_file, data_dir):
    """A copy of the demo business, open."""
    shutil.copy(demo_file, database_path(data_dir))
    database.open_database(database_path(data_dir))
    yield
    database.close_database()


def held_while(consume) -> int:
    """Peak bytes of Python memory allocated while `consume()` runs."""
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("make", [visits_sheet, lines_sheet], ids=["visits", "lines"])
def test_rows_are_made_one_at_a_time_never_all_held(demo, make):
    rows = iter(make().rows)
    next(rows)  # the query has run and the first row is made
    streaming = held_while(lambda: [None for _ in rows])
    every_row = held_while(lambda: list(make().rows))
    assert make().count > 500
    # what keeping the rows would take, against one row's worth while streaming
    assert streaming < every_row / 20


def statements_in_an_export(path) -> list[str]:
    seen: list[str] = []
    bound.connection().set_trace_callback(seen.append)
    try:
        export_workbook(path)
    finally:
        bound.connection().set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]


def test_an_export_asks_the_same_number_of_questions_whatever_the_records(demo, tmp_path):
    before = statements_in_an_export(tmp_path / "before.xlsx")
    client = Client.select().first()
    for day in range(1, 32):  # a month of night sits, invoiced and part-paid
        support = support_visit_type(client).id
        form = VisitForm(client.id, support, f"{day:02d}/10/2026", "22:00", "07:00")
        save_visit(form, allow_overlap=True)
    invoice = issue_invoice(create_draft(client.id, date(2026, 10, 1), date(2026, 10, 31)).id)
    record_payment(invoice.id, "10.00", date(2026, 11, 25))

    after = statements_in_an_export(tmp_path / "after.xlsx")

    assert len(after) == len(before)


def test_every_record_reaches_its_sheet(demo, tmp_path):
    counts = {sheet.title: sheet.count for sheet in (make() for make in SHEETS)}
    workbook = load_workbook(export_workbook(tmp_path / "all.xlsx"), read_only=True)
    rows = {title: sum(1 for _ in workbook[title].iter_rows(min_row=2)) for title in counts}
    assert rows == counts
    assert rows["Visits"] == Visit.select().count() > 500
