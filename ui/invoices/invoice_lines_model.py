"""A draft's lines: what each is for, how many, at what price, and the amount."""

from __future__ import annotations

from PySide6.QtCore import QObject

from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.money import format_money
from microbiz.invoicing.invoices import describe_price
from microbiz.invoicing.invoices import describe_quantity
from microbiz.invoicing.invoices import get_invoice
from ui.common.table_model import TextTableModel

DESCRIPTION, QUANTITY, PRICE, AMOUNT = range(4)
HEADERS = ("Description", "Quantity", "Unit price", "Amount")
NUMBER_COLUMNS = (QUANTITY, PRICE, AMOUNT)


def line_values(line: InvoiceLine) -> tuple[str, ...]:
    return (
        line.description,
        describe_quantity(line),
        describe_price(line),
        format_money(line.amount_pence),
    )


class InvoiceLinesModel(TextTableModel):
    """The lines of one invoice, in their printed order."""

    headers = HEADERS
    number_columns = NUMBER_COLUMNS
    long_columns = (DESCRIPTION,)

    def __init__(self, invoice_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._lines: list[InvoiceLine] = []

    def refresh(self) -> None:
        lines = sorted(get_invoice(self._invoice_id).lines, key=lambda line: line.position)
        self._lines = lines
        self.set_rows([line_values(line) for line in lines], ids=[line.id for line in lines])

    def line(self, row: int) -> InvoiceLine:
        return self._lines[row]
