"""The Excel export, reopened with openpyxl as a user's spreadsheet program would."""

from __future__ import annotations

from datetime import date
from datetime import datetime

import pytest
from openpyxl import load_workbook

from microbiz.clients.details import ClientForm
from microbiz.clients.details import find_client
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.demo.sample_business import create_demo
from microbiz.foundations import db as database
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import AuditEntry
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.paths import database_path
from microbiz.records.imports import import_clients
from microbiz.records.workbook import CURRENCY_FORMAT
from microbiz.records.workbook import DATE_FORMAT
from microbiz.records.workbook import MAX_WIDTH
from microbiz.records.workbook import export_workbook
from microbiz.tax.expenses import CATEGORY_LABELS

SHEET_NAMES = [
    "Clients",
    "Rates",
    "Visits",
    "Invoices",
    "Invoice lines",
    "Payments",
    "Credit notes",
    "Expenses",
    "Journeys",
    "Insurance and checks",
    "Checklist",
    "Tax summary",
    "Audit log",
]


@pytest.fixture
def clients(db):
    save_client(
        ClientForm(
            name="Margaret Brown",
            address="4 Mill Lane\nOtley",
            postcode="LS21 1AB",
            start_date="31/12/2026",
            funding_route="Direct Payment",
            contracted_hours="12.5",
            weekday_rate="£18.50",
            weekend_rate="20.35",
            notes="A note long enough to be cut off at the widest column the sheet allows for.",
        )
    )
    arjun = save_client(
        ClientForm(
            name="Arjun Patel",
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council Adult Social Care",
            payer_reference="PO 4500123",
        )
    )
    set_client_status(arjun.id, "paused")


def headers(sheet):
    return [cell.value for cell in sheet[1]]


def cell(sheet, row, header):
    return sheet.cell(row=row, column=headers(sheet).index(header) + 1)


def test_clients_sheet_has_real_dates_numbers_and_labels(clients, tmp_path):
    path = export_workbook(tmp_path / "microbiz.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == SHEET_NAMES
    sheet = workbook["Clients"]
    assert headers(sheet)[:3] == ["Name", "Status", "Funding"]
    assert {"Start date", "Contracted hours", "Weekday rate", "Bank holiday rate"} <= set(
        headers(sheet)
    )
    assert sheet.freeze_panes == "A2"
    assert all(header.font.b for header in sheet[1])
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == ["Arjun Patel", "Margaret Brown"]
    assert cell(sheet, 2, "Status").value == "Paused"
    assert cell(sheet, 2, "Funding").value == "Council-commissioned"
    assert cell(sheet, 2, "Weekday rate").value is None
    start = cell(sheet, 3, "Start date")
    assert start.value == datetime(2026, 12, 31)
    assert start.number_format == DATE_FORMAT
    rate = cell(sheet, 3, "Weekend rate")
    assert rate.value == pytest.approx(20.35)
    assert rate.data_type == "n"
    assert rate.number_format == CURRENCY_FORMAT
    assert cell(sheet, 3, "Bank holiday rate").value == pytest.approx(20.35)
    assert cell(sheet, 3, "Contracted hours").value == 12.5


def test_text_is_kept_as_text(db, tmp_path):
    save_client(
        ClientForm(name="Joan Walker", notes="=1+2 visits\x07 a week", phone="=HYPERLINK(1)")
    )
    sheet = load_workbook(export_workbook(tmp_path / "microbiz.xlsx"))["Clients"]
    notes = cell(sheet, 2, "Notes")
    assert (notes.value, notes.data_type) == ("=1+2 visits a week", "s")
    assert cell(sheet, 2, "Phone").data_type == "s"


def test_column_widths_fit_the_content_within_a_limit(clients, tmp_path):
    sheet = load_workbook(export_workbook(tmp_path / "microbiz.xlsx"))["Clients"]
    widths = {
        header: sheet.column_dimensions[cell(sheet, 1, header).column_letter].width
        for header in headers(sheet)
    }
    assert widths["Payer name"] >= len("Leeds City Council Adult Social Care")
    assert widths["Name"] >= len("Margaret Brown")
    assert widths["Notes"] == MAX_WIDTH
    assert widths["Start date"] >= len("31/12/2026")


def test_progress_is_reported_up_to_the_total(clients, tmp_path):
    calls = []
    export_workbook(tmp_path / "microbiz.xlsx", lambda done, total: calls.append((done, total)))
    # two clients, their rates, the tax summary's lines, and the log of the clients added
    rows = 2 + VisitType.select().count() + (1 + len(CATEGORY_LABELS) + 3) + 2
    assert calls[0] == (0, rows)
    assert calls[-1] == (rows, rows)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_failed_export_leaves_the_old_file_alone(clients, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "microbiz.xlsx"
    path.write_bytes(b"the old export")

    def stop(done, total):
        if done:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        export_workbook(path, stop)
    assert path.read_bytes() == b"the old export"
    assert [p.name for p in folder.iterdir()] == ["microbiz.xlsx"]
    export_workbook(path)
    assert load_workbook(path).sheetnames == SHEET_NAMES


def test_export_needs_an_xlsx_name_in_a_real_folder(db, tmp_path):
    with pytest.raises(UserError, match="must end in .xlsx"):
        export_workbook(tmp_path / "microbiz.csv")
    with pytest.raises(UserError, match="There is no folder"):
        export_workbook(tmp_path / "nowhere" / "microbiz.xlsx")


def test_the_clients_sheet_imports_back_as_it_was(clients, tmp_path):
    path = export_workbook(tmp_path / "microbiz.xlsx")
    before = {name: ClientForm.of(find_client(name)) for name in ("Margaret Brown", "Arjun Patel")}
    database.close_database()
    database.open_database(database_path(tmp_path / "other"))
    try:
        assert import_clients(path) == 2
        after = {name: ClientForm.of(find_client(name)) for name in before}
        assert find_client("Arjun Patel").status == "paused"
    finally:
        database.close_database()
    assert after == before


def test_every_record_kind_has_its_sheet_of_real_values(db, tmp_path):
    create_demo(clients=3, seed=4, years=1, today=date(2026, 11, 29))
    path = export_workbook(tmp_path / "all.xlsx")
    workbook = load_workbook(path)
    visits = workbook["Visits"]
    assert [c.value for c in visits[1]][:7] == [
        "Date",
        "Start",
        "End",
        "Client",
        "Visit type",
        "Break (minutes)",
        "Hours",
    ]
    assert visits.max_row - 1 == Visit.select().count()
    first = [c for c in visits[2]]
    assert isinstance(first[0].value, datetime) and first[0].number_format == "DD/MM/YYYY"
    assert isinstance(first[6].value, float | int)
    invoices = workbook["Invoices"]
    assert invoices.max_row - 1 == Invoice.select().count()
    total = invoices.cell(row=2, column=8)
    assert isinstance(total.value, float | int) and total.number_format == CURRENCY_FORMAT
    assert workbook["Insurance and checks"].max_row > 2
    assert workbook["Checklist"].cell(row=2, column=1).value == (
        "Starting a care micro-enterprise in England"
    )
    audit = workbook["Audit log"]
    assert [c.value for c in audit[1]] == ["When", "Who", "What", "Details"]
    assert audit.max_row - 1 == AuditEntry.select().count() > 0
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
