"""Search clients, invoices, visits and policies at once: a few of each, newest first.

Each group is one query with a LIMIT, so typing stays quick on years of records.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from functools import reduce

import peewee

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import parse_date
from microbiz.foundations.dates import shorten
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Policy
from microbiz.foundations.models import Visit
from microbiz.foundations.money import format_money
from microbiz.foundations.money import parse_money
from microbiz.foundations.text_search import contains
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import invoice_status
from microbiz.invoicing.payments import summary_query

MOST = 20  # results shown in each group
GROUPS = {
    "clients": "Clients",
    "invoices": "Invoices",
    "visits": "Visits",
    "policies": "Insurance and checks",
}
NOTES_SHOWN = 60


@dataclass(frozen=True)
class Found:
    """One record found: `kind` is client, invoice, visit or policy."""

    kind: str
    record_id: int
    title: str
    detail: str


@dataclass(frozen=True)
class FoundGroup:
    """The records of one kind found; `more` when there were more than shown."""

    key: str
    label: str
    found: list[Found]
    more: bool


def search(text: str, today: date | None = None, most: int = MOST) -> list[FoundGroup]:
    """Every group in order, each with at most `most` records; empty groups for blank text."""
    words = text.split()
    if not words:
        return [FoundGroup(key, label, [], False) for key, label in GROUPS.items()]
    today = today or clock.today()
    found = {
        "clients": _clients(words, most + 1),
        "invoices": _invoices(text, words, most + 1, today),
        "visits": _visits(text, words, most + 1),
        "policies": _policies(words, most + 1, today),
    }
    return [
        FoundGroup(key, label, found[key][:most], len(found[key]) > most)
        for key, label in GROUPS.items()
    ]


def _each_word(words: list[str], *fields: peewee.Field) -> peewee.Expression:
    """Every word is in one of the fields, ignoring case."""
    return reduce(
        operator.and_,
        (reduce(operator.or_, (contains(field, word) for field in fields)) for word in words),
    )


def _clients(words: list[str], limit: int) -> list[Found]:
    query = (
        Client.select()
        .where(_each_word(words, Client.name, Client.payer_name))
        .order_by(peewee.fn.lower(Client.name), Client.id)
        .limit(limit)
    )
    return [Found("client", c.id, c.name, _client_detail(c)) for c in query]


def _client_detail(client: Client) -> str:
    """'Paid for by Penderels Trust' or 'Pays for themselves', and any status but active."""
    if client.payer_kind != "person" and client.payer_name.strip():
        words = f"Paid for by {client.payer_name.strip()}"
    else:
        words = "Pays for themselves"
    if client.status != "active":
        words += f", {CLIENT_STATUSES.get(client.status, client.status).lower()}"
    return words


def _invoices(text: str, words: list[str], limit: int, today: date) -> list[Found]:
    matches = _each_word(words, Invoice.number, Invoice.payer_name)
    amount = _amount(text)
    if amount is not None:
        matches |= Invoice.total_pence == amount
    query = (
        summary_query()
        .where(matches)
        .order_by(Invoice.issued, Invoice.issue_date.desc(), Invoice.id.desc())
        .limit(limit)
        .objects()
    )
    return [_invoice_found(row, today) for row in query]


def _invoice_found(row: Invoice, today: date) -> Found:
    status = invoice_status(
        row.issued, row.total_pence, row.paid, row.credited, row.due_date, today
    )
    title = row.number or f"Draft for {row.client_name}"
    parts = [row.payer_name or row.client_name, format_money(row.total_pence)]
    parts.append(INVOICE_STATUSES[status])
    if row.issue_date:
        parts.append(f"issued {format_date(row.issue_date)}")
    return Found("invoice", row.id, title, ", ".join(parts))


def _amount(text: str) -> int | None:
    """Pence when the text is an amount like 36 or £36.00, else None."""
    try:
        pence = parse_money(text)
    except UserError:
        return None
    return pence if pence > 0 else None


def _visits(text: str, words: list[str], limit: int) -> list[Found]:
    query = Visit.select(Visit, Client).join(Client).limit(limit)
    day = _day(text)
    if day is None:
        query = query.where(_each_word(words, Visit.notes)).order_by(Visit.start.desc())
    else:
        first = datetime.combine(day, time())
        query = query.where(Visit.start >= first, Visit.start < first + timedelta(days=1))
        query = query.order_by(Visit.start, Visit.id)
    return [_visit_found(visit) for visit in query]


def _visit_found(visit: Visit) -> Found:
    start, end = visit.start, visit.end
    title = f"{start:%a} {format_date(start.date())} {start:%H:%M}–{end:%H:%M}, {visit.client.name}"
    detail = VISIT_STATUSES.get(visit.status, visit.status)
    if visit.notes.strip():
        detail += f": {shorten(visit.notes, NOTES_SHOWN)}"
    return Found("visit", visit.id, title, detail)


def _day(text: str) -> date | None:
    """The date when the text is one, like 25/11/2026 or 2026-11-25, else None."""
    try:
        return parse_date(text)
    except UserError:
        return None


def _policies(words: list[str], limit: int, today: date) -> list[Found]:
    matches = []
    for word in words:
        kinds = [key for key, label in POLICY_KINDS.items() if word.casefold() in label.casefold()]
        matches.append(contains(Policy.provider, word) | Policy.kind.in_(kinds))
    query = (
        Policy.select()
        .where(reduce(operator.and_, matches))
        .order_by(Policy.kind, Policy.expires_on.desc(nulls="first"), Policy.id)
        .limit(limit)
    )
    return [_policy_found(policy, today) for policy in query]


def _policy_found(policy: Policy, today: date) -> Found:
    title = POLICY_KINDS.get(policy.kind, policy.kind)
    if policy.provider:
        title += f" ({policy.provider})"
    if policy.expires_on is None:
        detail = "No expiry date"
    elif policy.expires_on < today:
        detail = f"Expired {format_date(policy.expires_on)}"
    else:
        detail = f"Expires {format_date(policy.expires_on)}"
    return Found("policy", policy.id, title, detail)
