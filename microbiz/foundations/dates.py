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
# Dates outside these years are typing mistakes, and date sums near year 9999 overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::00)?$")


def parse_date(text: str | date) -> date:
    """A date from 31/12/2026 or 2026-12-31 (or a date/datetime object, as from a spreadsheet)."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    cleaned = str(text).strip()
    uk = _UK_DATE.match(cleaned)
    iso = _ISO_DATE.match(cleaned)
    try:
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return check_year(date(year, month, day), cleaned)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return check_year(date(year, month, day), cleaned)
    except ValueError:
        raise UserError(f"'{cleaned}' is not a real date") from None
    raise UserError(f"'{cleaned}' is not a date (use 31/12/2026 or 2026-12-31)")


def check_year(day: date, typed: str) -> date:
    """Refuse a year outside FIRST_YEAR to LAST_YEAR, naming what was typed."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UserError(f"'{typed}' is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    return day


def parse_time(text: str | time) -> time:
    """A clock time from 09:30, 9:30 or 9.30 (or a time object, as from a spreadsheet)."""
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0)
    cleaned = str(text).strip()
    match = _TIME.match(cleaned)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(f"'{cleaned}' is not a time (use 24-hour HH:MM, like 09:30 or 22:00)")
    return time(int(match.group(1)), int(match.group(2)))


def format_date(value: date | None) -> str:
    """For screens: 31/12/2026, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def parse_hours(text: str | int | float | Decimal) -> int:
    """Whole minutes from an amount of hours such as "37.5", "12" or "7:30"."""
    cleaned = str(text).strip()
    if ":" in cleaned:
        hours, _, minutes = cleaned.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(minutes) < 60):
            raise UserError(f"'{cleaned}' is not a number of hours (try 37.5 or 7:30)")
        return int(hours) * 60 + int(minutes)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(f"'{cleaned}' is not a number of hours (try 37.5 or 7:30)") from None
    if not amount.is_finite():
        raise UserError(f"'{cleaned}' is not a number of hours (try 37.5 or 7:30)")
    if amount < 0:
        raise UserError(f"{cleaned} hours cannot be negative")
    return round_half_up(amount * 60)


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
