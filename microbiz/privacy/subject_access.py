"""A copy of everything Microbiz holds about one client, for a subject access request."""

from __future__ import annotations

import json
from datetime import date
from datetime import datetime
from datetime import time
from pathlib import Path

import peewee
from playhouse.shortcuts import model_to_dict

from microbiz.foundations import clock
from microbiz.foundations.audit_log import log
from microbiz.foundations.business import require_business
from microbiz.foundations.models import Client
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceEmail
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Recurring
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database

NO_DOCUMENTS = (
    "None: documents kept in Microbiz belong to its insurance and checks records, "
    "never to a client."
)
NO_RETURNS = (
    "None: workforce returns are anonymous counts about the business's week "
    "(hours, number of people supported); they never name or describe a client."
)


def client_data(client_id: int) -> dict:
    """Everything held about the client, by kind of record, in plain JSON values."""
    client = Client.get_by_id(client_id)
    return {
        "about": f"Everything {require_business().trading_name} holds in Microbiz about "
        f"{client.name}, as on {clock.today():%d/%m/%Y}.",
        "made_at": clock.now().isoformat(timespec="seconds"),
        "client": _plain(client),
        "rates": _rows(VisitType.select().where(VisitType.client == client)),
        "schedules": _rows(Schedule.select().where(Schedule.client == client)),
        "recurring": _rows(Recurring.select().where(Recurring.client == client)),
        "visits": _rows(
            Visit.select().where(Visit.client == client).order_by(Visit.start, Visit.id)
        ),
        "invoices": [_invoice(invoice) for invoice in _invoices_about(client)],
        "expenses": _rows(Expense.select().where(Expense.client == client)),
        "journeys": _rows(Journey.select().where(Journey.client == client)),
        "documents": NO_DOCUMENTS,
        "workforce_returns": NO_RETURNS,
    }


def export_client(client_id: int, out: Path) -> Path:
    """Write the client's data as a JSON file, and note the export in the audit log."""
    with database.atomic():
        data = client_data(client_id)
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log("client_exported", f"client {client_id}")
    return out


def invoices_about(client: Client) -> peewee.ModelSelect:
    """Invoices for the client: their own, and per-payer invoices with a section for them."""
    sections = InvoiceLine.select(InvoiceLine.invoice).where(InvoiceLine.client == client)
    return Invoice.select().where((Invoice.client == client) | Invoice.id.in_(sections))


def _invoices_about(client: Client) -> list[Invoice]:
    return list(invoices_about(client).order_by(Invoice.issue_date, Invoice.id))


def _invoice(invoice: Invoice) -> dict:
    found = _plain(invoice)
    found["lines"] = _rows(invoice.lines.order_by(InvoiceLine.position))
    found["payments"] = _rows(invoice.payments.order_by(Payment.paid_on, Payment.id))
    found["credit_notes"] = _rows(invoice.credit_notes.order_by(CreditNote.issue_date))
    found["emails"] = _rows(invoice.emails.order_by(InvoiceEmail.sent_at))
    return found


def _rows(query: peewee.ModelSelect) -> list[dict]:
    return [_plain(row) for row in query]


def _plain(row: peewee.Model) -> dict:
    return {key: _value(value) for key, value in model_to_dict(row, recurse=False).items()}


def _value(value: object) -> object:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value
