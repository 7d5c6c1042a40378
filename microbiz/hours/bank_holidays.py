"""England bank holidays, substitute days included, from `holidays`; cached per year."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> MappingProxyType[date, str]:
    """One year's bank holidays in England, substitute days included (read-only)."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType(dict(calendar.items()))


def is_bank_holiday(day: date) -> bool:
    return day in _holidays_in(day.year)


def bank_holidays_between(first: date, last: date) -> dict[date, str]:
    """Bank holidays from `first` to `last` inclusive, by date, with their names."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(_holidays_in(year))
    return {day: found[day] for day in sorted(found) if first <= day <= last}
