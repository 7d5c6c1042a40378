"""Money owed by payer on Home: overdue and not yet due, a button each to record a payment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from microbiz.foundations.money import format_money
from microbiz.home.owed import PayerOwed
from ui.common.buttons import push_button
from ui.common.looks import WrappedLabel
from ui.common.looks import scaled_font

MOST_PAYERS = 5
HEADERS = ("Payer", "Overdue", "Not yet due")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def more_words(payers: list[PayerOwed]) -> str:
    """'2 more payers owe £300.00: see them on the Invoices page.'"""
    owed = format_money(sum(payer.total_pence for payer in payers))
    count = "1 more payer owes" if len(payers) == 1 else f"{len(payers)} more payers owe"
    return f"{count} {owed}: see them on the Invoices page."


@dataclass
class PayerRow:
    """The widgets of one payer's row."""

    name: WrappedLabel
    overdue: QLabel
    not_due: QLabel
    button: QPushButton

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.overdue, self.not_due, self.button)


class OwedPanel(QWidget):
    """The payers who owe most, overdue first; a row each with its own payment button."""

    pay = Signal(int)  # the invoice to record a payment against: the payer's oldest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._invoice_ids: list[int] = []
        self.headers = [QLabel(text) for text in HEADERS]
        self.rows = [self._make_row(number) for number in range(MOST_PAYERS)]
        self.more = WrappedLabel()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        for column, label in enumerate(self.headers):
            label.setFont(scaled_font(label))
            grid.addWidget(label, 0, column, RIGHT if column else Qt.AlignmentFlag.AlignLeft)
        for number, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                alignment = RIGHT if column in (1, 2) else Qt.AlignmentFlag(0)
                grid.addWidget(widget, number, column, alignment)
        grid.addWidget(self.more, MOST_PAYERS + 1, 0, 1, len(HEADERS) + 1)

    @property
    def buttons(self) -> list[QPushButton]:
        return [row.button for row in self.rows]

    def show_payers(self, payers: list[PayerOwed]) -> None:
        """One row for each of the first MOST_PAYERS payers, and a line for the rest."""
        shown = payers[:MOST_PAYERS]
        self._invoice_ids = [payer.oldest.invoice_id for payer in shown]
        for label in self.headers:
            label.setVisible(bool(payers))
        for number, row in enumerate(self.rows):
            if number < len(shown):
                _fill(row, shown[number])
            for widget in row.widgets():
                widget.setVisible(number < len(shown))
        rest = payers[MOST_PAYERS:]
        self.more.setText(more_words(rest) if rest else "")
        self.more.setAccessibleName(self.more.text())
        self.more.setVisible(bool(rest))

    def _make_row(self, number: int) -> PayerRow:
        button = push_button("Record payment…", "Record a payment", self._payer(number))
        return PayerRow(WrappedLabel(), QLabel(), QLabel(), button)

    def _payer(self, number: int) -> Callable[[], None]:
        return lambda: self.pay.emit(self._invoice_ids[number])


def _fill(row: PayerRow, payer: PayerOwed) -> None:
    row.name.setText(payer.payer_name)
    row.name.setAccessibleName(payer.payer_name)
    for label, header, pence in (
        (row.overdue, HEADERS[1], payer.overdue_pence),
        (row.not_due, HEADERS[2], payer.not_due_pence),
    ):
        label.setText(format_money(pence))
        label.setAccessibleName(f"{header}: {format_money(pence)}")
    row.button.setAccessibleName(f"Record a payment from {payer.payer_name}")
    row.button.setToolTip(
        f"Record money received from {payer.payer_name} against {payer.oldest.number}, "
        "the invoice of theirs due first"
    )
