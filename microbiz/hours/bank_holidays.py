"""England bank holidays, substitute days included, from `holidays`.

Asking `holidays` imports its 250 countries, about a quarter of the app's start, so each
year it gives is also kept in a small file in the user's cache folder, and read from there
while the same `holidays` is installed. The file is only a shortcut: one that cannot be
read or written is passed over, and `holidays` asked again.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from datetime import date
from functools import cache
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType

from platformdirs import user_cache_path

from microbiz.foundations.paths import APP_NAME

CACHE_NAME = "bank-holidays.json"


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> MappingProxyType[date, str]:
    """One year's bank holidays in England, substitute days included (read-only)."""
    kept = _kept()
    if str(year) not in kept["years"]:
        kept["years"][str(year)] = _asked(year)
        _keep(kept)
    days = kept["years"][str(year)]
    return MappingProxyType({date.fromisoformat(day): name for day, name in days.items()})


def _asked(year: int) -> dict[str, str]:
    """The year's bank holidays as `holidays` gives them, by ISO date."""
    import holidays  # here, not above: only a year missing from the cache needs it

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day.isoformat(): name for day, name in sorted(calendar.items())}


def is_bank_holiday(day: date) -> bool:
    return day in _holidays_in(day.year)


def bank_holidays_between(first: date, last: date) -> dict[date, str]:
    """Bank holidays from `first` to `last` inclusive, by date, with their names."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(_holidays_in(year))
    return {day: found[day] for day in sorted(found) if first <= day <= last}


def cache_file() -> Path:
    return user_cache_path(APP_NAME, appauthor=False) / CACHE_NAME


@cache
def _kept() -> dict:
    """The years kept for the installed `holidays`: from the cache file, or none yet."""
    installed = _installed()
    try:
        kept = json.loads(cache_file().read_text(encoding="utf-8"))
        if installed and kept["holidays"] == installed and isinstance(kept["years"], dict):
            return kept
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no file yet, or one that cannot be read: start again
    return {"holidays": installed, "years": {}}


def _keep(kept: dict) -> None:
    """Write the years kept to the cache file whole (another process may be reading it)."""
    if not kept["holidays"]:
        return
    path = cache_file()
    written = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(written, path)
    except OSError:  # no cache: the next start asks `holidays` again
        with suppress(OSError):
            written.unlink(missing_ok=True)


def _installed() -> str:
    """Which `holidays` is installed, told without importing it: where its United Kingdom
    file is, its size and when it was written; "" where there is no such file (as in a
    bundled app)."""
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return ""
    rules = Path(spec.origin).with_name("countries") / "united_kingdom.py"
    try:
        written = rules.stat()
    except OSError:
        return ""
    return f"{rules} {written.st_size} {written.st_mtime_ns}"
