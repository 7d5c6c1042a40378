"""The payments recorded against one invoice, oldest first."""

from __future__ import annotations

from PySide6.QtCore import QObject

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import Payment
from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import payments_of
from ui.common.table_model import TextTableModel

PAID_ON, AMOUNT, METHOD, REFERENCE = range(4)
HEADERS = ("Date paid", "Amount", "Paid by", "Reference")
NUMBER_COLUMNS = (AMOUNT,)


def payment_values(payment: Payment) -> tuple[str, ...]:
    return (
        format_date(payment.paid_on),
        format_money(payment.amount_pence),
        PAYMENT_METHODS.get(payment.method, payment.method),
        payment.reference,
    )


class PaymentsTableModel(TextTableModel):
    headers = HEADERS
    number_columns = NUMBER_COLUMNS

    def __init__(self, invoice_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._payments: list[Payment] = []

    def refresh(self) -> None:
        payments = payments_of(self._invoice_id)
        self._payments = payments
        self.set_rows(
            [payment_values(payment) for payment in payments],
            ids=[payment.id for payment in payments],
        )

    def payment(self, row: int) -> Payment:
        return self._payments[row]
