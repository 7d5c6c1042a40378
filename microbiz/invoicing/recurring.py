"""Recurring arrangements: a fixed amount billed each week, calendar month or 4 weeks.

Each period the arrangement covers goes on the client's draft, pro rata by days where only
part of a period is billed (the arrangement starts or ends inside it, or the invoice period
cuts it). The days each line bills are kept, so no day is billed twice while that invoice
lives; deleting the draft or crediting it in full releases them, as with visits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from fractions import Fraction

import peewee

from microbiz.clients.details import get_client
from microbiz.foundations import clock
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Recurring
from microbiz.foundations.models import RecurringBilled
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money
from microbiz.foundations.money import round_half_up
from microbiz.foundations.validation import Fields
from microbiz.hours.billing import live_invoices

EVERY = {"week": "Every week", "month": "Every calendar month", "4-weeks": "Every 4 weeks"}
PERIOD_DAYS = {"week": 7, "4-weeks": 28}
LABELS = {
    "amount": "Amount",
    "every": "Every",
    "starts_on": "From",
    "ends_on": "To",
    "description": "Description",
}


@dataclass(frozen=True)
class Slice:
    """Some days of one period of an arrangement, and what they come to."""

    recurring: Recurring
    first_day: date
    last_day: date
    period_days: int
    amount_pence: int

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def whole(self) -> bool:
        return self.days == self.period_days

    def description(self) -> str:
        """ "Shared Lives arrangement, 16–31 December 2026 (pro rata, 16 of 31 days)"."""
        text = f"{self.recurring.description}, {span_words(self.first_day, self.last_day)}"
        if not self.whole:
            text += f" (pro rata, {self.days} of {self.period_days} days)"
        return text


def add_recurring(
    client_id: int,
    amount: str,
    every: str,
    starts_on: str | date,
    ends_on: str | date | None,
    description: str,
) -> Recurring:
    """A new arrangement for the client; a ValidationError naming each wrong field."""
    check = Fields()
    pence = check.money("amount", LABELS["amount"], amount, default=None)
    if pence is None and not check.has("amount"):
        check.fail("amount", "Amount is required.")
    elif pence == 0:
        check.fail("amount", "Amount must be more than £0.00.")
    period = _every(check, every)
    first = check.date("starts_on", LABELS["starts_on"], starts_on)
    if first is None and not check.has("starts_on"):
        check.fail("starts_on", "From (the first day) is required.")
    last = check.date("ends_on", LABELS["ends_on"], ends_on)
    if first and last and last < first:
        check.fail("ends_on", "To must be on or after From.")
    text = check.text("description", LABELS["description"], description, required=True)
    check.done()
    with database.atomic():
        client = get_client(client_id)
        made = Recurring.create(
            client=client,
            amount_pence=pence,
            every=period,
            starts_on=first,
            ends_on=last,
            description=text,
            created_at=clock.now(),
        )
    return made


def _every(check: Fields, every: str) -> str:
    wanted = str(every or "").strip().lower().replace(" ", "-")
    if wanted in EVERY:
        return wanted
    check.fail("every", f"Every '{every}' is not one of: week, month, 4-weeks.")
    return "month"


def recurring_of(client_id: int | None = None) -> list[Recurring]:
    """The arrangements (of one client, or all), oldest start first."""
    query = Recurring.select().order_by(Recurring.starts_on, Recurring.id)
    if client_id is not None:
        query = query.where(Recurring.client == client_id)
    return list(query)


def get_recurring(recurring_id: int) -> Recurring:
    found = Recurring.get_or_none(Recurring.id == recurring_id)
    if found is None:
        raise UserError(f"There is no recurring arrangement number {recurring_id}.")
    return found


def end_recurring(recurring_id: int, ends_on: str | date | None = None) -> Recurring:
    """End an arrangement on a day (today if none); days already invoiced stay invoiced."""
    check = Fields()
    last = check.date("ends_on", LABELS["ends_on"], ends_on) or clock.today()
    check.done()
    with database.atomic():
        arrangement = get_recurring(recurring_id)
        if last < arrangement.starts_on:
            _refuse(f"To must be on or after From ({arrangement.starts_on:%d/%m/%Y}).")
        billed_to = last_billed_day(arrangement)
        if billed_to is not None and billed_to > last:
            _refuse(
                f"To: the days up to {billed_to:%d/%m/%Y} are already invoiced; "
                "end it on or after that day, or credit that invoice first."
            )
        arrangement.ends_on = last
        arrangement.save()
    return arrangement


def _refuse(message: str) -> None:
    raise ValidationError([FieldError("ends_on", message)])


def live_billed() -> peewee.SelectQuery:
    """The days billed by lines of invoices that are not fully credited."""
    return RecurringBilled.select().join(InvoiceLine).join(Invoice).where(live_invoices())


def last_billed_day(arrangement: Recurring) -> date | None:
    """The last day of the arrangement a live invoice bills, if any."""
    latest = (
        live_billed()
        .where(RecurringBilled.recurring == arrangement)
        .order_by(RecurringBilled.last_day.desc())
        .first()
    )
    return latest.last_day if latest else None


def due_slices(client_id: int, first: date, last: date) -> list[Slice]:
    """The unbilled days of the client's arrangements from `first` to `last`, by period."""
    slices = []
    for arrangement in recurring_of(client_id):
        slices += arrangement_slices(arrangement, first, last)
    return sorted(slices, key=lambda s: (s.first_day, s.recurring.id))


def arrangement_slices(arrangement: Recurring, first: date, last: date) -> list[Slice]:
    """One arrangement's unbilled days in the range, a slice per run of days in a period."""
    low = max(first, arrangement.starts_on)
    high = min(last, arrangement.ends_on or last)
    if low > high:
        return []
    billed = _billed_days(arrangement, low, high)
    slices = []
    for start, end in periods(arrangement, low, high):
        days = [
            start + timedelta(days=n)
            for n in range((end - start).days + 1)
            if low <= start + timedelta(days=n) <= high
        ]
        for run in _runs([day for day in days if day not in billed]):
            slices.append(_slice(arrangement, start, end, run[0], run[-1]))
    return slices


def periods(arrangement: Recurring, low: date, high: date) -> list[tuple[date, date]]:
    """The arrangement's periods that overlap `low` to `high`: months, or runs of 7 or 28 days."""
    found = []
    if arrangement.every == "month":
        start = low.replace(day=1)
        while start <= high:
            following = _next_month(start)
            found.append((start, following - timedelta(days=1)))
            start = following
        return found
    length = PERIOD_DAYS[arrangement.every]
    start = arrangement.starts_on + timedelta(
        days=(low - arrangement.starts_on).days // length * length
    )
    while start <= high:
        found.append((start, start + timedelta(days=length - 1)))
        start += timedelta(days=length)
    return found


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _slice(arrangement: Recurring, start: date, end: date, first: date, last: date) -> Slice:
    """Pro rata by days; the parts of one period always add up to its whole amount."""
    length = (end - start).days + 1
    before = (first - start).days
    through = (last - start).days + 1
    amount = arrangement.amount_pence
    pence = round_half_up(Fraction(amount * through, length)) - round_half_up(
        Fraction(amount * before, length)
    )
    return Slice(arrangement, first, last, length, pence)


def _billed_days(arrangement: Recurring, low: date, high: date) -> set[date]:
    ranges = live_billed().where(
        RecurringBilled.recurring == arrangement,
        RecurringBilled.first_day <= high,
        RecurringBilled.last_day >= low,
    )
    days = set()
    for billed in ranges:
        day = billed.first_day
        while day <= billed.last_day:
            days.add(day)
            day += timedelta(days=1)
    return days


def _runs(days: list[date]) -> list[list[date]]:
    """Consecutive days grouped: [1, 2, 3, 5] gives [[1, 2, 3], [5]]."""
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][-1] + timedelta(days=1) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def record_billed(recurring: Recurring, line_id: int, first: date, last: date) -> None:
    """Keep which days a line bills, so no other live invoice bills them."""
    RecurringBilled.create(recurring=recurring, line=line_id, first_day=first, last_day=last)


def span_words(first: date, last: date) -> str:
    """ "16–31 December 2026", "28 December 2026 – 3 January 2027", or one day."""
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def describe(arrangement: Recurring) -> str:
    """ "£450.00 every week from 01/12/2026 to 31/03/2027: Shared Lives arrangement"."""
    period = EVERY[arrangement.every].lower()
    until = f" to {arrangement.ends_on:%d/%m/%Y}" if arrangement.ends_on else ""
    return (
        f"{format_money(arrangement.amount_pence)} {period} from "
        f"{arrangement.starts_on:%d/%m/%Y}{until}: {arrangement.description}"
    )
