"""Home's core: the week at a glance, money owed, what is due, tax dates, income, first steps."""

from __future__ import annotations

from datetime import date
from datetime import datetime

import pytest
from home_support import add_visit
from home_support import invoice_for
from home_support import make_week

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import update_item
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.business import start_business
from microbiz.home.due import due_within
from microbiz.home.first_run import all_done
from microbiz.home.first_run import first_run_steps
from microbiz.home.income import income_by_month
from microbiz.home.owed import owed_by_payer
from microbiz.home.tax_dates import next_tax_date
from microbiz.home.week import next_visit
from microbiz.home.week import week_summary
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import tax_summary
from microbiz.tax.totals import totals_between

TODAY = date(2026, 11, 25)


@pytest.fixture
def week(business):
    return make_week()


def test_the_week_lists_its_visits_in_time_order(week):
    summary = week_summary()
    assert (summary.today, summary.monday, summary.sunday) == (
        TODAY,
        date(2026, 11, 23),
        date(2026, 11, 29),
    )
    assert [(row.client_name, row.start.day, row.status) for row in summary.visits] == [
        ("Margaret Brown", 23, "delivered"),
        ("Jean O'Neill", 24, "delivered"),
        ("Margaret Brown", 25, "planned"),
        ("Jean O'Neill", 26, "cancelled"),
    ]


def test_the_next_visit_comes_with_the_clients_address(week):
    found = week_summary().next_visit
    assert found.visit_id == week.next_visit.id
    assert (found.client_name, found.visit_type) == ("Margaret Brown", "Support")
    assert found.start == datetime(2026, 11, 25, 14, 0)
    assert found.address == "4 Mill Lane, Otley, LS21 1AB"
    assert not found.under_way


def test_a_visit_under_way_is_the_next_one(week):
    now = add_visit(week.jean, "25/11/2026", "11:00", "13:00", status="planned")
    found = next_visit(datetime(2026, 11, 25, 12, 0))
    assert found.visit_id == now.id and found.under_way
    assert next_visit(datetime(2026, 11, 25, 16, 0)) is None


def test_hours_are_delivered_planned_and_contracted_with_the_weeks_charges(week):
    hours = week_summary().hours
    assert hours.delivered_minutes == 4 * 60  # Margaret's Monday, Jean's Tuesday
    assert hours.planned_minutes == 2 * 60  # Margaret's Wednesday afternoon
    assert hours.contracted_minutes == 18 * 60
    assert hours.charged_pence == 36_00 + 40_00  # the cancelled visit charges nothing


def test_another_day_gives_its_own_week_and_starts_at_midnight(week):
    summary = week_summary(date(2026, 11, 18))
    assert summary.monday == date(2026, 11, 16)
    assert [row.start.day for row in summary.visits] == [18]
    assert summary.next_visit.start == datetime(2026, 11, 18, 9, 0)


def test_money_owed_by_payer_overdue_first(week):
    owed = owed_by_payer(TODAY)
    assert [(p.payer_name, p.overdue_pence, p.not_due_pence) for p in owed] == [
        ("Margaret Brown", 36_00, 0),
        ("Leeds City Council", 0, 40_00),
    ]
    assert owed[0].oldest.invoice_id == week.overdue.id
    assert owed[1].oldest.balance_pence == 40_00
    assert week_summary().owed == owed


def test_paid_and_credited_invoices_are_not_owed(week):
    record_payment(week.overdue.id, "36")
    credit_invoice(week.not_due.id)
    assert owed_by_payer(TODAY) == []


def test_a_payers_invoices_are_added_up_oldest_due_first(week):
    add_visit(week.jean, "02/11/2026", "10:00", "11:00")
    later = invoice_for(week.jean, date(2026, 11, 1), date(2026, 11, 22), date(2026, 11, 23))
    (_, council) = owed_by_payer(TODAY)
    assert [i.invoice_id for i in council.invoices] == [week.not_due.id, later.id]
    assert council.total_pence == 40_00 + 20_00


def test_due_lists_the_register_overdue_then_missing_then_due(week):
    due = week_summary().due
    assert [(d.source, d.what, d.state, d.when_words()) for d in due] == [
        ("register", "ICO data protection fee (ICO)", "overdue", "Overdue by 24 days"),
        ("register", "DBS certificate", "missing", "Not on record yet"),
        (
            "register",
            "Public liability insurance (Hiscox)",
            "due",
            "Due in 15 days (10/12/2026)",
        ),
    ]
    assert [d.record_id for d in due] == [week.ico.id, None, week.public_liability.id]


def test_due_lists_open_checklist_items_within_30_days(business, data_dir):
    checklist = start_checklist("england-start-up", data_dir, TODAY)
    first, second, third, *rest = items_of(checklist)
    update_item(first.id, ItemForm(due_on="01/12/2026"))
    update_item(second.id, ItemForm(status="done", due_on="01/12/2026"))
    update_item(third.id, ItemForm(due_on="20/11/2026"))
    for item in rest:
        update_item(item.id, ItemForm(status=item.status, due_on="26/12/2026"))
    found = [d for d in due_within(TODAY) if d.source == "checklist"]
    assert [(d.record_id, d.when_words()) for d in found] == [
        (third.id, "Overdue by 5 days"),
        (first.id, "Due in 6 days (01/12/2026)"),
    ]


def test_an_item_about_the_register_is_due_only_while_its_record_is_not_current(business, data_dir):
    checklist = start_checklist("england-start-up", data_dir, TODAY)
    ico = next(i for i in items_of(checklist) if i.compliance_kind == "ico_fee")
    update_item(ico.id, ItemForm(status="todo", due_on="01/12/2026"))
    assert ico.title in [d.what for d in due_within(TODAY) if d.source == "checklist"]
    save_policy(PolicyForm(kind="ico_fee", provider="ICO", expires_on="30/06/2027"))
    assert ico.title not in [d.what for d in due_within(TODAY) if d.source == "checklist"]


@pytest.mark.parametrize(
    ("today", "day", "words"),
    [
        (TODAY, date(2027, 1, 31), "send your 2025-26 return and pay the tax owed"),
        (date(2027, 1, 31), date(2027, 1, 31), "first payment on account for 2026-27"),
        (date(2027, 2, 1), date(2027, 7, 31), "second payment on account for 2026-27"),
        (date(2027, 8, 1), date(2028, 1, 31), "send your 2026-27 return"),
    ],
)
def test_the_next_self_assessment_date(today, day, words):
    found = next_tax_date(today, None, False)
    assert found.day == day
    assert words in found.what
    assert found.days_left(today) == (day - today).days


@pytest.mark.parametrize(
    ("today", "day", "words"),
    [
        (date(2026, 11, 25), date(2027, 1, 31), "Self Assessment"),
        (date(2027, 2, 1), date(2027, 2, 7), "2026-27 quarter 3 update (to 05/01/2027)"),
        (date(2027, 5, 8), date(2027, 7, 31), "second payment on account"),
        (date(2027, 8, 1), date(2027, 8, 7), "2027-28 quarter 1 update (to 05/07/2027)"),
        (date(2028, 1, 1), date(2028, 1, 31), "final declaration for 2026-27"),
    ],
)
def test_mtd_updates_come_in_when_mtd_applies(today, day, words):
    found = next_tax_date(today, date(2026, 4, 6), False)
    assert found.day == day
    assert words in found.what


def test_calendar_quarters_change_the_period_not_the_deadline():
    found = next_tax_date(date(2027, 2, 1), date(2026, 4, 6), True)
    assert found.day == date(2027, 2, 7)
    assert "(to 31/12/2026)" in found.what


def test_mtd_from_a_later_year_leaves_this_years_quarters_out():
    assert next_tax_date(date(2027, 2, 1), date(2027, 4, 6), False).day == date(2027, 7, 31)


def test_the_tax_to_set_aside_is_the_tax_pages_estimate(week):
    record_payment(week.overdue.id, "36", date(2026, 11, 24))
    summary = week_summary()
    assert summary.tax_year == TaxYear(2026)
    assert summary.set_aside == tax_summary(TaxYear(2026)).estimate
    assert summary.set_aside.profit_pence == 20_00 + 36_00
    assert summary.tax_date.day == date(2027, 1, 31)


def test_income_by_month_against_the_year_before(business):
    margaret = save_client(ClientForm(name="Margaret Brown", weekday_rate="50"))
    add_visit(margaret, "07/04/2025", "08:00", "18:00")  # £500.00
    invoice = invoice_for(margaret, date(2025, 4, 1), date(2025, 4, 30), date(2025, 4, 7))
    for day, pounds in [("15/04/2025", 70), ("03/04/2026", 50), ("20/04/2026", 100)]:
        record_payment(invoice.id, str(pounds), day)
    record_payment(invoice.id, "30", "25/11/2026")
    income = income_by_month(TODAY)
    assert income.year == TaxYear(2026)
    assert [m.first for m in income.months][::11] == [date(2026, 4, 1), date(2027, 3, 1)]
    april, *_, november = income.months[:8]
    assert (april.income_pence, april.year_before_pence) == (150_00, 70_00)
    assert april.year_before == date(2025, 4, 1)
    assert (november.income_pence, november.year_before_pence) == (30_00, 0)
    for month in income.months:
        end = date(month.first.year + month.first.month // 12, month.first.month % 12 + 1, 1)
        last = date.fromordinal(end.toordinal() - 1)
        assert month.income_pence == totals_between(month.first, last).income_pence


def test_first_steps_tick_themselves_from_the_data(db):
    start_business("Kind Hands Care", "Sam Carter")
    assert [(s.key, s.done) for s in first_run_steps()] == [
        ("business", False),
        ("client", False),
        ("visit", False),
        ("invoice", False),
    ]


def test_first_steps_all_done(business):
    steps = first_run_steps()
    assert [s.done for s in steps] == [True, False, False, False]
    save_client(ClientForm(name="Arthur Patel"))
    assert not first_run_steps()[1].done  # a client without rates is not yet enough
    margaret = save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))
    assert first_run_steps()[1].done
    add_visit(margaret, "23/11/2026")
    draft = create_draft(margaret.id, date(2026, 11, 1), date(2026, 11, 30))
    steps = first_run_steps()
    assert [s.done for s in steps] == [True, True, True, False]
    issue_invoice(draft.id, TODAY)
    assert all_done(first_run_steps())


def test_a_client_with_only_a_flat_fee_has_rates(business):
    margaret = save_client(ClientForm(name="Margaret Brown"))
    save_visit_type(margaret.id, VisitTypeForm(name="Sleep-in", flat_fee="80"))
    assert first_run_steps()[1].done
