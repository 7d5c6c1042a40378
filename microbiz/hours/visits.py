"""Visits: validation, saving, cancelling, charges, lists and weekly totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from fractions import Fraction

import peewee
from peewee import SQL
from peewee import fn

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database
from microbiz.foundations.money import round_half_up
from microbiz.foundations.validation import Fields
from microbiz.hours.billing import invoice_billing
from microbiz.hours.pricing import MAX_VISIT_MINUTES
from microbiz.hours.pricing import Rates
from microbiz.hours.pricing import VisitPrice
from microbiz.hours.pricing import check_visit_times
from microbiz.hours.pricing import elapsed_minutes
from microbiz.hours.pricing import price_visit
from microbiz.hours.pricing import visit_end

CHARGED = ("delivered", "cancelled_chargeable")
NOT_CANCELLED = ("planned", "delivered")
NO_CHARGE = VisitPrice(0, 0, ())

LABELS = {
    "client_id": "Client",
    "visit_type_id": "Visit type",
    "day": "Date",
    "start": "Start time",
    "end": "End time",
    "break_minutes": "Break (minutes)",
    "status": "Status",
    "mileage": "Mileage",
    "notes": "Notes",
}


@dataclass
class VisitForm:
    """A visit as typed, before validation; the end time may be on the next day."""

    client_id: int | None = None
    visit_type_id: int | None = None
    day: str = ""
    start: str = ""
    end: str = ""
    break_minutes: str = "0"
    status: str = "delivered"
    mileage: str = ""
    notes: str = ""

    @classmethod
    def of(cls, visit: Visit) -> VisitForm:
        return cls(
            client_id=visit.client_id,
            visit_type_id=visit.visit_type_id,
            day=format_date(visit.start.date()),
            start=visit.start.strftime("%H:%M"),
            end=visit.end.strftime("%H:%M"),
            break_minutes=str(visit.break_minutes),
            status=visit.status,
            mileage=format_miles(visit.mileage_tenths),
            notes=visit.notes,
        )


class OverlapWarning(UserError):
    """The visit overlaps others; saving again with allow_overlap=True accepts it."""

    def __init__(self, others: list[Visit]) -> None:
        listed = "; ".join(f"{v.client.name} {_when(v)}" for v in others[:3])
        super().__init__(f"This visit overlaps {listed}.")
        self.others = others


def _when(visit: Visit) -> str:
    return f"{format_date(visit.start.date())} {visit.start:%H:%M}-{visit.end:%H:%M}"


def validate_visit(form: VisitForm) -> dict:
    """Clean values for a Visit; raises ValidationError naming each field."""
    check = Fields()
    client, visit_type = read_client_and_type(check, form.client_id, form.visit_type_id)
    day = check.date("day", LABELS["day"], form.day)
    if day is None and not check.has("day"):
        check.fail("day", "Date is required.")
    start_time = check.time("start", LABELS["start"], form.start)
    end_time = check.time("end", LABELS["end"], form.end)
    break_minutes = check.whole_number(
        "break_minutes", LABELS["break_minutes"], form.break_minutes or "0", 0, MAX_VISIT_MINUTES
    )
    values = {
        "client": client,
        "visit_type": visit_type,
        "break_minutes": break_minutes,
        "status": check.choice("status", LABELS["status"], form.status, VISIT_STATUSES),
        "mileage_tenths": check.miles("mileage", LABELS["mileage"], form.mileage),
        "notes": check.text("notes", LABELS["notes"], form.notes),
    }
    if day and start_time and end_time:
        values["start"] = datetime.combine(day, start_time)
        values["end"] = visit_end(values["start"], end_time)
        check_times(check, values["start"], values["end"], break_minutes)
    check.done()
    return values


def read_client_and_type(
    check: Fields, client_id: int | None, visit_type_id: int | None
) -> tuple[Client | None, VisitType | None]:
    """The client and one of their visit types, or a problem for each."""
    client = Client.get_or_none(Client.id == client_id) if client_id else None
    if client is None:
        check.fail("client_id", "Client is required.")
    visit_type = VisitType.get_or_none(VisitType.id == visit_type_id) if visit_type_id else None
    if visit_type is None or (client is not None and visit_type.client_id != client.id):
        check.fail("visit_type_id", "Visit type is required: choose one of this client's rates.")
    return client, visit_type


def check_times(check: Fields, start: datetime, end: datetime, break_minutes: int) -> None:
    """Add the pricing rules' complaint about these times, if any, to `check`."""
    if check.has("break_minutes"):
        return
    try:
        check_visit_times(start, end, break_minutes)
    except FieldError as problem:
        check.fail(problem.field, f"{problem.message}.")


def format_miles(tenths: int) -> str:
    """Miles to one place, blank for none: 52 -> "5.2"."""
    return f"{tenths // 10}.{tenths % 10}" if tenths else ""


def save_visit(form: VisitForm, visit_id: int | None = None, allow_overlap: bool = False) -> Visit:
    """Create or update a visit; raises OverlapWarning unless `allow_overlap`."""
    values = validate_visit(form)
    if not allow_overlap and values["status"] in NOT_CANCELLED:
        others = overlapping_visits(values["start"], values["end"], exclude_id=visit_id)
        if others:
            raise OverlapWarning(others)
    with database.atomic():
        if visit_id is None:
            return Visit.create(**values)
        visit = changeable_visit(visit_id)
        for key, value in values.items():
            setattr(visit, key, value)
        visit.updated_at = clock.now()
        visit.save()
    return visit


def overlapping_visits(
    start: datetime, end: datetime, exclude_id: int | None = None
) -> list[Visit]:
    """Planned or delivered visits that share any time with start-end."""
    query = (
        Visit.select(Visit, Client)
        .join(Client)
        .where(
            Visit.start < end,
            Visit.start > start - timedelta(minutes=MAX_VISIT_MINUTES + 60),
            Visit.end > start,
            Visit.status.in_(NOT_CANCELLED),
        )
        .order_by(Visit.start)
    )
    if exclude_id is not None:
        query = query.where(Visit.id != exclude_id)
    return list(query)


def get_visit(visit_id: int) -> Visit:
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise UserError(f"There is no visit number {visit_id}.")
    return visit


def changeable_visit(visit_id: int) -> Visit:
    """The visit, unless an invoice bills it: then it is kept as invoiced."""
    visit = get_visit(visit_id)
    invoice = invoice_billing(visit.id)
    if invoice is not None and invoice.issued:
        raise UserError(
            f"This visit is on invoice {invoice.number}, so it cannot be changed. "
            "Credit the invoice first if the visit was wrong."
        )
    if invoice is not None:
        raise UserError(
            "This visit is on a draft invoice. Take it off the draft (or delete the draft) "
            "before changing it."
        )
    return visit


def duplicate_visit(visit_id: int, day: date | None = None) -> VisitForm:
    """A form for a new visit like this one (same client, type, times), on `day` or a week later."""
    visit = get_visit(visit_id)
    form = VisitForm.of(visit)
    form.day = format_date(day or visit.start.date() + timedelta(days=7))
    form.status = "planned" if (day or visit.start.date()) > clock.today() else "delivered"
    return form


def delete_visit(visit_id: int) -> None:
    changeable_visit(visit_id).delete_instance()


def set_visit_status(visit_id: int, status: str) -> Visit:
    if status not in VISIT_STATUSES:
        raise UserError(f"'{status}' is not a visit status.")
    visit = changeable_visit(visit_id)
    visit.status = status
    visit.updated_at = clock.now()
    visit.save()
    return visit


def cancel_visit(visit_id: int, told_at: datetime) -> Visit:
    """Cancel a planned visit, charged or not by the client's rule for late notice."""
    visit = get_visit(visit_id)
    if visit.status != "planned":
        raise UserError("Only a planned visit can be cancelled.")
    client = visit.client
    late = elapsed_minutes(told_at, visit.start) < client.cancel_notice_hours * 60
    charged = late and client.late_cancel_charge == "full"
    return set_visit_status(visit_id, "cancelled_chargeable" if charged else "cancelled")


def rates_of(visit_type: VisitType) -> Rates:
    return Rates(
        visit_type.weekday_rate_pence,
        visit_type.weekend_rate_pence,
        visit_type.bank_holiday_rate_pence,
        visit_type.flat_fee_pence,
    )


def charge_of(visit: Visit) -> VisitPrice:
    """What the visit costs the client: nothing when cancelled without charge."""
    if visit.status == "cancelled":
        return NO_CHARGE
    return price_visit(visit.start, visit.end, visit.break_minutes, rates_of(visit.visit_type))


def mileage_charge(visit: Visit) -> int:
    """Pence for the visit's miles at the client's mileage rate (none if not charged)."""
    rate = visit.client.mileage_rate_pence
    if not rate or visit.status == "cancelled":
        return 0
    return round_half_up(Fraction(rate * visit.mileage_tenths, 10))


@dataclass(frozen=True)
class VisitFilter:
    """What the visit list shows: any of client, status, dates (inclusive) and words."""

    client_id: int | None = None
    status: str | None = None
    first: date | None = None
    last: date | None = None
    text: str = ""


def visit_ids(chosen: VisitFilter) -> list[int]:
    """Ids of every matching visit, newest first: for lists bounded by client or dates."""
    return [row[0] for row in _newest_first(_matching(chosen)).tuples()]


def visit_page(
    chosen: VisitFilter,
    after: tuple[datetime, int] | None = None,
    size: int = 200,
    common: bool = False,
) -> list[tuple[int, datetime]]:
    """Up to `size` matching (id, start), newest first, after the visit keyed (start, id).

    `common` says the words match many visits: then the visits are walked newest first
    and each checked against the matches, rather than every match read and sorted.
    """
    query = _matching(chosen, Visit.id, Visit.start, walk=common)
    if after is not None:
        start, visit_id = after
        query = query.where(
            (Visit.start <= start) & ~((Visit.start == start) & (Visit.id >= visit_id))
        )
    return list(_newest_first(query).limit(size).tuples())


def count_visits(chosen: VisitFilter, most: int) -> int:
    """How many visits match, counting no further than `most` (more returns most + 1).

    Words alone are counted in the search index, exactly: one row there per visit.
    """
    words = search_words(chosen.text)
    if words and chosen == VisitFilter(text=chosen.text):
        found = "SELECT count(*) FROM visit_search WHERE visit_search MATCH ?"
        return min(database.execute_sql(found, (words,)).fetchone()[0], most + 1)
    capped = _matching(chosen, SQL("1")).limit(most + 1)
    return Visit.select(fn.COUNT(SQL("*"))).from_(capped.alias("capped")).scalar()


def visits_before(chosen: VisitFilter, visit_id: int) -> int | None:
    """How many matching visits come before this one newest first; None if it does not match."""
    found = _matching(chosen, Visit.start).where(Visit.id == visit_id).tuples().first()
    if found is None:
        return None
    start = found[0]
    later = (Visit.start >= start) & ~((Visit.start == start) & (Visit.id <= visit_id))
    return _matching(chosen, Visit.id).where(later).count()


def search_words(text: str) -> str:
    """An FTS4 query: each word, quotes dropped, must begin a word of the visit's text."""
    words = (word.replace('"', " ") for word in text.split())
    return " ".join(f'"{word.strip()}*"' for word in words if any(c.isalnum() for c in word))


def _matching(chosen: VisitFilter, *columns, walk: bool = False) -> peewee.ModelSelect:
    """The visits the filter lets through, selecting `columns` (the id if none).

    `walk` keeps SQLite from starting at the word matches (id + 0 hides the id's index),
    so it walks the index on start instead and stops at the first page.
    """
    query = Visit.select(*(columns or (Visit.id,)))
    if chosen.client_id:
        query = query.where(Visit.client == chosen.client_id)
    if chosen.status:
        query = query.where(Visit.status == chosen.status)
    if chosen.first:
        query = query.where(Visit.start >= datetime.combine(chosen.first, time()))
    if chosen.last:
        query = query.where(Visit.start < datetime.combine(chosen.last + timedelta(days=1), time()))
    words = search_words(chosen.text)
    if words:
        found = SQL("(SELECT docid FROM visit_search WHERE visit_search MATCH ?)", (words,))
        query = query.where((Visit.id + 0 if walk else Visit.id).in_(found))
    return query


def _newest_first(query: peewee.ModelSelect) -> peewee.ModelSelect:
    return query.order_by(Visit.start.desc(), Visit.id.desc())


@dataclass(frozen=True)
class VisitRow:
    """One visit as lists, the week view and --json show it."""

    id: int
    client_id: int
    client_name: str
    visit_type: str
    start: datetime
    end: datetime
    break_minutes: int
    status: str
    mileage_tenths: int
    notes: str
    minutes: int
    amount_pence: int
    mileage_pence: int


def visit_rows(ids: list[int]) -> list[VisitRow]:
    """The rows for these ids, in the same order, priced."""
    found = {
        visit.id: visit
        for visit in Visit.select(Visit, Client, VisitType)
        .join(Client)
        .switch(Visit)
        .join(VisitType)
        .where(Visit.id.in_(ids))
    }
    return [_row(found[i]) for i in ids if i in found]


def _row(visit: Visit) -> VisitRow:
    price = charge_of(visit)
    return VisitRow(
        id=visit.id,
        client_id=visit.client_id,
        client_name=visit.client.name,
        visit_type=visit.visit_type.name,
        start=visit.start,
        end=visit.end,
        break_minutes=visit.break_minutes,
        status=visit.status,
        mileage_tenths=visit.mileage_tenths,
        notes=visit.notes,
        minutes=price.minutes,
        amount_pence=price.amount_pence,
        mileage_pence=mileage_charge(visit),
    )


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def week_visits(monday: date) -> list[VisitRow]:
    """Every visit starting in the seven days from `monday`, in time order."""
    chosen = VisitFilter(first=monday, last=monday + timedelta(days=6))
    return sorted(visit_rows(visit_ids(chosen)), key=lambda row: (row.start, row.id))


@dataclass(frozen=True)
class ClientWeek:
    """A client's week: hours delivered against contracted hours, and what it comes to."""

    client_id: int
    client_name: str
    delivered_minutes: int
    contracted_minutes: int
    amount_pence: int

    @property
    def difference_minutes(self) -> int:
        return self.delivered_minutes - self.contracted_minutes


def week_summary(monday: date) -> list[ClientWeek]:
    """Totals per client for the week: active clients with contracted hours, and anyone visited."""
    rows = week_visits(monday)
    visited = {row.client_id for row in rows}
    clients = Client.select().where(
        (Client.id.in_(visited)) | ((Client.status == "active") & (Client.contracted_minutes > 0))
    )
    summary = []
    for client in clients.order_by(peewee.fn.lower(Client.name)):
        mine = [row for row in rows if row.client_id == client.id]
        summary.append(
            ClientWeek(
                client_id=client.id,
                client_name=client.name,
                delivered_minutes=sum(r.minutes for r in mine if r.status == "delivered"),
                contracted_minutes=client.contracted_minutes,
                amount_pence=sum(r.amount_pence for r in mine if r.status in CHARGED),
            )
        )
    return summary
