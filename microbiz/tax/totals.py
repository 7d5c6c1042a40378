"""Tax-year and Making Tax Digital summaries, on the cash basis.

Cash basis is the default for sole traders from 2024-25: income counts when it is
received and expenses when they are paid:
https://www.gov.uk/simpler-income-tax-cash-basis
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

import peewee

from microbiz.foundations import clock
from microbiz.foundations.business import get_business
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.tax.care_relief import CareRelief
from microbiz.tax.care_relief import care_relief
from microbiz.tax.estimate import TaxEstimate
from microbiz.tax.estimate import estimate_tax
from microbiz.tax.expenses import CATEGORIES
from microbiz.tax.expenses import NOT_ALLOWABLE
from microbiz.tax.expenses import journey_totals
from microbiz.tax.taxyear import MtdReadiness
from microbiz.tax.taxyear import Quarter
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import mtd_readiness
from microbiz.tax.taxyear import tax_year_of

TRAVEL_BOX = 12  # the mileage allowance is a car, van and travel expense (SA103S box 12)


@dataclass(frozen=True)
class Totals:
    """Income, expenses and profit for a period, in pence."""

    start: date
    end: date
    income_pence: int
    expenses_by_category: dict[str, int]
    mileage_tenths: int
    mileage_pence: int

    @property
    def total_expenses_pence(self) -> int:
        """Allowable expenses: every category but depreciation, plus the mileage allowance."""
        allowable = sum(
            pence for key, pence in self.expenses_by_category.items() if key not in NOT_ALLOWABLE
        )
        return allowable + self.mileage_pence

    @property
    def profit_pence(self) -> int:
        return self.income_pence - self.total_expenses_pence

    def sa103s_boxes(self) -> dict[int, int]:
        """The short return's expense boxes (11 to 19), each the sum of its SA103F categories."""
        boxes: dict[int, int] = {}
        for key, pence in self.expenses_by_category.items():
            box = CATEGORIES[key][2]
            if box is not None:
                boxes[box] = boxes.get(box, 0) + pence
        if self.mileage_pence:
            boxes[TRAVEL_BOX] = boxes.get(TRAVEL_BOX, 0) + self.mileage_pence
        return dict(sorted(boxes.items()))


def totals_between(start: date, end: date) -> Totals:
    """Payments received and expenses paid from `start` to `end`, both days included."""
    income = (
        Payment.select(peewee.fn.COALESCE(peewee.fn.SUM(Payment.amount_pence), 0))
        .where(Payment.paid_on.between(start, end))
        .scalar()
    )
    by_category = dict(
        Expense.select(Expense.category, peewee.fn.SUM(Expense.amount_pence))
        .where(Expense.paid_on.between(start, end))
        .group_by(Expense.category)
        .tuples()
    )
    journeys = journey_totals(start, end)
    return Totals(
        start=start,
        end=end,
        income_pence=income,
        expenses_by_category={k: by_category[k] for k in CATEGORIES if k in by_category},
        mileage_tenths=journeys.miles_tenths,
        mileage_pence=journeys.allowance_pence,
    )


@dataclass(frozen=True)
class QuarterSummary:
    """An MTD update: cumulative from the start of the tax year to the quarter's end."""

    quarter: Quarter
    year_to_date: Totals
    deadline_passed: bool


@dataclass(frozen=True)
class TaxSummary:
    year: TaxYear
    totals: Totals
    quarters: list[QuarterSummary]
    calendar_quarters: bool
    estimate: TaxEstimate
    readiness: list[MtdReadiness] = field(default_factory=list)
    care_relief: CareRelief | None = None

    @property
    def taxable_profit_pence(self) -> int:
        """The profit tax is worked out on: after qualifying care relief, if it applies."""
        if self.care_relief is None:
            return self.totals.profit_pence
        return self.care_relief.taxable_profit_pence

    @property
    def mtd_applies_from(self) -> date | None:
        """The first 6 April from which MTD quarterly updates apply, if they do."""
        starts = [r.starts for r in self.readiness if r.applies]
        return min(starts, default=None)

    @property
    def mtd_needed(self) -> bool:
        """Whether this tax year's quarterly updates must be sent."""
        applies = self.mtd_applies_from
        return applies is not None and applies <= self.year.start


def tax_summary(year: TaxYear, today: date | None = None) -> TaxSummary:
    """The year's totals, its four cumulative MTD updates and the MTD readiness lines."""
    today = today or clock.today()
    business = get_business()
    calendar = bool(business and business.calendar_quarters)
    periods = year.quarters(calendar)
    quarters = [
        QuarterSummary(q, totals_between(periods[0].start, q.end), today > q.deadline)
        for q in periods
    ]
    totals = totals_between(year.start, year.end)
    relief = None
    if business and business.shared_lives_carer:
        relief = care_relief(year, totals.income_pence, totals.profit_pence)
    taxable = totals.profit_pence if relief is None else relief.taxable_profit_pence
    return TaxSummary(
        year=year,
        totals=totals,
        quarters=quarters,
        calendar_quarters=calendar,
        estimate=estimate_tax(taxable, year),
        readiness=mtd_readiness(
            {
                y: totals_between(TaxYear(y).start, TaxYear(y).end).income_pence
                for y in (2024, 2025, 2026)
            }
        ),
        care_relief=relief,
    )


def monthly_totals(year: TaxYear) -> list[tuple[date, int, int]]:
    """(first of the month, income, allowable expenses) for each month the tax year touches."""
    months = []
    day = year.start.replace(day=1)
    while day <= year.end:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        last = min(date.fromordinal(following.toordinal() - 1), year.end)
        totals = totals_between(max(day, year.start), last)
        months.append((day, totals.income_pence, totals.total_expenses_pence))
        day = following
    return months


def tax_years_with_records(today: date | None = None) -> list[TaxYear]:
    """From the tax year of the first payment, expense or journey to the current one."""
    firsts = [
        Payment.select(peewee.fn.MIN(Payment.paid_on)).scalar(),
        Expense.select(peewee.fn.MIN(Expense.paid_on)).scalar(),
        Journey.select(peewee.fn.MIN(Journey.travelled_on)).scalar(),
    ]
    current = tax_year_of(today or clock.today())
    known = [tax_year_of(day).start_year for day in firsts if day]
    first = min(known, default=current.start_year)
    return [TaxYear(year) for year in range(first, current.start_year + 1)]
