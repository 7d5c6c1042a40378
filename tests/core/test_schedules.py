from datetime import date
from datetime import datetime
from datetime import time

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import confirm_week
from microbiz.hours.schedules import delete_schedule
from microbiz.hours.schedules import end_schedule
from microbiz.hours.schedules import plan_all
from microbiz.hours.schedules import save_schedule

MONDAY = date(2026, 11, 2)


@pytest.fixture
def brown(business):
    return save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))


def mornings(client, weekday="Monday", **more) -> ScheduleForm:
    values = dict(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        weekday=weekday,
        start="09:00",
        end="11:00",
        starts_on="02/11/2026",
    )
    values.update(more)
    return ScheduleForm(**values)


def planned_days(client) -> list[date]:
    query = Visit.select().where(Visit.client == client).order_by(Visit.start)
    return [v.start.date() for v in query]


def test_a_schedule_plans_eight_weeks_ahead(brown):
    save_schedule(mornings(brown), today=MONDAY)
    days = planned_days(brown)
    assert len(days) == 9  # 2 Nov and the eight Mondays after it, to 28 Dec
    assert days[0] == MONDAY and days[-1] == date(2026, 12, 28)
    assert {d.weekday() for d in days} == {0}
    first = Visit.select().order_by(Visit.start).first()
    assert (first.start, first.end, first.status) == (
        datetime(2026, 11, 2, 9),
        datetime(2026, 11, 2, 11),
        "planned",
    )


def test_planning_again_never_duplicates(brown):
    save_schedule(mornings(brown), today=MONDAY)
    assert plan_all(MONDAY) == 0
    assert plan_all(MONDAY) == 0
    assert len(planned_days(brown)) == 9
    # a week later the window moves on by one visit
    assert plan_all(date(2026, 11, 9)) == 1
    assert len(planned_days(brown)) == 10


def test_a_deleted_planned_visit_is_not_planned_again(brown):
    save_schedule(mornings(brown), today=MONDAY)
    Visit.get(Visit.start == datetime(2026, 11, 16, 9)).delete_instance()
    plan_all(MONDAY)
    assert date(2026, 11, 16) not in planned_days(brown)


def test_editing_changes_only_future_planned_visits(brown):
    schedule = save_schedule(mornings(brown), today=MONDAY)
    delivered = Visit.get(Visit.start == datetime(2026, 11, 9, 9))
    delivered.status = "delivered"
    delivered.save()
    save_schedule(mornings(brown, start="10:00", end="12:30"), schedule.id, today=date(2026, 11, 9))
    starts = {v.start: v.status for v in Visit.select()}
    assert starts[datetime(2026, 11, 2, 9)] == "planned"  # in the past: left alone
    assert starts[datetime(2026, 11, 9, 9)] == "delivered"  # delivered: left alone
    assert datetime(2026, 11, 16, 9) not in starts
    assert starts[datetime(2026, 11, 16, 10)] == "planned"
    assert Visit.get(Visit.start == datetime(2026, 11, 16, 10)).end == datetime(
        2026, 11, 16, 12, 30
    )


def test_ending_and_deleting_a_schedule_keeps_visits_had(brown):
    schedule = save_schedule(mornings(brown), today=MONDAY)
    end_schedule(schedule.id, date(2026, 11, 20))
    assert planned_days(brown)[-1] == date(2026, 11, 16)
    delete_schedule(schedule.id, today=date(2026, 11, 10))
    assert planned_days(brown) == [MONDAY, date(2026, 11, 9)]
    assert Visit.get(Visit.start == datetime(2026, 11, 2, 9)).schedule is None


def test_paused_clients_are_not_planned(brown):
    set_client_status(brown.id, "paused")
    save_schedule(mornings(brown), today=MONDAY)
    assert planned_days(brown) == []


def test_an_overnight_schedule(brown):
    save_schedule(mornings(brown, weekday="Friday", start="22:00", end="07:00"), today=MONDAY)
    first = Visit.select().order_by(Visit.start).first()
    assert (first.start, first.end) == (datetime(2026, 11, 6, 22), datetime(2026, 11, 7, 7))


def test_bad_schedules_name_the_field(brown):
    with pytest.raises(ValidationError) as raised:
        save_schedule(
            mornings(
                brown, weekday="Funday", start="9", starts_on="02/11/2026", ends_on="01/11/2026"
            ),
            today=MONDAY,
        )
    assert raised.value.by_field() == {
        "weekday": (
            "Day of the week 'Funday' is not one of: Monday, Tuesday, Wednesday, Thursday, "
            "Friday, Saturday, Sunday."
        ),
        "start": "Start time: '9' is not a time (use 24-hour HH:MM, like 09:30 or 22:00).",
        "ends_on": "Until cannot be before From.",
    }
    assert Visit.select().count() == 0


def test_confirm_week_marks_what_has_happened_as_delivered(brown):
    save_schedule(mornings(brown), today=MONDAY)
    save_schedule(mornings(brown, weekday="Friday"), today=MONDAY)
    confirmed, waiting = confirm_week(date(2026, 11, 4), now=datetime(2026, 11, 4, 12))
    assert (confirmed, waiting) == (1, 1)
    statuses = {v.start: v.status for v in Visit.select()}
    assert statuses[datetime(2026, 11, 2, 9)] == "delivered"
    assert statuses[datetime(2026, 11, 6, 9)] == "planned"
    assert statuses[datetime(2026, 11, 9, 9)] == "planned"
    assert confirm_week(MONDAY, now=datetime(2026, 11, 8, 20)) == (1, 0)
    assert statuses[datetime(2026, 11, 9, 9)] == "planned"


def test_start_time_is_kept_as_a_clock_time(brown):
    schedule = save_schedule(mornings(brown), today=MONDAY)
    assert schedule.start_time == time(9)


def test_times_read_back_from_the_database(brown):
    schedule = save_schedule(mornings(brown, start="09:30"), today=MONDAY)
    assert Schedule.get_by_id(schedule.id).start_time == time(9, 30)
    assert ScheduleForm.of(Schedule.get_by_id(schedule.id)).start == "09:30"


def test_stopping_before_the_start_is_refused(brown):
    schedule = save_schedule(mornings(brown), today=MONDAY)
    with pytest.raises(UserError, match="cannot be before these visits start"):
        end_schedule(schedule.id, date(2026, 11, 1))


def statements_during(db, job) -> list[str]:
    """The SQL statements the connection ran while `job` ran, each once.

    Python reports a statement again for each trigger it fires: repeats are dropped.
    """
    seen: list[str] = []
    conn = db.connection()
    conn.set_trace_callback(seen.append)
    try:
        job()
    finally:
        conn.set_trace_callback(None)
    return [s for n, s in enumerate(seen) if n == 0 or s != seen[n - 1]]


def test_planning_at_start_up_asks_one_question_when_all_is_planned(db, business):
    for n in range(12):
        client = save_client(ClientForm(name=f"Client {n}", weekday_rate="18"))
        save_schedule(mornings(client), today=MONDAY)
    selects = [s for s in statements_during(db, lambda: plan_all(MONDAY)) if "SELECT" in s]
    assert len(selects) == 1  # not one per schedule, nor one per client
    a_week_on = statements_during(db, lambda: plan_all(date(2026, 11, 9)))
    assert len([s for s in a_week_on if s.startswith('INSERT INTO "visit"')]) == 12
