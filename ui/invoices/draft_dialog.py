"""A draft invoice: its lines and total, a note, and issuing or deleting it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Invoice
from microbiz.foundations.money import format_money
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import remove_line
from microbiz.invoicing.invoices import set_note
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.forms import buddy
from ui.common.forms import fact_rows
from ui.common.forms import text_edit
from ui.common.keys import DELETE
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.looks import title
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.invoices.invoice_actions import billed_words
from ui.invoices.invoice_actions import client_names
from ui.invoices.invoice_actions import delete_draft_asking
from ui.invoices.invoice_actions import issue_draft
from ui.invoices.invoice_lines_model import DESCRIPTION
from ui.invoices.invoice_lines_model import InvoiceLinesModel
from ui.invoices.line_dialog import LineDialog

EXPLANATION = (
    "A draft can still be changed. Check the lines, then issue it: it gets its number "
    "and can no longer be changed."
)
NOTE_HINT = "Printed on the invoice, like a thank-you or a change of address."
ISSUED = "issued"
DELETED = "deleted"
LEFT_FOR_PAGE = "left for page"
WIDTH_EM = 66
ROWS_SHOWN = 8
SCREEN_SHARE = 0.85


class DraftDialog(QDialog):
    """Lines can be added and removed; the note is kept when the dialog closes."""

    def __init__(self, parent: QWidget | None, invoice_id: int, today: date | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._today = today or clock.today()
        self.outcome: str | None = None
        self.issued: Invoice | None = None
        self.deleted_words = ""
        self.open_page: str | None = None
        invoice = get_invoice(invoice_id)
        self._client_name = billed_words(invoice)
        self._clients = client_names(invoice)
        self._per_payer = invoice.per_payer
        self.setWindowTitle(f"Draft invoice for {self._client_name}")
        self.model = InvoiceLinesModel(invoice_id, self)
        self.table = read_only_table(self.model, "Lines on the invoice", DESCRIPTION)
        self.total = QLabel()
        self.total.setFont(scaled_font(self.total))
        self.said = WrappedLabel()
        self.said.hide()
        self.note = text_edit()
        self.note.setAccessibleName("Note on the invoice")
        self.note.setAccessibleDescription(NOTE_HINT)
        self.note.setPlainText(invoice.note)
        self.buttons = self._make_buttons()
        self._lay_out(invoice)
        self._connect()
        self.refresh()
        self._fit_to_screen()

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int) -> DraftDialog:
        """Open the draft modally; the closed dialog tells what happened (`outcome`)."""
        dialog = cls(parent, invoice_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def refresh(self, select_id: int | None = None) -> None:
        self.model.refresh()
        row = None if select_id is None else self.model.row_of(select_id)
        if row is not None:
            select_source_row(self.table, row, DESCRIPTION)
        invoice = get_invoice(self._invoice_id)
        text = f"Total: {format_money(invoice.total_pence)}"
        self.total.setText(text)
        self.total.setAccessibleName(text)
        self._update_buttons()

    def selected_line_id(self) -> int | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.id_of(row)

    def add_line(self) -> None:
        line = LineDialog.ask(self, self._invoice_id)
        if line is not None:
            self.refresh(line.id)
            self.say(f"Added “{line.description}”, {format_money(line.amount_pence)}.")

    def remove_selected(self) -> None:
        row = selected_source_row(self.table)
        if row is None:
            return
        line = self.model.line(row)
        question = f"Take “{line.description}” ({format_money(line.amount_pence)}) off this draft?"
        if line.kind != "manual":
            question += "\n\nThe visits on it are not lost: they can be invoiced again later."
        if not messages.confirm(self, "Remove line?", question, "Remove line"):
            return
        try:
            remove_line(line.id)
        except UserError as problem:
            messages.warn(self, "Line not removed", str(problem))
            return
        self.refresh()
        self.say(f"Removed “{line.description}”.")

    def issue(self) -> None:
        if not self._save_note():
            return
        issued = issue_draft(self, self._invoice_id, self._today, self._leave_for)
        if issued is None:
            return
        self.issued = issued
        self.outcome = ISSUED
        super().accept()

    def _leave_for(self, page: str) -> None:
        """Close, keeping the draft, so the page can show where to add what is missing."""
        self.open_page = page
        self.outcome = LEFT_FOR_PAGE
        super().reject()

    def delete(self) -> None:
        words = delete_draft_asking(self, self._invoice_id)
        if words is None:
            return
        self.deleted_words = words
        self.outcome = DELETED
        super().reject()

    def reject(self) -> None:
        """Close, keeping the note as typed."""
        if self._save_note():
            super().reject()

    def say(self, text: str) -> None:
        self.said.setText(text)
        self.said.setAccessibleName(text)
        self.said.show()

    def _save_note(self) -> bool:
        text = self.note.toPlainText()
        if text.strip() == get_invoice(self._invoice_id).note:
            return True
        try:
            set_note(self._invoice_id, text)
        except UserError as problem:
            messages.warn(self, "Note not saved", str(problem))
            return False
        return True

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": ("&Add line…", "Add line", self.add_line),
            "remove": ("&Remove line…", "Remove line", self.remove_selected),
            "issue": ("&Issue…", "Issue invoice", self.issue),
            "delete": ("&Delete draft…", "Delete draft", self.delete),
        }
        buttons = push_buttons(specs)
        buttons["issue"].setToolTip("Give the draft its invoice number; it cannot be changed after")
        return buttons

    def _lay_out(self, invoice: Invoice) -> None:
        period = f"{format_date(invoice.period_start)} to {format_date(invoice.period_end)}"
        facts = fact_rows(
            (
                ("Clients" if self._per_payer else "Client", self._clients),
                ("Invoice goes to", invoice.payer_name),
                ("Period", period),
            )
        )
        side = QVBoxLayout()
        side.addWidget(self.buttons["add"])
        side.addWidget(self.buttons["remove"])
        side.addStretch()
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        self.table.setMinimumHeight(rows_tall(self.table, 4))
        total_row = QHBoxLayout()
        total_row.addStretch()
        total_row.addWidget(self.total)
        note_label = buddy("&Note on the invoice", self.note)
        close = QDialogButtonBox()
        close_button = close.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close_button.setAccessibleName("Close")
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.buttons["issue"])
        bottom.addWidget(self.buttons["delete"])
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(title(f"Draft invoice for {self._client_name}"))
        layout.addWidget(paragraph(EXPLANATION))
        layout.addLayout(facts)
        layout.addWidget(heading("Lines"))
        layout.addLayout(middle, 1)
        layout.addLayout(total_row)
        layout.addWidget(self.said)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(paragraph(NOTE_HINT))
        layout.addLayout(bottom)
        chain = [self.table, self.buttons["add"], self.buttons["remove"], self.note]
        chain += [self.buttons["issue"], self.buttons["delete"], close_button]
        tab_order(chain)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        on_keys(self.table, DELETE, self.remove_selected)

    def _update_buttons(self) -> None:
        self.buttons["remove"].setEnabled(selected_source_row(self.table) is not None)
        self.buttons["issue"].setEnabled(self.model.rowCount() > 0)

    def _fit_to_screen(self) -> None:
        """Room for several lines at once, within most of the screen."""
        more_rows = rows_tall(self.table, ROWS_SHOWN) - self.table.minimumHeight()
        screen = self.screen().availableGeometry()
        self.resize(
            min(em(self, WIDTH_EM), round(screen.width() * SCREEN_SHARE)),
            min(self.sizeHint().height() + more_rows, round(screen.height() * SCREEN_SHARE)),
        )
