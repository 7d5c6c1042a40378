"""UK dates on screen (31/12/2026), ISO 8601 in files, and hour amounts."""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from decimal import InvalidOperation

from microbiz.foundations.errors import UserError
from microbiz.foundations.money import round_half_up

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Dates outside these are typing mistakes (and date sums near year 9999 overflow).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
RANGE_WORDS = "Microbiz keeps records from 01/01/2000 to 31/12/2100"
# More hours than this in one amount is a typing mistake.
MOST_HOURS = 10_000
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::00)?$")


def parse_date(text: str | date) -> date:
    """A date from 31/12/2026 or 2026-12-31 (or a date/datetime object, as from a spreadsheet)."""
    if isinstance(text, datetime):
        return check_in_range(text.date(), format_date(text))
    if isinstance(text, date):
        return check_in_range(text, format_date(text))
    cleaned = str(text).strip()
    uk = _UK_DATE.match(cleaned)
    iso = _ISO_DATE.match(cleaned)
    if uk:
        day, month, year = (int(part) for part in uk.groups())
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise UserError(f"'{shorten(cleaned)}' is not a date (use 31/12/2026 or 2026-12-31)")
    _check_year(year, cleaned)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(f"'{cleaned}' is not a real date") from None


def check_in_range(day: date, typed: str) -> date:
    """Refuse a day before FIRST_DAY or after LAST_DAY, naming what was typed."""
    _check_year(day.year, typed)
    return day


def _check_year(year: int, typed: str) -> None:
    if year < FIRST_DAY.year:
        raise UserError(f"'{typed}' is before {FIRST_DAY.year}; {RANGE_WORDS}")
    if year > LAST_DAY.year:
        raise UserError(f"'{typed}' is after {LAST_DAY.year}; {RANGE_WORDS}")


def shorten(text: str, most: int = 40) -> str:
    """Typed text to quote back in a one-line message: on one line, cut short if it is long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else f"{flat[:most]}…"


def parse_time(text: str | time) -> time:
    """A clock time from 09:30, 9:30 or 9.30 (or a time object, as from a spreadsheet)."""
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0)
    cleaned = str(text).strip()
    match = _TIME.match(cleaned)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(
            f"'{shorten(cleaned)}' is not a time (use 24-hour HH:MM, like 09:30 or 22:00)"
        )
    return time(int(match.group(1)), int(match.group(2)))


def format_date(value: date | None) -> str:
    """For screens: 31/12/2026, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def parse_hours(text: str | int | float | Decimal) -> int:
    """Whole minutes from an amount of hours such as "37.5", "12" or "7:30"."""
    cleaned = str(text).strip()
    wrong = f"'{shorten(cleaned)}' is not a number of hours (try 37.5 or 7:30)"
    hours, colon, minutes = cleaned.partition(":")
    if colon and not (
        hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(minutes) < 60
    ):
        raise UserError(wrong)
    try:
        amount = Decimal(hours)
    except InvalidOperation:
        raise UserError(wrong) from None
    if not amount.is_finite():
        raise UserError(wrong)
    if amount < 0:
        raise UserError(f"{shorten(cleaned)} hours cannot be negative")
    if amount >= MOST_HOURS:
        raise UserError(f"{shorten(cleaned)} hours is too many (it must be below {MOST_HOURS:,})")
    return round_half_up(amount * 60) + (int(minutes) if colon else 0)


def format_hours(minutes: int) -> str:
    """Decimal hours to two places, as timesheets show them: 450 -> "7.50"."""
    hundredths = round_half_up(Decimal(abs(minutes)) * 100 / 60)
    sign = "-" if minutes < 0 else ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


def hours_text(minutes: int) -> str:
    """Hours as a short number: 750 -> "12.5", 600 -> "10", 440 -> "7.33", -90 -> "-1.5"."""
    return format_hours(minutes).rstrip("0").rstrip(".")


def format_duration(minutes: int) -> str:
    """Hours and minutes, exact, as invoice and timesheet lines print them: 67 -> "1 h 07 min"."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours} h {rest:02d} min"
