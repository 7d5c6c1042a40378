"""What each sheet of the exported workbook holds: its columns and rows, one function a kind."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

import peewee

from microbiz.clients.details import SUPPORT
from microbiz.compliance.policies import all_policies
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_hours
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.models import Client
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.money import money_decimal
from microbiz.hours.pricing import elapsed_minutes
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import list_invoices
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import mileage_allowance
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import Totals
from microbiz.tax.totals import tax_summary
from microbiz.tax.totals import tax_years_with_records
from microbiz.tax.totals import totals_between

DATE_FORMAT = "DD/MM/YYYY"
CURRENCY_FORMAT = '"£"#,##0.00'
HOURS_FORMAT = "0.00"
MILES_FORMAT = "0.0"


@dataclass(frozen=True)
class Column:
    """A sheet column: its heading and, for dates and numbers, the Excel number format."""

    header: str
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One record kind as a sheet: `rows` may be lazy; `count` is how many it will yield."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    count: int


def clients_sheet() -> Sheet:
    """Every client's details and Support rates, by name."""
    columns = [
        Column("Name"),
        Column("Status"),
        Column("Funding"),
        Column("Payer kind"),
        Column("Payer name"),
        Column("Payer address"),
        Column("Payer postcode"),
        Column("Payer email"),
        Column("Payer reference"),
        Column("Address"),
        Column("Postcode"),
        Column("Phone"),
        Column("Email"),
        Column("Start date", DATE_FORMAT),
        Column("Contracted hours", HOURS_FORMAT),
        Column("Weekday rate", CURRENCY_FORMAT),
        Column("Weekend rate", CURRENCY_FORMAT),
        Column("Bank holiday rate", CURRENCY_FORMAT),
        Column("Notes"),
        Column("Added", DATE_FORMAT),
        Column("Last changed", DATE_FORMAT),
    ]
    query = Client.select().order_by(peewee.fn.lower(Client.name), Client.id)
    supports = {
        rate.client_id: rate for rate in VisitType.select().where(VisitType.name == SUPPORT)
    }
    rows = (_client_row(client, supports.get(client.id)) for client in query)
    return Sheet("Clients", columns, rows, query.count())


def _client_row(client: Client, support: VisitType | None) -> list[object]:
    rates = (
        [
            money_decimal(support.weekday_rate_pence),
            money_decimal(support.weekend_rate_pence),
            money_decimal(support.bank_holiday_rate_pence),
        ]
        if support
        else [None, None, None]
    )
    return [
        client.name,
        CLIENT_STATUSES.get(client.status, client.status),
        FUNDING_ROUTES.get(client.funding_route, client.funding_route),
        PAYER_KINDS.get(client.payer_kind, client.payer_kind),
        client.payer_name,
        client.payer_address,
        client.payer_postcode,
        client.payer_email,
        client.payer_reference,
        client.address,
        client.postcode,
        client.phone,
        client.email,
        client.start_date,
        Decimal(format_hours(client.contracted_minutes)),
        *rates,
        client.notes,
        client.created_at.date(),
        client.updated_at.date(),
    ]


def visits_sheet() -> Sheet:
    """Every visit, oldest first, with its billable hours."""
    columns = [
        Column("Date", DATE_FORMAT),
        Column("Start"),
        Column("End"),
        Column("Client"),
        Column("Visit type"),
        Column("Break (minutes)"),
        Column("Hours", HOURS_FORMAT),
        Column("Status"),
        Column("Miles", MILES_FORMAT),
        Column("Notes"),
    ]
    query = (
        Visit.select(Visit, Client.name, VisitType.name)
        .join(Client)
        .switch(Visit)
        .join(VisitType)
        .order_by(Visit.start, Visit.id)
    )
    rows = (_visit_row(visit) for visit in query)
    return Sheet("Visits", columns, rows, Visit.select().count())


def _visit_row(visit: Visit) -> list[object]:
    minutes = elapsed_minutes(visit.start, visit.end) - visit.break_minutes
    return [
        visit.start.date(),
        visit.start.strftime("%H:%M"),
        visit.end.strftime("%H:%M"),
        visit.client.name,
        visit.visit_type.name,
        visit.break_minutes,
        Decimal(format_hours(minutes)),
        VISIT_STATUSES.get(visit.status, visit.status),
        Decimal(visit.mileage_tenths) / 10,
        visit.notes,
    ]


def invoices_sheet() -> Sheet:
    """Every invoice with its money and status (as of today)."""
    columns = [
        Column("Number"),
        Column("Client"),
        Column("Payer"),
        Column("Issued", DATE_FORMAT),
        Column("Due", DATE_FORMAT),
        Column("Period from", DATE_FORMAT),
        Column("Period to", DATE_FORMAT),
        Column("Total", CURRENCY_FORMAT),
        Column("Paid", CURRENCY_FORMAT),
        Column("Credited", CURRENCY_FORMAT),
        Column("Balance", CURRENCY_FORMAT),
        Column("Status"),
    ]
    found = list_invoices()
    rows = (
        [
            s.number,
            s.client_name,
            s.payer_name,
            s.issue_date,
            s.due_date,
            s.period_start,
            s.period_end,
            money_decimal(s.total_pence),
            money_decimal(s.paid_pence),
            money_decimal(s.credited_pence),
            money_decimal(s.balance_pence),
            INVOICE_STATUSES[s.status],
        ]
        for s in reversed(found)
    )
    return Sheet("Invoices", columns, rows, len(found))


def lines_sheet() -> Sheet:
    columns = [
        Column("Invoice"),
        Column("Line"),
        Column("Description"),
        Column("Quantity"),
        Column("Unit"),
        Column("Unit price", CURRENCY_FORMAT),
        Column("Amount", CURRENCY_FORMAT),
    ]
    query = (
        InvoiceLine.select(InvoiceLine, Invoice.number, Invoice.id)
        .join(Invoice)
        .order_by(Invoice.issued.desc(), Invoice.number, Invoice.id, InvoiceLine.position)
    )
    rows = (
        [
            line.invoice.number or f"Draft {line.invoice.id}",
            line.position,
            line.description,
            _number(line.quantity),
            line.unit,
            None if line.unit_price_pence is None else money_decimal(line.unit_price_pence),
            money_decimal(line.amount_pence),
        ]
        for line in query
    )
    return Sheet("Invoice lines", columns, rows, query.count())


def _number(quantity: str) -> Decimal | int | str:
    """A line's quantity as a number (minutes, miles, visits), for sums in the spreadsheet."""
    try:
        value = Decimal(quantity)
    except InvalidOperation:
        return quantity
    return int(value) if value == value.to_integral_value() else value


def payments_sheet() -> Sheet:
    columns = [
        Column("Invoice"),
        Column("Date paid", DATE_FORMAT),
        Column("Amount", CURRENCY_FORMAT),
        Column("Paid by"),
        Column("Reference"),
    ]
    query = (
        Payment.select(Payment, Invoice.number).join(Invoice).order_by(Payment.paid_on, Payment.id)
    )
    rows = (
        [
            payment.invoice.number,
            payment.paid_on,
            money_decimal(payment.amount_pence),
            PAYMENT_METHODS.get(payment.method, payment.method),
            payment.reference,
        ]
        for payment in query
    )
    return Sheet("Payments", columns, rows, query.count())


def credit_notes_sheet() -> Sheet:
    columns = [
        Column("Number"),
        Column("Invoice"),
        Column("Date", DATE_FORMAT),
        Column("Amount", CURRENCY_FORMAT),
        Column("Reason"),
    ]
    query = CreditNote.select(CreditNote, Invoice.number).join(Invoice).order_by(CreditNote.id)
    rows = (
        [
            note.number,
            note.invoice.number,
            note.issue_date,
            money_decimal(note.amount_pence),
            note.reason,
        ]
        for note in query
    )
    return Sheet("Credit notes", columns, rows, query.count())


def compliance_sheet() -> Sheet:
    columns = [
        Column("Kind"),
        Column("Provider, issuer or course"),
        Column("Reference"),
        Column("Cover", CURRENCY_FORMAT),
        Column("Valid from", DATE_FORMAT),
        Column("Expires or renews", DATE_FORMAT),
        Column("Reminder (days before)"),
        Column("Documents"),
        Column("Notes"),
    ]
    policies = all_policies()
    rows = (
        [
            POLICY_KINDS.get(policy.kind, policy.kind),
            policy.provider,
            policy.reference,
            None if policy.cover_pence is None else money_decimal(policy.cover_pence),
            policy.starts_on,
            policy.expires_on,
            policy.reminder_days,
            ", ".join(d.original_name for d in policy.documents),
            policy.notes,
        ]
        for policy in policies
    )
    return Sheet("Compliance", columns, rows, len(policies))


def checklist_sheet() -> Sheet:
    columns = [
        Column("Checklist"),
        Column("Item"),
        Column("Status"),
        Column("Due", DATE_FORMAT),
        Column("Done on", DATE_FORMAT),
        Column("Notes"),
        Column("Guidance link"),
    ]
    query = (
        ChecklistItem.select(ChecklistItem, Checklist.title)
        .join(Checklist)
        .order_by(Checklist.name, ChecklistItem.position)
    )
    rows = (
        [
            item.checklist.title,
            item.title,
            CHECKLIST_STATUSES.get(item.status, item.status),
            item.due_on,
            item.done_on,
            item.notes,
            item.link,
        ]
        for item in query
    )
    return Sheet("Checklist", columns, rows, query.count())


def rates_sheet() -> Sheet:
    """Every client's visit types, to import again with `microbiz import rates`."""
    columns = [
        Column("Client"),
        Column("Visit type"),
        Column("Weekday rate", CURRENCY_FORMAT),
        Column("Weekend rate", CURRENCY_FORMAT),
        Column("Bank holiday rate", CURRENCY_FORMAT),
        Column("Flat fee", CURRENCY_FORMAT),
    ]
    query = (
        VisitType.select(VisitType, Client.name)
        .join(Client)
        .where(VisitType.active == True)  # noqa: E712 (peewee expression)
        .order_by(peewee.fn.lower(Client.name), Client.id, VisitType.name)
    )
    rows = (
        [
            rate.client.name,
            rate.name,
            money_decimal(rate.weekday_rate_pence),
            money_decimal(rate.weekend_rate_pence),
            money_decimal(rate.bank_holiday_rate_pence),
            None if rate.flat_fee_pence is None else money_decimal(rate.flat_fee_pence),
        ]
        for rate in query
    )
    return Sheet("Rates", columns, rows, query.count())


def expenses_sheet() -> Sheet:
    columns = [
        Column("Date", DATE_FORMAT),
        Column("Amount", CURRENCY_FORMAT),
        Column("Category"),
        Column("Description"),
        Column("Supplier"),
        Column("Client"),
        Column("Date paid", DATE_FORMAT),
        Column("Receipt"),
    ]
    query = (
        Expense.select(Expense, Client.name)
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .order_by(Expense.spent_on, Expense.id)
    )
    rows = (
        [
            expense.spent_on,
            money_decimal(expense.amount_pence),
            CATEGORY_LABELS.get(expense.category, expense.category),
            expense.description,
            expense.supplier,
            expense.client.name if expense.client_id else "",
            expense.paid_on,
            expense.receipt_original_name,
        ]
        for expense in query
    )
    return Sheet("Expenses", columns, rows, query.count())


def journeys_sheet() -> Sheet:
    columns = [
        Column("Date", DATE_FORMAT),
        Column("Miles", MILES_FORMAT),
        Column("From"),
        Column("To"),
        Column("Purpose"),
        Column("Client"),
        Column("Vehicle"),
        Column("Allowance", CURRENCY_FORMAT),
    ]
    journeys = list(
        Journey.select(Journey, Client.name)
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .order_by(Journey.travelled_on, Journey.id)
    )
    allowed = mileage_allowance(journeys)
    rows = (
        [
            journey.travelled_on,
            Decimal(journey.miles_tenths) / 10,
            journey.from_place,
            journey.to_place,
            journey.purpose,
            journey.client.name if journey.client_id else "",
            VEHICLES.get(journey.vehicle, journey.vehicle),
            money_decimal(allowed[journey.id]),
        ]
        for journey in journeys
    )
    return Sheet("Journeys", columns, rows, len(journeys))


def tax_sheet() -> Sheet:
    """Income, expenses by SA103F category, mileage and profit for each tax year with records."""
    years = tax_years_with_records()
    totals = [totals_between(year.start, year.end) for year in years]
    columns = [Column("Tax year"), *(Column(year.label, CURRENCY_FORMAT) for year in years)]
    rows = _tax_rows(totals)
    return Sheet("Tax summary", columns, rows, len(rows))


def mtd_quarters_sheet(year: TaxYear) -> Sheet:
    """The year's four MTD updates, each cumulative from the start of the tax year."""
    summary = tax_summary(year)
    columns = [
        Column("Line"),
        *(
            Column(f"Q{q.quarter.number} to {format_date(q.quarter.end)}", CURRENCY_FORMAT)
            for q in summary.quarters
        ),
    ]
    totals = [q.year_to_date for q in summary.quarters]
    deadlines = ["Update due by", *(format_date(q.quarter.deadline) for q in summary.quarters)]
    rows = _tax_rows(totals)
    return Sheet(f"MTD {year.label}", columns, [*rows, deadlines], len(rows) + 1)


def _tax_rows(totals: list[Totals]) -> list[list[object]]:
    """Income, each expense category, mileage, total expenses and profit: a column a period."""
    lines = [("Income received", [t.income_pence for t in totals])]
    lines += [
        (label, [t.expenses_by_category.get(key, 0) for t in totals])
        for key, label in CATEGORY_LABELS.items()
    ]
    lines += [
        ("Mileage allowance", [t.mileage_pence for t in totals]),
        ("Total allowable expenses", [t.total_expenses_pence for t in totals]),
        ("Net profit", [t.profit_pence for t in totals]),
    ]
    return [[label, *(money_decimal(p) for p in pence)] for label, pence in lines]


SHEETS: list[Callable[[], Sheet]] = [
    clients_sheet,
    rates_sheet,
    visits_sheet,
    invoices_sheet,
    lines_sheet,
    payments_sheet,
    credit_notes_sheet,
    expenses_sheet,
    journeys_sheet,
    compliance_sheet,
    checklist_sheet,
    tax_sheet,
]
