"""A draft's lines: what each is for, how many, at what price, and the amount."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.invoicing import describe_price
from microbiz.invoicing import describe_quantity
from microbiz.invoicing import get_invoice
from microbiz.models import InvoiceLine
from microbiz.money import format_money

DESCRIPTION, QUANTITY, PRICE, AMOUNT = range(4)
HEADERS = ("Description", "Quantity", "Unit price", "Amount")
NUMBER_COLUMNS = (QUANTITY, PRICE, AMOUNT)

Index = QModelIndex | QPersistentModelIndex


def line_values(line: InvoiceLine) -> tuple[str, ...]:
    return (
        line.description,
        describe_quantity(line),
        describe_price(line),
        format_money(line.amount_pence),
    )


class InvoiceLinesModel(QAbstractTableModel):
    """The lines of one invoice, in their printed order."""

    def __init__(self, invoice_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._lines: list[InvoiceLine] = []
        self._shown: list[tuple[str, ...]] = []

    def refresh(self) -> None:
        lines = sorted(get_invoice(self._invoice_id).lines, key=lambda line: line.position)
        self.beginResetModel()
        self._lines = lines
        self._shown = [line_values(line) for line in lines]
        self.endResetModel()

    def id_of(self, row: int) -> int:
        return self._lines[row].id

    def row_of(self, line_id: int) -> int | None:
        for row, line in enumerate(self._lines):
            if line.id == line_id:
                return row
        return None

    def line(self, row: int) -> InvoiceLine:
        return self._lines[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._shown[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DESCRIPTION:
            return self._shown[index.row()][DESCRIPTION]
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
