"""Invoices: what is owed and by whom, the list of invoices, and what can be done with each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.money import format_money
from microbiz.invoicing.emailing import emails_of
from microbiz.invoicing.payments import BUSINESS_PAYERS
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import summary_of
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.filters import filter_combo
from ui.common.filters import refill_clients
from ui.common.forms import buddy
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import empty_label
from ui.common.looks import heading
from ui.common.looks import title
from ui.common.tables import drop_when_narrow
from ui.common.tables import query_sorted_table
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.invoices.bank_statement_dialog import BankStatementDialog
from ui.invoices.credit_dialog import CreditDialog
from ui.invoices.draft_dialog import DELETED
from ui.invoices.draft_dialog import ISSUED
from ui.invoices.draft_dialog import DraftDialog
from ui.invoices.email_dialog import EmailDialog
from ui.invoices.invoice_actions import delete_draft_asking
from ui.invoices.invoice_actions import issue_draft
from ui.invoices.invoice_actions import open_folder
from ui.invoices.invoice_actions import open_invoice_pdf
from ui.invoices.invoices_model import DUE as DUE_COLUMN
from ui.invoices.invoices_model import ISSUED as ISSUED_COLUMN
from ui.invoices.invoices_model import NUMBER
from ui.invoices.invoices_model import OWING
from ui.invoices.invoices_model import PAID as PAID_COLUMN
from ui.invoices.invoices_model import PAYER as PAYER_COLUMN
from ui.invoices.invoices_model import InvoicesTableModel
from ui.invoices.invoices_model import totals_line
from ui.invoices.late_payment_dialog import LatePaymentDialog
from ui.invoices.month_end_dialog import MonthEndDialog
from ui.invoices.overdue_model import PAYER
from ui.invoices.overdue_model import OverdueTableModel
from ui.invoices.payment_dialog import PaymentDialog
from ui.invoices.payment_dialog import payment_words

STATUS_CHOICES = dict(INVOICE_STATUSES) | {"draft": "Drafts"}
NO_INVOICES = "No invoices yet. Make this month's with “Invoice a month…”."
NO_MATCHES = "No invoices match. Set Status and Client to All to see every invoice."
OVERDUE_ROWS = (1, 5)
DRAFT_ACTIONS = ("edit", "issue", "delete")
ISSUED_ACTIONS = ("payment", "credit", "pdf", "email", "late")
ACTION_CAPTIONS = ("Drafts:", "Issued:")
TIPS = {
    "month": "Make drafts for a month's visits, then issue them and save their PDFs",
    "folder": "Show the folder where invoice PDFs are saved",
    "bank": "Match a statement from your bank to invoices, and record the payments",
    "edit": "Look at a draft's lines, add or remove lines (drafts only)",
    "issue": "Give a draft its invoice number (drafts only)",
    "delete": "Delete a draft; its visits can be invoiced again (drafts only)",
    "payment": "Record money received (invoices with something still owed)",
    "credit": "Take money off an issued invoice with a credit note",
    "pdf": "Save the invoice as a PDF and open it (issued invoices)",
    "email": "Email the invoice and its PDF to the payer; for an overdue one, a reminder",
    "late": "Interest and compensation on an overdue invoice to a council, the NHS or a scheme",
}


def selected_words(summary: InvoiceSummary) -> str:
    """'INV-0003 for Margaret Brown' or 'the draft for Margaret Brown'."""
    if summary.status == "draft":
        return f"the draft for {summary.client_name}"
    return f"{summary.number} for {summary.client_name}"


class InvoicesPage(QWidget):
    """Overdue payers at the top, then the invoices with their filters, totals and buttons."""

    message = Signal(str)
    go_to = Signal(str)  # a page to show, like "settings" to add business details

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._today = today
        self.overdue_model = OverdueTableModel(self)
        self.overdue_table = read_only_table(self.overdue_model, "Overdue by payer", PAYER)
        self.overdue_heading = heading("")
        self.model = InvoicesTableModel(self)
        self.table = self._make_table()
        self.empty = empty_label("No invoices to show")
        self._views = QStackedWidget()
        self.status_filter = filter_combo("Show invoices by status", STATUS_CHOICES)
        self.client_filter = filter_combo("Show invoices for client")
        self.totals = WrappedLabel()
        self.totals.setAccessibleName("Totals")
        self.sent = WrappedLabel()
        self.buttons = self._make_buttons()
        self._lay_out()
        self._connect()

    @property
    def first_field(self) -> QWidget:
        """The list, or “Invoice a month…” while there is nothing to list."""
        if self._views.currentWidget() is self.table:
            return self.table
        return self.buttons["month"]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Read everything again: who owes what, the clients, and the list."""
        keep = select_id if select_id is not None else self.selected_id()
        self._refresh_overdue()
        refill_clients(self.client_filter)
        self._refresh_list(keep)

    def selected_summary(self) -> InvoiceSummary | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.summary(row)

    def selected_id(self) -> int | None:
        summary = self.selected_summary()
        return None if summary is None else summary.id

    def select_invoice(self, invoice_id: int) -> bool:
        row = self.model.row_of(invoice_id)
        if row is None:
            return False
        select_source_row(self.table, row, NUMBER)
        return True

    def show_status(self, status: str | None) -> None:
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(status), 0))

    # Actions

    def invoice_month(self) -> None:
        dialog = MonthEndDialog.ask(self, self.folder)
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)
        if dialog.open_page:
            self.go_to.emit(dialog.open_page)

    def edit_draft(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status != "draft":
            return
        dialog = DraftDialog.ask(self, summary.id)
        if dialog.outcome == ISSUED and dialog.issued is not None:
            self._after_issue(dialog.issued.id)
        elif dialog.outcome == DELETED:
            self.refresh()
            self.message.emit(f"Deleted {dialog.deleted_words}.")
        else:
            self.refresh(summary.id)
            if dialog.open_page:
                self.go_to.emit(dialog.open_page)

    def issue_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status != "draft":
            return
        issued = issue_draft(self, summary.id, self._today(), self.go_to.emit)
        if issued is not None:
            self._after_issue(issued.id)

    def delete_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status != "draft":
            return
        words = delete_draft_asking(self, summary.id)
        if words is not None:
            self.refresh()
            self.message.emit(f"Deleted {words}.")

    def record_payment(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status not in OWING:
            return
        payment = PaymentDialog.ask(self, summary.id)
        self.refresh(summary.id)
        if payment is not None:
            self.message.emit(payment_words(payment, summary_of(summary.id, self._today())))

    def credit_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or not _creditable(summary):
            return
        dialog = CreditDialog.ask(self, summary.id, self.folder)
        self.refresh(summary.id)
        if dialog.said:
            self.message.emit(dialog.said)

    def open_pdf(self) -> None:
        summary = self.selected_summary()
        if summary is None or summary.status == "draft":
            return
        path = open_invoice_pdf(self, summary.id, self.folder)
        if path is not None:
            self.message.emit(f"Saved {summary.number} as {path}.")

    def open_folder(self) -> None:
        open_folder(self, self.folder)

    def import_bank(self) -> None:
        dialog = BankStatementDialog.ask(self)
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)

    def email_selected(self) -> None:
        """Email the invoice to its payer, or a payment reminder if it is overdue."""
        summary = self.selected_summary()
        if summary is None or summary.status == "draft":
            return
        try:
            said = EmailDialog.ask(self, summary.id, reminder=summary.status == "overdue")
        except UserError as problem:
            messages.warn(self, "Nothing was sent", str(problem))
            return
        self._update_buttons()
        if said:
            self.message.emit(said)

    def late_payment(self) -> None:
        summary = self.selected_summary()
        if summary is None or not _can_claim_late(summary):
            return
        LatePaymentDialog.ask(self, summary.id)

    def open_selected(self) -> None:
        """Enter or a double click: a draft opens to edit; an issued invoice opens its PDF."""
        summary = self.selected_summary()
        if summary is None:
            return
        if summary.status == "draft":
            self.edit_draft()
        else:
            self.open_pdf()

    def chase_payer(self) -> None:
        """Show the chosen payer's overdue invoices in the list, the oldest chosen."""
        row = selected_source_row(self.overdue_table)
        if row is None:
            return
        debt = self.overdue_model.debt(row)
        self.client_filter.setCurrentIndex(0)
        self.show_status("overdue")
        oldest = max(debt.invoices, key=lambda s: s.days_overdue)
        self.select_invoice(oldest.id)
        self.table.setFocus()

    def _after_issue(self, invoice_id: int) -> None:
        self.refresh(invoice_id)
        summary = summary_of(invoice_id, self._today())
        self.message.emit(
            f"Issued {summary.number} to {summary.payer_name}, "
            f"{format_money(summary.total_pence)}. Choose Open PDF to save it for sending."
        )

    # Reading

    def _refresh_overdue(self) -> None:
        self.overdue_model.refresh(self._today())
        text = self.overdue_model.headline()
        self.overdue_heading.setText(text)
        self.overdue_heading.setAccessibleName(text)
        count = self.overdue_model.rowCount()
        self.overdue_table.setVisible(count > 0)
        fewest, most = OVERDUE_ROWS
        self.overdue_table.setFixedHeight(
            rows_tall(self.overdue_table, min(max(count, fewest), most))
        )

    def _refresh_list(self, keep: int | None = None) -> None:
        status = self.status_filter.currentData()
        client_id = self.client_filter.currentData()
        self.model.refresh(status, client_id, self._today())
        if keep is not None:
            self.select_invoice(keep)
        if self.model.rowCount():
            self._views.setCurrentWidget(self.table)
            text = totals_line(self.model.summaries())
        else:
            chosen = status is not None or client_id is not None
            self.empty.setText(NO_MATCHES if chosen else NO_INVOICES)
            self.empty.setAccessibleName(self.empty.text())
            self._views.setCurrentWidget(self.empty)
            text = ""
        self.totals.setText(text)
        self.totals.setAccessibleName(text or "Totals")
        self.totals.setVisible(bool(text))
        self._update_buttons()

    # Building

    def _make_table(self) -> QTableView:
        # Payers' names whole where there is room: only the payer column is long.
        table = query_sorted_table(self.model, "Invoices", PAYER_COLUMN, (PAYER_COLUMN,))
        drop_when_narrow(
            table, (PAID_COLUMN, ISSUED_COLUMN, DUE_COLUMN)
        )  # large text, small window
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "month": ("Invoice a &month…", "Invoice a month", self.invoice_month),
            "folder": ("Open &folder", "Open invoices folder", self.open_folder),
            "bank": ("Import &bank statement…", "Import bank statement", self.import_bank),
            "edit": ("&Edit draft…", "Edit draft", self.edit_draft),
            "issue": ("&Issue…", "Issue invoice", self.issue_selected),
            "delete": ("&Delete draft…", "Delete draft", self.delete_selected),
            "payment": ("Record &payment…", "Record payment", self.record_payment),
            "credit": ("&Credit note…", "Credit note", self.credit_selected),
            "pdf": ("&Open PDF", "Open PDF", self.open_pdf),
            "email": ("Em&ail…", "Email invoice", self.email_selected),
            "late": ("&Late payment…", "Late payment claim", self.late_payment),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title("Invoices"))
        top.addStretch()
        top.addWidget(self.buttons["month"])
        top.addWidget(self.buttons["folder"])
        top.addWidget(self.buttons["bank"])
        filters = QHBoxLayout()
        for text, widget in (("S&tatus", self.status_filter), ("Clie&nt", self.client_filter)):
            filters.addWidget(buddy(text, widget))
            filters.addWidget(widget)
        filters.addStretch()
        self._views.addWidget(self.table)
        self._views.addWidget(self.empty)
        captions = [QLabel(text) for text in ACTION_CAPTIONS]
        width = max(caption.sizeHint().width() for caption in captions)
        actions = QVBoxLayout()
        for caption, keys in zip(captions, (DRAFT_ACTIONS, ISSUED_ACTIONS), strict=True):
            caption.setMinimumWidth(width)
            row = QHBoxLayout()
            row.addWidget(caption)
            for key in keys:
                row.addWidget(self.buttons[key])
            row.addStretch()
            actions.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.overdue_heading)
        layout.addWidget(self.overdue_table)
        layout.addWidget(heading("All invoices"))
        layout.addLayout(filters)
        layout.addWidget(self._views, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.sent)
        layout.addLayout(actions)
        chain = [self.buttons["month"], self.buttons["folder"], self.buttons["bank"]]
        chain += [self.overdue_table]
        chain += [self.status_filter, self.client_filter, self.table]
        chain += [self.buttons[key] for key in (*DRAFT_ACTIONS, *ISSUED_ACTIONS)]
        tab_order(chain)

    def _connect(self) -> None:
        self.status_filter.currentIndexChanged.connect(lambda: self._refresh_list())
        self.client_filter.currentIndexChanged.connect(lambda: self._refresh_list())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda: self.open_selected())
        self.overdue_table.doubleClicked.connect(lambda: self.chase_payer())
        on_keys(self.table, ENTER, self.open_selected)
        on_keys(self.overdue_table, ENTER, self.chase_payer)
        on_keys(self.table, DELETE, self.delete_selected)

    def _update_buttons(self) -> None:
        summary = self.selected_summary()
        status = None if summary is None else summary.status
        for key in DRAFT_ACTIONS:
            self.buttons[key].setEnabled(status == "draft")
        self.buttons["payment"].setEnabled(status in OWING)
        self.buttons["credit"].setEnabled(summary is not None and _creditable(summary))
        self.buttons["pdf"].setEnabled(status is not None and status != "draft")
        self.buttons["email"].setEnabled(status is not None and status != "draft")
        self._show_sent(summary)
        self.buttons["late"].setEnabled(summary is not None and _can_claim_late(summary))

    def _show_sent(self, summary: InvoiceSummary | None) -> None:
        text = sent_words(summary.number, emails_of(summary.id)) if summary else ""
        self.sent.setText(text)
        self.sent.setAccessibleName(text or "Emails sent")
        self.sent.setVisible(bool(text))


def sent_words(number: str, emails: list) -> str:
    """'Emailed: INV-0003 to a@b.example on 01/12/2026; a reminder to a@b.example on 20/12/2026.'

    (one part for each send, oldest first)
    """
    if not emails:
        return ""
    parts = [
        f"{'a reminder' if e.kind == 'reminder' else number} to {e.address} "
        f"on {format_date(e.sent_at.date())}"
        for e in emails
    ]
    return "Emailed: " + "; ".join(parts) + "."


def _creditable(summary: InvoiceSummary) -> bool:
    """Issued and not yet credited in full."""
    return summary.status not in ("draft", "credited")


def _can_claim_late(summary: InvoiceSummary) -> bool:
    """Overdue, and owed by a council, the NHS or a scheme (never a person)."""
    return summary.status == "overdue" and summary.payer_kind in BUSINESS_PAYERS
