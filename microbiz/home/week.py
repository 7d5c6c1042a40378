"""The week at a glance, as Home and `microbiz week` show it: a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from microbiz.foundations import clock
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.home.due import DueItem
from microbiz.home.due import due_within
from microbiz.home.owed import PayerOwed
from microbiz.home.owed import owed_by_payer
from microbiz.home.tax_dates import TaxDate
from microbiz.home.tax_dates import next_tax_date
from microbiz.hours.pricing import MAX_VISIT_MINUTES
from microbiz.hours.visits import NOT_CANCELLED
from microbiz.hours.visits import ClientWeek
from microbiz.hours.visits import VisitRow
from microbiz.hours.visits import week_start
from microbiz.hours.visits import week_summary as client_weeks
from microbiz.hours.visits import week_visits
from microbiz.tax.estimate import TaxEstimate
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of
from microbiz.tax.totals import tax_summary


@dataclass(frozen=True)
class NextVisit:
    """The first visit not yet over: who, when, and where to go."""

    visit_id: int
    client_name: str
    visit_type: str
    start: datetime
    end: datetime
    address: str
    under_way: bool


@dataclass(frozen=True)
class WeekHours:
    """The week's hours in minutes, and the charges for visits delivered or charged."""

    delivered_minutes: int
    planned_minutes: int
    contracted_minutes: int
    charged_pence: int


@dataclass(frozen=True)
class WeekSummary:
    """Everything Home shows but the chart and the first-run steps."""

    today: date
    monday: date
    visits: list[VisitRow]
    next_visit: NextVisit | None
    hours: WeekHours
    clients: list[ClientWeek]
    owed: list[PayerOwed]
    due: list[DueItem]
    tax_date: TaxDate
    tax_year: TaxYear
    set_aside: TaxEstimate

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def week_summary(today: date | None = None) -> WeekSummary:
    """The week of `today` (default: the clock's), its money owed, what is due and tax."""
    now = _now_on(today)
    today = now.date()
    monday = week_start(today)
    visits = week_visits(monday)
    clients = client_weeks(monday, visits)
    year = tax_year_of(today)
    tax = tax_summary(year, today)
    return WeekSummary(
        today=today,
        monday=monday,
        visits=visits,
        next_visit=next_visit(now),
        hours=_hours(visits, clients),
        clients=clients,
        owed=owed_by_payer(today),
        due=due_within(today),
        tax_date=next_tax_date(today, tax.mtd_applies_from, tax.calendar_quarters),
        tax_year=year,
        set_aside=tax.estimate,
    )


def next_visit(now: datetime) -> NextVisit | None:
    """The first planned or delivered visit that has not ended by `now`."""
    found = (
        Visit.select(Visit, Client, VisitType)
        .join(Client)
        .switch(Visit)
        .join(VisitType)
        .where(
            Visit.status.in_(NOT_CANCELLED),
            Visit.start > now - timedelta(minutes=MAX_VISIT_MINUTES),
            Visit.end > now,
        )
        .order_by(Visit.start, Visit.id)
        .first()
    )
    if found is None:
        return None
    client = found.client
    return NextVisit(
        visit_id=found.id,
        client_name=client.name,
        visit_type=found.visit_type.name,
        start=found.start,
        end=found.end,
        address=_one_line_address(client),
        under_way=found.start <= now,
    )


def _one_line_address(client: Client) -> str:
    """'4 Mill Lane, Otley, LS21 1AB' from the address lines and postcode."""
    parts = [*client.address.splitlines(), client.postcode]
    return ", ".join(part.strip() for part in parts if part.strip())


def _now_on(today: date | None) -> datetime:
    """The clock's time today, or the start of another day asked for."""
    now = clock.now()
    if today is None or today == now.date():
        return now
    return datetime.combine(today, time())


def _hours(visits: list[VisitRow], clients: list[ClientWeek]) -> WeekHours:
    return WeekHours(
        delivered_minutes=sum(c.delivered_minutes for c in clients),
        planned_minutes=sum(r.minutes for r in visits if r.status == "planned"),
        contracted_minutes=sum(c.contracted_minutes for c in clients),
        charged_pence=sum(c.amount_pence for c in clients),
    )
