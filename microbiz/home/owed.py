"""Money owed on issued invoices, by payer: what is overdue and what is not yet due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microbiz.foundations.models import Invoice
from microbiz.hours.billing import credited_pence
from microbiz.invoicing.payments import invoice_status
from microbiz.invoicing.payments import paid_pence

NO_PAYER = "No payer named"


@dataclass(frozen=True)
class OwedInvoice:
    """An issued invoice with something still to pay."""

    invoice_id: int
    number: str
    due_date: date | None
    balance_pence: int
    overdue: bool


@dataclass(frozen=True)
class PayerOwed:
    """What one payer owes, their invoices oldest due first."""

    payer_name: str
    invoices: list[OwedInvoice]

    @property
    def overdue_pence(self) -> int:
        return sum(i.balance_pence for i in self.invoices if i.overdue)

    @property
    def not_due_pence(self) -> int:
        return sum(i.balance_pence for i in self.invoices if not i.overdue)

    @property
    def total_pence(self) -> int:
        return self.overdue_pence + self.not_due_pence

    @property
    def oldest(self) -> OwedInvoice:
        """The invoice a payment most likely settles: the one due first."""
        return self.invoices[0]


def owed_by_payer(today: date) -> list[PayerOwed]:
    """Payers with money owed, the most overdue first; one query however many invoices."""
    paid = paid_pence(Invoice.id)
    credited = credited_pence(Invoice.id)
    rows = (
        Invoice.select(
            Invoice.id,
            Invoice.number,
            Invoice.payer_name,
            Invoice.due_date,
            Invoice.total_pence,
            paid.alias("paid"),
            credited.alias("credited"),
        )
        .where(Invoice.issued == True, Invoice.total_pence - paid - credited > 0)  # noqa: E712
        .order_by(Invoice.due_date, Invoice.number)
        .objects()
    )
    by_payer: dict[str, list[OwedInvoice]] = {}
    for row in rows:
        status = invoice_status(True, row.total_pence, row.paid, row.credited, row.due_date, today)
        owed = OwedInvoice(
            invoice_id=row.id,
            number=row.number,
            due_date=row.due_date,
            balance_pence=row.total_pence - row.paid - row.credited,
            overdue=status == "overdue",
        )
        by_payer.setdefault(row.payer_name.strip() or NO_PAYER, []).append(owed)
    payers = [PayerOwed(name, invoices) for name, invoices in by_payer.items()]
    return sorted(payers, key=lambda p: (-p.overdue_pence, -p.total_pence, p.payer_name))
