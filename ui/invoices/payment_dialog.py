"""Record a payment against an issued invoice, seeing what was paid before and what is owed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import Payment
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import delete_payment
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.keys import tab_order
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import scaled_font
from ui.common.mnemonics import Mnemonics
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.common.tables import selected_source_row
from ui.invoices.payments_model import REFERENCE
from ui.invoices.payments_model import PaymentsTableModel

LABELS = {
    "amount": "Amount (£)",
    "paid_on": "Date paid",
    "method": "Paid by",
    "reference": "Reference",
}
PLACEHOLDERS = {"amount": "like 120.00", "paid_on": "dd/mm/yyyy", "reference": "optional"}
HINTS = {
    "amount": "What was paid this time; all that is owed is filled in.",
    "paid_on": "The day the money reached you, like 31/12/2026.",
    "reference": "Anything that helps you find it on your bank statement.",
}
FACTS = ("Invoice", "Sent to", "Total", "Credited", "Paid so far", "Still owed")
CREDITED_ROW = FACTS.index("Credited")
WIDTH_EM = 48
PAYMENT_ROWS = (1, 4)


def payment_words(payment: Payment, summary: InvoiceSummary) -> str:
    """'Recorded £100.00 against INV-0003. Still owed: £300.00.'"""
    left = summary.balance_pence
    after = "It is now paid in full." if left <= 0 else f"Still owed: {format_money(left)}."
    return f"Recorded {format_money(payment.amount_pence)} against {summary.number}. {after}"


class PaymentDialog(QDialog):
    """Amount, date, how it was paid and a reference; a payment more than owed is refused."""

    def __init__(self, parent: QWidget | None, invoice_id: int, today: date | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self.saved: Payment | None = None
        self.said = ""
        self.removed_any = False
        summary = summary_of(invoice_id, today)
        self.setWindowTitle(f"Record payment for {summary.number}")
        self.facts = {name: QLabel() for name in FACTS}
        self._facts_form = QFormLayout()
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("scm"))
        for name, label in LABELS.items():
            widget = choice_combo(PAYMENT_METHODS) if name == "method" else None
            widget = widget or line_edit(PLACEHOLDERS.get(name, ""))
            self.fields.add(name, label, widget, HINTS.get(name, ""))
        self.fields.fill(
            {
                "amount": format_money_plain(max(summary.balance_pence, 0)),
                "paid_on": format_date(today or clock.today()),
            }
        )
        self.model = PaymentsTableModel(invoice_id, self)
        self.table = read_only_table(self.model, "Payments already recorded", REFERENCE)
        self.no_payments = QLabel("No payments recorded yet.")
        self.remove_button = push_button(
            "Re&move payment…",
            "Remove payment",
            self.remove_selected,
            "Take off a payment recorded by mistake",
        )
        self._buttons = dialog_buttons(self, push_button("&Save payment", "Save payment"))
        self._lay_out(form)
        self.refresh()
        self.table.selectionModel().selectionChanged.connect(self._update_remove)
        self._unchanged = self.fields.values()
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int) -> Payment | None:
        """Open the dialog modally; the payment recorded, or None."""
        dialog = cls(parent, invoice_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def refresh(self) -> None:
        summary = summary_of(self._invoice_id)
        values = (
            summary.number,
            summary.payer_name,
            format_money(summary.total_pence),
            format_money(summary.credited_pence),
            format_money(summary.paid_pence),
            format_money(summary.balance_pence),
        )
        self._facts_form.setRowVisible(CREDITED_ROW, summary.credited_pence > 0)
        for (name, label), value in zip(self.facts.items(), values, strict=True):
            label.setText(value)
            label.setAccessibleName(f"{name}: {value}")
        self.model.refresh()
        count = self.model.rowCount()
        has_payments = count > 0
        fewest, most = PAYMENT_ROWS
        self.table.setFixedHeight(rows_tall(self.table, min(max(count, fewest), most)))
        self.table.setVisible(has_payments)
        self.remove_button.setVisible(has_payments)
        self.no_payments.setVisible(not has_payments)
        self._update_remove()

    def accept(self) -> None:
        values = self.fields.values()
        try:
            payment = record_payment(
                self._invoice_id,
                values["amount"],
                values["paid_on"],
                values["method"],
                values["reference"],
            )
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            self._show_problems(ValidationError([FieldError("amount", str(problem))]))
            return
        self.saved = payment
        self.said = payment_words(payment, summary_of(self._invoice_id))
        super().accept()

    def reject(self) -> None:
        if self.fields.values() != self._unchanged and not messages.confirm(
            self,
            "Discard this payment?",
            "The payment you typed has not been recorded. Discard it?",
            "Discard payment",
        ):
            return
        super().reject()

    def remove_selected(self) -> None:
        row = selected_source_row(self.table)
        if row is None:
            return
        payment = self.model.payment(row)
        question = (
            f"Take off the payment of {format_money(payment.amount_pence)} "
            f"on {format_date(payment.paid_on)}? Do this only if it was recorded by mistake."
        )
        if not messages.confirm(self, "Remove payment?", question, "Remove payment"):
            return
        delete_payment(payment.id)
        self.removed_any = True
        self.refresh()

    def _show_problems(self, problem: ValidationError) -> None:
        self.fields.report_problems(problem, self.summary)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _update_remove(self) -> None:
        self.remove_button.setEnabled(selected_source_row(self.table) is not None)

    def _lay_out(self, form: QFormLayout) -> None:
        facts = self._facts_form
        self.facts["Still owed"].setFont(scaled_font(self.facts["Still owed"]))
        for name, label in self.facts.items():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(f"{name}:", label)
        earlier = QHBoxLayout()
        earlier.addWidget(self.table, 1)
        earlier.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(heading("This payment"))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(heading("Payments already recorded"))
        layout.addWidget(self.no_payments)
        layout.addLayout(earlier)
        layout.addWidget(self._buttons)
        chain = [*self.fields.widgets.values(), self.table, self.remove_button]
        chain += self._buttons.buttons()
        tab_order(chain)
