"""Visit pricing (DESIGN.md section 3) and England bank holidays; no Qt, no database."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import assume
from hypothesis import given
from hypothesis import strategies as st

from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.hours import bank_holidays
from microbiz.hours.bank_holidays import bank_holidays_between
from microbiz.hours.bank_holidays import is_bank_holiday
from microbiz.hours.pricing import Rates
from microbiz.hours.pricing import Segment
from microbiz.hours.pricing import VisitPrice
from microbiz.hours.pricing import check_visit_times
from microbiz.hours.pricing import day_band
from microbiz.hours.pricing import elapsed_minutes
from microbiz.hours.pricing import price_visit
from microbiz.hours.pricing import visit_end

# £20.00 an hour on weekdays, £25.00 at weekends, £40.00 on bank holidays.
RATES = Rates(weekday_pence=2000, weekend_pence=2500, bank_holiday_pence=4000)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


# --- bank holidays ---------------------------------------------------------------------


def test_christmas_2026_bank_holidays_include_the_substitute_day() -> None:
    # 25 Dec (Fri) and 26 Dec (Sat), and Monday 28 Dec as the substitute for the 26th.
    found = bank_holidays_between(date(2026, 12, 20), date(2026, 12, 31))
    assert list(found) == [date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28)]


def test_bank_holidays_between_spans_a_new_year() -> None:
    found = bank_holidays_between(date(2026, 12, 27), date(2027, 1, 1))
    assert list(found) == [date(2026, 12, 28), date(2027, 1, 1)]


def test_bank_holidays_between_with_first_after_last_is_empty() -> None:
    assert bank_holidays_between(date(2026, 12, 31), date(2026, 12, 1)) == {}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 25), True),
        (date(2026, 12, 26), True),
        (date(2026, 12, 27), False),  # a Sunday, not a bank holiday
        (date(2026, 12, 28), True),
        (date(2026, 4, 3), True),  # Good Friday
        (date(2026, 3, 17), False),  # St Patrick's Day is Northern Ireland only
    ],
)
def test_is_bank_holiday(day: date, expected: bool) -> None:
    assert is_bank_holiday(day) is expected


def test_bank_holidays_are_looked_up_once_per_year() -> None:
    is_bank_holiday(date(2031, 1, 1))
    before = bank_holidays._holidays_in.cache_info()
    for day in range(1, 29):
        is_bank_holiday(date(2031, 2, day))
    after = bank_holidays._holidays_in.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (28, 0)


@pytest.mark.parametrize(
    ("day", "band"),
    [
        (date(2026, 6, 10), "weekday"),  # Wednesday
        (date(2026, 6, 13), "weekend"),  # Saturday
        (date(2026, 6, 14), "weekend"),  # Sunday
        (date(2026, 12, 26), "bank_holiday"),  # Saturday and a bank holiday
        (date(2026, 12, 28), "bank_holiday"),  # Monday, substitute day
    ],
)
def test_day_band(day: date, band: str) -> None:
    assert day_band(day) == band


# --- visit_end and elapsed minutes -----------------------------------------------------


def test_visit_end_after_start_is_same_day() -> None:
    assert visit_end(at(2026, 6, 10, 9), time(11, 30)) == at(2026, 6, 10, 11, 30)


def test_visit_end_before_start_is_next_day() -> None:
    assert visit_end(at(2026, 6, 10, 22), time(6)) == at(2026, 6, 11, 6)


def test_visit_end_equal_to_start_is_next_day_and_prices_24_hours() -> None:
    start = at(2026, 6, 10, 9)
    end = visit_end(start, time(9))
    assert end == at(2026, 6, 11, 9)
    # Wed 09:00-24:00 = 900 min at £20/h = 30000p; Thu 00:00-09:00 = 540 min = 18000p.
    assert price_visit(start, end, 0, RATES).amount_pence == 48000
    assert check_visit_times(start, end, 0) == 1440


def test_elapsed_minutes_when_clocks_go_back() -> None:
    # 22:00 BST -> 06:00 GMT: 2 h to midnight, 1 h to 01:00 BST, 1 h repeated, 5 h more.
    assert elapsed_minutes(at(2026, 10, 24, 22), at(2026, 10, 25, 6)) == 540


def test_elapsed_minutes_when_clocks_go_forward() -> None:
    # 22:00 GMT -> 06:00 BST: the hour 01:00-02:00 never happens, so 7 h.
    assert elapsed_minutes(at(2026, 3, 28, 22), at(2026, 3, 29, 6)) == 420


def test_ambiguous_time_is_its_first_occurrence() -> None:
    # 01:30 on 25 Oct 2026 happens twice; it means 01:30 BST = 00:30 UTC.
    # To 02:30 GMT (02:30 UTC) is 120 min; 01:30 GMT would have given 60.
    assert elapsed_minutes(at(2026, 10, 25, 1, 30), at(2026, 10, 25, 2, 30)) == 120
    # From 00:30 BST (23:30 UTC on the 24th) to 01:30 BST (00:30 UTC) is 60, not 120.
    assert elapsed_minutes(at(2026, 10, 25, 0, 30), at(2026, 10, 25, 1, 30)) == 60


def test_ambiguous_start_is_priced_from_its_first_occurrence() -> None:
    # Sunday 01:30 BST -> 02:30 GMT = 120 min at the £25/h weekend rate = 5000p.
    price = price_visit(at(2026, 10, 25, 1, 30), at(2026, 10, 25, 2, 30), 0, RATES)
    assert (price.minutes, price.amount_pence) == (120, 5000)


def test_time_in_the_spring_gap_is_read_at_the_old_offset() -> None:
    # 01:30 on 29 Mar 2026 does not exist; fold=0 reads it as 01:30 GMT (01:30 UTC).
    # 03:00 BST is 02:00 UTC, so 30 min.
    assert elapsed_minutes(at(2026, 3, 29, 1, 30), at(2026, 3, 29, 3)) == 30


def test_elapsed_minutes_ignores_seconds() -> None:
    start = datetime(2026, 6, 10, 9, 0, 59)
    assert elapsed_minutes(start, datetime(2026, 6, 10, 10, 0, 1)) == 60


# --- prices ---------------------------------------------------------------------------


def test_plain_weekday_visit() -> None:
    # Wednesday 09:00-10:30 = 90 min at £20/h = 2000 * 90 / 60 = 3000p.
    price = price_visit(at(2026, 6, 10, 9), at(2026, 6, 10, 10, 30), 0, RATES)
    assert price == VisitPrice(
        minutes=90,
        amount_pence=3000,
        segments=(Segment(date(2026, 6, 10), "weekday", 90, 2000, 3000),),
    )


@pytest.mark.parametrize("day", [13, 14])  # Saturday and Sunday 13-14 June 2026
def test_weekend_rate(day: int) -> None:
    # 09:00-11:00 = 120 min at £25/h = 5000p.
    price = price_visit(at(2026, 6, day, 9), at(2026, 6, day, 11), 0, RATES)
    assert price.segments == (Segment(date(2026, 6, day), "weekend", 120, 2500, 5000),)
    assert price.amount_pence == 5000


def test_friday_night_into_saturday_is_split_at_midnight() -> None:
    # Fri 22:00-24:00 = 120 min at £20/h = 4000p; Sat 00:00-06:00 = 360 min at £25/h
    # = 15000p; total 480 min, 19000p.
    price = price_visit(at(2026, 6, 12, 22), at(2026, 6, 13, 6), 0, RATES)
    assert price.segments == (
        Segment(date(2026, 6, 12), "weekday", 120, 2000, 4000),
        Segment(date(2026, 6, 13), "weekend", 360, 2500, 15000),
    )
    assert (price.minutes, price.amount_pence) == (480, 19000)


def test_break_comes_off_the_first_segment() -> None:
    # 30 min break off Friday: 90 min = 3000p; Saturday 360 min = 15000p; 450 min, 18000p.
    price = price_visit(at(2026, 6, 12, 22), at(2026, 6, 13, 6), 30, RATES)
    assert price.segments == (
        Segment(date(2026, 6, 12), "weekday", 90, 2000, 3000),
        Segment(date(2026, 6, 13), "weekend", 360, 2500, 15000),
    )
    assert (price.minutes, price.amount_pence) == (450, 18000)


def test_break_longer_than_the_first_segment_takes_the_rest_from_the_next() -> None:
    # Fri 23:00-24:00 = 60 min, all break; the other 30 min of the 90 min break come off
    # Saturday's 360 min: 330 min at £25/h = 2500 * 330 / 60 = 13750p.
    price = price_visit(at(2026, 6, 12, 23), at(2026, 6, 13, 6), 90, RATES)
    assert price.segments == (Segment(date(2026, 6, 13), "weekend", 330, 2500, 13750),)
    assert (price.minutes, price.amount_pence) == (330, 13750)


def test_christmas_eve_into_christmas_day() -> None:
    # Thu 24 Dec 20:00-24:00 = 240 min at £20/h = 8000p; Fri 25 Dec 00:00-08:00 = 480 min
    # at £40/h = 32000p; total 720 min, 40000p.
    price = price_visit(at(2026, 12, 24, 20), at(2026, 12, 25, 8), 0, RATES)
    assert price.segments == (
        Segment(date(2026, 12, 24), "weekday", 240, 2000, 8000),
        Segment(date(2026, 12, 25), "bank_holiday", 480, 4000, 32000),
    )
    assert price.amount_pence == 40000


@pytest.mark.parametrize("day", [25, 26, 28])
def test_christmas_2026_bank_holidays_use_the_bank_holiday_rate(day: int) -> None:
    # 10:00-12:00 = 120 min at £40/h = 8000p.
    price = price_visit(at(2026, 12, day, 10), at(2026, 12, day, 12), 0, RATES)
    assert price.segments == (Segment(date(2026, 12, day), "bank_holiday", 120, 4000, 8000),)


def test_bank_holiday_beats_weekend() -> None:
    # 26 Dec 2026 is a Saturday; 27 Dec, a plain Sunday, gets the weekend rate.
    # Sat 22:00-24:00 = 120 min at £40/h = 8000p; Sun 00:00-02:00 = 120 min at £25/h = 5000p.
    assert date(2026, 12, 26).weekday() == 5
    price = price_visit(at(2026, 12, 26, 22), at(2026, 12, 27, 2), 0, RATES)
    assert [(s.band, s.amount_pence) for s in price.segments] == [
        ("bank_holiday", 8000),
        ("weekend", 5000),
    ]


def test_clocks_going_back_price() -> None:
    # Sat 24 Oct 22:00-24:00 = 120 min = 5000p; Sun 00:00 BST-06:00 GMT = 7 h = 420 min
    # = 2500 * 420 / 60 = 17500p; total 540 min, 22500p.
    price = price_visit(at(2026, 10, 24, 22), at(2026, 10, 25, 6), 0, RATES)
    assert price.segments == (
        Segment(date(2026, 10, 24), "weekend", 120, 2500, 5000),
        Segment(date(2026, 10, 25), "weekend", 420, 2500, 17500),
    )
    assert (price.minutes, price.amount_pence) == (540, 22500)


def test_clocks_going_forward_price() -> None:
    # Sat 28 Mar 22:00-24:00 = 120 min = 5000p; Sun 00:00 GMT-06:00 BST = 5 h = 300 min
    # = 2500 * 300 / 60 = 12500p; total 420 min, 17500p.
    price = price_visit(at(2026, 3, 28, 22), at(2026, 3, 29, 6), 0, RATES)
    assert price.segments == (
        Segment(date(2026, 3, 28), "weekend", 120, 2500, 5000),
        Segment(date(2026, 3, 29), "weekend", 300, 2500, 12500),
    )
    assert (price.minutes, price.amount_pence) == (420, 17500)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (30, 1),  # 30 * 1 / 60 = 0.5p -> 1p (half up, not to even)
        (90, 2),  # 1.5p -> 2p
        (29, 0),  # 0.483p -> 0p
        (31, 1),  # 0.517p -> 1p
    ],
)
def test_one_minute_rounds_half_up(rate: int, expected: int) -> None:
    rates = Rates(weekday_pence=rate, weekend_pence=rate, bank_holiday_pence=rate)
    price = price_visit(at(2026, 6, 10, 9), at(2026, 6, 10, 9, 1), 0, rates)
    assert price.amount_pence == expected


def test_each_segment_is_rounded_separately() -> None:
    # Fri 23:59-24:00 and Sat 00:00-00:01 at 30p/h: 0.5p -> 1p each, total 2p,
    # where 2 min priced as one would be exactly 1p.
    rates = Rates(weekday_pence=30, weekend_pence=30, bank_holiday_pence=30)
    price = price_visit(at(2026, 6, 12, 23, 59), at(2026, 6, 13, 0, 1), 0, rates)
    assert [s.amount_pence for s in price.segments] == [1, 1]
    assert price.amount_pence == 2


def test_flat_fee_ignores_bands_and_midnight() -> None:
    # Christmas Day 22:00 -> Boxing Day 02:00, 30 min break: 210 min, one flat £35.00.
    rates = Rates(
        weekday_pence=2000, weekend_pence=2500, bank_holiday_pence=4000, flat_fee_pence=3500
    )
    price = price_visit(at(2026, 12, 25, 22), at(2026, 12, 26, 2), 30, rates)
    assert price == VisitPrice(
        minutes=210,
        amount_pence=3500,
        segments=(Segment(date(2026, 12, 25), "flat", 210, 3500, 3500),),
    )


def test_zero_flat_fee_is_still_a_flat_fee() -> None:
    rates = Rates(weekday_pence=2000, weekend_pence=2500, bank_holiday_pence=4000, flat_fee_pence=0)
    price = price_visit(at(2026, 6, 10, 9), at(2026, 6, 10, 10), 0, rates)
    assert (price.amount_pence, price.segments[0].band) == (0, "flat")


def test_on_day_replaces_the_calendar() -> None:
    # A Wednesday treated as a bank holiday: 60 min at £40/h = 4000p.
    price = price_visit(
        at(2026, 6, 10, 9), at(2026, 6, 10, 10), 0, RATES, on_day=lambda day: "bank_holiday"
    )
    assert price.segments == (Segment(date(2026, 6, 10), "bank_holiday", 60, 4000, 4000),)


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "break_minutes", "field", "message"),
    [
        (
            at(2026, 6, 10, 10),
            at(2026, 6, 10, 9),
            0,
            "end",
            "End time must be after the start time",
        ),
        (
            at(2026, 6, 10, 10),
            at(2026, 6, 10, 10),
            0,
            "end",
            "End time must be after the start time",
        ),
        (
            at(2026, 6, 10, 9),
            at(2026, 6, 11, 9, 1),
            0,
            "end",
            "A visit cannot be longer than 24 hours",
        ),
        # 22:00 to 22:00 across the autumn change is 25 real hours.
        (
            at(2026, 10, 24, 22),
            at(2026, 10, 25, 22),
            0,
            "end",
            "A visit cannot be longer than 24 hours",
        ),
        (at(2026, 6, 10, 9), at(2026, 6, 10, 10), -1, "break_minutes", "Break cannot be negative"),
        (
            at(2026, 6, 10, 9),
            at(2026, 6, 10, 10),
            60,
            "break_minutes",
            "Break must be shorter than the visit (60 minutes)",
        ),
        (
            at(2026, 6, 10, 9),
            at(2026, 6, 10, 10),
            61,
            "break_minutes",
            "Break must be shorter than the visit (60 minutes)",
        ),
    ],
)
def test_refusals(
    start: datetime, end: datetime, break_minutes: int, field: str, message: str
) -> None:
    with pytest.raises(UserError) as caught:
        price_visit(start, end, break_minutes, RATES)
    assert isinstance(caught.value, FieldError)
    assert (caught.value.field, str(caught.value)) == (field, message)


def test_check_visit_times_returns_billable_minutes() -> None:
    # 09:00-17:00 = 480 min, less a 45 min break = 435.
    assert check_visit_times(at(2026, 6, 10, 9), at(2026, 6, 10, 17), 45) == 435


def test_a_day_across_the_spring_change_is_23_hours() -> None:
    # Sat 28 Mar 06:00 -> Sun 29 Mar 06:00 is only 23 real hours = 1380 min.
    assert check_visit_times(at(2026, 3, 28, 6), at(2026, 3, 29, 6), 0) == 1380


# --- properties -----------------------------------------------------------------------

starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
durations = st.integers(min_value=1, max_value=24 * 60)
rates_pence = st.integers(min_value=0, max_value=100_000)


def valid_visit(start: datetime, duration: int, break_minutes: int) -> datetime:
    """The end of a generated visit, skipping those check_visit_times refuses."""
    end = start + timedelta(minutes=duration)
    try:
        check_visit_times(start, end, break_minutes)
    except UserError:
        assume(False)
    return end


@given(
    starts,
    durations,
    st.integers(min_value=0, max_value=24 * 60),
    rates_pence,
    rates_pence,
    rates_pence,
)
def test_amount_is_the_sum_of_segments(
    start: datetime, duration: int, break_minutes: int, weekday: int, weekend: int, bank: int
) -> None:
    end = valid_visit(start, duration, break_minutes)
    price = price_visit(start, end, break_minutes, Rates(weekday, weekend, bank))
    assert price.amount_pence == sum(s.amount_pence for s in price.segments)
    assert price.minutes == sum(s.minutes for s in price.segments)
    assert price.minutes == elapsed_minutes(start, end) - break_minutes
    assert 1 <= len(price.segments) <= 2
    assert all(isinstance(s.amount_pence, int) for s in price.segments)


@given(starts, durations, rates_pence)
def test_equal_rates_price_within_a_penny_per_segment(
    start: datetime, duration: int, rate: int
) -> None:
    end = valid_visit(start, duration, 0)
    price = price_visit(start, end, 0, Rates(rate, rate, rate))
    exact = Fraction(rate * price.minutes, 60)
    # Each segment is rounded once, by at most half a penny, so well within 1p each.
    assert abs(price.amount_pence - exact) <= Fraction(len(price.segments), 2)


@given(starts, durations, st.integers(min_value=0, max_value=24 * 60))
def test_billable_minutes_never_negative(
    start: datetime, duration: int, break_minutes: int
) -> None:
    end = valid_visit(start, duration, break_minutes)
    price = price_visit(start, end, break_minutes, RATES)
    assert price.minutes > 0
    assert all(s.minutes > 0 for s in price.segments)


def test_unknown_band_from_on_day_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown day band 'holiday'"):
        price_visit(at(2026, 6, 10, 9), at(2026, 6, 10, 10), 0, RATES, on_day=lambda day: "holiday")
