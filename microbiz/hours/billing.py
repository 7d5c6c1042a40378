"""Which visits are billed: on an invoice (draft or issued) that is not fully credited."""

from __future__ import annotations

import peewee

from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import InvoiceVisit
from microbiz.foundations.models import Visit


def credited_pence(invoice: Invoice | peewee.Expression) -> peewee.SelectQuery:
    """The amount credited against an invoice, as a subquery."""
    return CreditNote.select(peewee.fn.COALESCE(peewee.fn.SUM(CreditNote.amount_pence), 0)).where(
        CreditNote.invoice == invoice
    )


def live_invoices() -> peewee.Expression:
    """A condition on Invoice: not fully credited."""
    credited = credited_pence(Invoice.id)
    return (credited == 0) | (Invoice.total_pence > credited)


def is_billed(visit: Visit | peewee.Expression) -> peewee.Expression:
    """A condition on Visit: some live invoice bills it (uses the index on the visit)."""
    billing = (
        InvoiceVisit.select(InvoiceVisit.id)
        .join(InvoiceLine)
        .join(Invoice)
        .where(InvoiceVisit.visit == visit, live_invoices())
    )
    return peewee.fn.EXISTS(billing)


def invoice_billing(visit_id: int) -> Invoice | None:
    """The live invoice a visit is on, if any."""
    return (
        Invoice.select()
        .join(InvoiceLine)
        .join(InvoiceVisit)
        .where(InvoiceVisit.visit == visit_id, live_invoices())
        .first()
    )
