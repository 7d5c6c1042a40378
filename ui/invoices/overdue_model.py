"""Who owes money on overdue invoices: one row per payer from `overdue_by_payer`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import PayerDebt
from microbiz.invoicing.payments import overdue_by_payer
from ui.common.table_model import TextTableModel
from ui.invoices.invoices_model import days_text

PAYER, INVOICES, OWED, LONGEST = range(4)
HEADERS = ("Payer", "Overdue invoices", "Owed", "Longest overdue")
HEADER_TIPS = {
    OWED: "What the payer still owes on their overdue invoices",
    LONGEST: "How long the oldest of them is past its due date",
}
NUMBER_COLUMNS = (INVOICES, OWED, LONGEST)


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


class OverdueTableModel(TextTableModel):
    """Payers with overdue invoices, the most owed first."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._debts: list[PayerDebt] = []

    def refresh(self, today: date | None = None) -> None:
        debts = overdue_by_payer(today)
        self._debts = debts
        self.set_rows([debt_values(debt) for debt in debts])

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

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The payer's tool tip lists their overdue invoices."""
        if role == Qt.ItemDataRole.ToolTipRole and column == PAYER:
            numbers = ", ".join(summary.number for summary in self._debts[row].invoices)
            return f"{self._shown[row][PAYER]}: {numbers}"
        return None
