"""The tax to set aside: Income Tax and Class 2 and 4 National Insurance on a profit.

England (rest-of-UK rates), for someone whose only income is this business's profit. Rates
and thresholds from GOV.UK, "Income Tax rates and Personal Allowances" and "Self-employed
National Insurance rates" (https://www.gov.uk/income-tax-rates,
https://www.gov.uk/self-employed-national-insurance-rates). Each tax is rounded down to the
penny, as HMRC does.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from microbiz.tax.taxyear import TaxYear

PERCENT = Fraction(1, 100)
TAPER_FROM_PENCE = 100_000_00  # the Personal Allowance falls £1 for every £2 above this


@dataclass(frozen=True)
class Rates:
    """One tax year's figures, in pence and fractions."""

    personal_allowance: int
    basic_band: int  # taxable income taxed at the basic rate
    additional_from: int  # taxable income above this is at the additional rate
    basic_rate: Fraction
    higher_rate: Fraction
    additional_rate: Fraction
    class4_lower: int
    class4_upper: int
    class4_main: Fraction
    class4_additional: Fraction
    class2_weekly: int  # compulsory above the small profits threshold; 0 from 2024-25
    small_profits_threshold: int


def _rates(class4_main: int, class2_weekly: int) -> Rates:
    """The figures frozen from 2023-24 (allowance £12,570, bands to £50,270 and £125,140)."""
    return Rates(
        personal_allowance=12_570_00,
        basic_band=37_700_00,
        additional_from=125_140_00,
        basic_rate=20 * PERCENT,
        higher_rate=40 * PERCENT,
        additional_rate=45 * PERCENT,
        class4_lower=12_570_00,
        class4_upper=50_270_00,
        class4_main=class4_main * PERCENT,
        class4_additional=2 * PERCENT,
        class2_weekly=class2_weekly,
        small_profits_threshold=6_725_00,
    )


RATES = {
    2023: _rates(class4_main=9, class2_weekly=3_45),
    2024: _rates(class4_main=6, class2_weekly=0),  # Class 2 ended for profits above £6,725
    2025: _rates(class4_main=6, class2_weekly=0),
    2026: _rates(class4_main=6, class2_weekly=0),  # thresholds frozen to April 2031
}


@dataclass(frozen=True)
class TaxEstimate:
    """What to put aside for a tax year's profit so far, and which year's rates gave it."""

    profit_pence: int
    income_tax_pence: int
    class2_pence: int
    class4_pence: int
    rates_year: TaxYear

    @property
    def set_aside_pence(self) -> int:
        return self.income_tax_pence + self.class2_pence + self.class4_pence


def rates_year_for(year: TaxYear) -> TaxYear:
    """The tax year whose rates are used: its own, or the nearest one known."""
    known = sorted(RATES)
    return TaxYear(min(max(year.start_year, known[0]), known[-1]))


def estimate_tax(profit_pence: int, year: TaxYear) -> TaxEstimate:
    """Income Tax, Class 2 and Class 4 on the profit, at the year's rates."""
    used = rates_year_for(year)
    rates = RATES[used.start_year]
    profit = max(profit_pence, 0)
    return TaxEstimate(
        profit_pence=profit_pence,
        income_tax_pence=_income_tax(profit, rates),
        class2_pence=_class2(profit, rates),
        class4_pence=_class4(profit, rates),
        rates_year=used,
    )


def personal_allowance(income: int, rates: Rates) -> int:
    """The allowance after the taper above £100,000 (none left at £125,140)."""
    taper = max(income - TAPER_FROM_PENCE, 0) // 2
    return max(rates.personal_allowance - taper, 0)


def _income_tax(income: int, rates: Rates) -> int:
    taxable = max(income - personal_allowance(income, rates), 0)
    basic = min(taxable, rates.basic_band)
    higher = min(taxable, rates.additional_from) - basic
    additional = max(taxable - rates.additional_from, 0)
    tax = basic * rates.basic_rate + higher * rates.higher_rate
    return int(tax + additional * rates.additional_rate)


def _class4(profit: int, rates: Rates) -> int:
    main = max(min(profit, rates.class4_upper) - rates.class4_lower, 0)
    above = max(profit - rates.class4_upper, 0)
    return int(main * rates.class4_main + above * rates.class4_additional)


def _class2(profit: int, rates: Rates) -> int:
    if profit < rates.small_profits_threshold:
        return 0
    return rates.class2_weekly * 52
