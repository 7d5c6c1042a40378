"""The invoices a month-end run made: number (once issued), client, payer, lines and total."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from microbiz.foundations.money import format_money
from microbiz.invoicing.invoices import clients_on
from microbiz.invoicing.invoices import get_invoice
from ui.common.table_model import TextTableModel
from ui.invoices.invoices_model import DRAFT

NUMBER, CLIENT, PAYER, LINES, TOTAL = range(5)
HEADERS = ("Number", "Client", "Payer", "Lines", "Total")
NUMBER_COLUMNS = (LINES, TOTAL)


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
        ", ".join(client.name for client in clients_on(invoice)),
        invoice.payer_name,
        str(lines),
        format_money(invoice.total_pence),
    )
    return BatchRow(invoice.id, invoice.issued, invoice.total_pence, shown)


class BatchTableModel(TextTableModel):
    """The batch's invoices, read again from the core on each refresh."""

    headers = HEADERS
    number_columns = NUMBER_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoice_ids: list[int] = []
        self._rows: list[BatchRow] = []

    def set_invoices(self, invoice_ids: list[int]) -> None:
        self._invoice_ids = list(invoice_ids)
        self.refresh()

    def refresh(self) -> None:
        rows = [batch_row(invoice_id) for invoice_id in self._invoice_ids]
        self._rows = rows
        self.set_rows([row.shown for row in rows], ids=[row.invoice_id for row in rows])

    def invoice_ids(self) -> list[int]:
        return list(self._invoice_ids)

    def draft_ids(self) -> list[int]:
        return [row.invoice_id for row in self._rows if not row.issued]

    def issued_ids(self) -> list[int]:
        return [row.invoice_id for row in self._rows if row.issued]

    def total_pence(self, issued_only: bool = False) -> int:
        return sum(row.total_pence for row in self._rows if row.issued or not issued_only)
