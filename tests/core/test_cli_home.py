"""The Home commands: `microbiz week` and `microbiz search`, as text and JSON."""

from __future__ import annotations

import json

import pytest
from home_support import make_week

from microbiz.cli import main
from microbiz.foundations import db as database


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


@pytest.fixture
def folder(business, data_dir):
    """The week of work, in a data folder whose database is closed again."""
    make_week()
    database.close_database()
    return data_dir


def test_week_as_json(folder, capsys):
    assert run(folder, "week", "--json") == 0
    week = json.loads(capsys.readouterr().out)
    assert (week["today"], week["week_start"], week["week_end"]) == (
        "2026-11-25",
        "2026-11-23",
        "2026-11-29",
    )
    assert [(v["client"], v["start"], v["status"], v["charge"]) for v in week["visits"]] == [
        ("Margaret Brown", "2026-11-23T09:00", "delivered", "36.00"),
        ("Jean O'Neill", "2026-11-24T10:00", "delivered", "40.00"),
        ("Margaret Brown", "2026-11-25T14:00", "planned", "36.00"),
        ("Jean O'Neill", "2026-11-26T10:00", "cancelled", "0.00"),
    ]
    assert week["next_visit"]["address"] == "4 Mill Lane, Otley, LS21 1AB"
    assert week["next_visit"]["under_way"] is False
    assert week["hours"] == {
        "delivered_minutes": 240,
        "planned_minutes": 120,
        "contracted_minutes": 1080,
    }
    assert week["charges"] == "76.00"
    assert week["owed"] == [
        {
            "payer": "Margaret Brown",
            "overdue": "36.00",
            "not_yet_due": "0.00",
            "invoices": [
                {"number": "INV-0001", "due": "2026-11-14", "owed": "36.00", "overdue": True}
            ],
        },
        {
            "payer": "Leeds City Council",
            "overdue": "0.00",
            "not_yet_due": "40.00",
            "invoices": [
                {"number": "INV-0002", "due": "2026-12-04", "owed": "40.00", "overdue": False}
            ],
        },
    ]
    assert [(d["source"], d["kind"], d["state"], d["days_left"]) for d in week["due"]] == [
        ("register", "ico_fee", "overdue", -24),
        ("register", "dbs_certificate", "missing", None),
        ("register", "public_liability", "due", 15),
    ]
    assert week["next_tax_date"]["date"] == "2027-01-31"
    assert week["next_tax_date"]["days_left"] == 67
    assert week["tax_to_set_aside"] == {
        "tax_year": "2026-27",
        "profit": "20.00",
        "income_tax": "0.00",
        "class2_nic": "0.00",
        "class4_nic": "0.00",
        "total": "0.00",
    }


def test_week_as_text(folder, capsys):
    assert run(folder, "week") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Week of 23/11/2026 to 29/11/2026 (today Wednesday 25/11/2026)"
    assert lines[1] == (
        "Next visit: Wed 25/11/2026 14:00-16:00 Margaret Brown, 4 Mill Lane, Otley, LS21 1AB"
    )
    assert "  Mon 23/11/2026 09:00-11:00  Margaret Brown  Delivered  2 h  £36.00" in lines
    assert "Hours delivered: 4 of 18 contracted; 2 still planned" in lines
    assert "Charges this week: £76.00" in lines
    assert "  Margaret Brown: £36.00 overdue, £0.00 not yet due (INV-0001)" in lines
    assert "  Overdue by 24 days: ICO data protection fee (ICO) (insurance and checks)" in lines
    assert lines[-2].startswith("Next tax date: 31/01/2027 (in 67 days): Self Assessment")
    assert lines[-1] == "Tax to set aside for 2026-27 so far: £0.00 on a profit of £20.00"


def test_week_on_another_day(folder, capsys):
    assert run(folder, "week", "--today", "18/11/2026", "--json") == 0
    week = json.loads(capsys.readouterr().out)
    assert week["week_start"] == "2026-11-16"
    assert [v["start"] for v in week["visits"]] == ["2026-11-18T09:00"]


def test_an_empty_week_says_so(business, data_dir, capsys):
    database.close_database()
    assert run(data_dir, "week") == 0
    out = capsys.readouterr().out
    assert "No visits this week." in out and "No visits planned." in out
    assert "Nothing owed." in out


def test_search_as_json(folder, capsys):
    assert run(folder, "search", "leeds", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert list(found) == ["clients", "invoices", "visits", "policies"]
    assert found["clients"] == {
        "found": [{"id": 2, "title": "Jean O'Neill", "detail": "Paid for by Leeds City Council"}],
        "more": False,
    }
    assert [f["title"] for f in found["invoices"]["found"]] == ["INV-0002"]
    assert found["visits"] == {"found": [], "more": False}


def test_search_as_text(folder, capsys):
    assert run(folder, "search", "£36.00") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Invoices:",
        "  INV-0001: Margaret Brown, £36.00, Overdue, issued 31/10/2026",
    ]
    assert run(folder, "search", "river", "walk") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Visits:",
        "  Mon 23/11/2026 09:00–11:00, Margaret Brown: Delivered: Shopping and a walk by the river",
    ]
    assert run(folder, "search", "zebra") == 0
    assert capsys.readouterr().out == "Nothing found for 'zebra'.\n"


def test_search_needs_text(folder, capsys):
    assert run(folder, "search") == 1
    assert "TEXT" in capsys.readouterr().err
