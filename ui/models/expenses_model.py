"""The expenses list: one row per expense from `expenses_between`, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.dates import format_date
from microbiz.expenses import CATEGORY_LABELS
from microbiz.expenses import NOT_ALLOWABLE
from microbiz.expenses import expenses_between
from microbiz.models import Expense
from microbiz.money import format_money

DATE, DESCRIPTION, SUPPLIER, CATEGORY, CLIENT, AMOUNT, PAID, RECEIPT = range(8)
HEADERS = (
    "Date",
    "Description",
    "Supplier",
    "Category",
    "Client",
    "Amount",
    "Date paid",
    "Receipt",
)
HEADER_TIPS = {
    DATE: "The day you spent the money",
    CATEGORY: "The tax return line the expense is added into",
    CLIENT: "The client the expense was for, if any",
    PAID: "The day it was paid: tax counts it then (cash basis)",
    RECEIPT: "Whether Microbiz keeps a photo or scan of the receipt",
}
NUMBER_COLUMNS = (AMOUNT,)
LONG_COLUMNS = (DESCRIPTION, SUPPLIER, CATEGORY, CLIENT)
SORT_ROLE = Qt.ItemDataRole.UserRole
HAS_RECEIPT = "Yes"
NO_RECEIPT = "—"
NOT_ALLOWABLE_NOTE = " (not allowable)"

Index = QModelIndex | QPersistentModelIndex


def expenses_count(count: int) -> str:
    return "1 expense" if count == 1 else f"{count:,} expenses"


def client_name(expense: Expense) -> str:
    return expense.client.name if expense.client_id else ""


def category_words(category: str) -> str:
    """The category as the tax return names it; depreciation says it is not allowable."""
    label = CATEGORY_LABELS.get(category, category)
    return label + NOT_ALLOWABLE_NOTE if category in NOT_ALLOWABLE else label


def expense_words(expense: Expense) -> str:
    """'Mobile phone contract, £18.00 on 01/11/2026'."""
    return (
        f"{expense.description}, {format_money(expense.amount_pence)} "
        f"on {format_date(expense.spent_on)}"
    )


def totals_line(expenses: Sequence[Expense]) -> str:
    """'24 expenses shown, £1,234.56 in all · 3 without a receipt'."""
    if not expenses:
        return ""
    total = sum(expense.amount_pence for expense in expenses)
    parts = [f"{expenses_count(len(expenses))} shown, {format_money(total)} in all"]
    missing = sum(not expense.receipt_stored_name for expense in expenses)
    if missing:
        parts.append(f"{missing:,} without a receipt")
    return " · ".join(parts)


def shown_values(expense: Expense) -> tuple[str, ...]:
    return (
        format_date(expense.spent_on),
        " ".join(expense.description.split()),
        expense.supplier,
        category_words(expense.category),
        client_name(expense),
        format_money(expense.amount_pence),
        format_date(expense.paid_on or expense.spent_on),
        HAS_RECEIPT if expense.receipt_stored_name else NO_RECEIPT,
    )


def sort_keys(expense: Expense) -> tuple[str | int, ...]:
    return (
        expense.spent_on.toordinal(),
        expense.description.casefold(),
        expense.supplier.casefold(),
        CATEGORY_LABELS.get(expense.category, expense.category).casefold(),
        client_name(expense).casefold(),
        expense.amount_pence,
        (expense.paid_on or expense.spent_on).toordinal(),
        1 if expense.receipt_stored_name else 0,
    )


def accessible_values(expense: Expense) -> tuple[str, ...]:
    """As shown, but the receipt column in words a screen reader can say."""
    shown = shown_values(expense)
    receipt = "Receipt kept" if expense.receipt_stored_name else "No receipt"
    return (*shown[:RECEIPT], receipt)


class ExpensesTableModel(QAbstractTableModel):
    """Expenses spent in a period, of a category, matching some words; newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Expense] = []
        self._shown: list[tuple[str, ...]] = []
        self._spoken: list[tuple[str, ...]] = []
        self._keys: list[tuple[str | int, ...]] = []

    def refresh(
        self,
        first: date | None = None,
        last: date | None = None,
        category: str = "",
        text: str = "",
    ) -> None:
        rows = expenses_between(first, last, category or "", text)
        self.beginResetModel()
        self._rows = rows
        self._shown = [shown_values(row) for row in rows]
        self._spoken = [accessible_values(row) for row in rows]
        self._keys = [sort_keys(row) for row in rows]
        self.endResetModel()

    def expenses(self) -> list[Expense]:
        return list(self._rows)

    def expense(self, row: int) -> Expense:
        return self._rows[row]

    def row_of(self, expense_id: int) -> int | None:
        """The row showing this expense, or None when the filters hide it."""
        for row, expense in enumerate(self._rows):
            if expense.id == expense_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown[row][column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken[row][column]
        if role == SORT_ROLE:
            return self._keys[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == RECEIPT:
                name = self._rows[row].receipt_original_name
                return f"Receipt: {name}" if name else "No receipt kept"
            return self._shown[row][column] if column in LONG_COLUMNS else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
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
