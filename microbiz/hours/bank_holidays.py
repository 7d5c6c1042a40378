"""England bank holidays, substitute days included, from `holidays`.

Asking `holidays` imports its 250 countries, about a quarter of the app's start, so each
year it gives is also kept in a small file in the user's cache folder ($MICROBIZ_CACHE,
if set), and read from there while the same version of `holidays` is installed. The file
is only a shortcut: one that cannot be read, written or understood is passed over, and
`holidays` asked again.
"""

from __future__ import annotations

import json
import os
import tempfile
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
# Changed whenever what the file holds changes, so that an older file is passed over.
FORMAT = "1"


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> MappingProxyType[date, str]:
    """One year's bank holidays in England, substitute days included (read-only)."""
    kept = _kept()
    found = _by_date(kept["years"].get(str(year)))
    if found is None:
        kept["years"][str(year)] = _asked(year)
        _keep(kept)
        found = _by_date(kept["years"][str(year)])
    return found


def _asked(year: int) -> dict[str, str]:
    """The year's bank holidays as `holidays` gives them, by ISO date."""
    import holidays  # here, not above: only a year missing from the cache needs it

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day.isoformat(): name for day, name in sorted(calendar.items())}


def _by_date(days: object) -> MappingProxyType[date, str] | None:
    """A year as the cache keeps it, by date; None if it is not there or not understood."""
    try:
        return MappingProxyType({date.fromisoformat(day): str(name) for day, name in days.items()})
    except (AttributeError, TypeError, ValueError):
        return None


def is_bank_holiday(day: date) -> bool:
    return day in _holidays_in(day.year)


def bank_holidays_between(first: date, last: date) -> dict[date, str]:
    """Bank holidays from `first` to `last` inclusive, by date, with their names."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(_holidays_in(year))
    return {day: found[day] for day in sorted(found) if first <= day <= last}


def cache_file() -> Path:
    folder = os.environ.get("MICROBIZ_CACHE") or user_cache_path(APP_NAME, appauthor=False)
    return Path(folder) / CACHE_NAME


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, written = tempfile.mkstemp(dir=path.parent, prefix=f"{CACHE_NAME}.")
    except OSError:
        return  # no cache: the next start asks `holidays` again
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(kept, file)
        os.replace(written, path)
    except OSError:
        with suppress(OSError):
            os.unlink(written)


def _installed() -> str:
    """Which `holidays` is installed, told without importing it: the file format and the
    name of its metadata folder ("holidays-0.109.dist-info"); "" where there is none to
    read (as in a bundled app)."""
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return ""
    try:
        with os.scandir(Path(spec.origin).parent.parent) as entries:
            names = [entry.name for entry in entries if _is_metadata(entry.name)]
    except OSError:
        return ""
    return f"{FORMAT} {names[0]}" if len(names) == 1 else ""


def _is_metadata(name: str) -> bool:
    return name.startswith("holidays-") and name.endswith(".dist-info")
