"""What Home says, in words: the next visit, the week's hours, the tax date and set-aside."""

from __future__ import annotations

from datetime import date

from microbiz.foundations.dates import hours_text
from microbiz.foundations.money import format_money
from microbiz.home.tax_dates import TaxDate
from microbiz.home.week import NextVisit
from microbiz.home.week import WeekHours
from microbiz.hours.visits import week_start
from microbiz.tax.estimate import TaxEstimate
from microbiz.tax.taxyear import TaxYear


def day_words(day: date, today: date) -> str:
    """'Today', 'Tomorrow', a day this week ('Mon'), or another ('Mon 07/12')."""
    if day == today:
        return "Today"
    if (day - today).days == 1:
        return "Tomorrow"
    if week_start(day) == week_start(today):
        return f"{day:%a}"
    return f"{day:%a %d/%m}"


def next_visit_words(visit: NextVisit | None, today: date) -> str:
    """'Next visit: Today 14:00–16:00, Margaret Brown (Support), 4 Mill Lane, Otley, LS21 1AB'."""
    if visit is None:
        return "No more visits planned."
    label = "Under way now" if visit.under_way else "Next visit"
    when = f"{day_words(visit.start.date(), today)} {visit.start:%H:%M}–{visit.end:%H:%M}"
    where = f", {visit.address}" if visit.address else ", no address on record"
    return f"{label}: {when}, {visit.client_name} ({visit.visit_type}){where}"


def hours_words(hours: WeekHours) -> str:
    """'Delivered 12.5 hours of 30 contracted; 10 more hours planned.'"""
    words = f"Delivered {_hours(hours.delivered_minutes)}"
    if hours.contracted_minutes:
        words += f" of {hours_text(hours.contracted_minutes)} contracted"
    if hours.planned_minutes:
        words += f"; {_hours(hours.planned_minutes)} more planned"
    return words + "."


def charges_words(hours: WeekHours) -> str:
    return f"Charges for the week so far: {format_money(hours.charged_pence)}."


def _hours(minutes: int) -> str:
    text = hours_text(minutes)
    return f"{text} hour" if text == "1" else f"{text} hours"


def tax_date_words(tax_date: TaxDate, today: date) -> str:
    """'31 January 2027, in 67 days' (or 'today')."""
    days = tax_date.days_left(today)
    when = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
    return f"{tax_date.day.day} {tax_date.day:%B %Y}, {when}"


def set_aside_words(estimate: TaxEstimate, year: TaxYear) -> str:
    """'Set aside £1,234.56 for 2026-27 so far.'"""
    return f"Set aside {format_money(estimate.set_aside_pence)} for {year.label} so far."


def set_aside_detail(estimate: TaxEstimate) -> str:
    """'Income Tax £1,000.00 and National Insurance £234.56, on a profit of £9,000.00 so far.'"""
    insurance = estimate.class2_pence + estimate.class4_pence
    return (
        f"Income Tax {format_money(estimate.income_tax_pence)} and National Insurance "
        f"{format_money(insurance)}, on a profit of {format_money(estimate.profit_pence)} so far "
        f"(estimated at {estimate.rates_year.label} rates)."
    )


def owed_total_words(overdue_pence: int, total_pence: int) -> str:
    """'£1,234.00 owed, £120.00 of it overdue.' or 'Nobody owes you anything.'"""
    if not total_pence:
        return "Nobody owes you anything."
    if not overdue_pence:
        return f"{format_money(total_pence)} owed, none of it overdue."
    if overdue_pence == total_pence:
        return f"{format_money(total_pence)} owed, all of it overdue."
    return f"{format_money(total_pence)} owed, {format_money(overdue_pence)} of it overdue."


def week_heading(monday: date, sunday: date) -> str:
    """'This week: 23 to 29 November' (or across months '30 November to 6 December')."""
    if monday.month == sunday.month:
        return f"This week: {monday.day} to {sunday.day} {sunday:%B}"
    return f"This week: {monday.day} {monday:%B} to {sunday.day} {sunday:%B}"
