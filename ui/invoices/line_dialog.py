"""Add a line typed by hand to a draft invoice: what it is for, how many, at what price."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import InvoiceLine
from microbiz.invoicing.invoices import add_manual_line
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LABELS = {"description": "Description", "quantity": "Quantity", "unit_price": "Unit price (£)"}
PLACEHOLDERS = {
    "description": "like Shopping trip, 12/11/2026",
    "quantity": "like 1 or 2.5",
    "unit_price": "like 12.50",
}
HINTS = {
    "description": "What the line is for, as the invoice will show it.",
    "quantity": "How many: a number above 0, like 1 or 2.5.",
    "unit_price": "Pounds for each one, like 12.50.",
}
EXPLANATION = "The amount is the quantity times the unit price, rounded to the penny."
WIDTH_EM = 42


class LineDialog(QDialog):
    """Description, quantity and unit price; Add checks them with the core."""

    def __init__(self, parent: QWidget | None, invoice_id: int) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self.saved: InvoiceLine | None = None
        self.setWindowTitle("Add line")
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("ac"))
        for name, label in LABELS.items():
            self.fields.add(name, label, line_edit(PLACEHOLDERS[name]), HINTS[name])
        self.fields.fill({"quantity": "1"})
        buttons = dialog_buttons(self, push_button("&Add line", "Add line"))
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())
        self._unchanged = self.fields.values()

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int) -> InvoiceLine | None:
        """Open the dialog modally; the line added, or None."""
        dialog = cls(parent, invoice_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def accept(self) -> None:
        values = self.fields.values()
        try:
            self.saved = add_manual_line(
                self._invoice_id, values["description"], values["quantity"], values["unit_price"]
            )
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return
        except UserError as problem:
            messages.warn(self, "Line not added", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.fields.values() != self._unchanged and not messages.confirm(
            self,
            "Discard this line?",
            "The line you typed has not been added. Discard it?",
            "Discard line",
        ):
            return
        super().reject()
