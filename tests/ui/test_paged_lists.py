"""The invoices, expenses and journeys lists read a page at a time: a bounded number of
queries per page whatever the data size, every row reachable by scrolling, and totals
under the lists added up by the database over every match, loaded or not."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt

from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.foundations.models import database
from microbiz.invoicing.payments import OWING
from microbiz.invoicing.payments import list_invoices
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import allowances_for
from microbiz.tax.expenses import expenses_between
from microbiz.tax.expenses import journey_totals
from microbiz.tax.expenses import journeys_between
from microbiz.tax.expenses import save_journey
from ui.common.paged_model import PAGE_SIZE
from ui.expenses import expenses_model
from ui.expenses import journeys_model
from ui.expenses.expenses_model import ExpensesTableModel
from ui.expenses.journeys_model import JourneysTableModel
from ui.invoices import invoices_model
from ui.invoices.invoices_model import InvoicesTableModel

TODAY = date(2026, 11, 25)


def add_invoices(client: Client, count: int) -> None:
    """Issued invoices, a day apart and newest last, some paid, some part-paid, some not."""
    rows = [
        {
            "client": client.id,
            "number": f"B-{client.id}-{n:05d}",
            "issued": True,
            "issue_date": TODAY - timedelta(days=count - n),
            "due_date": TODAY - timedelta(days=count - n - 14),
            "period_start": TODAY - timedelta(days=count - n + 30),
            "period_end": TODAY - timedelta(days=count - n),
            "payer_name": client.name,
            "total_pence": 1000 + n,
        }
        for n in range(count)
    ]
    with database.atomic():
        for start in range(0, count, 500):
            Invoice.insert_many(rows[start : start + 500]).execute()
        numbers = [f"B-{client.id}-{n:05d}" for n in range(0, count, 3)]
        paid = Invoice.select().where(Invoice.number.in_(numbers))
        Payment.insert_many(
            [
                {"invoice": i.id, "amount_pence": 500, "paid_on": TODAY, "method": "bank_transfer"}
                for i in paid
            ]
        ).execute()


def add_expenses(count: int) -> None:
    rows = [
        {
            "spent_on": date(2020, 1, 1) + timedelta(days=n // 3),
            "amount_pence": 100 + n,
            "category": "office",
            "description": "Gloves" if n % 2 else "Phone",
            "receipt_stored_name": "kept.pdf" if n % 4 == 0 else "",
        }
        for n in range(count)
    ]
    with database.atomic():
        for start in range(0, count, 500):
            Expense.insert_many(rows[start : start + 500]).execute()


def add_journeys(count: int) -> None:
    rows = [
        {
            "travelled_on": date(2021, 1, 1) + timedelta(days=n // 4),
            "miles_tenths": 250 + n % 300,
            "vehicle": "motorcycle" if n % 10 == 0 else "car",
            "purpose": "Visit",
        }
        for n in range(count)
    ]
    with database.atomic():
        for start in range(0, count, 500):
            Journey.insert_many(rows[start : start + 500]).execute()


def statements(job) -> int:
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(seen.append)
    try:
        job()
    finally:
        connection.set_trace_callback(None)
    return len(seen)


def three_pages_and_totals(model, refresh, totals) -> int:
    """Statements for a refresh, two more pages, their text and the totals line."""

    def job() -> None:
        refresh()
        model.fetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        for row in (0, PAGE_SIZE, 2 * PAGE_SIZE):
            model.index(row, 1).data()
        totals()

    count = statements(job)
    assert model.rowCount() == 3 * PAGE_SIZE
    return count


@pytest.fixture
def margaret(clients) -> Client:
    return clients["margaret"]


def test_the_invoices_list_reads_a_bounded_number_of_queries_per_page(clients):
    model = InvoicesTableModel()
    add_invoices(clients["margaret"], 700)
    few = three_pages_and_totals(
        model, lambda: model.refresh(today=TODAY), lambda: model.summaries()
    )
    add_invoices(clients["arthur"], 5000)
    assert (
        three_pages_and_totals(model, lambda: model.refresh(today=TODAY), lambda: model.summaries())
        == few
    )
    assert few <= 6
    assert model.total() == 5700 and model.counted_all()


@pytest.mark.parametrize("status", [None, "paid", "part_paid", "overdue", "issued"])
def test_the_invoices_totals_add_up_every_match(margaret, status):
    add_invoices(margaret, 650)
    model = InvoicesTableModel()
    model.refresh(status, today=TODAY)
    every = list_invoices(status, TODAY)
    assert model.rowCount() == min(len(every), PAGE_SIZE)
    totals = model.summaries()
    assert totals.issued == len(every)
    assert totals.invoiced_pence == sum(s.total_pence - s.credited_pence for s in every)
    assert totals.owed_pence == sum(max(s.balance_pence, 0) for s in every if s.status in OWING)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [model.summary(r) for r in range(model.rowCount())] == every


def test_an_invoice_far_down_the_list_is_found(margaret):
    add_invoices(margaret, 650)
    oldest = Invoice.select().order_by(Invoice.issue_date).first()
    model = InvoicesTableModel()
    model.refresh(today=TODAY)
    assert model.row_of(oldest.id) == 649
    assert model.invoice_id(649) == oldest.id


def test_the_models_pass_qts_checks(qtmodeltester, margaret):
    add_invoices(margaret, 450)
    add_expenses(450)
    add_journeys(450)
    for model in (InvoicesTableModel(), ExpensesTableModel(), JourneysTableModel()):
        model.refresh()
        qtmodeltester.check(model)


def test_the_expenses_list_reads_a_bounded_number_of_queries_per_page(business):
    model = ExpensesTableModel()
    add_expenses(700)
    few = three_pages_and_totals(model, model.refresh, model.expenses)
    add_expenses(5000)
    assert three_pages_and_totals(model, model.refresh, model.expenses) == few
    assert few <= 5


def test_the_expenses_totals_add_up_every_match(business):
    add_expenses(700)
    model = ExpensesTableModel()
    model.refresh(date(2020, 2, 1), date(2020, 6, 30), text="glov")
    every = expenses_between(date(2020, 2, 1), date(2020, 6, 30), text="glov")
    total = sum(e.amount_pence for e in every)
    missing = sum(not e.receipt_stored_name for e in every)
    assert expenses_model.totals_line(model.expenses()) == (
        f"{len(every)} expenses shown, £{total // 100:,}.{total % 100:02d} in all"
        f" · {missing} without a receipt"
    )


def test_the_journeys_list_reads_a_bounded_number_of_queries_per_page(business):
    model = JourneysTableModel()
    add_journeys(700)
    few = three_pages_and_totals(model, model.refresh, lambda: model.totals_line("in all"))
    add_journeys(5000)
    assert three_pages_and_totals(model, model.refresh, lambda: model.totals_line("in all")) == few
    assert few <= 8


@pytest.mark.parametrize(
    "first, last",
    [(None, None), (date(2021, 9, 1), None), (date(2021, 9, 1), date(2022, 5, 1))],
)
def test_the_journeys_totals_are_the_allowance_rules_in_sql(business, first, last):
    """Threshold crossings, motorcycles, and a period starting mid-way through a tax year."""
    add_journeys(1500)
    save_journey(JourneyForm(travelled_on="05/04/2022", miles="3000", purpose="Training"))
    every = journeys_between(first, last)
    allowed = allowances_for(every)
    totals = journey_totals(first, last)
    assert totals.count == len(every)
    assert totals.miles_tenths == sum(j.miles_tenths for j in every)
    assert totals.allowance_pence == sum(allowed.values())
    model = JourneysTableModel()
    model.refresh(first, last)
    assert journeys_model.totals_line(totals, "x") == model.totals_line("x")
    for row in range(model.rowCount()):
        journey = model.journey(row)
        assert (
            model.index(row, journeys_model.ALLOWANCE)
            .data()
            .endswith(f"{allowed[journey.id] % 100:02d}")
        )


def test_the_invoices_totals_line_says_every_match(margaret):
    add_invoices(margaret, 450)
    model = InvoicesTableModel()
    model.refresh(today=TODAY)
    assert invoices_model.totals_line(model.summaries()).startswith("450 invoices")


def test_an_invoice_the_filter_hides_is_not_looked_for_page_by_page(clients):
    add_invoices(clients["margaret"], 650)
    add_invoices(clients["arthur"], 5)
    hidden = Invoice.get(Invoice.client == clients["arthur"].id)
    model = InvoicesTableModel()
    model.refresh(client_id=clients["margaret"].id, today=TODAY)
    assert model.row_of(hidden.id) is None
    assert model.rowCount() == PAGE_SIZE


def test_a_sorted_invoices_list_reads_a_bounded_number_of_queries_per_page(clients):
    model = InvoicesTableModel()
    model.sort(invoices_model.STATUS, Qt.SortOrder.DescendingOrder)
    add_invoices(clients["margaret"], 700)
    refresh = lambda: model.refresh(today=TODAY)  # noqa: E731
    few = three_pages_and_totals(model, refresh, model.summaries)
    add_invoices(clients["arthur"], 5000)
    assert three_pages_and_totals(model, refresh, model.summaries) == few
    assert few <= 6
    assert model.summary(0).days_overdue == 5000 - 14  # Arthur's oldest, anywhere in the list


def test_sorted_expenses_and_journeys_read_a_bounded_number_of_queries_per_page(business):
    expenses, journeys = ExpensesTableModel(), JourneysTableModel()
    expenses.sort(expenses_model.AMOUNT, Qt.SortOrder.DescendingOrder)
    journeys.sort(journeys_model.MILES, Qt.SortOrder.DescendingOrder)
    totals = lambda: journeys.totals_line("in all")  # noqa: E731
    add_expenses(700)
    add_journeys(700)
    few = three_pages_and_totals(expenses, expenses.refresh, expenses.expenses)
    fewer = three_pages_and_totals(journeys, journeys.refresh, totals)
    add_expenses(5000)
    add_journeys(5000)
    assert three_pages_and_totals(expenses, expenses.refresh, expenses.expenses) == few <= 5
    assert three_pages_and_totals(journeys, journeys.refresh, totals) == fewer <= 8
    assert expenses.expense(0).amount_pence == 100 + 4999
    assert journeys.journey(0).miles_tenths == 250 + 299
