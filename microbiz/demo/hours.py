"""The demo's hours: rate cards, weekly schedules and years of delivered visits."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations import clock
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.hours.schedules import WEEKDAYS
from microbiz.hours.schedules import WEEKS_AHEAD
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import delete_schedule
from microbiz.hours.schedules import end_schedule
from microbiz.hours.schedules import plan_schedule
from microbiz.hours.schedules import save_schedule

START_TIMES = ("07:30", "08:00", "09:00", "09:30", "11:00", "13:00", "14:30", "17:00", "19:00")
VISIT_HOURS = (1, 2, 3, 4)
MILEAGES = ("", "", "2.5", "4", "6.8")
CANCELLED_SHARE = 0.03
CHARGED_SHARE = 0.01


def add_demo_hours(rng: random.Random, client: Client, years: int, today: date) -> None:
    """Give an active client a rate card and a weekly pattern, with `years` of visits had."""
    history_start = today - timedelta(days=365 * years)
    forms = [_weekly_visit(rng, client, weekday, hours) for weekday, hours in _pattern(rng, client)]
    night = _night_type(rng, client)
    if night is not None:
        forms.append(_night_visit(rng, client, night))
    _plan(forms, history_start, today)


def add_weekly_visits(
    rng: random.Random,
    visit_type: VisitType,
    week: Sequence[tuple[int, str, str]],
    starts_on: date,
    today: date,
) -> None:
    """Plan the visits of `week` (weekday, start, end) from `starts_on` to weeks ahead of today."""
    forms = [
        ScheduleForm(
            client_id=visit_type.client_id,
            visit_type_id=visit_type.id,
            weekday=str(weekday),
            start=start,
            end=end,
            mileage=rng.choice(MILEAGES),
        )
        for weekday, start, end in week
    ]
    _plan(forms, starts_on, today)


def _plan(forms: list[ScheduleForm], starts_on: date, today: date) -> None:
    """Save the schedules from `starts_on` and plan their visits up to weeks ahead of today."""
    weeks = (today - starts_on).days // 7 + WEEKS_AHEAD + 1
    for form in forms:
        form.starts_on = starts_on.isoformat()
        plan_schedule(save_schedule(form, today=starts_on), starts_on, weeks)


def _pattern(rng: random.Random, client: Client) -> list[tuple[int, int]]:
    """Weekdays and visit lengths adding up to about the contracted hours."""
    weekly = max(60, client.contracted_minutes) // 60
    hours = next((h for h in reversed(VISIT_HOURS) if weekly / h >= 2), 1)
    count = min(7, max(1, round(weekly / hours)))
    return [(day, hours) for day in sorted(rng.sample(range(7), count))]


def _weekly_visit(rng: random.Random, client: Client, weekday: int, hours: int) -> ScheduleForm:
    start = rng.choice(START_TIMES)
    begins = datetime.combine(clock.today(), time.fromisoformat(start))
    return ScheduleForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        weekday=str(weekday),
        start=start,
        end=(begins + timedelta(hours=hours)).strftime("%H:%M"),
        break_minutes="0",
        mileage=rng.choice(MILEAGES),
    )


def _night_type(rng: random.Random, client: Client) -> VisitType | None:
    """About one client in five also has a waking night or a flat-fee sleep-in."""
    roll = rng.random()
    if roll < 0.1:
        return save_visit_type(client.id, VisitTypeForm(name="Sleep-in", flat_fee="85.00"))
    if roll < 0.2:
        return save_visit_type(client.id, VisitTypeForm(name="Waking night", weekday_rate="16.50"))
    return None


def _night_visit(rng: random.Random, client: Client, night: VisitType) -> ScheduleForm:
    return ScheduleForm(
        client_id=client.id,
        visit_type_id=night.id,
        weekday=rng.choice(list(WEEKDAYS)),
        start="22:00",
        end="07:00",
    )


def deliver_history(rng: random.Random, today: date) -> None:
    """Visits before today were delivered, but for a few cancelled, some with a charge."""
    now = datetime.combine(today, time())
    Visit.update(status="delivered").where(Visit.status == "planned", Visit.end <= now).execute()
    past = [v for (v,) in Visit.select(Visit.id).where(Visit.end <= now).tuples()]
    cancelled = rng.sample(past, int(len(past) * (CANCELLED_SHARE + CHARGED_SHARE)))
    charged = cancelled[: int(len(past) * CHARGED_SHARE)]
    for chunk in _chunks(cancelled, 500):
        Visit.update(status="cancelled").where(Visit.id.in_(chunk)).execute()
    for chunk in _chunks(charged, 500):
        Visit.update(status="cancelled_chargeable").where(Visit.id.in_(chunk)).execute()


def stop_schedules(client: Client, last_day: date) -> None:
    """A paused or ended client's schedules stop at `last_day` (or go, if not yet begun)."""
    for schedule in client.schedules:
        if last_day < schedule.starts_on:
            delete_schedule(schedule.id, schedule.starts_on)
        else:
            end_schedule(schedule.id, last_day)


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
