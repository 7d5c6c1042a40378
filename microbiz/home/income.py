"""Income received by calendar month, April to March of this tax year and of the one before.

Cash basis, as the Tax page counts it: income is a payment on the day it was received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee

from microbiz.foundations.models import Payment
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of

FIRST_MONTH = 4  # April: the months run April to March, as the tax year nearly does


@dataclass(frozen=True)
class IncomeMonth:
    """A month of this tax year, and the same month a year before."""

    first: date
    income_pence: int
    year_before_pence: int

    @property
    def year_before(self) -> date:
        return self.first.replace(year=self.first.year - 1)


@dataclass(frozen=True)
class IncomeByMonth:
    """A tax year's twelve months, April to March."""

    year: TaxYear
    months: list[IncomeMonth]


def income_by_month(today: date) -> IncomeByMonth:
    """The tax year of `today` and its twelve months, April to March, against the year before."""
    year = tax_year_of(today)
    months = [_month(year.start_year, n) for n in range(12)]
    month = peewee.fn.substr(Payment.paid_on, 1, 7)
    received = dict(
        Payment.select(month, peewee.fn.SUM(Payment.amount_pence))
        .where(Payment.paid_on.between(_month(year.start_year - 1, 0), _last_day(months[-1])))
        .group_by(month)
        .tuples()
    )
    return IncomeByMonth(
        year,
        [
            IncomeMonth(
                first=first,
                income_pence=received.get(f"{first:%Y-%m}", 0),
                year_before_pence=received.get(f"{first.year - 1}-{first:%m}", 0),
            )
            for first in months
        ],
    )


def _month(start_year: int, number: int) -> date:
    """The first day of the `number`th month (0 = April) of the tax year starting in start_year."""
    months = FIRST_MONTH - 1 + number
    return date(start_year + months // 12, months % 12 + 1, 1)


def _last_day(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
