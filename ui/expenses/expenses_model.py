"""The expenses list: one row per expense from `expenses_between`, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Expense
from microbiz.foundations.money import format_money
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import NOT_ALLOWABLE
from microbiz.tax.expenses import expenses_between
from ui.common.table_model import TextTableModel

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


class ExpensesTableModel(TextTableModel):
    """Expenses spent in a period, of a category, matching some words; newest first."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Expense] = []

    def refresh(
        self,
        first: date | None = None,
        last: date | None = None,
        category: str = "",
        text: str = "",
    ) -> None:
        rows = expenses_between(first, last, category or "", text)
        self._rows = rows
        self.set_rows(
            [shown_values(row) for row in rows],
            spoken=[accessible_values(row) for row in rows],
            keys=[sort_keys(row) for row in rows],
            ids=[row.id for row in rows],
        )

    def expenses(self) -> list[Expense]:
        return list(self._rows)

    def expense(self, row: int) -> Expense:
        return self._rows[row]

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The receipt column's tool tip names the file kept."""
        if role == Qt.ItemDataRole.ToolTipRole and column == RECEIPT:
            name = self._rows[row].receipt_original_name
            return f"Receipt: {name}" if name else "No receipt kept"
        return None
