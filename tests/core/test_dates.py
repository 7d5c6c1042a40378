from datetime import date
from datetime import datetime

import pytest

from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_duration
from microbiz.foundations.dates import format_hours
from microbiz.foundations.dates import hours_text
from microbiz.foundations.dates import parse_date
from microbiz.foundations.dates import parse_hours
from microbiz.foundations.errors import UserError


def test_parse_date_accepts_uk_and_iso():
    assert parse_date("31/12/2026") == date(2026, 12, 31)
    assert parse_date("1/2/2026") == date(2026, 2, 1)
    assert parse_date("2026-12-31") == date(2026, 12, 31)
    assert parse_date(datetime(2026, 5, 4, 9, 30)) == date(2026, 5, 4)


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "12/31", "yesterday", ""])
def test_parse_date_refuses(text):
    with pytest.raises(UserError):
        parse_date(text)


def test_format_date_is_uk():
    assert format_date(date(2026, 3, 9)) == "09/03/2026"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("text", "minutes"), [("37.5", 2250), ("12", 720), ("7:30", 450), ("0.25", 15)]
)
def test_parse_hours(text, minutes):
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["-1", "abc", "7:75", "nan", "1:5"])
def test_parse_hours_refuses(text):
    with pytest.raises(UserError):
        parse_hours(text)


def test_format_hours_two_places():
    assert format_hours(540) == "9.00"
    assert format_hours(450) == "7.50"
    assert format_hours(50) == "0.83"
    assert format_hours(-90) == "-1.50"


def test_hours_text_as_people_write_them():
    assert [hours_text(m) for m in (0, 450, 600, 750, 440)] == ["0", "7.5", "10", "12.5", "7.33"]
    assert hours_text(-90) == "-1.5"


@pytest.mark.parametrize(
    "minutes, text",
    [(20, "0 h 20 min"), (67, "1 h 07 min"), (600, "10 h 00 min"), (-90, "-1 h 30 min")],
)
def test_format_duration_is_exact_hours_and_minutes(minutes, text):
    assert format_duration(minutes) == text


@pytest.mark.parametrize(
    ("text", "side"),
    [("0001-01-01", "before 2000"), ("9999-12-31", "after 2100"), ("31/12/1999", "before 2000")],
)
def test_parse_date_refuses_years_out_of_range(text, side):
    said = f"'{text}' is {side}; Microbiz keeps records from 01/01/2000 to 31/12/2100"
    with pytest.raises(UserError, match=f"^{said}$"):
        parse_date(text)
