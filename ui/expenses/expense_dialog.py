"""Add or edit an expense: when, how much, what kind, and a photo or scan of the receipt.

The receipt is copied into the data folder when the expense is saved, so the original
photo may be deleted afterwards.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import search_clients
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Expense
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import EXPENSE_LABELS
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import save_expense
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.files import choose_file
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

FIELDS = ("spent_on", "amount", "category", "description", "supplier", "client_id", "paid_on")
PLACEHOLDERS = {
    "spent_on": "dd/mm/yyyy",
    "amount": "for example 24.60",
    "description": "for example Disposable gloves and aprons",
    "supplier": "who you paid, like Medisave",
    "paid_on": "leave blank if paid the same day",
}
HINTS = {
    "spent_on": "The day you spent the money, like 31/12/2026.",
    "amount": "In pounds, with the VAT if you paid it, like 24.60.",
    "client_id": "Choose a client only if the expense was for them.",
    "paid_on": "Leave blank if you paid on the same day. Tax counts an expense when it is paid.",
}
# What goes in each category, for people who are not accountants.
CATEGORY_HINTS = {
    "goods": "Gloves, aprons, hand gel and other things used up in your work.",
    "staff": "Wages you pay to anyone working for you, and agency or subcontractor costs.",
    "travel": (
        "Parking, tolls, bus and train fares. Not fuel or car running costs if you "
        "record your journeys for the mileage allowance."
    ),
    "premises": "Business insurance such as public liability; rent and bills for work premises.",
    "repairs": "Repairing equipment or tools you use for work.",
    "office": "Phone and internet bills, stationery, postage, printing and software.",
    "advertising": "Adverts, leaflets, business cards and your website.",
    "interest": "Interest on loans or an overdraft used for the business.",
    "bank_charges": "Business bank account fees, card and payment charges.",
    "bad_debts": "Money you counted as income but will never be paid (rare on the cash basis).",
    "professional": "Your accountant, DBS checks, registration and professional fees.",
    "depreciation": (
        "Recorded only: depreciation is not an allowable expense, so it is left out of "
        "your tax totals."
    ),
    "other": "Training courses, uniforms and anything else for the business.",
}
CATEGORY_NOTE = "Not sure? Choose “Other business expenses” or ask your accountant."
NO_CLIENT = "None"
ENDED = " (ended)"
RECEIPT_LABEL = "Receipt"
NO_RECEIPT = "No receipt attached."
KEPT = " (kept by Microbiz)"
PENDING = " (copied in when you save)"
RECEIPT_NOTE = "Microbiz keeps its own copy, so you can delete the photo afterwards."
RECEIPT_FILTER = "Photos and scans (*.jpg *.jpeg *.png *.heic *.pdf *.webp);;All files (*)"
WIDTH_EM = 44


def choose_receipt(parent: QWidget | None) -> Path | None:
    """Ask for a photo or scan of the receipt; tests replace this function."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return choose_file(parent, "Choose the receipt", start, RECEIPT_FILTER)


class ExpenseDialog(QDialog):
    """An expense's details; Save checks them with the core and stays open on problems."""

    def __init__(
        self,
        parent: QWidget | None,
        folder: Path,
        expense_id: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._expense_id = expense_id
        self.saved: Expense | None = None
        self.receipt: Path | None = None
        expense = Expense.get_by_id(expense_id) if expense_id is not None else None
        if expense is None:
            form = ExpenseForm(spent_on=format_date(today or clock.today()))
        else:
            form = ExpenseForm.of(expense)
            if expense.paid_on == expense.spent_on:
                form.paid_on = ""
        self._kept_receipt = expense.receipt_original_name if expense else ""
        self.setWindowTitle("Add expense" if expense is None else f"Edit {form.description}")
        self.summary = summary_label()
        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._mnemonics = Mnemonics("sc")
        self.fields = FormFields(form_layout, self._mnemonics)
        self.category_hint = WrappedLabel()
        self.receipt_button = push_button(
            "Choose photo or scan…", "Choose photo or scan of the receipt", self.choose_receipt
        )
        self.receipt_name = WrappedLabel()
        self._buttons = dialog_buttons(self, push_button("&Save", "Save expense"))
        self._lay_out(form_layout, form.client_id)
        self._fill(form)
        self._show_receipt()
        self._unchanged = (self.form(), self.receipt)
        self.fields.widgets["category"].currentIndexChanged.connect(self._describe_category)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(
        cls, parent: QWidget | None, folder: Path, expense_id: int | None = None
    ) -> Expense | None:
        """Open the dialog modally; the saved expense, or None if the user cancelled."""
        dialog = cls(parent, folder, expense_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> ExpenseForm:
        return ExpenseForm(**self.fields.values())

    def choose_receipt(self) -> None:
        chosen = choose_receipt(self)
        if chosen is not None:
            self.receipt = chosen
            self._show_receipt()

    def accept(self) -> None:
        try:
            self.saved = save_expense(self.form(), self._expense_id, self.receipt, self._folder)
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return
        except (UserError, OSError) as problem:
            messages.warn(self, "Expense not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if (self.form(), self.receipt) != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _lay_out(self, form: QFormLayout, client_id: int | None) -> None:
        for name in FIELDS:
            widget = self._make_field(name, client_id)
            self.fields.add(name, EXPENSE_LABELS[name], widget, HINTS.get(name, ""))
            if name == "category":
                form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, self.category_hint)
        receipt_label = QLabel(self._mnemonics.mark(RECEIPT_LABEL))
        receipt_label.setBuddy(self.receipt_button)
        self.receipt_button.setAccessibleDescription(RECEIPT_NOTE)
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt_button)
        receipt_row.addWidget(self.receipt_name, 1)
        form.addRow(receipt_label, receipt_row)
        form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, paragraph(RECEIPT_NOTE))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self._buttons)

    def _make_field(self, name: str, client_id: int | None) -> QWidget:
        if name == "category":
            return choice_combo(CATEGORY_LABELS)
        if name == "client_id":
            return client_combo(client_id)
        return line_edit(PLACEHOLDERS.get(name, ""))

    def _fill(self, form: ExpenseForm) -> None:
        values = {key: value for key, value in asdict(form).items() if value is not None}
        self.fields.fill(values)
        self._describe_category()

    def _describe_category(self) -> None:
        key = self.fields.widgets["category"].currentData()
        note = "" if key == "other" else CATEGORY_NOTE
        text = f"{CATEGORY_HINTS.get(key, '')} {note}".strip()
        self.category_hint.setText(text)
        self.category_hint.setAccessibleName(text)
        self.fields.widgets["category"].setAccessibleDescription(text)

    def _show_receipt(self) -> None:
        if self.receipt is not None:
            text = self.receipt.name + PENDING
        elif self._kept_receipt:
            text = self._kept_receipt + KEPT
        else:
            text = NO_RECEIPT
        self.receipt_name.setText(text)
        self.receipt_name.setAccessibleName(f"Receipt: {text}")


def client_combo(client_id: int | None) -> QComboBox:
    """'None' first, then active and paused clients; an ended client only when already chosen."""
    combo = QComboBox()
    combo.addItem(NO_CLIENT, None)
    for client in search_clients():
        if client.status == "ended" and client.id != client_id:
            continue
        combo.addItem(client.name + (ENDED if client.status == "ended" else ""), client.id)
    return combo
