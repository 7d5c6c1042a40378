"""What each sheet of the exported workbook holds: its columns and rows, one function a kind.

Rows are produced one at a time from a database cursor as the workbook asks for them: no
sheet holds its records in a list, so an export of any size needs the memory of a row.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation
from functools import cache
from itertools import groupby

import peewee

from microbiz.clients.details import SUPPORT
from microbiz.compliance.policies import all_policies
from microbiz.compliance.standing import standings
from microbiz.foundations import clock
from microbiz.foundations.audit_log import ACTIONS
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_hours
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import AuditEntry
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
from microbiz.hours.billing import credited_pence
from microbiz.hours.pricing import elapsed_minutes
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import invoice_status
from microbiz.invoicing.payments import paid_pence
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import mileage_allowance
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of
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


def _streamed(query: peewee.SelectBase) -> Iterator:
    """The query's rows one by one from its cursor, when first asked for; none are kept."""
    yield from query.iterator()


def clients_sheet() -> Sheet:
    """Every client's details and Support rates, by name."""
    columns = [
        Column("Name"),
        Column("Status"),
        Column("Funding"),
        Column("Who pays"),
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
    rows = (_client_row(client, supports.get(client.id)) for client in _streamed(query))
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
        Visit.select(
            Visit.start,
            Visit.end,
            Client.name.alias("client"),
            VisitType.name.alias("visit_type"),
            Visit.break_minutes,
            Visit.status,
            Visit.mileage_tenths,
            Visit.notes,
        )
        .join(Client)
        .switch(Visit)
        .join(VisitType)
        .order_by(Visit.start, Visit.id)
        .namedtuples()
    )
    rows = (_visit_row(visit) for visit in _streamed(query))
    return Sheet("Visits", columns, rows, Visit.select().count())


def _visit_row(visit: tuple) -> list[object]:
    minutes = elapsed_minutes(visit.start, visit.end) - visit.break_minutes
    return [
        visit.start.date(),
        _clock(visit.start),
        _clock(visit.end),
        visit.client,
        visit.visit_type,
        visit.break_minutes,
        _hours(minutes),
        VISIT_STATUSES.get(visit.status, visit.status),
        Decimal(visit.mileage_tenths) / 10,
        visit.notes,
    ]


def _clock(moment: datetime) -> str:
    """ "09:05": the time of day as the hours list shows it."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


@cache
def _hours(minutes: int) -> Decimal:
    """Billable minutes as hours to two places (few distinct values, so each is made once)."""
    return Decimal(format_hours(minutes))


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
    # the invoices list's order turned round: issued ones oldest first, then the drafts
    query = (
        Invoice.select(
            Invoice,
            Client.name.alias("client_name"),
            paid_pence(Invoice.id).alias("paid"),
            credited_pence(Invoice.id).alias("credited"),
            _clients_billed(Invoice.id).alias("clients"),
        )
        .join(Client)
        .order_by(Invoice.issued.desc(), Invoice.issue_date, Invoice.number, Invoice.id)
        .objects()
    )
    today = clock.today()
    rows = (_invoice_row(invoice, today) for invoice in _streamed(query))
    return Sheet("Invoices", columns, rows, Invoice.select().count())


def _clients_billed(invoice: peewee.Expression) -> peewee.SelectQuery:
    """How many clients a per-payer invoice's sections bill, as a subquery."""
    return InvoiceLine.select(peewee.fn.COUNT(InvoiceLine.client.distinct())).where(
        InvoiceLine.invoice == invoice
    )


def _invoice_row(invoice: Invoice, today: date) -> list[object]:
    """An invoice as the invoices list shows it, its status as of `today`."""
    paid, credited, total = invoice.paid, invoice.credited, invoice.total_pence
    status = invoice_status(invoice.issued, total, paid, credited, invoice.due_date, today)
    return [
        invoice.number or "Draft",
        f"{invoice.clients} clients" if invoice.per_payer else invoice.client_name,
        invoice.payer_name,
        invoice.issue_date,
        invoice.due_date,
        invoice.period_start,
        invoice.period_end,
        money_decimal(total),
        money_decimal(paid),
        money_decimal(credited),
        money_decimal(total - credited - paid),
        INVOICE_STATUSES[status],
    ]


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
        InvoiceLine.select(
            Invoice.number.alias("invoice_number"),
            Invoice.id.alias("invoice_id"),
            InvoiceLine.position,
            InvoiceLine.description,
            InvoiceLine.quantity,
            InvoiceLine.unit,
            InvoiceLine.unit_price_pence,
            InvoiceLine.amount_pence,
        )
        .join(Invoice)
        .order_by(Invoice.issued.desc(), Invoice.number, Invoice.id, InvoiceLine.position)
        .namedtuples()
    )
    rows = (
        [
            line.invoice_number or f"Draft {line.invoice_id}",
            line.position,
            line.description,
            _number(line.quantity),
            line.unit,
            None if line.unit_price_pence is None else money_decimal(line.unit_price_pence),
            money_decimal(line.amount_pence),
        ]
        for line in _streamed(query)
    )
    return Sheet("Invoice lines", columns, rows, query.count())


@cache
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
        for payment in _streamed(query)
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
        for note in _streamed(query)
    )
    return Sheet("Credit notes", columns, rows, query.count())


def compliance_sheet() -> Sheet:
    """The register of insurance and checks, headed as `import policies` reads it."""
    columns = [
        Column("Kind"),
        Column("Insurer, issuer or course"),
        Column("Reference"),
        Column("Cover amount", CURRENCY_FORMAT),
        Column("Valid from", DATE_FORMAT),
        Column("Expires or renews on", DATE_FORMAT),
        Column("Remind me (days before)"),
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
    return Sheet("Insurance and checks", columns, rows, len(policies))


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
    items = list(query)  # a checklist is a few dozen items
    found = standings(items)
    rows = (
        [
            item.checklist.title,
            item.title,
            found[item.id].words,
            item.due_on,
            item.done_on,
            item.notes,
            item.link,
        ]
        for item in items
    )
    return Sheet("Checklist", columns, rows, len(items))


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
        for rate in _streamed(query)
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
        for expense in _streamed(query)
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
    query = (
        Journey.select(Journey, Client.name)
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .order_by(Journey.travelled_on, Journey.id)
    )
    return Sheet("Journeys", columns, _journey_rows(query), query.count())


def _journey_rows(query: peewee.SelectQuery) -> Iterator[list[object]]:
    """Each journey with its allowance, reckoned a tax year at a time as the mileage rates
    are (the miles count afresh from each 6 April): one year's journeys are held at most."""
    years = groupby(_streamed(query), key=lambda journey: tax_year_of(journey.travelled_on))
    for _, journeys in years:
        year = list(journeys)
        allowed = mileage_allowance(year)
        for journey in year:
            yield [
                journey.travelled_on,
                Decimal(journey.miles_tenths) / 10,
                journey.from_place,
                journey.to_place,
                journey.purpose,
                journey.client.name if journey.client_id else "",
                VEHICLES.get(journey.vehicle, journey.vehicle),
                money_decimal(allowed[journey.id]),
            ]


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


def audit_log_sheet() -> Sheet:
    """Who changed money or personal data, and when, oldest first."""
    columns = [Column("When"), Column("Who"), Column("What"), Column("Details")]
    query = AuditEntry.select().order_by(AuditEntry.at, AuditEntry.id)
    rows = (
        [entry.at.strftime("%d/%m/%Y %H:%M"), entry.who, ACTIONS[entry.action], entry.description]
        for entry in _streamed(query)
    )
    return Sheet("Audit log", columns, rows, query.count())


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
    audit_log_sheet,
]
