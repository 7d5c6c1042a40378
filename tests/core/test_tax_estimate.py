"""The tax to set aside, worked by hand from GOV.UK's rates for each case."""

import pytest

from microbiz.tax.estimate import estimate_tax
from microbiz.tax.taxyear import TaxYear

Y2023, Y2026 = TaxYear(2023), TaxYear(2026)


@pytest.mark.parametrize(
    ("year", "profit", "income_tax", "class2", "class4"),
    [
        # below the Personal Allowance: nothing, but Class 2 in 2023-24 above £6,725
        (Y2023, 10_000_00, 0, 179_40, 0),
        (Y2026, 10_000_00, 0, 0, 0),
        (Y2026, 6_000_00, 0, 0, 0),
        # basic rate: (30,000 - 12,570) x 20%; Class 4 (30,000 - 12,570) x 9% or 6%
        (Y2023, 30_000_00, 3_486_00, 179_40, 1_568_70),
        (Y2026, 30_000_00, 3_486_00, 0, 1_045_80),
        # higher rate: 37,700 x 20% + 9,730 x 40%; Class 4 37,700 x 6% + 9,730 x 2%
        (Y2026, 60_000_00, 11_432_00, 0, 2_456_60),
        (Y2023, 60_000_00, 11_432_00, 179_40, 3_587_60),
        # the allowance tapered to 7,570: 37,700 x 20% + 64,730 x 40%
        (Y2026, 110_000_00, 33_432_00, 0, 3_456_60),
        # no allowance left: 37,700 x 20% + 87,440 x 40% + 24,860 x 45%
        (Y2026, 150_000_00, 7_540_00 + 34_976_00 + 11_187_00, 0, 2_262_00 + 1_994_60),
        # a loss: nothing to set aside
        (Y2026, -500_00, 0, 0, 0),
    ],
)
def test_the_estimate_matches_the_hand_worked_figures(year, profit, income_tax, class2, class4):
    estimate = estimate_tax(profit, year)
    assert (estimate.income_tax_pence, estimate.class2_pence, estimate.class4_pence) == (
        income_tax,
        class2,
        class4,
    )
    assert estimate.set_aside_pence == income_tax + class2 + class4
    assert estimate.rates_year == year


def test_each_tax_is_rounded_down_to_the_penny():
    # 12,570.07 taxable 0.07 x 20% = 1.4p income tax; 0.07 x 6% = 0.42p Class 4
    estimate = estimate_tax(12_570_07, Y2026)
    assert (estimate.income_tax_pence, estimate.class4_pence) == (1, 0)


def test_a_year_without_its_own_rates_uses_the_nearest_and_says_so():
    assert estimate_tax(30_000_00, TaxYear(2030)).rates_year == Y2026
    assert estimate_tax(30_000_00, TaxYear(2019)).rates_year == Y2023
