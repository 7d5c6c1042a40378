"""Qualifying care relief for a Shared Lives carer: the limit, the weeks, the two methods."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.invoices import payer_of
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.recurring import add_recurring
from microbiz.tax.care_relief import set_care_relief
from microbiz.tax.care_relief import weeks_placed
from microbiz.tax.care_relief import year_weeks
from microbiz.tax.estimate import estimate_tax
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import tax_summary

YEAR = TaxYear(2026)  # 6 April 2026 (a Monday) to 5 April 2027 (a Monday): 53 weeks
FULL_YEAR_LIMIT = 19_690_00 + 53 * 495_00  # £45,925.00 for one adult placed all year


def placed(name: str, first: str, last: str | None = None, route: str = "shared_lives"):
    client = save_client(
        ClientForm(
            name=name,
            funding_route=route,
            payer_kind="scheme",
            payer_name="Leeds Shared Lives",
            payer_address="Merrion House, Leeds",
            weekday_rate="18",
        )
    )
    add_recurring(client.id, "100.00", "month", first, last, "Shared Lives arrangement")
    return client


def receive(client, pence: int, day: date) -> None:
    """An issued invoice for the amount, paid in full on the day."""
    invoice = Invoice.create(client=client, period_start=day, period_end=day, **payer_of(client))
    pounds = f"{pence // 100}.{pence % 100:02d}"
    add_manual_line(invoice.id, "Shared Lives care", "1", pounds)
    issue_invoice(invoice.id, day, date_confirmed=True)
    record_payment(invoice.id, pounds, day, "bank_transfer")


@pytest.fixture
def carer(business):
    set_care_relief(carer="yes")
    return placed("Owen Jones", "01/04/2026")


@pytest.mark.parametrize(
    ("receipts", "taxable"),
    [
        (30_000_00, 0),
        (FULL_YEAR_LIMIT, 0),
        (50_000_00, 50_000_00 - FULL_YEAR_LIMIT),
    ],
    ids=["below", "at", "above"],
)
def test_receipts_below_at_and_above_the_limit(carer, receipts, taxable):
    receive(carer, receipts, date(2026, 12, 1))
    summary = tax_summary(YEAR)
    relief = summary.care_relief
    assert relief.weeks == {"Owen Jones": 53}
    assert relief.limit_pence == FULL_YEAR_LIMIT
    assert relief.within_limit is (taxable == 0)
    assert summary.taxable_profit_pence == taxable
    assert summary.totals.profit_pence == receipts  # the normal profit is still shown
    assert summary.estimate == estimate_tax(taxable, YEAR)


def test_the_two_methods_over_the_limit(carer):
    receive(carer, 50_000_00, date(2026, 12, 1))
    save_expense(ExpenseForm("02/12/2026", "2000.00", "other", "Adapted bathroom fittings"))
    simplified = tax_summary(YEAR)
    assert simplified.taxable_profit_pence == 4_075_00
    set_care_relief(method="normal")
    normal = tax_summary(YEAR)
    assert normal.taxable_profit_pence == 48_000_00
    assert normal.estimate.set_aside_pence > simplified.estimate.set_aside_pence


def test_two_carers_in_one_household_share_the_fixed_amount_and_choose_each(carer):
    receive(carer, 40_000_00, date(2026, 12, 1))
    save_expense(ExpenseForm("02/12/2026", "38000.00", "other", "Household running costs"))
    set_care_relief(carers_in_household="2")
    first = tax_summary(YEAR).care_relief  # the first carer keeps the simplified method
    assert first.fixed_share_pence == 9_845_00
    assert first.limit_pence == 9_845_00 + 53 * 495_00
    assert first.taxable_profit_pence == 40_000_00 - first.limit_pence  # £3,920.00
    set_care_relief(method="normal")  # the second carer elects the normal profit, lower here
    second = tax_summary(YEAR).care_relief
    assert second.taxable_profit_pence == 2_000_00
    assert first.taxable_profit_pence == 3_920_00


def test_a_placement_starting_part_way_counts_its_weeks_and_part_of_the_fixed_amount(business):
    set_care_relief(carer="yes")
    placed("Owen Jones", "01/10/2026")  # a Thursday: its week from Monday 28 September counts
    relief = tax_summary(YEAR).care_relief
    assert relief.weeks == {"Owen Jones": 28}
    assert relief.fixed_share_pence == 10_087_75  # £19,690 x 187 / 365 days
    assert relief.limit_pence == 10_087_75 + 28 * 495_00


def test_two_people_one_placement_ended_in_the_year(business):
    set_care_relief(carer="yes")
    placed("Ruth Ames", "06/04/2026", "30/06/2026")
    placed("Owen Jones", "01/10/2026")
    placed("Not Shared Lives", "06/04/2026", route="council")
    relief = tax_summary(YEAR).care_relief
    assert relief.weeks == {"Owen Jones": 28, "Ruth Ames": 13}
    assert relief.limit_pence == 19_690_00 + 41 * 495_00


def test_two_tax_years_use_their_own_figures(business):
    set_care_relief(carer="yes")
    placed("Owen Jones", "01/01/2024")  # a Monday, in 2023-24
    earlier = tax_summary(TaxYear(2023)).care_relief
    assert earlier.weeks == {"Owen Jones": 14}
    assert earlier.fixed_share_pence == 4_758_03  # £18,140 x 96 / 366 days
    assert earlier.limit_pence == 4_758_03 + 14 * 450_00
    assert "Finance (No. 2) Act 2023" in earlier.source
    later = tax_summary(TaxYear(2024)).care_relief
    assert later.limit_pence == 19_360_00 + 52 * 485_00
    assert later.amounts_year == TaxYear(2024)


def test_weeks_run_monday_to_sunday_and_the_last_week_belongs_to_the_year_it_ends():
    assert len(year_weeks(TaxYear(2026))) == 53
    assert year_weeks(TaxYear(2025))[0] == date(2025, 4, 7)  # 6 April 2025 was a Sunday
    assert weeks_placed([(date(2026, 4, 5), date(2026, 4, 5))], TaxYear(2025)) == 1
    assert weeks_placed([(date(2026, 4, 5), date(2026, 4, 5))], TaxYear(2026)) == 0


def test_not_a_carer_means_no_relief(business):
    client = placed("Owen Jones", "01/04/2026")
    receive(client, 30_000_00, date(2026, 12, 1))
    summary = tax_summary(YEAR)
    assert summary.care_relief is None
    assert summary.taxable_profit_pence == 30_000_00


def test_wrong_settings_are_named_and_nothing_is_saved(business):
    with pytest.raises(ValidationError) as caught:
        set_care_relief(carer="maybe", carers_in_household="0", method="best")
    assert set(caught.value.by_field()) == {
        "shared_lives_carer",
        "carers_in_household",
        "care_relief_method",
    }
    assert tax_summary(YEAR).care_relief is None


def test_other_work_is_taxed_on_its_receipts_less_the_expenses(carer):
    council = placed("Vera Lamb", "06/04/2026", route="council")
    receive(carer, 30_000_00, date(2026, 12, 1))
    receive(council, 10_000_00, date(2026, 12, 1))
    save_expense(ExpenseForm("02/12/2026", "2000.00", "other", "Training"))
    summary = tax_summary(YEAR)
    assert summary.care_relief.receipts_pence == 30_000_00
    assert summary.care_relief.weeks == {"Owen Jones": 53}  # council clients are not placed
    assert summary.taxable_profit_pence == 8_000_00
    assert summary.totals.profit_pence == 38_000_00
