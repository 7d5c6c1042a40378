"""The next tax date: a Self Assessment deadline or, where MTD applies, a quarterly update.

Self Assessment: the return for a tax year and the tax still owed are due by 31 January
after it ends, with the first payment on account for the next year; the second payment on
account is due by 31 July (https://www.gov.uk/self-assessment-tax-returns/deadlines,
https://www.gov.uk/understand-self-assessment-bill/payments-on-account). Under MTD the
return is the final declaration, due on the same day. The quarterly update days are in
microbiz.tax.taxyear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microbiz.foundations.dates import format_date
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of


@dataclass(frozen=True)
class TaxDate:
    """A day something is due to HMRC, and what."""

    day: date
    what: str

    def days_left(self, today: date) -> int:
        return (self.day - today).days


def next_tax_date(today: date, mtd_from: date | None, calendar_quarters: bool) -> TaxDate:
    """The first tax date on or after `today`; `mtd_from` is when MTD updates start, if ever."""
    dates = [*_self_assessment(today.year, mtd_from), *_self_assessment(today.year + 1, mtd_from)]
    current = tax_year_of(today)
    for year in (current, TaxYear(current.start_year + 1)):
        if mtd_from is not None and mtd_from <= year.start:
            dates += _mtd_updates(year, calendar_quarters)
    return min((d for d in dates if d.day >= today), key=lambda d: d.day)


def _self_assessment(calendar_year: int, mtd_from: date | None) -> list[TaxDate]:
    """The 31 January and 31 July payment days of a calendar year."""
    ended = TaxYear(calendar_year - 2)  # the tax year whose return is due on 31 January
    running = TaxYear(calendar_year - 1)  # the tax year the payments on account are for
    under_mtd = mtd_from is not None and mtd_from <= ended.start
    filing = f"your {ended.label} return"
    if under_mtd:
        filing = f"your final declaration for {ended.label}"
    return [
        TaxDate(
            date(calendar_year, 1, 31),
            f"Self Assessment: send {filing} and pay the tax owed, with the first payment "
            f"on account for {running.label} if you make them",
        ),
        TaxDate(
            date(calendar_year, 7, 31),
            f"Self Assessment: the second payment on account for {running.label}, if you make them",
        ),
    ]


def _mtd_updates(year: TaxYear, calendar_quarters: bool) -> list[TaxDate]:
    return [
        TaxDate(
            quarter.deadline,
            f"Making Tax Digital: send the {year.label} quarter {quarter.number} update "
            f"(to {format_date(quarter.end)})",
        )
        for quarter in year.quarters(calendar_quarters)
    ]
