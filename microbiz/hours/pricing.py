"""Price a visit: real elapsed minutes, split at midnight, each day priced by its band.

Pure functions, no database. The rules are DESIGN.md section 3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from microbiz.foundations.errors import FieldError
from microbiz.foundations.money import pence_for_minutes
from microbiz.hours.bank_holidays import is_bank_holiday

LONDON = ZoneInfo("Europe/London")
MAX_VISIT_MINUTES = 24 * 60

WEEKDAY = "weekday"
WEEKEND = "weekend"
BANK_HOLIDAY = "bank_holiday"
FLAT = "flat"


@dataclass(frozen=True)
class Rates:
    """Hourly rates in pence per hour by day band, or a flat fee per visit."""

    weekday_pence: int
    weekend_pence: int
    bank_holiday_pence: int
    flat_fee_pence: int | None = None

    def for_band(self, band: str) -> int:
        """The hourly rate for "weekday", "weekend" or "bank_holiday"."""
        by_band = {
            WEEKDAY: self.weekday_pence,
            WEEKEND: self.weekend_pence,
            BANK_HOLIDAY: self.bank_holiday_pence,
        }
        if band not in by_band:
            raise ValueError(f"Unknown day band {band!r}")
        return by_band[band]


@dataclass(frozen=True)
class Segment:
    """The part of a visit on one date: billable minutes (after any break) and its charge."""

    day: date
    band: str
    minutes: int
    rate_pence: int
    amount_pence: int


@dataclass(frozen=True)
class VisitPrice:
    minutes: int
    amount_pence: int
    segments: tuple[Segment, ...]


def day_band(day: date) -> str:
    """Bank holiday beats weekend (Saturday, Sunday), which beats weekday."""
    if is_bank_holiday(day):
        return BANK_HOLIDAY
    if day.weekday() >= 5:
        return WEEKEND
    return WEEKDAY


def visit_end(start: datetime, end_time: time) -> datetime:
    """The end of a visit from its end clock time: at or before the start means the next day."""
    end = datetime.combine(start.date(), end_time)
    if end <= start:
        end += timedelta(days=1)
    return end


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Real minutes between two naive Europe/London wall-clock times, across clock changes.

    An ambiguous time (the repeated hour when clocks go back) means its first occurrence,
    in BST. A time that does not exist (the hour skipped when clocks go forward) is read
    with fold=0 as zoneinfo does, at the offset before the change: 01:30 on the spring
    change day is 01:30 GMT, the same instant as 02:30 BST. Seconds are ignored.
    """
    return (_utc(end) - _utc(start)) // timedelta(minutes=1)


def _utc(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0, tzinfo=LONDON, fold=0).astimezone(UTC)


def check_visit_times(start: datetime, end: datetime, break_minutes: int) -> int:
    """Refuse impossible visit times in plain English; return the billable minutes."""
    elapsed = elapsed_minutes(start, end)
    if elapsed <= 0:
        raise FieldError("end", "End time must be after the start time")
    if elapsed > MAX_VISIT_MINUTES:
        raise FieldError("end", "A visit cannot be longer than 24 hours")
    if break_minutes < 0:
        raise FieldError("break_minutes", "Break cannot be negative")
    if break_minutes >= elapsed:
        raise FieldError(
            "break_minutes", f"Break must be shorter than the visit ({elapsed} minutes)"
        )
    return elapsed - break_minutes


def price_visit(
    start: datetime,
    end: datetime,
    break_minutes: int,
    rates: Rates,
    on_day: Callable[[date], str] | None = None,
) -> VisitPrice:
    """Price a visit by DESIGN.md section 3; `on_day` replaces `day_band` (for tests).

    Days left with no billable minutes once the break is taken off have no segment.
    """
    billable = check_visit_times(start, end, break_minutes)
    if rates.flat_fee_pence is not None:
        fee = rates.flat_fee_pence
        return VisitPrice(billable, fee, (Segment(start.date(), FLAT, billable, fee, fee),))
    band_of = on_day or day_band
    segments = tuple(
        _segment(day, band_of(day), minutes, rates)
        for day, minutes in _take_break(_minutes_by_day(start, end), break_minutes)
        if minutes > 0
    )
    return VisitPrice(billable, sum(s.amount_pence for s in segments), segments)


def _segment(day: date, band: str, minutes: int, rates: Rates) -> Segment:
    rate = rates.for_band(band)
    return Segment(day, band, minutes, rate, pence_for_minutes(rate, minutes))


def _minutes_by_day(start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Real elapsed minutes on each date, splitting at each local midnight."""
    pieces: list[tuple[date, int]] = []
    piece_start = start
    while piece_start < end:
        midnight = datetime.combine(piece_start.date() + timedelta(days=1), time())
        piece_end = min(midnight, end)
        pieces.append((piece_start.date(), elapsed_minutes(piece_start, piece_end)))
        piece_start = piece_end
    return pieces


def _take_break(pieces: list[tuple[date, int]], break_minutes: int) -> list[tuple[date, int]]:
    """Take the break off the first day, and any rest of it off the days after."""
    left = break_minutes
    taken: list[tuple[date, int]] = []
    for day, minutes in pieces:
        off = min(left, minutes)
        left -= off
        taken.append((day, minutes - off))
    return taken
