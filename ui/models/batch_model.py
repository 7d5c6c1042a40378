"""The invoices a month-end run made: number (once issued), client, payer, lines and total."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.invoicing import get_invoice
from microbiz.money import format_money
from ui.models.invoices_model import DRAFT

NUMBER, CLIENT, PAYER, LINES, TOTAL = range(5)
HEADERS = ("Number", "Client", "Payer", "Lines", "Total")
NUMBER_COLUMNS = (LINES, TOTAL)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BatchRow:
    invoice_id: int
    issued: bool
    total_pence: int
    shown: tuple[str, ...]


def batch_row(invoice_id: int) -> BatchRow:
    invoice = get_invoice(invoice_id)
    lines = invoice.lines.count()
    shown = (
        invoice.number if invoice.issued else DRAFT,
        invoice.client.name,
        invoice.payer_name,
        str(lines),
        format_money(invoice.total_pence),
    )
    return BatchRow(invoice.id, invoice.issued, invoice.total_pence, shown)


class BatchTableModel(QAbstractTableModel):
    """The batch's invoices, read again from the core on each refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._rows: list[BatchRow] = []

    def set_invoices(self, invoice_ids: list[int]) -> None:
        self._ids = list(invoice_ids)
        self.refresh()

    def refresh(self) -> None:
        rows = [batch_row(invoice_id) for invoice_id in self._ids]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def invoice_ids(self) -> list[int]:
        return list(self._ids)

    def draft_ids(self) -> list[int]:
        return [row.invoice_id for row in self._rows if not row.issued]

    def issued_ids(self) -> list[int]:
        return [row.invoice_id for row in self._rows if row.issued]

    def total_pence(self, issued_only: bool = False) -> int:
        return sum(row.total_pence for row in self._rows if row.issued or not issued_only)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()].shown[index.column()]
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
