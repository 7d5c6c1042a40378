"""Who owes money on overdue invoices: one row per payer from `overdue_by_payer`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.money import format_money
from microbiz.payments import PayerDebt
from microbiz.payments import overdue_by_payer
from ui.models.invoices_model import days_text

PAYER, INVOICES, OWED, LONGEST = range(4)
HEADERS = ("Payer", "Overdue invoices", "Owed", "Longest overdue")
HEADER_TIPS = {
    OWED: "What the payer still owes on their overdue invoices",
    LONGEST: "How long the oldest of them is past its due date",
}
NUMBER_COLUMNS = (INVOICES, OWED, LONGEST)

Index = QModelIndex | QPersistentModelIndex


def payers_count(count: int) -> str:
    return "1 payer" if count == 1 else f"{count:,} payers"


def debt_values(debt: PayerDebt) -> tuple[str, ...]:
    longest = max(summary.days_overdue for summary in debt.invoices)
    return (
        debt.payer_name,
        str(len(debt.invoices)),
        format_money(debt.owed_pence),
        days_text(longest),
    )


class OverdueTableModel(QAbstractTableModel):
    """Payers with overdue invoices, the most owed first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._debts: list[PayerDebt] = []
        self._shown: list[tuple[str, ...]] = []

    def refresh(self, today: date | None = None) -> None:
        debts = overdue_by_payer(today)
        self.beginResetModel()
        self._debts = debts
        self._shown = [debt_values(debt) for debt in debts]
        self.endResetModel()

    def debt(self, row: int) -> PayerDebt:
        return self._debts[row]

    def owed_pence(self) -> int:
        return sum(debt.owed_pence for debt in self._debts)

    def headline(self) -> str:
        """'Overdue: £1,050.00 owed by 3 payers', or that nothing is overdue."""
        if not self._debts:
            return "Nothing is overdue."
        return (
            f"Overdue: {format_money(self.owed_pence())} owed by {payers_count(len(self._debts))}"
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._debts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._debts):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._shown[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == PAYER:
            numbers = ", ".join(summary.number for summary in self._debts[index.row()].invoices)
            return f"{self._shown[index.row()][PAYER]}: {numbers}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section, HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
