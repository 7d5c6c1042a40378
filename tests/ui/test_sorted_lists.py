"""Clicking a heading of the invoices, expenses or journeys list sorts the whole list, not
just the rows read so far, and still reads a page at a time; the chosen order survives a
refresh or a filter, and a record far down the sorted list can still be chosen."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Journey
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money
from ui.common.paged_model import PAGE_SIZE
from ui.expenses import expenses_model
from ui.expenses import journeys_model
from ui.expenses.expenses_page import ExpensesPage
from ui.invoices.invoices_model import CLIENT
from ui.invoices.invoices_model import TOTAL
from ui.invoices.invoices_page import InvoicesPage

TODAY = date(2026, 11, 25)
ROWS = 450
ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def scattered(n: int) -> int:
    """A number from 0 to 996 that jumps about as `n` counts up, so no page holds the extremes."""
    return n * 389 % 997


HIGHEST, NEXT_HIGHEST = sorted(scattered(n) for n in range(ROWS))[:-3:-1]


def add_invoices(client: Client) -> None:
    rows = [
        {
            "client": client.id,
            "number": f"S-{client.id}-{n:05d}",
            "issued": True,
            "issue_date": TODAY - timedelta(days=n),
            "due_date": TODAY - timedelta(days=n - 14),
            "period_start": TODAY - timedelta(days=n + 30),
            "period_end": TODAY - timedelta(days=n),
            "payer_name": client.name,
            "total_pence": 1000 + scattered(n),
        }
        for n in range(ROWS)
    ]
    with database.atomic():
        Invoice.insert_many(rows).execute()


def add_expenses() -> None:
    Expense.insert_many(
        {
            "spent_on": date(2026, 5, 1) + timedelta(days=n // 3),
            "amount_pence": 100 + scattered(n),
            "category": "office",
            "description": "Gloves",
        }
        for n in range(ROWS)
    ).execute()


def add_journeys() -> None:
    Journey.insert_many(
        {"travelled_on": date(2026, 5, 1) + timedelta(days=n // 4), "purpose": "Visit"}
        | {"miles_tenths": 10 + scattered(n)}
        for n in range(ROWS)
    ).execute()


def click_heading(qtbot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))


def indicator(table: QTableView) -> tuple[int, Qt.SortOrder]:
    header = table.horizontalHeader()
    return header.sortIndicatorSection(), header.sortIndicatorOrder()


def shown(table: QTableView, row: int, column: int) -> str:
    return table.model().index(row, column).data()


@pytest.fixture
def invoices_page(qtbot, clients, tmp_path) -> InvoicesPage:
    add_invoices(clients["margaret"])
    add_invoices(clients["arthur"])
    page = InvoicesPage(tmp_path / "invoices", today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1600, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def expenses_page(qtbot, business, data_dir) -> ExpensesPage:
    add_expenses()
    add_journeys()
    page = ExpensesPage(data_dir, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1600, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_clicking_total_sorts_every_invoice_a_page_at_a_time(qtbot, invoices_page):
    table = invoices_page.table
    totals = [i.total_pence for i in Invoice.select()]
    click_heading(qtbot, table, TOTAL)
    assert indicator(table) == (TOTAL, ASCENDING)
    assert shown(table, 0, TOTAL) == format_money(min(totals))
    click_heading(qtbot, table, TOTAL)
    assert indicator(table) == (TOTAL, DESCENDING)
    assert shown(table, 0, TOTAL) == format_money(max(totals))
    assert invoices_page.model.rowCount() == PAGE_SIZE


def test_the_chosen_order_survives_a_refresh_and_a_filter(qtbot, invoices_page, clients):
    table = invoices_page.table
    table.sortByColumn(TOTAL, DESCENDING)
    invoices_page.refresh()
    assert indicator(table) == (TOTAL, DESCENDING)
    assert shown(table, 0, TOTAL) == format_money(1000 + HIGHEST)
    arthur = clients["arthur"].id
    invoices_page.client_filter.setCurrentIndex(invoices_page.client_filter.findData(arthur))
    assert indicator(table) == (TOTAL, DESCENDING)
    assert shown(table, 0, CLIENT) == "Arthur Patel"
    assert shown(table, 0, TOTAL) == format_money(1000 + HIGHEST)
    assert shown(table, 1, TOTAL) == format_money(1000 + NEXT_HIGHEST)


def test_an_invoice_far_down_a_sorted_list_can_be_chosen(qtbot, invoices_page):
    table = invoices_page.table
    table.sortByColumn(TOTAL, DESCENDING)
    assert shown(table, 0, TOTAL) == format_money(1000 + HIGHEST)
    cheapest = Invoice.select().order_by(Invoice.total_pence, Invoice.id).first()
    assert invoices_page.select_invoice(cheapest.id)
    assert invoices_page.selected_id() == cheapest.id
    assert table.selectionModel().selectedRows()[0].row() == 2 * ROWS - 1  # the very last
    assert indicator(table) == (TOTAL, DESCENDING)


def test_clicking_amount_sorts_every_expense(qtbot, expenses_page):
    table = expenses_page.table
    click_heading(qtbot, table, expenses_model.AMOUNT)
    assert shown(table, 0, expenses_model.AMOUNT) == format_money(100)
    click_heading(qtbot, table, expenses_model.AMOUNT)
    assert indicator(table) == (expenses_model.AMOUNT, DESCENDING)
    assert shown(table, 0, expenses_model.AMOUNT) == format_money(100 + HIGHEST)
    assert expenses_page.model.rowCount() == PAGE_SIZE
    biggest = Expense.get(Expense.amount_pence == 100 + HIGHEST)
    assert expenses_page.selected_expense_id() is None
    assert expenses_page.select_expense(biggest.id)
    assert expenses_page.selected_expense_id() == biggest.id


def test_clicking_miles_sorts_every_journey_and_allowance_cannot_be_clicked(qtbot, expenses_page):
    expenses_page.tabs.setCurrentIndex(1)
    table = expenses_page.journeys_table
    first = shown(table, 0, journeys_model.DATE)
    click_heading(qtbot, table, journeys_model.ALLOWANCE)
    assert indicator(table)[0] == -1
    assert shown(table, 0, journeys_model.DATE) == first
    click_heading(qtbot, table, journeys_model.MILES)
    assert indicator(table) == (journeys_model.MILES, ASCENDING)
    assert shown(table, 0, journeys_model.MILES) == "1.0"
    click_heading(qtbot, table, journeys_model.MILES)
    assert shown(table, 0, journeys_model.MILES) == journeys_model.miles_text(10 + HIGHEST)
