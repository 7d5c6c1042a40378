"""Expenses with their receipts, and business journeys for the mileage allowance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import peewee
from peewee import fn

from microbiz.foundations.attachments import documents_dir
from microbiz.foundations.attachments import readable
from microbiz.foundations.attachments import store_file
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Journey
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.money import round_half_up
from microbiz.foundations.paging import page_of
from microbiz.foundations.paging import sorted_by
from microbiz.foundations.validation import Fields
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import draft
from microbiz.tax.taxyear import tax_year_of

# Expense categories as the Self Assessment self-employment (full) page, SA103F, has them,
# with the box of the short page, SA103S, each is added into:
# https://www.gov.uk/government/publications/self-assessment-self-employment-full-sa103f
# https://www.gov.uk/government/publications/self-assessment-self-employment-short-sa103s
# (SA103S 2024-25: boxes 11 to 19; MTD uses the same categories.)
CATEGORIES = {
    "goods": ("Cost of goods bought for resale or goods used", 17, 11),
    "staff": ("Wages, salaries and other staff costs", 19, 13),
    "travel": ("Car, van and travel expenses", 20, 12),
    "premises": ("Rent, rates, power and insurance costs", 21, 14),
    "repairs": ("Repairs and maintenance of property and equipment", 22, 15),
    "office": ("Phone, fax, stationery and other office costs", 23, 18),
    "advertising": ("Advertising and business entertainment costs", 24, 19),
    "interest": ("Interest on bank and other loans", 25, 17),
    "bank_charges": ("Bank, credit card and other financial charges", 26, 17),
    "bad_debts": ("Irrecoverable debts written off", 27, 19),
    "professional": ("Accountancy, legal and other professional fees", 28, 16),
    "depreciation": ("Depreciation and loss or profit on sale of assets", 29, None),
    "other": ("Other business expenses", 30, 19),
}
CATEGORY_LABELS = {key: label for key, (label, _, _) in CATEGORIES.items()}
# Depreciation is never an allowable expense (capital allowances replace it), so it is
# recorded but left out of allowable totals:
# https://www.gov.uk/capital-allowances
NOT_ALLOWABLE = ("depreciation",)
SA103S_BOXES = {
    11: "Costs of goods bought for resale or goods used",
    12: "Car, van and travel expenses",
    13: "Wages, salaries and other staff costs",
    14: "Rent, rates, power and insurance costs",
    15: "Repairs and maintenance of property and equipment",
    16: "Accountancy, legal and other professional fees",
    17: "Interest and bank and credit card financial charges",
    18: "Phone, fax, stationery and other office costs",
    19: "Other allowable business expenses",
}

# Simplified expenses for vehicles: cars and goods vehicles 45p a mile for the first
# 10,000 business miles in the tax year and 25p after; motorcycles 24p a mile:
# https://www.gov.uk/simpler-income-tax-simplified-expenses/vehicles-
VEHICLES = {"car": "Car or van", "motorcycle": "Motorcycle"}
CAR_RATE, CAR_RATE_AFTER, MOTORCYCLE_RATE = 45, 25, 24
CAR_THRESHOLD_TENTHS = 10_000 * 10

EXPENSE_LABELS = {
    "spent_on": "Date",
    "amount": "Amount",
    "category": "Category",
    "description": "Description",
    "supplier": "Supplier",
    "client_id": "Client",
    "paid_on": "Date paid",
}


@dataclass
class ExpenseForm:
    spent_on: str = ""
    amount: str = ""
    category: str = "other"
    description: str = ""
    supplier: str = ""
    client_id: int | None = None
    paid_on: str = ""

    @classmethod
    def of(cls, expense: Expense) -> ExpenseForm:
        return cls(
            spent_on=format_date(expense.spent_on),
            amount=format_money_plain(expense.amount_pence),
            category=expense.category,
            description=expense.description,
            supplier=expense.supplier,
            client_id=expense.client_id,
            paid_on=format_date(expense.paid_on),
        )


def validate_expense(form: ExpenseForm) -> dict:
    """Clean values; a blank date paid means paid on the day (cash basis counts it then)."""
    check = Fields()
    label = EXPENSE_LABELS.__getitem__
    spent_on = check.date("spent_on", label("spent_on"), form.spent_on)
    if spent_on is None and not check.has("spent_on"):
        check.fail("spent_on", "Date is required.")
    amount = check.money("amount", label("amount"), form.amount, default=None)
    if amount is not None and amount <= 0:
        check.fail("amount", "Amount must be more than £0.00.")
    elif amount is None and not check.has("amount"):
        check.fail("amount", "Amount is required.")
    values = {
        "spent_on": spent_on,
        "amount_pence": amount,
        "category": check.choice("category", label("category"), form.category, CATEGORY_LABELS),
        "description": check.text("description", label("description"), form.description, True),
        "supplier": check.text("supplier", label("supplier"), form.supplier),
        "client": _client(check, form.client_id),
        "paid_on": check.date("paid_on", label("paid_on"), form.paid_on) or spent_on,
    }
    check.done()
    return values


def _client(check: Fields, client_id: int | None) -> Client | None:
    if client_id is None:
        return None
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        check.fail("client_id", "Client: there is no such client.")
    return client


def save_expense(
    form: ExpenseForm,
    expense_id: int | None = None,
    receipt: Path | None = None,
    folder: Path | None = None,
) -> Expense:
    """Create or update an expense; a receipt file is copied into the data folder."""
    values = validate_expense(form)
    if receipt is not None:
        if folder is None:
            raise UserError("A receipt needs the data folder to be kept in.")
        values["receipt_stored_name"] = store_file(receipt, folder)
        values["receipt_original_name"] = receipt.name
    try:
        with database.atomic():
            if expense_id is None:
                return Expense.create(**values)
            Expense.update(**values).where(Expense.id == expense_id).execute()
    except BaseException:
        if receipt is not None:
            (documents_dir(folder) / values["receipt_stored_name"]).unlink(missing_ok=True)
        raise
    return Expense.get_by_id(expense_id)


def receipt_path(expense: Expense, folder: Path) -> Path | None:
    """Where the expense's receipt is kept, if it has one."""
    return (
        documents_dir(folder) / expense.receipt_stored_name if expense.receipt_stored_name else None
    )


def receipt_to_open(expense: Expense, folder: Path) -> Path | None:
    """The receipt as a file to open: in encrypted data, a plain copy kept only for now."""
    path = receipt_path(expense, folder)
    return readable(path) if path is not None else None


def delete_expense(expense_id: int, folder: Path | None = None) -> None:
    """Delete an expense, and its copy of the receipt when the data folder is given."""
    expense = Expense.get_or_none(Expense.id == expense_id)
    if expense is None:
        return
    receipt = receipt_path(expense, folder) if folder is not None else None
    expense.delete_instance()
    if receipt is not None:
        receipt.unlink(missing_ok=True)


JOURNEY_LABELS = {
    "travelled_on": "Date",
    "miles": "Miles",
    "from_place": "From",
    "to_place": "To",
    "purpose": "Purpose",
    "client_id": "Client",
    "vehicle": "Vehicle",
}


@dataclass
class JourneyForm:
    travelled_on: str = ""
    miles: str = ""
    from_place: str = ""
    to_place: str = ""
    purpose: str = ""
    client_id: int | None = None
    vehicle: str = "car"

    @classmethod
    def of(cls, journey: Journey) -> JourneyForm:
        return cls(
            travelled_on=format_date(journey.travelled_on),
            miles=f"{journey.miles_tenths // 10}.{journey.miles_tenths % 10}",
            from_place=journey.from_place,
            to_place=journey.to_place,
            purpose=journey.purpose,
            client_id=journey.client_id,
            vehicle=journey.vehicle,
        )


def validate_journey(form: JourneyForm) -> dict:
    check = Fields()
    label = JOURNEY_LABELS.__getitem__
    day = check.date("travelled_on", label("travelled_on"), form.travelled_on)
    if day is None and not check.has("travelled_on"):
        check.fail("travelled_on", "Date is required.")
    tenths = check.miles("miles", label("miles"), form.miles)
    if tenths <= 0 and not check.has("miles"):
        check.fail("miles", "Miles must be more than 0.")
    values = {
        "travelled_on": day,
        "miles_tenths": tenths,
        "from_place": check.text("from_place", label("from_place"), form.from_place),
        "to_place": check.text("to_place", label("to_place"), form.to_place),
        "purpose": check.text("purpose", label("purpose"), form.purpose),
        "client": _client(check, form.client_id),
        "vehicle": check.choice("vehicle", label("vehicle"), form.vehicle, VEHICLES),
    }
    if not (values["purpose"] or values["to_place"]):
        check.fail(
            "purpose", "Purpose: say where you went or why (HMRC asks for business journeys)."
        )
    check.done()
    return values


def save_journey(form: JourneyForm, journey_id: int | None = None) -> Journey:
    values = validate_journey(form)
    with database.atomic():
        if journey_id is None:
            return Journey.create(**values)
        Journey.update(**values).where(Journey.id == journey_id).execute()
    return Journey.get_by_id(journey_id)


def delete_journey(journey_id: int) -> None:
    Journey.delete().where(Journey.id == journey_id).execute()


def mileage_allowance(journeys: list[Journey]) -> dict[int, int]:
    """Pence allowed for each journey, counting each tax year's car miles in date order.

    A journey that crosses the 10,000-mile mark is paid at 45p up to it and 25p after.
    Each journey's allowance is rounded half up to the penny.
    """
    allowed: dict[int, int] = {}
    car_miles: dict[int, int] = {}
    for journey in sorted(journeys, key=lambda j: (j.travelled_on, j.id)):
        if journey.vehicle == "motorcycle":
            allowed[journey.id] = round_half_up(
                Fraction(MOTORCYCLE_RATE * journey.miles_tenths, 10)
            )
            continue
        year = tax_year_of(journey.travelled_on).start_year
        before = car_miles.get(year, 0)
        under = max(0, min(journey.miles_tenths, CAR_THRESHOLD_TENTHS - before))
        over = journey.miles_tenths - under
        car_miles[year] = before + journey.miles_tenths
        allowed[journey.id] = round_half_up(Fraction(CAR_RATE * under + CAR_RATE_AFTER * over, 10))
    return allowed


def ranked(field: peewee.Field, labels: dict[str, str]) -> peewee.ColumnBase:
    """Where the label of `field`'s value comes among `labels` in alphabetical order."""
    alphabetical = sorted(labels, key=lambda key: labels[key].casefold())
    return peewee.Case(field, tuple((key, rank) for rank, key in enumerate(alphabetical)))


# What the expenses and journeys lists can be sorted by, as the SQL each orders by.
EXPENSE_SORTS = {
    "date": (Expense.spent_on,),
    "description": (Expense.description.collate("NOCASE"),),
    "supplier": (Expense.supplier.collate("NOCASE"),),
    "category": (ranked(Expense.category, CATEGORY_LABELS),),
    "client": (Client.name.collate("NOCASE"),),
    "amount": (Expense.amount_pence,),
    "paid": (fn.COALESCE(Expense.paid_on, Expense.spent_on),),
    "receipt": (Expense.receipt_stored_name != "",),
}
JOURNEY_SORTS = {
    "date": (Journey.travelled_on,),
    "from": (Journey.from_place.collate("NOCASE"),),
    "to": (Journey.to_place.collate("NOCASE"),),
    "purpose": (Journey.purpose.collate("NOCASE"),),
    "client": (Client.name.collate("NOCASE"),),
    "vehicle": (ranked(Journey.vehicle, VEHICLES),),
    "miles": (Journey.miles_tenths,),
}


def expenses_between(
    first: date | None = None, last: date | None = None, category: str = "", text: str = ""
) -> list[Expense]:
    """Expenses spent from `first` to `last` (either may be open), newest first."""
    return list(chosen_expenses(first, last, category, text))


def chosen_expenses(
    first: date | None = None, last: date | None = None, category: str = "", text: str = ""
) -> peewee.ModelSelect:
    """The query behind `expenses_between`: expenses with their client, newest first."""
    query = Expense.select(Expense, Client).join(Client, peewee.JOIN.LEFT_OUTER)
    if first:
        query = query.where(Expense.spent_on >= first)
    if last:
        query = query.where(Expense.spent_on <= last)
    if category:
        query = query.where(Expense.category == category)
    for word in text.split():
        pattern = f"%{word}%"
        query = query.where(Expense.description**pattern | Expense.supplier**pattern)
    return query.order_by(Expense.spent_on.desc(), Expense.id.desc())


def expense_page(
    first: date | None,
    last: date | None,
    category: str,
    text: str,
    offset: int,
    size: int,
    sort: str | None = None,
    descending: bool = False,
) -> list[Expense]:
    """One page of `expenses_between`: `size` expenses after the first `offset`.

    `sort` names one of `EXPENSE_SORTS` to order them all by instead of newest first.
    """
    query = chosen_expenses(first, last, category, text)
    return list(
        page_of(sorted_by(query, EXPENSE_SORTS, sort, descending, Expense.id), offset, size)
    )


def expense_listed(
    expense_id: int,
    first: date | None = None,
    last: date | None = None,
    category: str = "",
    text: str = "",
) -> bool:
    """Whether `expenses_between` gives this expense."""
    return chosen_expenses(first, last, category, text).where(Expense.id == expense_id).exists()


@dataclass(frozen=True)
class ExpenseTotals:
    """What a list of expenses adds up to."""

    count: int = 0
    amount_pence: int = 0
    without_receipt: int = 0


def expense_totals(
    first: date | None = None, last: date | None = None, category: str = "", text: str = ""
) -> ExpenseTotals:
    """The totals of every expense `expenses_between` gives, added up by SQLite in one query."""
    no_receipt = peewee.Case(None, ((Expense.receipt_stored_name == "", 1),), 0)
    sums = chosen_expenses(first, last, category, text).select(
        fn.COUNT(Expense.id),
        fn.COALESCE(fn.SUM(Expense.amount_pence), 0),
        fn.COALESCE(fn.SUM(no_receipt), 0),
    )
    return ExpenseTotals(*sums.order_by().tuples().get())


def journeys_between(first: date | None = None, last: date | None = None) -> list[Journey]:
    """Journeys from `first` to `last` (either may be open), newest first."""
    return list(chosen_journeys(first, last))


def chosen_journeys(first: date | None = None, last: date | None = None) -> peewee.ModelSelect:
    """The query behind `journeys_between`: journeys with their client, newest first."""
    query = Journey.select(Journey, Client).join(Client, peewee.JOIN.LEFT_OUTER)
    if first:
        query = query.where(Journey.travelled_on >= first)
    if last:
        query = query.where(Journey.travelled_on <= last)
    return query.order_by(Journey.travelled_on.desc(), Journey.id.desc())


def journey_page(
    first: date | None,
    last: date | None,
    offset: int,
    size: int,
    sort: str | None = None,
    descending: bool = False,
) -> list[Journey]:
    """One page of `journeys_between`: `size` journeys after the first `offset`.

    `sort` names one of `JOURNEY_SORTS` to order them all by instead of newest first.
    """
    query = sorted_by(chosen_journeys(first, last), JOURNEY_SORTS, sort, descending, Journey.id)
    return list(page_of(query, offset, size))


def journey_listed(journey_id: int, first: date | None = None, last: date | None = None) -> bool:
    """Whether `journeys_between` gives this journey."""
    return chosen_journeys(first, last).where(Journey.id == journey_id).exists()


@dataclass(frozen=True)
class JourneyTotals:
    """What a list of journeys adds up to: miles and the mileage allowance they earn."""

    count: int = 0
    miles_tenths: int = 0
    allowance_pence: int = 0


def journey_totals(first: date | None = None, last: date | None = None) -> JourneyTotals:
    """The totals of `journeys_between`, added up by SQLite: `mileage_allowance` in SQL.

    Each car journey's share of the 10,000 miles is what its tax year's car journeys before
    it (by date, then id) left; each allowance is rounded half up to the penny, (x + 5) / 10.
    """
    since = tax_year_of(first).start if first else None
    sql = JOURNEY_TOTALS.format(
        since="travelled_on >= ?" if since else "1",
        last="travelled_on <= ?" if last else "1",
        first="travelled_on >= ?" if first else "1",
    )
    values = [day for day in (since, last, first) if day]
    row = database.execute_sql(sql, [day.isoformat() for day in values]).fetchone()
    return JourneyTotals(*row)


# Car miles are counted per tax year (from 6 April: the year is one less before 04-06).
JOURNEY_TOTALS = f"""
SELECT count(*), coalesce(sum(miles), 0), coalesce(sum(CASE
    WHEN vehicle = 'motorcycle' THEN ({MOTORCYCLE_RATE} * miles + 5) / 10
    ELSE ({CAR_RATE} * under + {CAR_RATE_AFTER} * (miles - under) + 5) / 10 END), 0)
FROM (
    SELECT travelled_on, vehicle, miles,
        max(0, min(miles, {CAR_THRESHOLD_TENTHS} - (car_miles - car))) AS under
    FROM (
        SELECT travelled_on, vehicle, miles_tenths AS miles,
            CASE WHEN vehicle = 'motorcycle' THEN 0 ELSE miles_tenths END AS car,
            sum(CASE WHEN vehicle = 'motorcycle' THEN 0 ELSE miles_tenths END) OVER (
                PARTITION BY CAST(strftime('%Y', travelled_on) AS INTEGER)
                    - (strftime('%m-%d', travelled_on) < '04-06')
                ORDER BY travelled_on, id ROWS UNBOUNDED PRECEDING
            ) AS car_miles
        FROM journey WHERE {{since}} AND {{last}}
    )
)
WHERE {{first}}
"""


def allowances_for(journeys: list[Journey]) -> dict[int, int]:
    """Each journey's allowance, counting the threshold from the start of its tax year."""
    if not journeys:
        return {}
    first = tax_year_of(min(j.travelled_on for j in journeys)).start
    last = max(j.travelled_on for j in journeys)
    allowed = mileage_allowance(journeys_between(first, last))
    return {journey.id: allowed[journey.id] for journey in journeys}


def recharge_expense(expense_id: int, invoice_id: int) -> InvoiceLine:
    """Put an expense on a draft invoice as a line of its own, once, for the same client."""
    expense = Expense.get_or_none(Expense.id == expense_id)
    if expense is None:
        raise UserError(f"There is no expense number {expense_id}.")
    invoice = draft(invoice_id)
    if expense.recharged_line_id and InvoiceLine.get_or_none(
        InvoiceLine.id == expense.recharged_line_id
    ):
        raise UserError("This expense is already on an invoice.")
    if expense.client_id is not None and expense.client_id != invoice.client_id:
        raise UserError(f"This expense is for {expense.client.name}, not {invoice.client.name}.")
    description = f"Recharged: {expense.description}"
    if expense.supplier:
        description += f" ({expense.supplier})"
    description += f", {format_date(expense.spent_on)}"
    with database.atomic():
        line = add_manual_line(
            invoice.id, description, "1", format_money_plain(expense.amount_pence)
        )
        Expense.update(recharged_line=line.id).where(Expense.id == expense.id).execute()
    return line


def drafts_for(client_id: int) -> list[Invoice]:
    """The client's draft invoices, newest first: where a recharge can go."""
    return list(
        Invoice.select()
        .where(Invoice.client == client_id, Invoice.issued == False)  # noqa: E712
        .order_by(Invoice.id.desc())
    )
