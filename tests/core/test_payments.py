"""Payments, statuses from payments and dates, overdue lists and late payment claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import delete_payment
from microbiz.invoicing.payments import fixed_compensation
from microbiz.invoicing.payments import invoice_status
from microbiz.invoicing.payments import late_payment_claim
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import overdue_by_payer
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)
ISSUED = date(2026, 11, 30)
DUE = date(2026, 12, 14)


def invoice_for(name, payer_kind="person", payer_name="", hours=("09:00", "11:00")):
    client = save_client(
        ClientForm(
            name=name,
            weekday_rate="18",
            payer_kind=payer_kind,
            payer_name=payer_name,
            payer_address="Merrion House, Leeds" if payer_name else "",
        )
    )
    form = VisitForm(client.id, support_visit_type(client).id, "02/11/2026", *hours)
    save_visit(form, allow_overlap=True)
    return issue_invoice(create_draft(client.id, NOV_1, NOV_30).id, ISSUED)


@pytest.mark.parametrize(
    ("issued", "paid", "credited", "today", "status"),
    [
        (False, 0, 0, ISSUED, "draft"),
        (True, 0, 0, ISSUED, "issued"),
        (True, 0, 0, DUE, "issued"),
        (True, 0, 0, date(2026, 12, 15), "overdue"),
        (True, 1000, 0, ISSUED, "part_paid"),
        (True, 1000, 0, date(2026, 12, 15), "overdue"),
        (True, 3600, 0, date(2027, 1, 1), "paid"),
        (True, 1600, 2000, date(2027, 1, 1), "paid"),
        (True, 0, 3600, date(2027, 1, 1), "credited"),
    ],
)
def test_status_comes_from_payments_credits_and_dates(issued, paid, credited, today, status):
    assert invoice_status(issued, 3600, paid, credited, DUE, today) == status


def test_part_payments_then_paid(business):
    invoice = invoice_for("Margaret Brown")
    record_payment(invoice.id, "£10.00", "05/12/2026", "Direct Payment card", "DP card")
    summary = summary_of(invoice.id, today=date(2026, 12, 6))
    assert (summary.status, summary.paid_pence, summary.balance_pence) == ("part_paid", 1000, 2600)
    record_payment(invoice.id, "26", "07/12/2026", "cash")
    assert summary_of(invoice.id).status == "paid"


def test_overpayment_is_refused_and_nothing_recorded(business):
    invoice = invoice_for("Margaret Brown")
    record_payment(invoice.id, "30", ISSUED)
    with pytest.raises(UserError, match="£10.00 is more than the £6.00 still owed on INV-0001"):
        record_payment(invoice.id, "10", ISSUED)
    assert summary_of(invoice.id).paid_pence == 3000


def test_bad_payments_name_the_field(business):
    invoice = invoice_for("Margaret Brown")
    with pytest.raises(ValidationError) as raised:
        record_payment(invoice.id, "0", "32/12/2026", "bitcoin")
    assert raised.value.by_field() == {
        "amount": "Amount must be more than £0.00.",
        "paid_on": "Date paid: '32/12/2026' is not a real date.",
        "method": (
            "Paid by 'bitcoin' is not one of: Bank transfer, Direct Payment card, Cheque, Cash."
        ),
    }


def test_a_draft_takes_no_payment(business):
    client = save_client(ClientForm(name="Edna", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "10:00"))
    draft = create_draft(client.id, NOV_1, NOV_30)
    with pytest.raises(UserError, match="Issue this invoice before recording a payment"):
        record_payment(draft.id, "1")


def test_deleting_a_mistaken_payment(business):
    invoice = invoice_for("Margaret Brown")
    payment = record_payment(invoice.id, "36", ISSUED)
    delete_payment(payment.id)
    assert summary_of(invoice.id, today=ISSUED).status == "issued"


def test_credited_and_overdue_lists(business):
    brown = invoice_for("Margaret Brown", "council", "Leeds City Council")
    jones = invoice_for("Tom Jones", "council", "Leeds City Council", ("09:00", "12:00"))
    patel = invoice_for("Arjun Patel")
    credit_invoice(patel.id, reason="Duplicate")
    record_payment(jones.id, "4")
    later = date(2027, 1, 4)
    assert {s.number: s.status for s in list_invoices(today=later)} == {
        brown.number: "overdue",
        jones.number: "overdue",
        patel.number: "credited",
    }
    assert [s.number for s in list_invoices("credited", later)] == [patel.number]
    debts = overdue_by_payer(later)
    assert [(d.payer_name, d.owed_pence) for d in debts] == [("Leeds City Council", 3600 + 5000)]
    assert {s.days_overdue for s in debts[0].invoices} == {21}


def test_late_payment_claim_for_a_council_only(business):
    council = invoice_for("Margaret Brown", "council", "Leeds City Council")
    person = invoice_for("Arjun Patel")
    on = date(2027, 1, 13)  # 30 days after the due date
    claim = late_payment_claim(council.id, Decimal("3.75"), on)
    # £36.00 x 11.75% x 30 / 365 = 34.767...p -> 35p
    assert (claim.days, claim.interest_pence, claim.compensation_pence) == (30, 35, 4000)
    assert "11.75% a year" in claim.statement and "£40.00" in claim.statement
    assert late_payment_claim(person.id, Decimal("3.75"), on) is None
    assert late_payment_claim(council.id, Decimal("3.75"), DUE) is None  # not yet overdue


@pytest.mark.parametrize(
    ("owed", "compensation"),
    [(99_999, 4_000), (100_000, 7_000), (999_999, 7_000), (1_000_000, 10_000)],
)
def test_fixed_compensation_bands(owed, compensation):
    assert fixed_compensation(owed) == compensation
