"""The invoices list, a page at a time from `invoice_page`, status always in words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import OWING  # noqa: F401  (the invoices page reads it here)
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import InvoiceTotals
from microbiz.invoicing.payments import count_invoices
from microbiz.invoicing.payments import invoice_listed
from microbiz.invoicing.payments import invoice_page
from microbiz.invoicing.payments import invoice_totals
from ui.common.paged_model import PagedTableModel

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
# What each column sorts by: the names `invoice_sorts` gives the SQL for.
SORTS = {
    NUMBER: "number",
    CLIENT: "client",
    PAYER: "payer",
    ISSUED: "issued",
    DUE: "due",
    TOTAL: "total",
    PAID: "paid",
    BALANCE: "balance",
    STATUS: "status",
}
DRAFT = "Draft"


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


def invoices_count(count: int) -> str:
    return "1 invoice" if count == 1 else f"{count:,} invoices"


def drafts_count(count: int) -> str:
    return "1 draft" if count == 1 else f"{count:,} drafts"


def totals_line(totals: InvoiceTotals) -> str:
    """'12 invoices · £4,210.00 invoiced · £1,050.00 owed', with drafts said apart.

    Invoiced is after credit notes; drafts are not invoiced until they are issued.
    """
    parts = []
    if totals.issued:
        parts += [
            invoices_count(totals.issued),
            f"{format_money(totals.invoiced_pence)} invoiced",
            f"{format_money(totals.owed_pence)} owed",
        ]
    if totals.drafts:
        verb = "is" if totals.drafts == 1 else "are"
        waiting = format_money(totals.drafts_pence)
        parts.append(f"{drafts_count(totals.drafts)} ({waiting}) {verb} not issued yet")
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


def row_tip(summary: InvoiceSummary) -> str:
    """'INV-0003 for Margaret Brown, 01/11/2026 to 30/11/2026'."""
    name = "Draft" if summary.status == "draft" else summary.number
    period = f"{format_date(summary.period_start)} to {format_date(summary.period_end)}"
    return f"{name} for {summary.client_name}, {period}"


class InvoicesTableModel(PagedTableModel[InvoiceSummary]):
    """Invoices matching a status and client, drafts first, then the newest issued.

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
        self._chosen: tuple[str | None, date, int | None] = (None, date.min, None)

    def refresh(
        self, status: str | None = None, client_id: int | None = None, today: date | None = None
    ) -> None:
        """Count the matching invoices and read the first page."""
        self._chosen = (status or None, today or clock.today(), client_id)
        self.start(count_invoices(*self._chosen, self.most_counted))

    def summaries(self) -> InvoiceTotals:
        """Every matching invoice added up, loaded or not: what `totals_line` says."""
        return invoice_totals(*self._chosen)

    def summary(self, row: int) -> InvoiceSummary:
        return self.item(row)

    def invoice_id(self, row: int) -> int:
        return self.item(row).id

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The Number column's tool tip says what the invoice is for; overdue is bold."""
        if role == Qt.ItemDataRole.ToolTipRole and column == NUMBER:
            return row_tip(self.item(row))
        if role == Qt.ItemDataRole.FontRole and column in STRONG_COLUMNS:
            return _bold() if self.item(row).status == "overdue" else None
        return None

    def _read(self, offset: int, size: int) -> list[InvoiceSummary]:
        return invoice_page(*self._chosen, offset, size, *self._sorting)

    def _lists(self, item_id: int) -> bool:
        return invoice_listed(*self._chosen, item_id)

    def _prepare(self, item: InvoiceSummary) -> tuple:
        return shown_values(item), None, item.id


def _bold() -> QFont:
    """The application's own font, in bold."""
    font = QFont()
    font.setBold(True)
    return font
