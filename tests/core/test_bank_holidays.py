"""England's bank holidays, kept in the user's cache folder so that a start needs no `holidays`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from microbiz.hours import bank_holidays
from microbiz.hours.bank_holidays import cache_file
from microbiz.hours.bank_holidays import is_bank_holiday

BOXING_DAY_SUBSTITUTE = date(2026, 12, 28)
ORDINARY_TUESDAY = date(2026, 12, 29)


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder of its own, and nothing remembered in this process."""
    monkeypatch.setenv("MICROBIZ_CACHE", str(tmp_path / "cache"))
    forget()
    yield cache_file()
    forget()


def forget() -> None:
    bank_holidays._kept.cache_clear()
    bank_holidays._holidays_in.cache_clear()


def test_a_year_asked_for_is_kept_and_then_read_without_holidays(fresh):
    assert is_bank_holiday(BOXING_DAY_SUBSTITUTE) and not is_bank_holiday(ORDINARY_TUESDAY)

    kept = json.loads(fresh.read_text(encoding="utf-8"))
    assert kept["years"]["2026"]["2026-12-28"] == "Boxing Day (observed)"
    probe = (
        "import sys; from datetime import date; from microbiz.hours import bank_holidays as b;"
        "print(b.is_bank_holiday(date(2026, 12, 28)), b.is_bank_holiday(date(2026, 12, 29)),"
        "'holidays' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True", "False", "False"]


def test_a_cache_kept_for_another_holidays_is_not_used(fresh):
    fresh.parent.mkdir(parents=True)
    made_up = {"2026": {ORDINARY_TUESDAY.isoformat(): "Made-up Day"}}
    fresh.write_text(json.dumps({"holidays": "an older one", "years": made_up}), encoding="utf-8")

    assert not is_bank_holiday(ORDINARY_TUESDAY)
    assert is_bank_holiday(BOXING_DAY_SUBSTITUTE)
    kept = json.loads(fresh.read_text(encoding="utf-8"))
    assert kept["holidays"] != "an older one" and "2026-12-29" not in kept["years"]["2026"]


def kept_for_this_holidays(years: object) -> str:
    """A cache file's text for the installed `holidays`, holding `years`."""
    return json.dumps({"holidays": bank_holidays._installed(), "years": years})


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"holidays": 1}',
        "[]",
        kept_for_this_holidays([]),
        kept_for_this_holidays({"2026": None}),
        kept_for_this_holidays({"2026": ["2026-12-28"]}),
        kept_for_this_holidays({"2026": {"not a date": "Made-up Day"}}),
    ],
)
def test_a_damaged_cache_is_passed_over(fresh, content):
    fresh.parent.mkdir(parents=True)
    fresh.write_text(content, encoding="utf-8")

    assert is_bank_holiday(BOXING_DAY_SUBSTITUTE) and not is_bank_holiday(ORDINARY_TUESDAY)
    assert "2026" in json.loads(fresh.read_text(encoding="utf-8"))["years"]


def test_a_cache_folder_that_cannot_be_made_still_gives_the_holidays(monkeypatch, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MICROBIZ_CACHE", str(blocked))
    forget()
    try:
        assert is_bank_holiday(BOXING_DAY_SUBSTITUTE) and not is_bank_holiday(ORDINARY_TUESDAY)
    finally:
        forget()
    assert blocked.read_text(encoding="utf-8") == "not a folder"
