from datetime import date
from datetime import datetime

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import remove_visit_type
from microbiz.clients.ratecards import save_visit_type
from microbiz.clients.ratecards import visit_types_of
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Visit
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import save_schedule
from microbiz.hours.visits import OverlapWarning
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import cancel_visit
from microbiz.hours.visits import charge_of
from microbiz.hours.visits import duplicate_visit
from microbiz.hours.visits import mileage_charge
from microbiz.hours.visits import save_visit
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_rows
from microbiz.hours.visits import week_start
from microbiz.hours.visits import week_summary


@pytest.fixture
def brown(business):
    return save_client(
        ClientForm(
            name="Margaret Brown",
            funding_route="direct_payment",
            contracted_hours="10",
            weekday_rate="18.00",
            weekend_rate="21.00",
            bank_holiday_rate="27.00",
            mileage_rate="0.45",
            cancel_notice_hours="24",
        )
    )


def visit(client, day="02/11/2026", start="09:00", end="11:00", **more) -> Visit:
    form = VisitForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        day=day,
        start=start,
        end=end,
        **more,
    )
    return save_visit(form, allow_overlap=True)


def test_a_visit_is_saved_and_priced(brown):
    saved = visit(brown, break_minutes="30", mileage="12.5")
    assert saved.start == datetime(2026, 11, 2, 9)
    assert saved.end == datetime(2026, 11, 2, 11)
    assert saved.mileage_tenths == 125
    price = charge_of(saved)
    # Monday, 90 billable minutes at £18.00 = £27.00
    assert (price.minutes, price.amount_pence) == (90, 2700)
    # 12.5 miles at 45p = 562.5p -> 563p
    assert mileage_charge(saved) == 563


def test_an_end_before_the_start_is_the_next_morning(brown):
    # Thursday 24 Dec 22:00 to Christmas Day 02:00: 2 h weekday + 2 h bank holiday
    saved = visit(brown, day="24/12/2026", start="22:00", end="02:00")
    assert saved.end == datetime(2026, 12, 25, 2)
    assert charge_of(saved).amount_pence == 2 * 1800 + 2 * 2700


def test_bad_visits_name_every_field_and_save_nothing(brown):
    form = VisitForm(
        client_id=brown.id,
        visit_type_id=None,
        day="31/02/2026",
        start="25:00",
        end="",
        break_minutes="-5",
        mileage="-3",
        status="done",
    )
    with pytest.raises(ValidationError) as raised:
        save_visit(form)
    assert raised.value.by_field() == {
        "visit_type_id": "Visit type is required: choose one of this client's rates.",
        "day": "Date: '31/02/2026' is not a real date.",
        "start": "Start time: '25:00' is not a time (use 24-hour HH:MM, like 09:30 or 22:00).",
        "end": "End time is required.",
        "break_minutes": "Break (minutes) must be a whole number from 0 to 1440.",
        "status": (
            "Status 'done' is not one of: Planned, Delivered, Cancelled, Cancelled (charged)."
        ),
        "mileage": "Mileage cannot be negative.",
    }
    assert Visit.select().count() == 0


def test_break_must_be_shorter_than_the_visit(brown):
    with pytest.raises(ValidationError) as raised:
        visit(brown, break_minutes="120")
    assert raised.value.by_field() == {
        "break_minutes": "Break must be shorter than the visit (120 minutes)."
    }


def test_overlaps_warn_until_accepted(brown):
    visit(brown)
    jones = save_client(ClientForm(name="Tom Jones", weekday_rate="17"))
    form = VisitForm(
        client_id=jones.id,
        visit_type_id=support_visit_type(jones).id,
        day="02/11/2026",
        start="10:30",
        end="12:00",
    )
    with pytest.raises(OverlapWarning, match="Margaret Brown 02/11/2026 09:00-11:00"):
        save_visit(form)
    assert Visit.select().count() == 1
    save_visit(form, allow_overlap=True)
    assert Visit.select().count() == 2


def test_editing_a_visit_does_not_overlap_itself(brown):
    saved = visit(brown)
    form = VisitForm.of(saved)
    form.end = "11:30"
    assert save_visit(form, saved.id).end == datetime(2026, 11, 2, 11, 30)


def test_late_cancellation_is_charged_by_the_clients_rule(brown):
    late = visit(brown, status="planned")
    early = visit(brown, day="09/11/2026", status="planned")
    assert cancel_visit(late.id, datetime(2026, 11, 1, 20)).status == "cancelled_chargeable"
    assert cancel_visit(early.id, datetime(2026, 11, 1, 20)).status == "cancelled"
    assert charge_of(Visit.get_by_id(late.id)).amount_pence == 3600
    assert charge_of(Visit.get_by_id(early.id)).amount_pence == 0
    with pytest.raises(UserError, match="Only a planned visit"):
        cancel_visit(late.id, datetime(2026, 11, 1, 20))


def test_a_client_who_never_charges_for_cancellations(brown):
    form = ClientForm.of(brown)
    form.late_cancel_charge = "No charge"
    save_client(form, brown.id)
    late = visit(brown, status="planned")
    assert cancel_visit(late.id, datetime(2026, 11, 2, 8)).status == "cancelled"


def test_a_flat_fee_sleep_in_ignores_day_bands(brown):
    sleep_in = save_visit_type(brown.id, VisitTypeForm(name="Sleep-in", flat_fee="£85"))
    form = VisitForm(
        client_id=brown.id,
        visit_type_id=sleep_in.id,
        day="26/12/2026",
        start="22:00",
        end="07:00",
    )
    assert charge_of(save_visit(form)).amount_pence == 8500


def test_rate_card_names_are_unique_and_used_types_are_retired(brown):
    with pytest.raises(UserError, match="already has a visit type called 'support'"):
        save_visit_type(brown.id, VisitTypeForm(name="support", weekday_rate="1"))
    with pytest.raises(ValidationError, match="Weekday rate is required"):
        save_visit_type(brown.id, VisitTypeForm(name="Waking night"))
    waking = save_visit_type(brown.id, VisitTypeForm(name="Waking night", weekday_rate="15"))
    assert waking.weekend_rate_pence == 1500
    remove_visit_type(waking.id)
    assert [t.name for t in visit_types_of(brown.id)] == ["Support"]
    visit(brown)
    remove_visit_type(support_visit_type(brown).id)
    assert visit_types_of(brown.id) == []
    assert [t.name for t in visit_types_of(brown.id, include_retired=True)] == ["Support"]


def test_duplicate_gives_a_form_a_week_later(brown):
    saved = visit(brown, notes="shopping")
    form = duplicate_visit(saved.id)
    assert (form.day, form.start, form.end, form.notes) == (
        "09/11/2026",
        "09:00",
        "11:00",
        "shopping",
    )


def test_filters_find_visits_newest_first(brown):
    jones = save_client(ClientForm(name="Tom Jones", weekday_rate="17"))
    first = visit(brown, day="02/11/2026")
    second = visit(brown, day="03/11/2026", status="planned", notes="dentist")
    other = visit(jones, day="04/11/2026")
    assert visit_ids(VisitFilter()) == [other.id, second.id, first.id]
    assert visit_ids(VisitFilter(client_id=brown.id)) == [second.id, first.id]
    assert visit_ids(VisitFilter(status="planned")) == [second.id]
    assert visit_ids(VisitFilter(first=date(2026, 11, 3), last=date(2026, 11, 3))) == [second.id]
    assert visit_ids(VisitFilter(text="DENTIST")) == [second.id]
    assert visit_ids(VisitFilter(text="jones")) == [other.id]
    rows = visit_rows([first.id, other.id])
    assert [(r.client_name, r.amount_pence) for r in rows] == [
        ("Margaret Brown", 3600),
        ("Tom Jones", 3400),
    ]


def test_week_summary_compares_delivered_with_contracted(brown):
    visit(brown, day="02/11/2026", start="09:00", end="13:00")
    visit(brown, day="07/11/2026", start="09:00", end="11:00")  # Saturday
    visit(brown, day="08/11/2026", status="planned")
    visit(brown, day="09/11/2026")  # next week
    summary = week_summary(week_start(date(2026, 11, 4)))
    assert len(summary) == 1
    week = summary[0]
    assert (week.delivered_minutes, week.contracted_minutes, week.difference_minutes) == (
        360,
        600,
        -240,
    )
    assert week.amount_pence == 4 * 1800 + 2 * 2100


def test_a_removed_visit_type_can_be_added_again(brown):
    used = save_visit_type(brown.id, VisitTypeForm(name="Sleep-in", flat_fee="80"))
    save_visit(VisitForm(brown.id, used.id, "02/11/2026", "22:00", "07:00"), allow_overlap=True)
    assert remove_visit_type(used.id) is False
    again = save_visit_type(brown.id, VisitTypeForm(name="sleep-in", flat_fee="85"))
    assert (again.id, again.active, again.flat_fee_pence) == (used.id, True, 8500)


def test_a_visit_type_in_use_by_weekly_visits_is_kept(brown):
    support = support_visit_type(brown)
    save_schedule(ScheduleForm(brown.id, support.id, "0", "09:00", "10:00", starts_on="02/11/2026"))
    with pytest.raises(UserError, match="Weekly visits still use 'Support'"):
        remove_visit_type(support.id)
