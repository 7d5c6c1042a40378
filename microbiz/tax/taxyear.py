"""UK tax years and Making Tax Digital quarters, with their deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from microbiz.foundations.dates import FIRST_DAY
from microbiz.foundations.dates import LAST_DAY
from microbiz.foundations.dates import shorten
from microbiz.foundations.errors import UserError

# The tax year runs from 6 April to 5 April:
# https://www.gov.uk/self-assessment-tax-returns/deadlines
YEAR_START = (4, 6)

# MTD for Income Tax quarterly periods and update deadlines, standard and calendar:
# https://www.gov.uk/guidance/use-making-tax-digital-for-income-tax/send-quarterly-updates
# Standard periods: 6 Apr-5 Jul, 6 Jul-5 Oct, 6 Oct-5 Jan, 6 Jan-5 Apr. Calendar periods
# (by election): 1 Apr-30 Jun, 1 Jul-30 Sep, 1 Oct-31 Dec, 1 Jan-31 Mar. Either way the
# update is due by 7 Aug, 7 Nov, 7 Feb and 7 May, and each update is cumulative.
# Each day is (month, day, years after the tax year's start year).
STANDARD_QUARTERS = (
    ((4, 6, 0), (7, 5, 0)),
    ((7, 6, 0), (10, 5, 0)),
    ((10, 6, 0), (1, 5, 1)),
    ((1, 6, 1), (4, 5, 1)),
)
CALENDAR_QUARTERS = (
    ((4, 1, 0), (6, 30, 0)),
    ((7, 1, 0), (9, 30, 0)),
    ((10, 1, 0), (12, 31, 0)),
    ((1, 1, 1), (3, 31, 1)),
)
DEADLINES = ((8, 7, 0), (11, 7, 0), (2, 7, 1), (5, 7, 1))

# Who must use MTD for Income Tax, by qualifying income (self-employment plus property
# income, before expenses) in the tax year two years before:
# https://www.gov.uk/guidance/check-if-youre-eligible-for-making-tax-digital-for-income-tax
# over £50,000 in 2024-25: from 6 April 2026; over £30,000 in 2025-26: from 6 April 2027;
# over £20,000 in 2026-27: from 6 April 2028.
MTD_THRESHOLDS = ((2024, 5_000_000, 2026), (2025, 3_000_000, 2027), (2026, 2_000_000, 2028))


@dataclass(frozen=True)
class TaxYear:
    """The tax year starting 6 April of `start_year`: "2026-27"."""

    start_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.start_year, *YEAR_START)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 4, 5)

    def quarters(self, calendar: bool = False) -> list[Quarter]:
        """The four MTD update periods, standard or (by election) calendar."""
        periods = CALENDAR_QUARTERS if calendar else STANDARD_QUARTERS
        return [
            Quarter(
                number=number,
                start=self._day(*first),
                end=self._day(*last),
                deadline=self._day(*deadline),
            )
            for number, ((first, last), deadline) in enumerate(
                zip(periods, DEADLINES, strict=True), start=1
            )
        ]

    def _day(self, month: int, day: int, years_on: int) -> date:
        return date(self.start_year + years_on, month, day)


@dataclass(frozen=True)
class Quarter:
    number: int
    start: date
    end: date
    deadline: date


# The tax years wholly between FIRST_DAY and LAST_DAY: 6 April 2000 to 5 April 2100.
FIRST_TAX_YEAR = TaxYear(FIRST_DAY.year)
LAST_TAX_YEAR = TaxYear(LAST_DAY.year - 1)


def tax_year_of(day: date) -> TaxYear:
    return TaxYear(day.year if (day.month, day.day) >= YEAR_START else day.year - 1)


def parse_tax_year(text: str) -> TaxYear:
    """ "2026-27" or "2026/27" or "2026" -> the tax year starting 6 April 2026.

    Only tax years wholly inside the dates Microbiz keeps: 2000-01 to 2099-00.
    """
    match = re.fullmatch(r"\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*", text)
    if not match:
        raise UserError(f"'{shorten(text)}' is not a tax year like 2026-27")
    year = TaxYear(int(match.group(1)))
    if match.group(2) and int(match.group(2)) % 100 != (year.start_year + 1) % 100:
        raise UserError(f"'{shorten(text)}' is not a tax year like 2026-27")
    if not FIRST_TAX_YEAR.start_year <= year.start_year <= LAST_TAX_YEAR.start_year:
        raise UserError(
            f"'{shorten(text)}' is outside the tax years Microbiz keeps: "
            f"{FIRST_TAX_YEAR.label} to {LAST_TAX_YEAR.label}"
        )
    return year


@dataclass(frozen=True)
class MtdReadiness:
    """Whether MTD for Income Tax applies, from the qualifying income of a year."""

    income_year: TaxYear
    threshold_pence: int
    starts: date
    qualifying_pence: int

    @property
    def applies(self) -> bool:
        return self.qualifying_pence > self.threshold_pence


def mtd_readiness(qualifying_by_year: dict[int, int]) -> list[MtdReadiness]:
    """Each MTD threshold against the qualifying income of the year it is judged on."""
    return [
        MtdReadiness(TaxYear(year), threshold, date(starts, 4, 6), qualifying_by_year.get(year, 0))
        for year, threshold, starts in MTD_THRESHOLDS
    ]
