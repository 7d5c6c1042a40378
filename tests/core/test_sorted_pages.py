"""The invoices, expenses and journeys lists sorted by any column in SQL, a page at a time:
every row once, in the order the column means (dates by date, money by amount, names
whatever their case), ties broken by id, and a sort no list knows refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import timedelta

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.models import Client
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.foundations.models import database
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import invoice_page
from microbiz.invoicing.payments import list_invoices
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import expense_page
from microbiz.tax.expenses import expenses_between
from microbiz.tax.expenses import journey_page
from microbiz.tax.expenses import journeys_between

TODAY = date(2026, 11, 25)
PAGE = 200
ROWS = 450  # three pages, the last one short
NAMES = ("margaret Brown", "Arthur Patel", "jean O'Neill", "Jean Ashworth")


@pytest.fixture
def clients(business) -> list[Client]:
    """Clients whose names differ in case, so a sort that minds case would show it."""
    return [save_client(ClientForm(name=name)) for name in NAMES]


def add_invoices(clients: list[Client]) -> None:
    """Drafts, issued, part-paid, paid, overdue and credited invoices with many ties;
    numbers past INV-9999; some per-payer invoices covering two clients."""
    rows = [
        {
            "client": clients[n % 4].id,
            "number": None if n % 10 == 0 else f"INV-{n * 29:04d}",
            "issue_date": None if n % 10 == 0 else TODAY - timedelta(days=n % 40),
            "due_date": None if n % 10 == 0 else TODAY - timedelta(days=n % 40 - 14),
            "period_start": TODAY - timedelta(days=60),
            "period_end": TODAY - timedelta(days=30),
            "payer_name": ("Leeds City Council", "leeds city council", "Penderels", "")[n % 4],
            "total_pence": 1000 + (n % 37) * 100,
            "per_payer": n % 15 == 1,
        }
        for n in range(ROWS)
    ]
    with database.atomic():
        Invoice.insert_many(rows).execute()  # as drafts, so per-payer ones can have lines
        InvoiceLine.insert_many(
            {"invoice": i.id, "position": p, "kind": "manual", "description": "Care"}
            | {"quantity": "1", "amount_pence": 100, "client": clients[p].id}
            for i in Invoice.select().where(Invoice.per_payer == True)  # noqa: E712
            for p in range(2)
        ).execute()
        Invoice.update(issued=True).where(Invoice.number.is_null(False)).execute()
        invoices = list(Invoice.select().order_by(Invoice.id))
        Payment.insert_many(
            {"invoice": i.id, "amount_pence": 500 if n % 2 else i.total_pence}
            | {"paid_on": TODAY, "method": "bank_transfer"}
            for n, i in enumerate(invoices)
            if i.issued and n % 3 == 0
        ).execute()
        CreditNote.insert_many(
            {"number": f"CN-{n}", "invoice": i.id, "issue_date": TODAY}
            | {"amount_pence": 700 if n % 2 else i.total_pence}
            for n, i in enumerate(invoices)
            if i.issued and n % 11 == 0
        ).execute()


def add_expenses(clients: list[Client]) -> None:
    categories = list(CATEGORY_LABELS)
    rows = [
        {
            "spent_on": date(2026, 1, 1) + timedelta(days=n // 3),
            "amount_pence": 100 + n % 50,
            "category": categories[n % len(categories)],
            "description": ("gloves", "Gloves", "Phone", "apron")[n % 4],
            "supplier": ("Boots", "", "boots", "Argos")[n % 4],
            "client": None if n % 5 == 0 else clients[n % 4].id,
            "paid_on": date(2026, 6, 1) + timedelta(days=n % 7) if n % 3 == 0 else None,
            "receipt_stored_name": "kept.pdf" if n % 4 == 0 else "",
        }
        for n in range(ROWS)
    ]
    Expense.insert_many(rows).execute()


def add_journeys(clients: list[Client]) -> None:
    rows = [
        {
            "travelled_on": date(2026, 1, 1) + timedelta(days=n // 4),
            "miles_tenths": 250 + n % 30,
            "from_place": ("Otley", "otley", "Leeds")[n % 3],
            "to_place": ("Ilkley", "", "Bradford", "ilkley")[n % 4],
            "purpose": ("Visit", "visit", "Training")[n % 3],
            "client": None if n % 5 == 0 else clients[n % 4].id,
            "vehicle": "motorcycle" if n % 10 == 0 else "car",
        }
        for n in range(ROWS)
    ]
    Journey.insert_many(rows).execute()


def every_page(read: Callable[..., list], *chosen: object, **sorting: object) -> list[int]:
    """The ids of every row `read` gives, a page at a time as the lists read them."""
    ids: list[int] = []
    while True:
        page = read(*chosen, len(ids), PAGE, **sorting)
        ids += [row.id for row in page]
        if len(page) < PAGE:
            return ids


def first_none(value: object) -> tuple:
    """Nothing before everything, as SQL sorts NULL."""
    return (value is not None, value)


STATUS_RANKS = {status: rank for rank, status in enumerate(INVOICE_STATUSES)}
INVOICE_KEYS = {
    "number": lambda s: (s.status != "draft", len(s.number), s.number),
    "client": lambda s: s.client_name.casefold(),
    "payer": lambda s: s.payer_name.casefold(),
    "issued": lambda s: first_none(s.issue_date),
    "due": lambda s: first_none(s.due_date),
    "total": lambda s: s.total_pence,
    "paid": lambda s: first_none(None if s.status == "draft" else s.paid_pence),
    "balance": lambda s: first_none(None if s.status == "draft" else s.balance_pence),
    "status": lambda s: (STATUS_RANKS[s.status], s.days_overdue),
}
EXPENSE_KEYS = {
    "date": lambda e: e.spent_on,
    "description": lambda e: e.description.casefold(),
    "supplier": lambda e: e.supplier.casefold(),
    "category": lambda e: CATEGORY_LABELS[e.category].casefold(),
    "client": lambda e: first_none(e.client.name.casefold() if e.client_id else None),
    "amount": lambda e: e.amount_pence,
    "paid": lambda e: e.paid_on or e.spent_on,
    "receipt": lambda e: bool(e.receipt_stored_name),
}
JOURNEY_KEYS = {
    "date": lambda j: j.travelled_on,
    "from": lambda j: j.from_place.casefold(),
    "to": lambda j: j.to_place.casefold(),
    "purpose": lambda j: j.purpose.casefold(),
    "client": lambda j: first_none(j.client.name.casefold() if j.client_id else None),
    "vehicle": lambda j: VEHICLES[j.vehicle].casefold(),
    "miles": lambda j: j.miles_tenths,
}


def in_order(rows: list, key: Callable) -> list[int]:
    """The ids of `rows` sorted by `key`, ties by id."""
    return [row.id for row in sorted(rows, key=lambda row: (key(row), row.id))]


@pytest.mark.parametrize("sort", INVOICE_KEYS)
def test_invoices_sort_by_every_column_across_pages(clients, sort):
    add_invoices(clients)
    every = list_invoices(today=TODAY)
    assert {s.status for s in every} == set(INVOICE_STATUSES)
    assert any(s.client_name == "2 clients" for s in every)
    going_up = in_order(every, INVOICE_KEYS[sort])
    for descending, expected in ((False, going_up), (True, going_up[::-1])):
        ids = every_page(invoice_page, None, TODAY, None, sort=sort, descending=descending)
        assert ids == expected


def test_a_filtered_invoice_list_sorts_only_its_matches(clients):
    add_invoices(clients)
    overdue = list_invoices("overdue", TODAY)
    ids = every_page(invoice_page, "overdue", TODAY, None, sort="total", descending=True)
    assert ids == in_order(overdue, lambda s: s.total_pence)[::-1]


def test_invoices_keep_their_usual_order_unsorted(clients):
    add_invoices(clients)
    ids = every_page(invoice_page, None, TODAY, None)
    assert ids == [s.id for s in list_invoices(today=TODAY)]


@pytest.mark.parametrize("sort", EXPENSE_KEYS)
def test_expenses_sort_by_every_column_across_pages(clients, sort):
    add_expenses(clients)
    going_up = in_order(expenses_between(), EXPENSE_KEYS[sort])
    for descending, expected in ((False, going_up), (True, going_up[::-1])):
        ids = every_page(expense_page, None, None, "", "", sort=sort, descending=descending)
        assert ids == expected


@pytest.mark.parametrize("sort", JOURNEY_KEYS)
def test_journeys_sort_by_every_column_across_pages(clients, sort):
    add_journeys(clients)
    going_up = in_order(journeys_between(), JOURNEY_KEYS[sort])
    for descending, expected in ((False, going_up), (True, going_up[::-1])):
        ids = every_page(journey_page, None, None, sort=sort, descending=descending)
        assert ids == expected


def test_expenses_and_journeys_keep_newest_first_unsorted(clients):
    add_expenses(clients)
    add_journeys(clients)
    assert every_page(expense_page, None, None, "", "") == [e.id for e in expenses_between()]
    assert every_page(journey_page, None, None) == [j.id for j in journeys_between()]


@pytest.mark.parametrize(
    "read",
    [
        lambda: invoice_page(None, TODAY, None, 0, PAGE, "colour"),
        lambda: expense_page(None, None, "", "", 0, PAGE, "allowance"),
        lambda: journey_page(None, None, 0, PAGE, "allowance"),
    ],
)
def test_a_sort_the_list_does_not_know_is_refused(db, read):
    with pytest.raises(ValueError, match="cannot be sorted by"):
        read()
