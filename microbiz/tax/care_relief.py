"""Qualifying care relief for Shared Lives carers (HMRC helpsheet HS236).

A carer's qualifying amount for a tax year is their share of a fixed amount per household
plus a weekly amount for each person placed with them. Receipts from the care up to that
limit are tax-free (profit nil). Above it the carer chooses: the simplified method (receipts
minus the limit, no expenses) or the normal method (receipts minus expenses).

Sources (checked December 2026):
- HS236 (2023), for 2022-23: https://www.gov.uk/government/publications/
  qualifying-care-relief-foster-carers-adult-placement-carers-kinship-carers-and-staying-put-
  carers-hs236-self-assessment-helpsheet: £10,000 a household, £250 a week for each adult.
- HMRC Business Income Manual BIM52765 (calculation of the qualifying amount):
  https://www.gov.uk/hmrc-internal-manuals/business-income-manual/bim52765: 2023-24 £18,140
  and £450 an adult (Finance (No. 2) Act 2023 s28); 2024-25 £19,360 and £485. A week is
  seven days from a Monday; part of a week counts as a whole week; the week in which the
  tax year ends belongs to that year. The fixed amount is shared equally between the carers
  of one household, and reduced in proportion for part of a year.
- The Income Tax (Indexation of Qualifying Care Relief Amounts) Order 2025 (SI 2025/51):
  https://www.legislation.gov.uk/uksi/2025/51: 2025-26 "and subsequent tax years" £19,690
  and £495 an adult. No order for 2026-27 was found, so 2026-27 uses the 2025-26 figures.
Shared Lives adults get the adult weekly amount (the same as a child aged 11 or over).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from fractions import Fraction

import peewee

from microbiz.foundations.business import require_business
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Business
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Recurring
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money
from microbiz.foundations.money import round_half_up
from microbiz.tax.taxyear import TaxYear

SHARED_LIVES = "shared_lives"
METHODS = {
    "simplified": "Simplified: receipts over the limit are the profit",
    "normal": "Normal: receipts minus expenses",
}


@dataclass(frozen=True)
class ReliefAmounts:
    """One tax year's fixed amount per household and weekly amount per adult, in pence."""

    fixed_pence: int
    adult_weekly_pence: int
    source: str


HS236 = "HMRC HS236 / BIM52765"
AMOUNTS = {
    2022: ReliefAmounts(10_000_00, 250_00, f"{HS236} (2002-03 to 2022-23)"),
    2023: ReliefAmounts(18_140_00, 450_00, f"{HS236}; Finance (No. 2) Act 2023 s28"),
    2024: ReliefAmounts(19_360_00, 485_00, f"{HS236}; SI 2024/423"),
    2025: ReliefAmounts(19_690_00, 495_00, "SI 2025/51 (2025-26 and later years)"),
    2026: ReliefAmounts(19_690_00, 495_00, "SI 2025/51 (2025-26 and later years)"),
}


@dataclass(frozen=True)
class CareRelief:
    """A Shared Lives carer's qualifying amount for a year, and the profit it leaves taxable."""

    year: TaxYear
    amounts_year: TaxYear
    fixed_share_pence: int
    weeks: dict[str, int]
    weekly_pence: int
    receipts_pence: int
    method: str
    normal_profit_pence: int
    other_profit_pence: int

    @property
    def source(self) -> str:
        return AMOUNTS[self.amounts_year.start_year].source

    @property
    def limit_pence(self) -> int:
        """The qualifying amount: the fixed share plus the weekly amounts."""
        return self.fixed_share_pence + self.weekly_pence

    @property
    def within_limit(self) -> bool:
        return self.receipts_pence <= self.limit_pence

    @property
    def simplified_profit_pence(self) -> int:
        """Receipts over the limit (nil within it), plus the profit of any other work."""
        return max(self.receipts_pence - self.limit_pence, 0) + self.other_profit_pence

    @property
    def taxable_profit_pence(self) -> int:
        """Nil within the limit; over it, by the method the carer chose."""
        if self.within_limit or self.method == "simplified":
            return self.simplified_profit_pence
        return self.normal_profit_pence


def amounts_year_for(year: TaxYear) -> TaxYear:
    """The year whose figures apply: its own, or the nearest one known."""
    known = sorted(AMOUNTS)
    return TaxYear(min(max(year.start_year, known[0]), known[-1]))


def year_weeks(year: TaxYear) -> list[date]:
    """The Mondays of the weeks belonging to the tax year (the week it ends in is its own)."""
    first = _monday(year.start - timedelta(days=1)) + timedelta(days=7)
    last = _monday(year.end)
    return [first + timedelta(days=7 * n) for n in range((last - first).days // 7 + 1)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_placed(placements: list[tuple[date, date]], year: TaxYear) -> int:
    """The year's weeks with any day of a placement in them (part of a week is a week)."""
    return sum(
        1
        for monday in year_weeks(year)
        if any(start <= monday + timedelta(days=6) and end >= monday for start, end in placements)
    )


def fixed_share(
    amounts: ReliefAmounts, year: TaxYear, caring_from: date | None, carers: int
) -> int:
    """The fixed amount, in proportion to the days of the year caring, split between carers."""
    days_in_year = (year.end - year.start).days + 1
    start = max(caring_from or year.start, year.start)
    days = max((year.end - start).days + 1, 0)
    return round_half_up(Fraction(amounts.fixed_pence * days, days_in_year * carers))


def placements_of(client: Client, year: TaxYear) -> list[tuple[date, date]]:
    """When the person was placed: their recurring arrangements' dates, else their start on."""
    arrangements = Recurring.select().where(Recurring.client == client)
    found = [(r.starts_on, r.ends_on or year.end) for r in arrangements]
    if found or client.status == "ended":
        return found
    return [(client.start_date or year.start, year.end)]


def shared_lives_receipts(year: TaxYear) -> int:
    """Payments received in the year for Shared Lives clients' invoices."""
    return (
        Payment.select(peewee.fn.COALESCE(peewee.fn.SUM(Payment.amount_pence), 0))
        .join(Invoice)
        .join(Client)
        .where(Payment.paid_on.between(year.start, year.end), Client.funding_route == SHARED_LIVES)
        .scalar()
    )


def care_relief(year: TaxYear, income_pence: int, normal_profit_pence: int) -> CareRelief:
    """The year's relief for the business's Shared Lives clients, by the chosen method."""
    business = require_business()
    used = amounts_year_for(year)
    amounts = AMOUNTS[used.start_year]
    clients = Client.select().where(Client.funding_route == SHARED_LIVES).order_by(Client.name)
    placed = {client.name: placements_of(client, year) for client in clients}
    weeks = {name: weeks_placed(p, year) for name, p in placed.items()}
    weeks = {name: count for name, count in weeks.items() if count}
    starts = [start for p in placed.values() for start, end in p if end >= year.start]
    receipts = shared_lives_receipts(year)
    return CareRelief(
        year=year,
        amounts_year=used,
        fixed_share_pence=fixed_share(
            amounts, year, min(starts, default=None), business.carers_in_household
        ),
        weeks=weeks,
        weekly_pence=sum(weeks.values()) * amounts.adult_weekly_pence,
        receipts_pence=receipts,
        method=business.care_relief_method,
        normal_profit_pence=normal_profit_pence,
        other_profit_pence=other_work_profit(income_pence, receipts, normal_profit_pence),
    )


def other_work_profit(income_pence: int, receipts_pence: int, normal_profit_pence: int) -> int:
    """Income from other clients less the business's expenses, never below nil.

    Expenses of the care itself cannot be deducted under the relief, and Microbiz does not
    know which expenses were for which work, so they all count against the other work.
    """
    other_income = income_pence - receipts_pence
    expenses = income_pence - normal_profit_pence
    return max(other_income - expenses, 0)


def set_care_relief(
    carer: str | None = None, carers_in_household: str | None = None, method: str | None = None
) -> Business:
    """Save the Shared Lives settings given (yes/no, 1 to 10 carers, method); all or nothing."""
    problems = []
    values: dict[str, object] = {}
    if carer is not None:
        answer = carer.strip().lower()
        if answer not in ("yes", "no"):
            problems.append(FieldError("shared_lives_carer", "Shared Lives carer: say yes or no."))
        values["shared_lives_carer"] = answer == "yes"
    if carers_in_household is not None:
        text = carers_in_household.strip()
        if not text.isdigit() or not 1 <= int(text) <= 10:
            problems.append(
                FieldError(
                    "carers_in_household",
                    "Households sharing: the carers in your household, a whole number 1 to 10.",
                )
            )
        values["carers_in_household"] = int(text) if text.isdigit() else 1
    if method is not None:
        if method.strip().lower() not in METHODS:
            problems.append(
                FieldError("care_relief_method", "Care relief method: simplified or normal.")
            )
        values["care_relief_method"] = method.strip().lower()
    if problems:
        raise ValidationError(problems)
    with database.atomic():
        business = require_business()
        for key, value in values.items():
            setattr(business, key, value)
        business.save()
    return business


def settings_words(business: Business) -> str:
    """ "Shared Lives carer: yes, 1 carer in the household, simplified method." """
    if not business.shared_lives_carer:
        return "Shared Lives carer: no."
    carers = business.carers_in_household
    return (
        f"Shared Lives carer: yes, {carers} carer{'' if carers == 1 else 's'} in the household, "
        f"{business.care_relief_method} method for qualifying care relief."
    )


def relief_words(relief: CareRelief) -> list[str]:
    """Two lines: the receipts against the limit, and the profit it leaves taxable."""
    money = format_money
    first = (
        f"Qualifying care relief: Shared Lives receipts {money(relief.receipts_pence)} "
        f"against a limit of {money(relief.limit_pence)} ({money(relief.fixed_share_pence)} "
        f"fixed + {sum(relief.weeks.values())} weeks placed; {relief.source})."
    )
    if relief.within_limit:
        second = "Within the limit, so the profit from this care is nil; expenses are not deducted."
    else:
        second = (
            f"Over the limit: {relief.method} method chosen, taxable profit "
            f"{money(relief.taxable_profit_pence)} (simplified "
            f"{money(relief.simplified_profit_pence)}, normal "
            f"{money(relief.normal_profit_pence)})."
        )
    return [first, second]
