"""The default demo: Jo's round, a sole trader's week of about 30 hours for eight clients.

Six clients now, one paused (in hospital) and one ended (moved into a care home); paid by
Direct Payment, by the person or a relative, through a managed account, by the NHS as a
personal health budget, and by the Shared Lives scheme for a day's support at a flat fee.
At £18 to £22 an hour that comes to about £31,000 a year, whatever the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.demo.hours import add_weekly_visits
from microbiz.demo.hours import stop_schedules
from microbiz.demo.people import MANAGED_ACCOUNT
from microbiz.demo.people import ROUTE_PAYERS
from microbiz.demo.people import client_form
from microbiz.demo.people import set_payer
from microbiz.demo.people import set_representative
from microbiz.demo.people import unique_names
from microbiz.foundations.models import Client
from microbiz.foundations.models import VisitType

WEEKDAY_PENCE = range(1800, 2225, 25)
DAY_SUPPORT = VisitTypeForm(name="Day support", flat_fee="80.00")


@dataclass(frozen=True)
class Regular:
    """A client on the round: funding, who pays, their week (Monday is 0), and since when."""

    route: str
    payer: str
    week: tuple[tuple[int, str, str], ...]
    since_days: int
    status: str = "active"
    stopped_days: int = 0
    day_support: bool = False

    @property
    def contracted_hours(self) -> str:
        minutes = sum(_minutes(end) - _minutes(start) for _, start, end in self.week)
        return f"{minutes / 60:g}"


ROUND = (
    Regular("direct_payment", "person", tuple((day, "08:00", "09:30") for day in range(5)), 1500),
    Regular(
        "direct_payment",
        "managed_account",
        ((1, "11:00", "13:00"), (3, "11:00", "13:00"), (5, "10:00", "12:00")),
        800,
    ),
    Regular("self_funded", "representative", ((0, "14:30", "16:30"), (3, "14:30", "16:30")), 1100),
    Regular("self_funded", "person", ((4, "13:00", "15:00"),), 560),
    Regular("shared_lives", "scheme", ((2, "10:30", "15:30"),), 700, day_support=True),
    Regular("nhs", "nhs", ((1, "17:00", "18:30"), (6, "09:00", "11:00")), 150),
    Regular(
        "self_funded",
        "person",
        ((1, "14:00", "15:30"), (4, "10:30", "12:00")),
        540,
        status="paused",
        stopped_days=21,
    ),
    Regular(
        "direct_payment",
        "representative",
        ((0, "11:00", "13:00"), (3, "17:00", "19:00")),
        1200,
        status="ended",
        stopped_days=160,
    ),
)


def add_sole_trader(rng: random.Random, today: date, years: int) -> None:
    """Jo's clients with their rates and weekly visits, `years` of them had by today."""
    history_start = today - timedelta(days=365 * years)
    for name, regular in zip(unique_names(rng, len(ROUND)), ROUND, strict=True):
        client = save_client(_form(rng, name, regular, today))
        since = max(history_start, client.start_date)
        add_weekly_visits(rng, _visit_type(client, regular), regular.week, since, today)
        if regular.status != "active":
            stop_schedules(client, today - timedelta(days=regular.stopped_days))
            set_client_status(client.id, regular.status)


def _form(rng: random.Random, name: str, regular: Regular, today: date) -> ClientForm:
    form = client_form(rng, name, regular.route, today, (regular.contracted_hours,), WEEKDAY_PENCE)
    form.start_date = (today - timedelta(days=regular.since_days)).isoformat()
    if regular.payer == "representative":
        set_representative(rng, form)
    elif regular.payer == "managed_account":
        set_payer(rng, form, MANAGED_ACCOUNT)
    elif regular.payer != "person":
        set_payer(rng, form, ROUTE_PAYERS[regular.route])
    return form


def _visit_type(client: Client, regular: Regular) -> VisitType:
    """The Shared Lives day is a flat fee; everyone else has Support at hourly rates."""
    if regular.day_support:
        return save_visit_type(client.id, DAY_SUPPORT)
    return support_visit_type(client)


def _minutes(clock_time: str) -> int:
    hours, minutes = clock_time.split(":")
    return int(hours) * 60 + int(minutes)
