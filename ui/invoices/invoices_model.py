"""The invoices list: one row per invoice from `list_invoices`, status always in words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import list_invoices
from ui.common.table_model import TextTableModel

NUMBER, CLIENT, PAYER, ISSUED, DUE, TOTAL, PAID, BALANCE, STATUS = range(9)
HEADERS = ("Number", "Client", "Payer", "Issued", "Due", "Total", "Paid", "Balance", "Status")
HEADER_TIPS = {
    PAYER: "Who the invoice is sent to",
    TOTAL: "What the invoice asks for",
    PAID: "Payments recorded so far",
    BALANCE: "Still owed, after payments and credit notes",
}
NUMBER_COLUMNS = (TOTAL, PAID, BALANCE)
LONG_COLUMNS = (CLIENT, PAYER, STATUS)
# Overdue rows say so in words; these columns are also bold, for a quick look down the list.
STRONG_COLUMNS = (BALANCE, STATUS)
SORT_ROLE = Qt.ItemDataRole.UserRole
DRAFT = "Draft"
# Statuses that still have money owed on them.
OWING = ("issued", "part_paid", "overdue")


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days:,} days"


def status_words(summary: InvoiceSummary) -> str:
    """'Paid', 'Part-paid', or 'Overdue, 12 days': never a colour alone.

    When more was paid than is now owed (a credit note after payment), says so:
    'Credited, £144.00 to pay back'.
    """
    label = INVOICE_STATUSES.get(summary.status, summary.status)
    if summary.status == "overdue":
        return f"{label}, {days_text(summary.days_overdue)}"
    if summary.status != "draft" and summary.balance_pence < 0:
        return f"{label}, {format_money(-summary.balance_pence)} to pay back"
    return label


def owed_pence(summary: InvoiceSummary) -> int:
    """What is still to be paid on an issued invoice; nothing for drafts and settled ones."""
    return max(summary.balance_pence, 0) if summary.status in OWING else 0


def invoices_count(count: int) -> str:
    return "1 invoice" if count == 1 else f"{count:,} invoices"


def drafts_count(count: int) -> str:
    return "1 draft" if count == 1 else f"{count:,} drafts"


def totals_line(summaries: Sequence[InvoiceSummary]) -> str:
    """'12 invoices · £4,210.00 invoiced · £1,050.00 owed', with drafts said apart.

    Invoiced is after credit notes; drafts are not invoiced until they are issued.
    """
    issued = [s for s in summaries if s.status != "draft"]
    drafts = [s for s in summaries if s.status == "draft"]
    parts = []
    if issued:
        invoiced = sum(s.total_pence - s.credited_pence for s in issued)
        owed = sum(owed_pence(s) for s in issued)
        parts += [
            invoices_count(len(issued)),
            f"{format_money(invoiced)} invoiced",
            f"{format_money(owed)} owed",
        ]
    if drafts:
        waiting = format_money(sum(s.total_pence for s in drafts))
        verb = "is" if len(drafts) == 1 else "are"
        parts.append(f"{drafts_count(len(drafts))} ({waiting}) {verb} not issued yet")
    return " · ".join(parts)


def shown_values(summary: InvoiceSummary) -> tuple[str, ...]:
    """What each column shows for one invoice; a draft has no dates or payments yet."""
    is_draft = summary.status == "draft"
    return (
        DRAFT if is_draft else summary.number,
        summary.client_name,
        summary.payer_name,
        format_date(summary.issue_date),
        format_date(summary.due_date),
        format_money(summary.total_pence),
        "" if is_draft else format_money(summary.paid_pence),
        "" if is_draft else format_money(summary.balance_pence),
        status_words(summary),
    )


def sort_keys(summary: InvoiceSummary) -> tuple[str | int, ...]:
    """Plain strings and numbers to sort each column by; drafts come first by number."""
    statuses = list(INVOICE_STATUSES)
    status = statuses.index(summary.status) if summary.status in statuses else len(statuses)
    is_draft = summary.status == "draft"
    return (
        "" if is_draft else summary.number,
        summary.client_name.casefold(),
        summary.payer_name.casefold(),
        (summary.issue_date or date.max).toordinal(),
        (summary.due_date or date.max).toordinal(),
        summary.total_pence,
        -1 if is_draft else summary.paid_pence,
        -1 if is_draft else summary.balance_pence,
        status * 100_000 + summary.days_overdue,
    )


def row_tip(summary: InvoiceSummary) -> str:
    """'INV-0003 for Margaret Brown, 01/11/2026 to 30/11/2026'."""
    name = "Draft" if summary.status == "draft" else summary.number
    period = f"{format_date(summary.period_start)} to {format_date(summary.period_end)}"
    return f"{name} for {summary.client_name}, {period}"


class InvoicesTableModel(TextTableModel):
    """Invoices matching a status and client, drafts first, then the newest issued."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoiceSummary] = []

    def refresh(
        self, status: str | None = None, client_id: int | None = None, today: date | None = None
    ) -> None:
        rows = list_invoices(status or None, today, client_id)
        self._rows = rows
        self.set_rows(
            [shown_values(row) for row in rows],
            keys=[sort_keys(row) for row in rows],
            ids=[row.id for row in rows],
        )

    def summaries(self) -> list[InvoiceSummary]:
        return list(self._rows)

    def summary(self, row: int) -> InvoiceSummary:
        return self._rows[row]

    def invoice_id(self, row: int) -> int:
        return self._rows[row].id

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The Number column's tool tip says what the invoice is for; overdue is bold."""
        if role == Qt.ItemDataRole.ToolTipRole and column == NUMBER:
            return row_tip(self._rows[row])
        if role == Qt.ItemDataRole.FontRole and column in STRONG_COLUMNS:
            return _bold() if self._rows[row].status == "overdue" else None
        return None


def _bold() -> QFont:
    """The application's own font, in bold."""
    font = QFont()
    font.setBold(True)
    return font
