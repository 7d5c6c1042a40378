"""Build one quarter's anonymous workforce return: every answer a category, nothing exact.

The member's own answers come from their settings; the rest is worked out from the app's
records for the quarter and given only as bands. `return_bytes` is exactly what is shown,
saved and sent, and every return is checked against the shared JSON Schema first.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path

import peewee

from microbiz.collector.schema import check_return
from microbiz.collector.schema import load_schema
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Policy
from microbiz.foundations.models import database
from microbiz.foundations.money import round_half_up
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_rows
from microbiz.workforce.membership import LIVE_STATES
from microbiz.workforce.membership import Quarter
from microbiz.workforce.membership import current_answers
from microbiz.workforce.membership import questionnaire_version
from microbiz.workforce.membership import return_quarter
from microbiz.workforce.membership import set_state
from microbiz.workforce.membership import submission_for

# Upper bounds (inclusive) of average whole hours a week, and the band each ends.
HOURS_BANDS = ((10, "1_10"), (20, "11_20"), (30, "21_30"), (40, "31_40"), (50, "41_50"))
PEOPLE_BANDS = ((1, "1"), (3, "2_3"), (6, "4_6"), (10, "7_10"))
# £2 rate bands from £12 to £30 an hour; the lower end belongs to the band (£18.00 is 18_20)
LOWEST_RATE_POUNDS, HIGHEST_RATE_POUNDS, RATE_STEP_POUNDS = 12, 30, 2
# Upper bounds (inclusive) of a share of income, and the band each ends.
SHARE_BANDS = ((Fraction(1, 4), "1_25"), (Fraction(1, 2), "26_50"), (Fraction(3, 4), "51_75"))
INSURANCE_KINDS = ("public_liability",)
DBS_KINDS = ("dbs_certificate", "dbs_update_service")
DAYS_IN_WEEK = 7


class ReturnProblem(Exception):
    """The return built does not match its schema: a bug, never sent or shown."""


def build_return(period: str | None = None, today: date | None = None) -> dict:
    """The return for `period` ("2026-Q3"; default the last complete quarter), checked.

    The quarter's random submission id is made once and kept, so a return sent again
    replaces the one sent before.
    """
    quarter = return_quarter(period, today)
    with database.atomic():
        submission_id = submission_for(quarter.label).submission_id
    answers = {
        "submission_id": submission_id,
        "period": quarter.label,
        "questionnaire_version": questionnaire_version(),
        **current_answers(),
        **derived_answers(quarter),
    }
    order = list(load_schema()["properties"])
    data = {field: answers[field] for field in order if field in answers}
    data.update({field: value for field, value in answers.items() if field not in data})
    problems = check_return(data)
    if problems:
        raise ReturnProblem(f"The return for {quarter.label} is not valid: {'; '.join(problems)}")
    return data


def return_bytes(data: dict) -> bytes:
    """The return exactly as it is shown, saved and sent: indented JSON, ASCII only."""
    return json.dumps(data, indent=2, ensure_ascii=True).encode()


def field_meanings(data: dict) -> list[tuple[str, str, str]]:
    """(field, answer, what the field means in plain English) for each field of a return."""
    properties = load_schema()["properties"]
    return [
        (field, str(answer), properties.get(field, {}).get("description", ""))
        for field, answer in data.items()
    ]


def save_return(path: Path, period: str | None = None, today: date | None = None) -> Path:
    """Write the return's exact bytes to a .json file (to email); works without opting in."""
    target = Path(path).expanduser().resolve()
    if target.suffix.lower() != ".json":
        raise UserError(f"{target.name} must end in .json")
    data = build_return(period, today)
    _write_atomically(target, return_bytes(data))
    with database.atomic():
        submission = submission_for(data["period"])
        if submission.state not in LIVE_STATES:
            set_state(submission, "saved_to_file")
    return target


def _write_atomically(target: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".return-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- derived from the records --------------------------------------------------------------


def derived_answers(quarter: Quarter) -> dict[str, str]:
    """The bands worked out from the app's records for the quarter."""
    delivered = visit_rows(
        visit_ids(VisitFilter(status="delivered", first=quarter.first, last=quarter.last))
    )
    minutes = sum(row.minutes for row in delivered)
    hourly_rates = [
        Fraction(row.amount_pence * 60, row.minutes) for row in delivered if row.minutes
    ]
    return {
        "hours_per_week_band": hours_per_week_band(minutes, quarter.days),
        "people_supported_band": people_supported_band(len({row.client_id for row in delivered})),
        "median_hourly_rate_band": median_rate_band(hourly_rates),
        **income_share_bands(income_by_route(quarter.first, quarter.last)),
        "insurance_held": _yes_no(held_on(INSURANCE_KINDS, quarter.last)),
        "dbs_current": _yes_no(held_on(DBS_KINDS, quarter.last)),
    }


def hours_per_week_band(minutes: int, days: int) -> str:
    """Delivered minutes over `days` as average hours a week, rounded to whole hours, banded.

    Any delivered time at all is at least 1_10: "none" means no hours.
    """
    if minutes <= 0:
        return "none"
    weekly_hours = round_half_up(Fraction(minutes, 60) / Fraction(days, DAYS_IN_WEEK))
    for highest, band in HOURS_BANDS:
        if weekly_hours <= highest:
            return band
    return "over_50"


def people_supported_band(people: int) -> str:
    if people <= 0:
        return "none"
    for highest, band in PEOPLE_BANDS:
        if people <= highest:
            return band
    return "over_10"


def median_rate_band(rates_pence_per_hour: Iterable[Fraction]) -> str:
    """The middle of the visits' hourly charges, in a £2 band; no_data without visits.

    Visits charged nothing (no rate on record) say nothing about the rate, so they are left out.
    """
    charged = [rate for rate in rates_pence_per_hour if rate > 0]
    if not charged:
        return "no_data"
    pounds = Fraction(statistics.median(charged)) / 100
    if pounds < LOWEST_RATE_POUNDS:
        return f"under_{LOWEST_RATE_POUNDS}"
    if pounds >= HIGHEST_RATE_POUNDS:
        return f"{HIGHEST_RATE_POUNDS}_plus"
    low = int(pounds // RATE_STEP_POUNDS) * RATE_STEP_POUNDS
    return f"{low}_{low + RATE_STEP_POUNDS}"


def income_by_route(first: date, last: date) -> dict[str, int]:
    """Pence received from `first` to `last`, by the funding route of the invoice's client."""
    query = (
        Payment.select(Client.funding_route, peewee.fn.SUM(Payment.amount_pence))
        .join(Invoice)
        .join(Client)
        .where(Payment.paid_on.between(first, last))
        .group_by(Client.funding_route)
    )
    by_route: dict[str, int] = defaultdict(int)
    for route, pence in query.tuples():
        by_route[route if route in FUNDING_ROUTES else "other"] += pence
    return {route: by_route.get(route, 0) for route in FUNDING_ROUTES}


def income_share_bands(by_route: dict[str, int]) -> dict[str, str]:
    """income_share_<route> for every funding route: "0" for none (and for all with no income)."""
    total = sum(by_route.values())
    return {
        f"income_share_{route}": share_band(by_route.get(route, 0), total)
        for route in FUNDING_ROUTES
    }


def share_band(part: int, total: int) -> str:
    """Any share above 0 and up to 25% is 1_25; above 25% and up to 50% is 26_50; and so on."""
    if part <= 0 or total <= 0:
        return "0"
    share = Fraction(part, total)
    for highest, band in SHARE_BANDS:
        if share <= highest:
            return band
    return "76_100"


def held_on(kinds: tuple[str, ...], day: date) -> bool:
    """Whether a record of one of `kinds` covers `day` (started by then, not yet expired)."""
    covering = Policy.select().where(
        Policy.kind.in_(kinds),
        Policy.starts_on.is_null() | (Policy.starts_on <= day),
        Policy.expires_on.is_null() | (Policy.expires_on >= day),
    )
    return covering.exists()


def _yes_no(held: bool) -> str:
    return "yes" if held else "no"
