"""Invoices and credit notes as PDFs: what each document says, and writing them in batches."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path

from peewee import fn

from microbiz.foundations import clock
from microbiz.foundations.business import require_business
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Payment
from microbiz.foundations.money import format_money
from microbiz.invoicing.invoice_pdf import DocumentLine
from microbiz.invoicing.invoice_pdf import InvoiceDocument
from microbiz.invoicing.invoice_pdf import Party
from microbiz.invoicing.invoice_pdf import write_invoice_pdf
from microbiz.invoicing.invoices import check_issue_date
from microbiz.invoicing.invoices import describe_price
from microbiz.invoicing.invoices import describe_quantity
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import summarised
from microbiz.invoicing.pdf_batch import write_batch
from microbiz.invoicing.readiness import check_ready

Progress = Callable[[int, int], None]


def seller_of(business: Business) -> Party:
    return Party(
        name=business.trading_name,
        address=business.address,
        postcode=business.postcode,
        email=business.email,
        phone=business.phone,
        owner=business.owner_name,
    )


def payer_party(invoice: Invoice) -> Party:
    return Party(
        name=invoice.payer_name,
        address=invoice.payer_address,
        postcode=invoice.payer_postcode,
        email=invoice.payer_email,
    )


def document_lines(invoice: Invoice) -> list[DocumentLine]:
    return _lines_of([invoice.id])[invoice.id]


def _lines_of(invoice_ids: Sequence[int]) -> dict[int, list[DocumentLine]]:
    """Each invoice's lines as printed, in their order, read in one query."""
    query = (
        InvoiceLine.select(
            InvoiceLine.invoice,
            InvoiceLine.description,
            InvoiceLine.quantity,
            InvoiceLine.unit,
            InvoiceLine.unit_price_pence,
            InvoiceLine.amount_pence,
            InvoiceLine.section,
        )
        .where(InvoiceLine.invoice.in_(invoice_ids))
        .order_by(InvoiceLine.invoice, InvoiceLine.position)
    )
    lines: dict[int, list[DocumentLine]] = {invoice_id: [] for invoice_id in invoice_ids}
    for line in query.namedtuples():  # the fields `describe_*` read, without making models
        lines[line.invoice].append(
            DocumentLine(
                line.description,
                describe_quantity(line),
                describe_price(line),
                line.amount_pence,
                line.section,
            )
        )
    return lines


def invoice_documents(
    invoice_ids: Sequence[int], today: date | None = None
) -> list[InvoiceDocument]:
    """Everything each issued invoice shows, as it was issued, with payments to `today`:
    read in four queries however many there are (up to SQLite's 32,766 ids)."""
    found = {row.id: (row, summary) for row, summary in summarised(invoice_ids, today)}
    for invoice_id in invoice_ids:
        if invoice_id not in found:
            raise UserError(f"There is no invoice number {invoice_id}.")
        if not found[invoice_id][0].issued:
            raise UserError("Only an issued invoice can be printed; issue the draft first.")
    business = require_business()
    lines = _lines_of(invoice_ids)
    last_paid = _last_paid(invoice_ids)
    return [
        _document(*found[invoice_id], business, lines[invoice_id], last_paid.get(invoice_id))
        for invoice_id in invoice_ids
    ]


def _document(
    invoice: Invoice,
    summary: InvoiceSummary,
    business: Business,
    lines: list[DocumentLine],
    last_paid: date | None,
) -> InvoiceDocument:
    paid = summary.status == "paid"
    return InvoiceDocument(
        kind="Invoice",
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        period=(invoice.period_start, invoice.period_end),
        seller=seller_of(business),
        payer=payer_party(invoice),
        payer_reference=invoice.payer_reference,
        client_label=invoice.client_label,
        lines=lines,
        total_pence=invoice.total_pence,
        paid_pence=summary.paid_pence,
        credited_pence=summary.credited_pence,
        balance_pence=summary.balance_pence,
        payment_terms=_paid_words(last_paid) if paid else _terms(invoice),
        bank_details=[] if paid else _bank_details(business, invoice.number),
        note=invoice.note,
    )


def _last_paid(invoice_ids: Sequence[int]) -> dict[int, date]:
    """The day of each invoice's last payment, for those with payments."""
    query = (
        Payment.select(Payment.invoice, fn.MAX(Payment.paid_on))
        .where(Payment.invoice.in_(invoice_ids))
        .group_by(Payment.invoice)
    )
    return dict(query.tuples())


def _paid_words(last: date | None) -> str:
    """'Paid, thank you (in full on 03/12/2026).'"""
    when = f" (in full on {format_date(last)})" if last else ""
    return f"Paid, thank you{when}."


def _terms(invoice: Invoice) -> str:
    days = (invoice.due_date - invoice.issue_date).days
    if days == 0:
        return f"Payment is due on receipt, by {format_date(invoice.due_date)}."
    return f"Please pay within {days} days, by {format_date(invoice.due_date)}."


def _bank_details(business: Business, reference: str) -> list[tuple[str, str]]:
    pairs = [
        ("Account name", business.bank_account_name),
        ("Sort code", business.bank_sort_code),
        ("Account number", business.bank_account_number),
    ]
    found = [(label, value) for label, value in pairs if value]
    if business.payment_instructions.strip():
        found.append(("Instructions", business.payment_instructions.strip()))
    return [*found, ("Reference", reference)] if found else []


def credit_note_document(credit_note_id: int) -> InvoiceDocument:
    note = CreditNote.get_or_none(CreditNote.id == credit_note_id)
    if note is None:
        raise UserError(f"There is no credit note number {credit_note_id}.")
    invoice = note.invoice
    return InvoiceDocument(
        kind="Credit note",
        number=note.number,
        issue_date=note.issue_date,
        seller=seller_of(require_business()),
        payer=payer_party(invoice),
        payer_reference=invoice.payer_reference,
        client_label=invoice.client_label,
        lines=[
            DocumentLine(
                f"Credit against invoice {invoice.number}",
                "1",
                format_money(note.amount_pence),
                note.amount_pence,
            )
        ],
        total_pence=note.amount_pence,
        credits_number=invoice.number,
        credits=(
            f"This credit note is against invoice {invoice.number} "
            f"of {format_date(invoice.issue_date)}."
        ),
        reason=note.reason,
    )


def write_invoice(invoice_id: int, folder: Path) -> Path:
    """Write an issued invoice to FOLDER/NUMBER.pdf."""
    return _write_issued([invoice_id], folder, today=None)[0]


def _write_issued(invoice_ids: Sequence[int], folder: Path, today: date | None) -> list[Path]:
    """Write issued invoices, with their payments as of `today`, to FOLDER/NUMBER.pdf."""
    return [
        write_invoice_pdf(document, folder / f"{_file_name(document.number)}.pdf")
        for document in invoice_documents(invoice_ids, today)
    ]


def write_credit_note(credit_note_id: int, folder: Path) -> Path:
    document = credit_note_document(credit_note_id)
    return write_invoice_pdf(document, folder / f"{_file_name(document.number)}.pdf")


def _file_name(number: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in number)


def write_invoices(
    invoice_ids: list[int], folder: Path, progress: Progress | None = None
) -> list[Path]:
    """Write each issued invoice's PDF into `folder`, reporting progress as they are done (a
    few at a time: a large batch is shared among the machine's cores)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_some = partial(_write_issued, folder=folder, today=clock.today())
    return write_batch(write_some, invoice_ids, progress or _ignore)


def issue_and_write(
    invoice_ids: list[int],
    issue_date: date,
    folder: Path,
    progress: Progress | None = None,
    date_confirmed: bool = False,
) -> list[Path]:
    """Month end: issue every draft (numbers in the order given), then write their PDFs.

    Nothing is issued while anything an invoice needs is missing (NotReady). Each invoice
    is issued in its own transaction, so a failure part-way leaves the ones before it issued
    and numbered without a gap, and the rest as drafts.
    """
    check_issue_date(issue_date, date_confirmed)
    check_ready(get_invoice(invoice_id) for invoice_id in invoice_ids)
    steps = len(invoice_ids) * 2
    report = progress or _ignore
    for done, invoice_id in enumerate(invoice_ids, start=1):
        issue_invoice(invoice_id, issue_date, date_confirmed)
        report(done, steps)
    return write_invoices(
        invoice_ids, folder, lambda done, _: report(len(invoice_ids) + done, steps)
    )


def _ignore(done: int, total: int) -> None:
    """Progress nobody is watching."""
