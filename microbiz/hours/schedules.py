"""Weekly schedules that plan visits ahead, and confirming a week as delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import peewee

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.foundations.models import database
from microbiz.foundations.validation import Fields
from microbiz.hours.pricing import MAX_VISIT_MINUTES
from microbiz.hours.pricing import visit_end
from microbiz.hours.visits import LABELS
from microbiz.hours.visits import check_times
from microbiz.hours.visits import format_miles
from microbiz.hours.visits import read_client_and_type
from microbiz.hours.visits import week_start

WEEKS_AHEAD = 8
WEEKDAYS = {
    "0": "Monday",
    "1": "Tuesday",
    "2": "Wednesday",
    "3": "Thursday",
    "4": "Friday",
    "5": "Saturday",
    "6": "Sunday",
}


@dataclass
class ScheduleForm:
    """A weekly visit pattern as typed, before validation."""

    client_id: int | None = None
    visit_type_id: int | None = None
    weekday: str = "0"
    start: str = ""
    end: str = ""
    break_minutes: str = "0"
    mileage: str = ""
    starts_on: str = ""
    ends_on: str = ""

    @classmethod
    def of(cls, schedule: Schedule) -> ScheduleForm:
        return cls(
            client_id=schedule.client_id,
            visit_type_id=schedule.visit_type_id,
            weekday=str(schedule.weekday),
            start=schedule.start_time.strftime("%H:%M"),
            end=schedule.end_time.strftime("%H:%M"),
            break_minutes=str(schedule.break_minutes),
            mileage=format_miles(schedule.mileage_tenths),
            starts_on=format_date(schedule.starts_on),
            ends_on=format_date(schedule.ends_on),
        )


def validate_schedule(form: ScheduleForm) -> dict:
    """Clean values for a Schedule, checked as a visit on its first day."""
    check = Fields()
    client, visit_type = read_client_and_type(check, form.client_id, form.visit_type_id)
    weekday = check.choice("weekday", "Day of the week", form.weekday, WEEKDAYS)
    start = check.time("start", LABELS["start"], form.start)
    end = check.time("end", LABELS["end"], form.end)
    break_minutes = check.whole_number(
        "break_minutes", LABELS["break_minutes"], form.break_minutes or "0", 0, MAX_VISIT_MINUTES
    )
    starts_on = check.date("starts_on", "From", form.starts_on) or clock.today()
    ends_on = check.date("ends_on", "Until", form.ends_on)
    if ends_on and ends_on < starts_on:
        check.fail("ends_on", "Until cannot be before From.")
    if start and end:
        first = datetime.combine(starts_on, start)
        check_times(check, first, visit_end(first, end), break_minutes)
    values = {
        "client": client,
        "visit_type": visit_type,
        "weekday": int(weekday),
        "start_time": start,
        "end_time": end,
        "break_minutes": break_minutes,
        "mileage_tenths": check.miles("mileage", LABELS["mileage"], form.mileage),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    check.done()
    return values


def save_schedule(
    form: ScheduleForm, schedule_id: int | None = None, today: date | None = None
) -> Schedule:
    """Create or change a schedule and plan its visits; delivered and past visits are untouched."""
    values = validate_schedule(form)
    today = today or clock.today()
    with database.atomic():
        if schedule_id is None:
            schedule = Schedule.create(**values)
        else:
            schedule = get_schedule(schedule_id)
            _drop_future_plans(schedule, today)
            for key, value in values.items():
                setattr(schedule, key, value)
            schedule.save()
        plan_schedule(schedule, today)
    return schedule


def get_schedule(schedule_id: int) -> Schedule:
    schedule = Schedule.get_or_none(Schedule.id == schedule_id)
    if schedule is None:
        raise UserError(f"There is no schedule number {schedule_id}.")
    return schedule


def _drop_future_plans(schedule: Schedule, today: date) -> None:
    """Delete the schedule's planned visits from `today` on, so they can be planned afresh."""
    Visit.delete().where(
        Visit.schedule == schedule,
        Visit.status == "planned",
        Visit.schedule_day >= today,
    ).execute()
    if schedule.planned_until and schedule.planned_until >= today:
        schedule.planned_until = today - timedelta(days=1)
        schedule.save()


def plan_schedule(schedule: Schedule, today: date, weeks: int = WEEKS_AHEAD) -> int:
    """Plan the schedule's visits up to `weeks` ahead of `today`; returns how many were added.

    Days up to `planned_until` were planned before and are never planned again, so a
    visit the user deleted stays deleted and re-running never duplicates.
    """
    first = max(schedule.starts_on, today, (schedule.planned_until or date.min) + timedelta(days=1))
    last = today + timedelta(weeks=weeks)
    if schedule.ends_on:
        last = min(last, schedule.ends_on)
    if schedule.client.status != "active" or first > last:
        return 0
    taken = {
        day
        for (day,) in Visit.select(Visit.schedule_day)
        .where(Visit.schedule == schedule, Visit.schedule_day.between(first, last))
        .tuples()
    }
    days = [d for d in _weekdays_between(first, last, schedule.weekday) if d not in taken]
    if days:
        Visit.insert_many([_planned_visit(schedule, day) for day in days]).execute()
    schedule.planned_until = last
    schedule.save()
    return len(days)


def _weekdays_between(first: date, last: date, weekday: int) -> list[date]:
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += timedelta(days=7)
    return found


def _planned_visit(schedule: Schedule, day: date) -> dict:
    start = datetime.combine(day, schedule.start_time)
    now = clock.now()
    return {
        "client": schedule.client_id,
        "visit_type": schedule.visit_type_id,
        "schedule": schedule.id,
        "schedule_day": day,
        "start": start,
        "end": visit_end(start, schedule.end_time),
        "break_minutes": schedule.break_minutes,
        "status": "planned",
        "mileage_tenths": schedule.mileage_tenths,
        "created_at": now,
        "updated_at": now,
    }


def plan_all(today: date | None = None, weeks: int = WEEKS_AHEAD) -> int:
    """Plan every schedule ahead (run at start-up); returns how many visits were added."""
    today = today or clock.today()
    last = today + timedelta(weeks=weeks)
    planned = peewee.fn.COALESCE(Schedule.planned_until, date.min)
    due = (
        Schedule.select(Schedule, Client)
        .join(Client)
        .where(
            Client.status == "active",
            planned < last,
            Schedule.ends_on.is_null() | (planned < Schedule.ends_on),
        )
    )
    with database.atomic():  # one query when everything is planned already: most starts
        return sum(plan_schedule(s, today, weeks) for s in due)


def end_schedule(schedule_id: int, last_day: date) -> Schedule:
    """Stop a schedule after `last_day`, removing the planned visits after it."""
    schedule = get_schedule(schedule_id)
    if last_day < schedule.starts_on:
        raise UserError(
            "The last day cannot be before these visits start "
            f"({format_date(schedule.starts_on)}); delete them instead."
        )
    with database.atomic():
        _drop_future_plans(schedule, last_day + timedelta(days=1))
        schedule.ends_on = last_day
        schedule.save()
    return schedule


def delete_schedule(schedule_id: int, today: date | None = None) -> None:
    """Remove a schedule and its future planned visits; visits already had are kept."""
    schedule = get_schedule(schedule_id)
    with database.atomic():
        _drop_future_plans(schedule, today or clock.today())
        schedule.delete_instance()


def schedules_of(client_id: int) -> list[Schedule]:
    return list(
        Schedule.select()
        .where(Schedule.client == client_id)
        .order_by(Schedule.weekday, Schedule.start_time)
    )


def confirm_week(monday: date, now: datetime | None = None) -> tuple[int, int]:
    """Mark the week's planned visits that have ended as delivered, in one step.

    Returns (confirmed, still to come): visits that have not ended yet stay planned.
    """
    now = now or clock.now()
    monday = week_start(monday)
    in_week = (
        Visit.status == "planned",
        Visit.start >= datetime.combine(monday, time()),
        Visit.start < datetime.combine(monday + timedelta(days=7), time()),
    )
    with database.atomic():
        confirmed = (
            Visit.update(status="delivered", updated_at=now)
            .where(*in_week, Visit.end <= now)
            .execute()
        )
        waiting = Visit.select().where(*in_week).count()
    return confirmed, waiting
