"""A realistic sample business in Leeds, to try Microbiz or show it, never mixed with real data.

By default a sole trader's round (see sole_trader); with a number of clients, that many
clients each with hours of their own, for tests and benchmarks at scale.
"""

from __future__ import annotations

import random
from datetime import date
from datetime import timedelta

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.demo.compliance import add_demo_compliance
from microbiz.demo.expenses import add_demo_expenses
from microbiz.demo.hours import add_demo_hours
from microbiz.demo.hours import deliver_history
from microbiz.demo.hours import stop_schedules
from microbiz.demo.invoices import add_demo_invoices
from microbiz.demo.people import MANAGED_ACCOUNT
from microbiz.demo.people import ROUTE_PAYERS
from microbiz.demo.people import client_form
from microbiz.demo.people import set_payer
from microbiz.demo.people import set_representative
from microbiz.demo.people import unique_names
from microbiz.demo.sole_trader import add_sole_trader
from microbiz.foundations import clock
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import save_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import database

MAX_CLIENTS = 200
MAX_YEARS = 10

# Funding routes in the proportions a typical sole trader sees, Direct Payments most.
FUNDING_MIX = (
    ["direct_payment"] * 4 + ["self_funded"] * 3 + ["council"] * 2 + ["nhs"] * 2 + ["shared_lives"]
)
CONTRACTED_HOURS = [
    "3", "4", "5", "6", "7.5", "8", "10", "12", "14", "15", "16", "20", "24", "30", "37.5", "40",
]  # fmt: skip
WEEKDAY_PENCE = range(1700, 2425, 25)


def create_demo(
    clients: int | None = None, seed: int = 1, today: date | None = None, years: int = 1
) -> None:
    """Fill an empty data folder with the sample business and `years` of visits had.

    No `clients`: Jo's round as a sole trader. A number: that many clients, a few paused
    and ended, whose schedules stop some weeks before `today`. All or nothing.
    """
    if clients is not None and not 1 <= clients <= MAX_CLIENTS:
        raise UserError(f"The demo can have 1 to {MAX_CLIENTS} clients.")
    if not 0 <= years <= MAX_YEARS:
        raise UserError(f"The demo can have 0 to {MAX_YEARS} years of visits.")
    rng = random.Random(seed)
    today = today or clock.today()
    with database.atomic():
        _refuse_if_in_use()
        save_business(demo_business_form())
        if clients is None:
            add_sole_trader(rng, today, years)
        else:
            _add_many_clients(rng, clients, today, years)
        deliver_history(rng, today)
        add_demo_invoices(rng, today)
        add_demo_compliance(today)
        add_demo_expenses(rng, today, years)


def _refuse_if_in_use() -> None:
    """Protect real data: the demo only goes into a folder with no business and no clients."""
    business = get_business()
    if business is not None:
        raise UserError(
            f"This data folder already belongs to {business.trading_name}; "
            "make the demo in an empty folder (use --data-dir)."
        )
    if Client.select().exists():
        raise UserError("This data folder already has clients; make the demo in an empty folder.")


def demo_business_form() -> BusinessForm:
    """Kind Hands Care, a sole trader in Headingley, Leeds."""
    return BusinessForm(
        trading_name="Kind Hands Care",
        owner_name="Jo Whitaker",
        address="14 Moorland Avenue\nHeadingley\nLeeds",
        postcode="LS6 1AL",
        phone="0113 496 0123",
        email="jo@kindhandscare.example",
        bank_account_name="J Whitaker t/a Kind Hands Care",
        bank_sort_code="60-16-13",
        bank_account_number="31926819",
        payment_terms_days="14",
        invoice_prefix="INV-",
    )


def _add_many_clients(rng: random.Random, count: int, today: date, years: int) -> None:
    """`count` clients with their own rates and hours, a few paused and ended some weeks ago."""
    made = [(save_client(form), status) for form, status in _demo_clients(rng, count, today)]
    for client, _ in made:
        add_demo_hours(rng, client, years, today)
    for client, status in made:
        if status != "active":
            stop_schedules(client, today - timedelta(weeks=rng.randint(1, 12)))
            set_client_status(client.id, status)


def _demo_clients(rng: random.Random, count: int, today: date) -> list[tuple[ClientForm, str]]:
    """`count` clients with their status: a few paused and ended, the rest active."""
    names = unique_names(rng, count)
    routes = [FUNDING_MIX[i % len(FUNDING_MIX)] for i in range(count)]
    rng.shuffle(routes)
    statuses = _statuses(rng, count)
    return [
        (_client_form(rng, name, route, today), status)
        for name, route, status in zip(names, routes, statuses, strict=True)
    ]


def _statuses(rng: random.Random, count: int) -> list[str]:
    """About one in ten paused and one in ten ended, at least one of each from six clients."""
    few = max(1, count // 10) if count >= 6 else 0
    statuses = ["paused"] * few + ["ended"] * few + ["active"] * (count - 2 * few)
    rng.shuffle(statuses)
    return statuses


def _client_form(rng: random.Random, name: str, route: str, today: date) -> ClientForm:
    form = client_form(rng, name, route, today, CONTRACTED_HOURS, WEEKDAY_PENCE)
    _set_payer(rng, form)
    return form


def _set_payer(rng: random.Random, form: ClientForm) -> None:
    """Who is sent the invoices, as the funding route makes likely; else the client pays."""
    payer = ROUTE_PAYERS.get(form.funding_route)
    if payer is None and form.funding_route == "direct_payment" and rng.random() < 0.3:
        payer = MANAGED_ACCOUNT
    if payer is not None:
        set_payer(rng, form, payer)
    elif rng.random() < 0.35:
        set_representative(rng, form)
