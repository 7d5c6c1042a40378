"""Recurring arrangements: fixed-amount lines per period, pro rata, never billed twice."""

from __future__ import annotations

from datetime import date

import peewee
import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import RecurringBilled
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import delete_draft
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.invoices import recurring_lines
from microbiz.invoicing.invoices import remove_line
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.recurring import add_recurring
from microbiz.invoicing.recurring import end_recurring
from microbiz.invoicing.recurring import recurring_of
from microbiz.invoicing.recurring import span_words
from microbiz.privacy.erasure import erase_client
from microbiz.privacy.subject_access import client_data

DEC_1, DEC_31 = date(2026, 12, 1), date(2026, 12, 31)
JAN_1, JAN_31 = date(2027, 1, 1), date(2027, 1, 31)


@pytest.fixture
def jones(business):
    return save_client(
        ClientForm(
            name="Owen Jones",
            postcode="LS6 2AB",
            funding_route="shared_lives",
            payer_kind="scheme",
            payer_name="Leeds Shared Lives",
            payer_address="Merrion House",
            weekday_rate="18.00",
        )
    )


def lines_of(invoice) -> list[tuple[str, int]]:
    found = (
        InvoiceLine.select().where(InvoiceLine.invoice == invoice).order_by(InvoiceLine.position)
    )
    return [(line.description, line.amount_pence) for line in found]


def test_a_month_started_mid_month_is_pro_rata_and_the_next_is_whole(jones):
    add_recurring(jones.id, "620.00", "month", "16/12/2026", None, "Shared Lives arrangement")
    december = create_draft(jones.id, DEC_1, DEC_31)
    assert lines_of(december) == [
        ("Shared Lives arrangement, 16–31 December 2026 (pro rata, 16 of 31 days)", 320_00)
    ]
    january = create_draft(jones.id, JAN_1, JAN_31)
    assert lines_of(january) == [("Shared Lives arrangement, 1–31 January 2027", 620_00)]


def test_an_end_date_inside_the_month_is_pro_rata_and_nothing_follows(jones):
    add_recurring(jones.id, "310.00", "month", "16/12/2026", "10/01/2027", "Day support")
    create_draft(jones.id, DEC_1, DEC_31)
    january = create_draft(jones.id, JAN_1, JAN_31)
    assert lines_of(january) == [
        ("Day support, 1–10 January 2027 (pro rata, 10 of 31 days)", 100_00)
    ]
    assert recurring_lines(jones, date(2027, 2, 1), date(2027, 2, 28)) == []


def test_weekly_periods_run_from_the_start_day_and_split_at_the_invoice_period(jones):
    # Wednesdays from 2 December: four whole weeks, then 30-31 December of the fifth
    add_recurring(jones.id, "70.00", "week", "02/12/2026", None, "Respite")
    december = create_draft(jones.id, DEC_1, DEC_31)
    assert lines_of(december) == [
        ("Respite, 2–8 December 2026", 70_00),
        ("Respite, 9–15 December 2026", 70_00),
        ("Respite, 16–22 December 2026", 70_00),
        ("Respite, 23–29 December 2026", 70_00),
        ("Respite, 30–31 December 2026 (pro rata, 2 of 7 days)", 20_00),
    ]
    january = create_draft(jones.id, JAN_1, JAN_31)
    assert lines_of(january)[0] == ("Respite, 1–5 January 2027 (pro rata, 5 of 7 days)", 50_00)


def test_the_parts_of_a_split_period_add_up_to_its_whole_amount(jones):
    # £100 over 28 days does not divide into pence; the two parts still make £100.00
    add_recurring(jones.id, "100.00", "4-weeks", "20/12/2026", None, "Short breaks")
    december = create_draft(jones.id, DEC_1, DEC_31)
    january = create_draft(jones.id, JAN_1, JAN_31)
    first = lines_of(december)[0]
    second = lines_of(january)[0]
    assert first == ("Short breaks, 20–31 December 2026 (pro rata, 12 of 28 days)", 42_86)
    assert second == ("Short breaks, 1–16 January 2027 (pro rata, 16 of 28 days)", 57_14)
    assert first[1] + second[1] == 100_00
    assert lines_of(january)[1] == (
        "Short breaks, 17–31 January 2027 (pro rata, 15 of 28 days)",
        53_57,
    )


def test_lines_are_never_doubled_and_are_released_when_the_draft_goes(jones):
    add_recurring(jones.id, "620.00", "month", "01/12/2026", None, "Arrangement")
    draft = create_draft(jones.id, DEC_1, DEC_31)
    assert recurring_lines(jones, DEC_1, DEC_31) == []
    batch = generate_drafts(DEC_1, DEC_31)
    assert batch.invoices == []
    assert batch.skipped[0][0] == "Owen Jones"
    delete_draft(draft.id)
    assert RecurringBilled.select().count() == 0
    again = create_draft(jones.id, DEC_1, DEC_31)
    assert lines_of(again) == [("Arrangement, 1–31 December 2026", 620_00)]
    remove_line(InvoiceLine.get(InvoiceLine.invoice == again).id)
    assert [line.amount_pence for line in recurring_lines(jones, DEC_1, DEC_31)] == [620_00]


def test_a_fully_credited_invoice_releases_its_days_a_part_credit_does_not(jones):
    add_recurring(jones.id, "620.00", "month", "01/12/2026", None, "Arrangement")
    issued = issue_invoice(create_draft(jones.id, DEC_1, DEC_31).id, date(2026, 12, 31))
    credit_invoice(issued.id, "20.00", "Away two days")
    assert recurring_lines(jones, DEC_1, DEC_31) == []
    credit_invoice(issued.id, reason="Wrong scheme")
    assert [line.amount_pence for line in recurring_lines(jones, DEC_1, DEC_31)] == [620_00]


def test_the_database_refuses_a_day_billed_twice(jones):
    arrangement = add_recurring(jones.id, "620.00", "month", "01/12/2026", None, "Arrangement")
    draft = create_draft(jones.id, DEC_1, DEC_31)
    other = Invoice.create(client=jones, period_start=DEC_1, period_end=DEC_31)
    line = InvoiceLine.create(
        invoice=other, position=1, kind="manual", description="x", quantity="1", amount_pence=1
    )
    with pytest.raises(peewee.IntegrityError, match="already on a live invoice"):
        RecurringBilled.create(recurring=arrangement, line=line, first_day=DEC_31, last_day=DEC_31)
    assert draft.total_pence == 620_00


def test_month_end_makes_a_draft_for_a_client_with_only_an_arrangement(jones):
    add_recurring(jones.id, "620.00", "month", "01/11/2026", None, "Arrangement")
    batch = generate_drafts(DEC_1, DEC_31, per="payer")
    assert [lines_of(invoice) for invoice in batch.invoices] == [
        [("Arrangement, 1–31 December 2026", 620_00)]
    ]


def test_wrong_fields_are_named_and_nothing_is_saved(jones):
    with pytest.raises(ValidationError) as caught:
        add_recurring(jones.id, "0", "fortnight", "31/02/2026", "01/01/2020", "")
    problems = caught.value.by_field()
    assert set(problems) == {"amount", "every", "starts_on", "description"}
    assert "fortnight" in problems["every"]
    with pytest.raises(ValidationError) as caught:
        add_recurring(jones.id, "10.00", "week", "01/12/2026", "30/11/2026", "Respite")
    assert caught.value.by_field() == {"ends_on": "To must be on or after From."}
    assert recurring_of(jones.id) == []


def test_ending_an_arrangement_keeps_what_is_invoiced(jones):
    arrangement = add_recurring(jones.id, "620.00", "month", "01/12/2026", None, "Arrangement")
    create_draft(jones.id, DEC_1, DEC_31)
    with pytest.raises(ValidationError, match="up to 31/12/2026 are already invoiced"):
        end_recurring(arrangement.id, "15/12/2026")
    ended = end_recurring(arrangement.id, "15/01/2027")
    assert ended.ends_on == date(2027, 1, 15)
    later = add_recurring(jones.id, "50.00", "week", "01/11/2026", None, "Sitting")
    assert end_recurring(later.id).ends_on == date(2026, 11, 25)  # today, by the test clock


def test_spans_are_written_out():
    assert span_words(date(2026, 12, 5), date(2026, 12, 5)) == "5 December 2026"
    assert span_words(date(2026, 11, 28), date(2026, 12, 4)) == "28 November – 4 December 2026"


def test_a_copy_of_their_data_holds_their_arrangements_and_erasure_removes_them(jones):
    add_recurring(jones.id, "620.00", "month", "01/12/2026", None, "Owen's weekend breaks")
    issued = issue_invoice(create_draft(jones.id, DEC_1, DEC_31).id, date(2026, 12, 31))
    [arrangement] = client_data(jones.id)["recurring"]
    assert arrangement["description"] == "Owen's weekend breaks"
    assert arrangement["amount_pence"] == 620_00
    erase_client(jones.id)
    assert recurring_of(jones.id) == []
    assert RecurringBilled.select().count() == 0
    assert Invoice.get_by_id(issued.id).total_pence == 620_00
