"""The demo's expenses and journeys: what a sole trader in care spends in a year."""

from __future__ import annotations

import random
from datetime import date
from datetime import timedelta

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Client
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey

# (description, supplier, category, pounds, every so many days)
REGULAR = [
    ("Mobile phone contract", "Vodafone", "office", "18.00", 30),
    ("Disposable gloves and aprons", "Medisave", "goods", "24.60", 30),
    ("Public liability insurance", "Hiscox", "premises", "126.40", 365),
    ("DBS Update Service", "Disclosure and Barring Service", "professional", "16.00", 365),
    ("Accountant: tax return", "Aire Bookkeeping", "professional", "180.00", 365),
    ("Business bank account fee", "Tide", "bank_charges", "4.99", 30),
    ("Safeguarding refresher course", "Leeds Care Academy", "other", "45.00", 182),
    ("Parking at client visits", "Leeds City Council", "travel", "6.40", 14),
]
PLACES = ["Headingley", "Roundhay", "Chapel Allerton", "Armley", "Horsforth", "Otley", "Beeston"]


def add_demo_expenses(rng: random.Random, today: date, years: int) -> None:
    """Regular costs and about four business journeys a week, for up to `years` years."""
    start = today - timedelta(days=365 * max(years, 1))
    for description, supplier, category, pounds, every in REGULAR:
        day = start + timedelta(days=rng.randint(0, every - 1))
        while day <= today:
            form = ExpenseForm(format_date(day), pounds, category, description, supplier)
            save_expense(form)
            day += timedelta(days=every)
    clients = list(Client.select().where(Client.status == "active"))
    day = start
    while day <= today and clients:
        if day.weekday() < 5 and rng.random() < 0.8:
            client = rng.choice(clients)
            save_journey(
                JourneyForm(
                    format_date(day),
                    f"{rng.randint(20, 150) / 10:.1f}",
                    "Home",
                    rng.choice(PLACES),
                    "Between visits",
                    client.id,
                )
            )
        day += timedelta(days=1)
