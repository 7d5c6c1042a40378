"""Visits: validation, saving, cancelling, charges, lists and weekly totals."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from fractions import Fraction
from functools import reduce

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
from microbiz.foundations.paging import capped_count
from microbiz.foundations.validation import Fields
from microbiz.hours.billing import invoice_billing
from microbiz.hours.pricing import MAX_VISIT_MINUTES
from microbiz.hours.pricing import Rates
from microbiz.hours.pricing import VisitPrice
from microbiz.hours.pricing import check_visit_times
from microbiz.hours.pricing import elapsed_minutes
from microbiz.hours.pricing import price_visit
from microbiz.hours.pricing import visit_end
from microbiz.hours.visit_words import Phrase
from microbiz.hours.visit_words import has_phrase
from microbiz.hours.visit_words import index_query
from microbiz.hours.visit_words import notes_have
from microbiz.hours.visit_words import phrases

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


# Visits read newest first, at most, to judge whether a filter's words are common.
WALKED = 5_000


@dataclass(frozen=True)
class VisitSearch:
    """How many visits a filter lets through (counted to `most` + 1), and how to read pages.

    `walk`: read the visits newest first, checking each one's words, and stop at a page;
    otherwise the visits the words match are found by index and sorted.
    """

    count: int
    walk: bool


def plan_search(chosen: VisitFilter, most: int, page: int = 200) -> VisitSearch:
    """Choose how to read the filter's pages by how common its words are.

    Without words, the index on start is walked. With words: if the other choices leave
    at most WALKED visits (one client, a few months), those are walked. Else, if a page
    of matches is among the newest WALKED visits, the words are common and pages walk;
    otherwise the words are rare, and their visits are found by index and sorted.
    """
    if not phrases(chosen.text):
        return VisitSearch(count_visits(chosen, most), walk=False)
    narrow = capped_count(_matching(replace(chosen, text="")), WALKED) <= WALKED
    walk = narrow or _found_among_newest(chosen, page) >= page
    return VisitSearch(count_visits(chosen, most), walk)


def visit_ids(chosen: VisitFilter) -> list[int]:
    """Ids of every matching visit, newest first: for lists bounded by client or dates."""
    return [row[0] for row in _newest_first(_matching(chosen)).tuples()]


def visit_page(
    chosen: VisitFilter,
    after: tuple[datetime, int] | None = None,
    size: int = 200,
    walk: bool = False,
) -> list[tuple[int, datetime]]:
    """Up to `size` matching (id, start), newest first, after the visit keyed (start, id).

    `walk` (see `plan_search`) checks each visit's words as the visits are read newest
    first, rather than finding every visit the words match and sorting them.
    """
    later = None
    if after is not None:
        start, visit_id = after
        later = (Visit.start <= start) & ~((Visit.start == start) & (Visit.id >= visit_id))
    if walk or not phrases(chosen.text):
        query = _matching(chosen, Visit.id, Visit.start, walk=walk)
        query = query if later is None else query.where(later)
        return list(_newest_first(query).limit(size).tuples())
    parts = [p if later is None else p.where(later) for p in _parts(chosen, Visit.id, Visit.start)]
    if not parts:
        return []
    union = reduce(operator.add, parts)  # UNION ALL: the parts never share a visit
    return list(union.order_by(SQL("2 DESC"), SQL("1 DESC")).limit(size).tuples())


def count_visits(chosen: VisitFilter, most: int) -> int:
    """How many visits match, counting no further than `most` (more returns most + 1).

    With words, each of the places the first word is found (see `_parts`) is counted
    through its own index, so a count stops early however common the words are.
    """
    if not phrases(chosen.text):
        return capped_count(_matching(chosen), most)
    total = 0
    for part in _parts(chosen, SQL("1")):
        total += capped_count(part, most - total)
        if total > most:
            break
    return total


def visits_before(chosen: VisitFilter, visit_id: int) -> int | None:
    """How many matching visits come before this one newest first; None if it does not match."""
    found = _matching(chosen, Visit.start).where(Visit.id == visit_id).tuples().first()
    if found is None:
        return None
    start = found[0]
    later = (Visit.start >= start) & ~((Visit.start == start) & (Visit.id <= visit_id))
    return _matching(chosen, Visit.id).where(later).count()


def _matching(chosen: VisitFilter, *columns, walk: bool = False) -> peewee.ModelSelect:
    """The visits the filter lets through, selecting `columns` (the id if none).

    Each typed word must begin a word of the visit's client name (matched among the
    clients, here), its visit type's name (likewise) or its notes (a word of one letter
    only names). Walking, the words are checked visit by visit (the + 0 keeps SQLite from
    their indexes, so it reads the visits in order and stops at a page); else the visits
    are found through the indexes on client and visit type, and notes in the search index.
    """
    query = _chosen_visits(chosen, *columns)
    found = phrases(chosen.text)
    if found:
        names = _names()
        for phrase in found:
            query = query.where(_any(_places(phrase, names, walk)))
    return query


def _parts(chosen: VisitFilter, *columns) -> list[peewee.ModelSelect]:
    """The filter's visits as queries that share none, each found through one index.

    One part for each place the leading word is found (clients, visit types, notes), less
    the places before it; the other words are checked visit by visit. The leading word is
    the one naming the fewest clients and visit types, likely the fewest visits.
    """
    names = _names()
    first, *others = sorted(phrases(chosen.text), key=lambda phrase: _named_count(phrase, names))
    rest = _chosen_visits(chosen, *columns)
    for phrase in others:
        rest = rest.where(_any(_places(phrase, names, walk=True)))
    parts, before = [], []
    for place in _name_places(first, names, walk=False):
        parts.append(_none_of(before, rest.where(place)))
        before.append(place)
    if _in_notes(first):
        parts.append(_none_of(before, _with_notes(rest, first)))
    return parts


def _none_of(places: list, query: peewee.ModelSelect) -> peewee.ModelSelect:
    """`query`'s visits in none of the places."""
    return reduce(lambda kept, place: kept.where(~place), places, query)


def _places(phrase: Phrase, names: dict[str, list[tuple[int, str]]], walk: bool) -> list:
    """Conditions on a visit, one for each place the phrase may be: its client, its visit
    type, its notes (not for a word of one letter, which only names match)."""
    places = _name_places(phrase, names, walk)
    if _in_notes(phrase):
        places.append(_notes_match(phrase, walk))
    return places


def _name_places(phrase: Phrase, names: dict[str, list[tuple[int, str]]], walk: bool) -> list:
    """Conditions on a visit's client and visit type, for those the phrase names."""
    client, kind = (
        (Visit.client + 0, Visit.visit_type + 0) if walk else (Visit.client, Visit.visit_type)
    )
    places = []
    for column, table in ((client, "client"), (kind, "visit_type")):
        named = [row_id for row_id, name in names[table] if has_phrase(name, phrase)]
        if named:
            places.append(column.in_(named))
    return places


def _in_notes(phrase: Phrase) -> bool:
    """Whether notes are searched for the phrase: a word of one letter only names match."""
    return len(phrase) > 1 or len(phrase[0]) > 1


# The full-text index of visits' notes (and names), kept in step by triggers.
_SEARCH = peewee.Table("visit_search", ("docid", "notes"))


def _with_notes(query: peewee.ModelSelect, phrase: Phrase) -> peewee.ModelSelect:
    """`query`'s visits whose notes have the phrase, joined to the search index's matches
    (rather than `id IN (SELECT docid …)`, for which SQLite first lists every match: a
    third of a million for a common word) so that a page or a capped count stops early."""
    matches = peewee.Expression(_SEARCH.notes, "MATCH", index_query(phrase))
    return query.join(_SEARCH, on=(_SEARCH.docid == Visit.id)).where(matches)


def _named_count(phrase: Phrase, names: dict[str, list[tuple[int, str]]]) -> int:
    """How many clients and visit types the phrase names."""
    return sum(has_phrase(name, phrase) for rows in names.values() for _, name in rows)


def _any(places: list) -> peewee.Expression:
    """Any of the conditions; none is never true."""
    return reduce(operator.or_, places) if places else SQL("0")


def _names() -> dict[str, list[tuple[int, str]]]:
    """Every client's and visit type's (id, name), by table, in one query."""
    kinds = VisitType.select(SQL("'visit_type'"), VisitType.id, VisitType.name)
    both = Client.select(SQL("'client'"), Client.id, Client.name).union_all(kinds)
    names: dict[str, list[tuple[int, str]]] = {"client": [], "visit_type": []}
    for table, row_id, name in both.tuples():
        names[table].append((row_id, name))
    return names


def _notes_match(phrase: Phrase, walk: bool) -> peewee.Expression:
    """Visits whose notes have the phrase: checked one by one, or found in the search index."""
    if walk:
        database.register_function(notes_have, "notes_have", 2)
        return (Visit.notes != "") & fn.notes_have(" ".join(phrase), Visit.notes)
    found = SQL("(SELECT docid FROM visit_search WHERE notes MATCH ?)", (index_query(phrase),))
    return Visit.id.in_(found)


def _found_among_newest(chosen: VisitFilter, page: int) -> int:
    """How many of the newest WALKED visits (of the other choices) have the words, up to `page`."""
    newest = _newest_first(_chosen_visits(replace(chosen, text=""), Visit.id)).limit(WALKED)
    recent = newest.alias("recent")
    found = _matching(chosen, SQL("1"), walk=True).where(Visit.id.in_(recent)).limit(page)
    return Visit.select(fn.COUNT(SQL("*"))).from_(found.alias("found")).scalar()


def _chosen_visits(chosen: VisitFilter, *columns) -> peewee.ModelSelect:
    """The visits of the filter's client, status and dates, selecting `columns` (or the id)."""
    query = Visit.select(*(columns or (Visit.id,)))
    if chosen.client_id:
        query = query.where(Visit.client == chosen.client_id)
    if chosen.status:
        query = query.where(Visit.status == chosen.status)
    if chosen.first:
        query = query.where(Visit.start >= datetime.combine(chosen.first, time()))
    if chosen.last:
        query = query.where(Visit.start < datetime.combine(chosen.last + timedelta(days=1), time()))
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


def week_summary(monday: date, rows: list[VisitRow] | None = None) -> list[ClientWeek]:
    """Totals per client for the week: active clients with contracted hours, and anyone visited.

    `rows` are the week's visits when the caller has read them already.
    """
    rows = week_visits(monday) if rows is None else rows
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
