"""Tax years, MTD quarters and deadlines, cash-basis totals and the SA103S grouping."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.tax.expenses import CATEGORIES
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey
from microbiz.tax.taxyear import parse_tax_year
from microbiz.tax.taxyear import tax_year_of
from microbiz.tax.totals import tax_summary
from microbiz.tax.totals import totals_between

YEAR = parse_tax_year("2026-27")


def test_tax_years_turn_on_6_april():
    assert tax_year_of(date(2026, 4, 5)).label == "2025-26"
    assert tax_year_of(date(2026, 4, 6)).label == "2026-27"
    assert (YEAR.start, YEAR.end) == (date(2026, 4, 6), date(2027, 4, 5))
    assert parse_tax_year("2026/27") == parse_tax_year("2026") == YEAR
    with pytest.raises(UserError):
        parse_tax_year("2026-29")


def test_standard_and_calendar_quarters_share_deadlines():
    standard = [(q.start, q.end, q.deadline) for q in YEAR.quarters()]
    assert standard == [
        (date(2026, 4, 6), date(2026, 7, 5), date(2026, 8, 7)),
        (date(2026, 7, 6), date(2026, 10, 5), date(2026, 11, 7)),
        (date(2026, 10, 6), date(2027, 1, 5), date(2027, 2, 7)),
        (date(2027, 1, 6), date(2027, 4, 5), date(2027, 5, 7)),
    ]
    calendar = [(q.start, q.end) for q in YEAR.quarters(calendar=True)]
    assert calendar == [
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
    ]
    assert [q.deadline for q in YEAR.quarters(True)] == [q.deadline for q in YEAR.quarters()]


@pytest.fixture
def paid(business):
    """Invoice INV-0001 for £360.00, a payment on 5 April and one on 6 April 2026."""
    client = save_client(ClientForm(name="Edna", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "02/03/2026", "08:00", "18:00"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "03/03/2026", "08:00", "18:00"))
    invoice = issue_invoice(create_draft(client.id, date(2026, 3, 1), date(2026, 3, 31)).id)
    record_payment(invoice.id, "100", "05/04/2026")
    record_payment(invoice.id, "260", "06/04/2026")
    return invoice


def test_cash_basis_counts_income_on_the_day_it_arrives(paid):
    assert totals_between(date(2025, 4, 6), date(2026, 4, 5)).income_pence == 10_000
    assert totals_between(YEAR.start, YEAR.end).income_pence == 26_000


def test_expenses_count_when_paid_and_depreciation_is_not_allowable(paid):
    save_expense(ExpenseForm("01/04/2026", "50", "office", "Ink", paid_on="06/04/2026"))
    save_expense(ExpenseForm("07/04/2026", "120", "premises", "Insurance"))
    save_expense(ExpenseForm("08/04/2026", "300", "depreciation", "Laptop wear"))
    save_expense(ExpenseForm("09/04/2026", "10", "bank_charges", "Fees"))
    save_expense(ExpenseForm("09/04/2026", "5", "interest", "Overdraft"))
    save_journey(JourneyForm("10/04/2026", "100", purpose="Visits"))
    totals = totals_between(YEAR.start, YEAR.end)
    assert totals.expenses_by_category == {
        "premises": 12_000,
        "office": 5_000,
        "interest": 500,
        "bank_charges": 1_000,
        "depreciation": 30_000,
    }
    assert (totals.mileage_tenths, totals.mileage_pence) == (1000, 4500)
    assert totals.total_expenses_pence == 12_000 + 5_000 + 500 + 1_000 + 4_500
    assert totals.profit_pence == 26_000 - totals.total_expenses_pence
    boxes = totals.sa103s_boxes()
    assert boxes == {12: 4500, 14: 12_000, 17: 1_500, 18: 5_000}
    assert sum(boxes.values()) == totals.total_expenses_pence


def test_every_allowable_category_has_a_short_return_box():
    for key, (_, full_box, short_box) in CATEGORIES.items():
        assert 17 <= full_box <= 30
        assert (short_box is None) == (key == "depreciation")


def test_mtd_updates_are_cumulative_with_deadlines(paid):
    save_expense(ExpenseForm("07/07/2026", "20", "office", "Paper"))
    summary = tax_summary(YEAR, today=date(2026, 11, 29))
    ytd = [
        (q.year_to_date.income_pence, q.year_to_date.total_expenses_pence) for q in summary.quarters
    ]
    assert ytd == [(26_000, 0), (26_000, 2_000), (26_000, 2_000), (26_000, 2_000)]
    assert [q.deadline_passed for q in summary.quarters] == [True, True, False, False]
    assert summary.calendar_quarters is False


def test_calendar_quarters_by_election(paid):
    business = Business.get()
    business.calendar_quarters = True
    business.save()
    summary = tax_summary(YEAR, today=date(2026, 11, 29))
    assert summary.quarters[0].year_to_date.start == date(2026, 4, 1)
    # the 5 April payment falls in the calendar first quarter (1 April on)
    assert summary.quarters[0].year_to_date.income_pence == 36_000


def test_mtd_readiness_against_each_threshold(paid):
    readiness = tax_summary(YEAR).readiness
    assert [(r.income_year.label, r.threshold_pence, r.starts) for r in readiness] == [
        ("2024-25", 5_000_000, date(2026, 4, 6)),
        ("2025-26", 3_000_000, date(2027, 4, 6)),
        ("2026-27", 2_000_000, date(2028, 4, 6)),
    ]
    assert [r.qualifying_pence for r in readiness] == [0, 10_000, 26_000]
    assert not any(r.applies for r in readiness)
