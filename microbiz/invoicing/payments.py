"""Payments and credit notes against issued invoices, and the status they give an invoice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import peewee
from peewee import SQL

from microbiz.foundations import clock
from microbiz.foundations.audit_log import log
from microbiz.foundations.business import require_business
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import Business
from microbiz.foundations.models import Client
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Payment
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money
from microbiz.foundations.money import round_half_up
from microbiz.foundations.paging import MOST_COUNTED
from microbiz.foundations.paging import capped_count
from microbiz.foundations.paging import page_of
from microbiz.foundations.paging import sorted_by
from microbiz.foundations.validation import Fields
from microbiz.hours.billing import credited_pence
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import invoice_number

INVOICE_STATUSES = {
    "draft": "Draft",
    "issued": "Issued",
    "part_paid": "Part-paid",
    "paid": "Paid",
    "overdue": "Overdue",
    "credited": "Credited",
}
# Statuses that still have money owed on them.
OWING = ("issued", "part_paid", "overdue")
# Payers who are businesses or public bodies, to whom the late payment law applies.
BUSINESS_PAYERS = ("council", "nhs", "scheme")


def invoice_status(
    issued: bool, total: int, paid: int, credited: int, due: date | None, today: date
) -> str:
    """Draft, issued, part-paid, paid, overdue (past due with a balance) or credited."""
    if not issued:
        return "draft"
    if credited and credited >= total:
        return "credited"
    if total - credited - paid <= 0:
        return "paid"
    if due is not None and due < today:
        return "overdue"
    return "part_paid" if paid else "issued"


@dataclass(frozen=True)
class InvoiceSummary:
    """An invoice as lists show it, with its money and derived status."""

    id: int
    number: str
    client_id: int
    client_name: str
    payer_name: str
    payer_kind: str
    issue_date: date | None
    due_date: date | None
    period_start: date
    period_end: date
    total_pence: int
    paid_pence: int
    credited_pence: int
    status: str
    days_overdue: int

    @property
    def balance_pence(self) -> int:
        return self.total_pence - self.credited_pence - self.paid_pence


def paid_pence(invoice: Invoice | peewee.Expression) -> peewee.Expression:
    return Payment.select(peewee.fn.COALESCE(peewee.fn.SUM(Payment.amount_pence), 0)).where(
        Payment.invoice == invoice
    )


def summary_query() -> peewee.ModelSelect:
    """Invoices with their client's name and what is paid and credited, as lists show them."""
    return Invoice.select(
        Invoice,
        Client.name.alias("client_name"),
        paid_pence(Invoice.id).alias("paid"),
        credited_pence(Invoice.id).alias("credited"),
        _sections(Invoice.id).alias("sections"),
    ).join(Client)


def _sections(invoice: peewee.Expression) -> peewee.SelectQuery:
    """How many clients an invoice's lines are for, as a subquery."""
    return InvoiceLine.select(peewee.fn.COUNT(InvoiceLine.client.distinct())).where(
        InvoiceLine.invoice == invoice
    )


def list_invoices(
    status: str | None = None,
    today: date | None = None,
    client_id: int | None = None,
    invoice_id: int | None = None,
) -> list[InvoiceSummary]:
    """Invoices, drafts first then newest issued, with a status filter."""
    today = today or clock.today()
    query = listed_invoices(summary_query(), status, today, client_id)
    if invoice_id is not None:
        query = query.where(Invoice.id == invoice_id)
    return [_summary(row, today) for row in query.objects()]


def listed_invoices(
    query: peewee.ModelSelect, status: str | None, today: date, client_id: int | None
) -> peewee.ModelSelect:
    """`query` kept to invoices of a status (on `today`) and client, drafts first, newest next."""
    query = query.order_by(
        Invoice.issued, Invoice.issue_date.desc(), Invoice.number.desc(), Invoice.id.desc()
    )
    if client_id is not None:
        sections = InvoiceLine.select(InvoiceLine.invoice).where(InvoiceLine.client == client_id)
        query = query.where((Invoice.client == client_id) | Invoice.id.in_(sections))
    if status is not None:
        query = query.where(status_case(today) == status)
    return query


def invoice_page(
    status: str | None,
    today: date,
    client_id: int | None,
    offset: int,
    size: int,
    sort: str | None = None,
    descending: bool = False,
) -> list[InvoiceSummary]:
    """One page of `list_invoices`: `size` invoices after the first `offset`, in one query.

    `sort` names one of `invoice_sorts` to order the whole list by instead of the usual order.
    """
    query = listed_invoices(summary_query(), status, today, client_id)
    query = sorted_by(query, invoice_sorts(today), sort, descending, Invoice.id)
    return [_summary(row, today) for row in page_of(query, offset, size).objects()]


def invoice_sorts(today: date) -> dict[str, tuple[peewee.ColumnBase, ...]]:
    """The ways the invoices list can be sorted, each as the SQL it orders by, going up.

    Drafts have no number, dates, payments or balance, so they come first going up;
    numbers sort by length first, so INV-10000 comes after INV-9999.
    """
    paid = paid_pence(Invoice.id)
    balance = Invoice.total_pence - credited_pence(Invoice.id) - paid
    return {
        "number": (peewee.fn.LENGTH(Invoice.number), Invoice.number),
        "client": (_clients_sql().collate("NOCASE"),),
        "payer": (Invoice.payer_name.collate("NOCASE"),),
        "issued": (Invoice.issue_date,),
        "due": (Invoice.due_date,),
        "total": (Invoice.total_pence,),
        "paid": (_issued_only(paid),),
        "balance": (_issued_only(balance),),
        "status": (_status_rank(today), _days_overdue(today)),
    }


def _clients_sql() -> peewee.ColumnBase:
    """`_clients_words` as SQL: the client's name, or 'N clients' for a per-payer invoice."""
    many = peewee.fn.printf("%d clients", _sections(Invoice.id))
    return peewee.Case(None, ((Invoice.per_payer == True, many),), Client.name)  # noqa: E712


def _issued_only(amount: peewee.ColumnBase) -> peewee.ColumnBase:
    """`amount`, or NULL for a draft (whose list shows no payments or balance)."""
    return peewee.Case(None, ((Invoice.issued == True, amount),), None)  # noqa: E712


def _status_rank(today: date) -> peewee.ColumnBase:
    """Where the invoice's status comes in `INVOICE_STATUSES`, draft first."""
    ranks = tuple((status, rank) for rank, status in enumerate(INVOICE_STATUSES))
    return peewee.Case(status_case(today), ranks)


def _days_overdue(today: date) -> peewee.ColumnBase:
    """How many days an overdue invoice is overdue; 0 for the others."""
    days = peewee.fn.julianday(today.isoformat()) - peewee.fn.julianday(Invoice.due_date)
    return peewee.Case(status_case(today), (("overdue", days),), 0)


def count_invoices(
    status: str | None, today: date, client_id: int | None, most: int = MOST_COUNTED
) -> int:
    """How many invoices `list_invoices` gives, counting no further than `most`."""
    return capped_count(listed_invoices(Invoice.select(Invoice.id), status, today, client_id), most)


def invoice_listed(status: str | None, today: date, client_id: int | None, invoice_id: int) -> bool:
    """Whether `list_invoices` gives this invoice."""
    query = listed_invoices(Invoice.select(Invoice.id), status, today, client_id)
    return query.where(Invoice.id == invoice_id).exists()


@dataclass(frozen=True)
class InvoiceTotals:
    """What a list of invoices adds up to: issued ones after credit notes, and drafts apart."""

    issued: int = 0
    invoiced_pence: int = 0
    owed_pence: int = 0
    drafts: int = 0
    drafts_pence: int = 0


def invoice_totals(status: str | None, today: date, client_id: int | None) -> InvoiceTotals:
    """The totals of every invoice `list_invoices` gives, added up by SQLite in one query."""
    money = Invoice.select(
        Invoice.total_pence.alias("total"),
        paid_pence(Invoice.id).alias("paid"),
        credited_pence(Invoice.id).alias("credited"),
        status_case(today).alias("status"),
    )
    listed = listed_invoices(money, status, today, client_id).order_by().alias("listed")
    owing = ", ".join(f"'{name}'" for name in OWING)
    sums = (
        "sum(status != 'draft')",
        "sum(CASE WHEN status != 'draft' THEN total - credited END)",
        f"sum(CASE WHEN status IN ({owing}) THEN max(total - credited - paid, 0) END)",
        "sum(status = 'draft')",
        "sum(CASE WHEN status = 'draft' THEN total END)",
    )
    row = Invoice.select(*(SQL(f"coalesce({s}, 0)") for s in sums)).from_(listed).tuples().get()
    return InvoiceTotals(*row)


def status_case(today: date) -> peewee.Case:
    """`invoice_status` as SQL, on `today`."""
    paid = paid_pence(Invoice.id)
    credited = credited_pence(Invoice.id)
    return peewee.Case(
        None,
        (
            (Invoice.issued == False, "draft"),  # noqa: E712
            ((credited != 0) & (credited >= Invoice.total_pence), "credited"),
            (Invoice.total_pence - credited - paid <= 0, "paid"),
            (Invoice.due_date.is_null(False) & (Invoice.due_date < today), "overdue"),
            (paid != 0, "part_paid"),
        ),
        "issued",
    )


def _summary(row: Invoice, today: date) -> InvoiceSummary:
    status = invoice_status(
        row.issued, row.total_pence, row.paid, row.credited, row.due_date, today
    )
    return InvoiceSummary(
        id=row.id,
        number=row.number or "Draft",
        client_id=row.client_id,
        client_name=_clients_words(row),
        payer_name=row.payer_name,
        payer_kind=row.payer_kind,
        issue_date=row.issue_date,
        due_date=row.due_date,
        period_start=row.period_start,
        period_end=row.period_end,
        total_pence=row.total_pence,
        paid_pence=row.paid,
        credited_pence=row.credited,
        status=status,
        days_overdue=(today - row.due_date).days if status == "overdue" else 0,
    )


def _clients_words(row: Invoice) -> str:
    """The client's name, or for a per-payer invoice how many clients it covers."""
    if not row.per_payer:
        return row.client_name
    return f"{row.sections} clients"


def summarised(
    invoice_ids: Sequence[int], today: date | None = None
) -> list[tuple[Invoice, InvoiceSummary]]:
    """The invoices with these ids, in no order, each with its summary, in one query."""
    today = today or clock.today()
    query = summary_query().where(Invoice.id.in_(invoice_ids))
    return [(row, _summary(row, today)) for row in query.objects()]


def summary_of(invoice_id: int, today: date | None = None) -> InvoiceSummary:
    found = list_invoices(today=today, invoice_id=invoice_id)
    if not found:
        raise UserError(f"There is no invoice number {invoice_id}.")
    return found[0]


@dataclass(frozen=True)
class PayerDebt:
    """What one payer owes on overdue invoices."""

    payer_name: str
    owed_pence: int
    invoices: list[InvoiceSummary]


def overdue_by_payer(today: date | None = None) -> list[PayerDebt]:
    """Overdue invoices grouped by payer, the most owed first."""
    by_payer: dict[str, list[InvoiceSummary]] = {}
    for summary in list_invoices("overdue", today):
        by_payer.setdefault(summary.payer_name, []).append(summary)
    debts = [
        PayerDebt(name, sum(s.balance_pence for s in found), found)
        for name, found in by_payer.items()
    ]
    return sorted(debts, key=lambda debt: (-debt.owed_pence, debt.payer_name))


def record_payment(
    invoice_id: int,
    amount: str,
    paid_on: str | date | None = None,
    method: str = "bank_transfer",
    reference: str = "",
) -> Payment:
    """A payment against an issued invoice; more than the balance is refused."""
    check = Fields()
    pence = check.money("amount", "Amount", amount, default=None)
    if not check.has("amount") and not pence:
        check.fail("amount", "Amount must be more than £0.00.")
    day = check.date("paid_on", "Date paid", paid_on) or clock.today()
    method = check.choice("method", "Paid by", method, PAYMENT_METHODS)
    reference = check.text("reference", "Reference", reference)
    check.done()
    with database.atomic():
        summary = summary_of(invoice_id)
        if summary.status == "draft":
            raise UserError("Issue this invoice before recording a payment against it.")
        if pence > summary.balance_pence:
            raise UserError(
                f"{format_money(pence)} is more than the {format_money(summary.balance_pence)} "
                f"still owed on {summary.number}; nothing was recorded."
            )
        payment = Payment.create(
            invoice=invoice_id,
            paid_on=day,
            amount_pence=pence,
            method=method,
            reference=reference,
        )
        log("payment_added", f"{format_money(pence)} against {summary.number}, paid {day}")
        return payment


def delete_payment(payment_id: int) -> None:
    """Remove a payment recorded by mistake."""
    with database.atomic():
        payment = Payment.get_or_none(Payment.id == payment_id)
        if payment is None:
            return
        payment.delete_instance()
        log(
            "payment_removed",
            f"{format_money(payment.amount_pence)} against {payment.invoice.number}, "
            f"paid {payment.paid_on}",
        )


def payments_of(invoice_id: int) -> list[Payment]:
    return list(Payment.select().where(Payment.invoice == invoice_id).order_by(Payment.paid_on))


def credit_invoice(
    invoice_id: int, amount: str | None = None, reason: str = "", issue_date: date | None = None
) -> CreditNote:
    """A credit note with the next CN number; in full (what is not yet credited) or in part.

    A fully credited invoice's visits can be invoiced again.
    """
    check = Fields()
    reason = check.text("reason", "Reason", reason)
    check.done()
    with database.atomic():
        invoice = get_invoice(invoice_id)
        if not invoice.issued:
            raise UserError("A draft can simply be changed or deleted; it needs no credit note.")
        creditable = invoice.total_pence - credited_pence(invoice.id).scalar()
        if creditable <= 0:
            raise UserError(f"Invoice {invoice.number} has already been credited in full.")
        pence = creditable if amount in (None, "") else _credit_amount(amount, creditable, invoice)
        business = require_business()
        number = invoice_number(business.credit_prefix, business.next_credit_number)
        Business.update(next_credit_number=Business.next_credit_number + 1).where(
            Business.id == business.id
        ).execute()
        note = CreditNote.create(
            number=number,
            invoice=invoice,
            issue_date=issue_date or clock.today(),
            reason=reason,
            amount_pence=pence,
        )
        log("credit_note", f"{number} for {format_money(pence)} against {invoice.number}")
        return note


def _credit_amount(amount: str, creditable: int, invoice: Invoice) -> int:
    check = Fields()
    pence = check.money("amount", "Amount to credit", amount, default=0)
    if not check.has("amount") and not 0 < pence <= creditable:
        check.fail(
            "amount",
            f"Amount to credit must be more than £0.00 and at most {format_money(creditable)}, "
            f"what is left of {invoice.number}.",
        )
    check.done()
    return pence


def credit_notes_of(invoice_id: int) -> list[CreditNote]:
    return list(CreditNote.select().where(CreditNote.invoice == invoice_id).order_by(CreditNote.id))


# Late Payment of Commercial Debts (Interest) Act 1998, as explained on gov.uk:
# https://www.gov.uk/late-commercial-payments-interest-debt-recovery/charging-interest-commercial-debt
# Statutory interest is 8% a year plus the Bank of England base rate, on the amount owed,
# from the day after payment was due; fixed compensation is £40 for debts under £1,000,
# £70 for £1,000 to £9,999.99 and £100 for £10,000 or more. It applies between businesses
# (councils and the NHS included), never to individuals.
STATUTORY_INTEREST_OVER_BASE = Decimal(8)


@dataclass(frozen=True)
class LateClaim:
    days: int
    interest_pence: int
    compensation_pence: int
    statement: str


def fixed_compensation(owed_pence: int) -> int:
    if owed_pence < 100_000:
        return 4_000
    if owed_pence < 1_000_000:
        return 7_000
    return 10_000


def late_payment_claim(
    invoice_id: int, base_rate_percent: Decimal, today: date | None = None
) -> LateClaim | None:
    """Interest and compensation a business payer owes on an overdue invoice; None otherwise."""
    today = today or clock.today()
    summary = summary_of(invoice_id, today)
    if summary.payer_kind not in BUSINESS_PAYERS or summary.status != "overdue":
        return None
    if base_rate_percent < 0:
        raise UserError("The Bank of England base rate cannot be negative.")
    yearly = STATUTORY_INTEREST_OVER_BASE + base_rate_percent
    owed = summary.balance_pence
    interest = round_half_up(Fraction(owed) * Fraction(yearly) / 100 * summary.days_overdue / 365)
    compensation = fixed_compensation(owed)
    statement = (
        f"Invoice {summary.number} was due on {format_date(summary.due_date)} and is "
        f"{summary.days_overdue} days overdue. Under the Late Payment of Commercial Debts "
        f"(Interest) Act 1998 we may claim statutory interest at {yearly}% a year "
        f"(8% over the Bank of England base rate of {base_rate_percent}%): "
        f"{format_money(interest)} so far, and fixed compensation of {format_money(compensation)}."
    )
    return LateClaim(summary.days_overdue, interest, compensation, statement)
