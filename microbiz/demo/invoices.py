"""The demo's money: an invoice a month per client for the history, mostly paid."""

from __future__ import annotations

import random
from datetime import date
from datetime import timedelta

from microbiz.foundations.models import Visit
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import record_payment

METHOD_BY_FUNDING = {
    "direct_payment": "direct_payment_card",
    "self_funded": "bank_transfer",
    "council": "bank_transfer",
    "nhs": "bank_transfer",
    "shared_lives": "bank_transfer",
}


def add_demo_invoices(rng: random.Random, today: date) -> None:
    """Invoice each finished month at its end; older ones paid, the last month mixed."""
    first_visit = Visit.select(Visit.start).order_by(Visit.start).scalar()
    if first_visit is None:
        return
    month = first_visit.date().replace(day=1)
    this_month = today.replace(day=1)
    while month < this_month:
        following = _next_month(month)
        last = following - timedelta(days=1)
        recent = following == this_month
        for invoice in generate_drafts(month, last).invoices:
            issued = issue_invoice(invoice.id, last, date_confirmed=True)  # its history
            _settle(rng, issued, today, recent)
        month = following


def _settle(rng: random.Random, invoice, today: date, recent: bool) -> None:
    """Pay in full a few weeks after issue, except for some of the latest month."""
    method = METHOD_BY_FUNDING.get(invoice.client.funding_route, "bank_transfer")
    roll = rng.random()
    if roll < 0.02:
        credit_invoice(invoice.id, reason="Visits recorded twice", issue_date=invoice.issue_date)
        return
    if recent and roll < 0.3:
        return  # not paid yet: overdue once past its due date
    paid_on = min(today, invoice.issue_date + timedelta(days=rng.randint(3, 30)))
    amount = invoice.total_pence
    if recent and roll < 0.45:
        amount //= 2
    record_payment(invoice.id, format_money_plain(amount), paid_on, method, invoice.number)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
