"""The payments recorded against one invoice, oldest first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.dates import format_date
from microbiz.models import PAYMENT_METHODS
from microbiz.models import Payment
from microbiz.money import format_money
from microbiz.payments import payments_of

PAID_ON, AMOUNT, METHOD, REFERENCE = range(4)
HEADERS = ("Date paid", "Amount", "Paid by", "Reference")
NUMBER_COLUMNS = (AMOUNT,)

Index = QModelIndex | QPersistentModelIndex


def payment_values(payment: Payment) -> tuple[str, ...]:
    return (
        format_date(payment.paid_on),
        format_money(payment.amount_pence),
        PAYMENT_METHODS.get(payment.method, payment.method),
        payment.reference,
    )


class PaymentsTableModel(QAbstractTableModel):
    def __init__(self, invoice_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._payments: list[Payment] = []
        self._shown: list[tuple[str, ...]] = []

    def refresh(self) -> None:
        payments = payments_of(self._invoice_id)
        self.beginResetModel()
        self._payments = payments
        self._shown = [payment_values(payment) for payment in payments]
        self.endResetModel()

    def id_of(self, row: int) -> int:
        return self._payments[row].id

    def payment(self, row: int) -> Payment:
        return self._payments[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._payments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._payments):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._shown[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
