"""Quarters as the collector sees them: "2026-Q2", and which ones it accepts."""

from __future__ import annotations

import datetime
import re

FIRST_PERIOD = "2020-Q1"
_PERIOD = re.compile(r"([0-9]{4})-Q([1-4])")


def quarter_of(day: datetime.date) -> str:
    """The quarter a day falls in, such as "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def next_quarter(day: datetime.date) -> str:
    """The quarter after the one `day` falls in."""
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year + quarter // 4}-Q{quarter % 4 + 1}"


def period_problem(period: str, today: datetime.date) -> str:
    """Why `period` is not accepted (it must be 2020-Q1 .. the next quarter), or ""."""
    if not _PERIOD.fullmatch(period):
        return f"the period {period!r} is not a quarter such as 2026-Q2"
    last = next_quarter(today)
    if not FIRST_PERIOD <= period <= last:
        return f"the period {period} is not between {FIRST_PERIOD} and {last}"
    return ""
