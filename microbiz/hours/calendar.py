"""Planned visits as an iCalendar file, for the calendar on a phone or computer.

Each event's UID stays the same across exports (a schedule's day, or the visit itself),
so importing a newer file updates the events instead of adding them twice.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from microbiz.clients.details import initials
from microbiz.foundations import clock
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.hours.schedules import plan_all

LONDON = ZoneInfo("Europe/London")
MAX_WEEKS = 52
SHOWN = ("planned", "cancelled", "cancelled_chargeable")


def write_calendar(
    out: Path,
    weeks: int = 4,
    client_id: int | None = None,
    only_initials: bool = False,
    today: date | None = None,
) -> int:
    """Write the visits of the next `weeks` weeks to `out`; returns how many events."""
    import icalendar

    if not 1 <= weeks <= MAX_WEEKS:
        raise UserError(f"Weeks: give a number from 1 to {MAX_WEEKS}.")
    today = today or clock.today()
    plan_all(today, weeks)
    calendar = icalendar.Calendar.new(
        prodid="-//Microbiz//Planned visits//EN", name="Microbiz visits"
    )
    visits = _visits(today, today + timedelta(weeks=weeks), client_id)
    for visit in visits:
        calendar.add_component(_event(icalendar, visit, only_initials))
    calendar.add_missing_timezones(today - timedelta(days=366), today + timedelta(weeks=weeks + 1))
    out.write_bytes(calendar.to_ical())
    return len(visits)


def _visits(first: date, last: date, client_id: int | None) -> list[Visit]:
    query = (
        Visit.select(Visit, Client, VisitType)
        .join_from(Visit, Client)
        .join_from(Visit, VisitType)
        .where(
            Visit.status.in_(SHOWN),
            Visit.start >= datetime.combine(first, datetime.min.time()),
            Visit.start < datetime.combine(last, datetime.min.time()),
        )
        .order_by(Visit.start, Visit.id)
    )
    if client_id is not None:
        query = query.where(Visit.client == client_id)
    return list(query)


def _event(icalendar, visit: Visit, only_initials: bool):
    client = visit.client
    name = initials(client.name) if only_initials else client.name
    event = icalendar.Event.new(
        uid=event_uid(visit),
        summary=f"{name}: {visit.visit_type.name}",
        start=visit.start.replace(tzinfo=LONDON),
        end=visit.end.replace(tzinfo=LONDON),
        stamp=clock.now().astimezone(LONDON),
        last_modified=visit.updated_at.replace(tzinfo=LONDON),
        status="CONFIRMED" if visit.status == "planned" else "CANCELLED",
    )
    if not only_initials:
        place = ", ".join(p for p in (client.address.replace("\n", ", "), client.postcode) if p)
        if place:
            event.add("location", place)
    return event


def event_uid(visit: Visit) -> str:
    """Stable for a scheduled day even when the schedule is re-planned; else the visit's.

    The client's creation time keeps two data folders (the sample and the real one) apart.
    """
    if visit.schedule_id is not None and visit.schedule_day is not None:
        key = f"schedule-{visit.schedule_id}-{visit.schedule_day:%Y%m%d}"
    else:
        key = f"visit-{visit.id}"
    return f"{key}-{visit.client.created_at:%Y%m%d%H%M%S}@microbiz"
