"""The hours commands: import visits, visits list, timesheet and the demo's visits."""

from __future__ import annotations

import json

from pypdf import PdfReader

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.business import start_business
from microbiz.foundations.models import Client
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.foundations.paths import database_path

VISITS_CSV = (
    "Client,Date,Start,End,Break Minutes,Visit Type,Status,Mileage,Notes\n"
    "Margaret Brown,02/11/2026,09:00,11:00,,,,4.5,shopping\n"
    "margaret brown,2026-12-25,22:00,07:00,30,Waking night,delivered,,\n"
    "Margaret Brown,07/11/2026,09:00,10:00,,,planned,,\n"
    ",,,,,,,,\n"
)
BAD_VISITS_CSV = (
    "client,date,start,end,break_minutes,visit_type\n"
    "Nobody,02/11/2026,09:00,11:00,,\n"
    "Margaret Brown,02/11/2026,9am,11:00,,\n"
    "Margaret Brown,03/11/2026,09:00,10:00,90,\n"
    "Margaret Brown,04/11/2026,09:00,10:00,,Sleep-in\n"
)


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def with_brown(folder):
    database.open_database(database_path(folder))
    try:
        brown = save_client(
            ClientForm(name="Margaret Brown", weekday_rate="18", mileage_rate="0.45")
        )
        save_visit_type(brown.id, VisitTypeForm(name="Waking night", weekday_rate="16"))
    finally:
        database.close_database()


def visit_count(folder):
    database.open_database(database_path(folder))
    try:
        return Visit.select().count()
    finally:
        database.close_database()


def test_import_visits_then_list_them_as_json(data_dir, tmp_path, capsys):
    with_brown(data_dir)
    sheet = tmp_path / "visits.csv"
    sheet.write_text(VISITS_CSV, encoding="utf-8")
    assert run(data_dir, "import", "visits", str(sheet), "--dry-run") == 0
    assert visit_count(data_dir) == 0
    assert run(data_dir, "import", "visits", str(sheet)) == 0
    assert "Imported 3 visits." in capsys.readouterr().out

    assert run(data_dir, "visits", "list", "--client", "Margaret Brown", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [v["start"] for v in listed] == [
        "2026-12-25T22:00",
        "2026-11-07T09:00",
        "2026-11-02T09:00",
    ]
    night, planned, shopping = listed
    # Christmas Day 22:00 to Boxing Day 07:00, 30 min break off the first part: 1.5 h + 7 h at £16
    assert (night["billable_minutes"], night["charge"], night["end"]) == (
        510,
        "136.00",
        "2026-12-26T07:00",
    )
    assert (planned["status"], planned["charge"]) == ("planned", "18.00")
    assert shopping == {
        "id": shopping["id"],
        "client": "Margaret Brown",
        "visit_type": "Support",
        "start": "2026-11-02T09:00",
        "end": "2026-11-02T11:00",
        "break_minutes": 0,
        "status": "delivered",
        "billable_minutes": 120,
        "charge": "36.00",
        "mileage": "4.5",
        "mileage_charge": "2.03",
    }

    assert (
        run(data_dir, "visits", "list", "--from", "03/11/2026", "--to", "2026-11-30", "--json") == 0
    )
    assert [v["start"] for v in json.loads(capsys.readouterr().out)] == ["2026-11-07T09:00"]


def test_import_visits_names_every_bad_row_and_saves_none(data_dir, tmp_path, capsys):
    with_brown(data_dir)
    sheet = tmp_path / "visits.csv"
    sheet.write_text(BAD_VISITS_CSV, encoding="utf-8")
    assert run(data_dir, "import", "visits", str(sheet)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:4] == [
        "row 2: Client: there is no client called 'Nobody'",
        "row 3: Start: '9am' is not a time (use 24-hour HH:MM, like 09:30 or 22:00).",
        "row 4: Break (minutes): Break must be shorter than the visit (60 minutes).",
        "row 5: Visit type: Margaret Brown has no visit type called 'Sleep-in'",
    ]
    assert err[4].startswith("microbiz: nothing was imported")
    assert visit_count(data_dir) == 0


def test_timesheet_command_writes_a_pdf(data_dir, tmp_path, capsys):
    with_brown(data_dir)
    database.open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Jo Whitaker")
    database.close_database()
    sheet = tmp_path / "visits.csv"
    sheet.write_text(VISITS_CSV, encoding="utf-8")
    run(data_dir, "import", "visits", str(sheet))
    out = tmp_path / "brown.pdf"
    args = ["timesheet", "Margaret Brown", "--from", "01/11/2026", "--to", "30/11/2026"]
    assert run(data_dir, *args, "--out", str(out)) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Margaret Brown" in text and "Jo Whitaker" in text
    assert "2 h 00 min" in text  # the one delivered November visit
    assert (
        run(
            data_dir,
            "timesheet",
            "Nobody",
            "--from",
            "01/11/2026",
            "--to",
            "30/11/2026",
            "--out",
            str(out),
        )
        == 1
    )
    assert "no client called 'Nobody'" in capsys.readouterr().err
    assert run(data_dir, *args, "--out", str(tmp_path / "x.txt")) == 1


def test_demo_years_makes_schedules_and_visits(data_dir, capsys):
    assert run(data_dir, "demo", "--clients", "6", "--years", "1") == 0
    database.open_database(database_path(data_dir))
    try:
        assert Schedule.select().count() >= 6
        delivered = Visit.select().where(Visit.status == "delivered").count()
        planned = Visit.select().where(Visit.status == "planned").count()
        assert delivered > 6 * 40  # at least weekly for a year
        assert planned > 0
        ended = [c for c in Client.select() if c.status != "active"]
        for client in ended:
            assert (
                not Visit.select().where(Visit.client == client, Visit.status == "planned").exists()
            )
    finally:
        database.close_database()
