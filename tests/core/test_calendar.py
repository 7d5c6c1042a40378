"""Planned visits as an iCalendar file, read back with icalendar."""

from __future__ import annotations

from datetime import datetime

import icalendar
import pytest

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import database_path
from microbiz.hours.calendar import write_calendar
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import save_schedule
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit


@pytest.fixture
def brown(business):
    """Margaret Brown on Mondays 09:00-11:00, plus a one-off visit and a cancelled one."""
    client = save_client(
        ClientForm(
            name="Margaret Brown",
            address="3 Otley Road\nLeeds",
            postcode="LS6 4GU",
            weekday_rate="18",
        )
    )
    support = support_visit_type(client)
    save_schedule(
        ScheduleForm(client.id, support.id, "0", "09:00", "11:00", starts_on="02/11/2026")
    )
    save_visit(VisitForm(client.id, support.id, "27/11/2026", "14:00", "15:00", status="planned"))
    save_visit(VisitForm(client.id, support.id, "28/11/2026", "14:00", "15:00", status="cancelled"))
    save_visit(VisitForm(client.id, support.id, "24/11/2026", "14:00", "15:00"))  # delivered
    return client


def events(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_one_zoned_event_per_planned_visit_with_the_address(brown, tmp_path):
    out = tmp_path / "visits.ics"
    assert write_calendar(out, weeks=2) == 4  # Mondays 30 Nov and 7 Dec, 27th, cancelled 28th
    found = events(out)
    starts = [e.decoded("dtstart") for e in found]
    assert starts[0] == datetime(2026, 11, 27, 14, 0, tzinfo=starts[0].tzinfo)
    assert all(str(s.tzinfo) == "Europe/London" for s in starts)
    monday = found[2]
    assert str(monday["summary"]) == "Margaret Brown: Support"
    assert str(monday["location"]) == "3 Otley Road, Leeds, LS6 4GU"
    assert monday.decoded("dtend").hour == 11
    assert [str(e["status"]) for e in found] == ["CONFIRMED", "CANCELLED", "CONFIRMED", "CONFIRMED"]
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_uids_stay_the_same_across_exports_and_a_changed_schedule(brown, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_calendar(first, weeks=3)
    schedule = brown.schedules[0]
    support = support_visit_type(brown)
    changed = ScheduleForm(brown.id, support.id, "0", "10:00", "12:00", starts_on="02/11/2026")
    save_schedule(changed, schedule.id)  # re-plans: the visits are new rows
    write_calendar(second, weeks=3)
    before = {str(e["uid"]): e.decoded("dtstart").hour for e in events(first)}
    after = {str(e["uid"]): e.decoded("dtstart").hour for e in events(second)}
    assert before.keys() == after.keys() and len(before) == 5
    mondays = [uid for uid in after if uid.startswith("schedule-")]
    assert [before[u] for u in mondays] == [9, 9, 9] and [after[u] for u in mondays] == [10] * 3


def test_initials_only_leaves_out_the_name_and_address(brown, tmp_path):
    out = tmp_path / "phone.ics"
    write_calendar(out, weeks=1, only_initials=True)
    text = out.read_text()
    assert "Margaret" not in text and "Otley" not in text and "LS6" not in text
    assert {str(e["summary"]) for e in events(out)} == {"M. B.: Support"}


def test_weeks_out_of_range_is_a_plain_error(brown, tmp_path):
    with pytest.raises(UserError, match="Weeks: give a number from 1 to 52"):
        write_calendar(tmp_path / "x.ics", weeks=0)
    assert not (tmp_path / "x.ics").exists()


def test_calendar_command_for_one_client(data_dir, tmp_path, capsys):
    database.open_database(database_path(data_dir))
    try:
        other = save_client(ClientForm(name="Harold Wood", weekday_rate="18"))
        save_visit(
            VisitForm(other.id, support_visit_type(other).id, "30/11/2026", "09:00", "10:00",
                      status="planned")
        )  # fmt: skip
        brown = save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))
        save_visit(
            VisitForm(brown.id, support_visit_type(brown).id, "01/12/2026", "09:00", "10:00",
                      status="planned")
        )  # fmt: skip
    finally:
        database.close_database()
    out = tmp_path / "brown.ics"
    args = [
        "--data-dir",
        str(data_dir),
        "calendar",
        "--out",
        str(out),
        "--client",
        "margaret brown",
    ]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == f"Wrote 1 visit to {out}"
    assert [str(e["summary"]) for e in events(out)] == ["Margaret Brown: Support"]
    assert main(["--data-dir", str(data_dir), "calendar", "--out", str(tmp_path / "x.txt")]) == 1
    assert "x.txt must end in .ics" in capsys.readouterr().err
