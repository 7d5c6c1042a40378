"""The expenses list, newest first, a page at a time from `expense_page`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Expense
from microbiz.foundations.money import format_money
from microbiz.foundations.paging import capped_count
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import NOT_ALLOWABLE
from microbiz.tax.expenses import ExpenseTotals
from microbiz.tax.expenses import chosen_expenses
from microbiz.tax.expenses import expense_listed
from microbiz.tax.expenses import expense_page
from microbiz.tax.expenses import expense_totals
from ui.common.paged_model import PagedTableModel

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
# What each column sorts by: the names `EXPENSE_SORTS` gives the SQL for.
SORTS = {
    DATE: "date",
    DESCRIPTION: "description",
    SUPPLIER: "supplier",
    CATEGORY: "category",
    CLIENT: "client",
    AMOUNT: "amount",
    PAID: "paid",
    RECEIPT: "receipt",
}
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


def totals_line(totals: ExpenseTotals) -> str:
    """'24 expenses shown, £1,234.56 in all · 3 without a receipt'."""
    if not totals.count:
        return ""
    parts = [f"{expenses_count(totals.count)} shown, {format_money(totals.amount_pence)} in all"]
    if totals.without_receipt:
        parts.append(f"{totals.without_receipt:,} without a receipt")
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


def accessible_values(expense: Expense) -> tuple[str, ...]:
    """As shown, but the receipt column in words a screen reader can say."""
    shown = shown_values(expense)
    receipt = "Receipt kept" if expense.receipt_stored_name else "No receipt"
    return (*shown[:RECEIPT], receipt)


class ExpensesTableModel(PagedTableModel[Expense]):
    """Expenses spent in a period, of a category, matching some words; newest first.

    Read a page at a time as the list scrolls, in the order of a clicked heading if any;
    the totals are added up by the database.
    """

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS
    sorts = SORTS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen: tuple[date | None, date | None, str, str] = (None, None, "", "")

    def refresh(
        self,
        first: date | None = None,
        last: date | None = None,
        category: str = "",
        text: str = "",
    ) -> None:
        """Count the matching expenses and read the first page."""
        self._chosen = (first, last, category or "", text)
        self.start(capped_count(chosen_expenses(*self._chosen), self.most_counted))

    def expenses(self) -> ExpenseTotals:
        """Every matching expense added up, loaded or not: what `totals_line` says."""
        return expense_totals(*self._chosen)

    def expense(self, row: int) -> Expense:
        return self.item(row)

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The receipt column's tool tip names the file kept."""
        if role == Qt.ItemDataRole.ToolTipRole and column == RECEIPT:
            name = self.item(row).receipt_original_name
            return f"Receipt: {name}" if name else "No receipt kept"
        return None

    def _read(self, offset: int, size: int) -> list[Expense]:
        return expense_page(*self._chosen, offset, size, *self._sorting)

    def _lists(self, item_id: int) -> bool:
        return expense_listed(item_id, *self._chosen)

    def _prepare(self, item: Expense) -> tuple:
        return shown_values(item), accessible_values(item), item.id
