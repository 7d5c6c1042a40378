"""A credit note against an issued invoice: in full or in part, with the reason why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import CreditNote
from microbiz.foundations.money import format_money
from microbiz.foundations.validation import Fields
from microbiz.invoicing.documents import write_credit_note
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import summary_of
from ui.common import desktop
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import fact_rows
from ui.common.forms import line_edit
from ui.common.forms import required_date
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LABELS = {"amount": "Amount to credit (£)", "reason": "Reason", "issue_date": "Date"}
HINTS = {
    "amount": "Only when crediting part of the invoice, like 36.00.",
    "reason": "Why is this being credited? It is printed on the credit note.",
    "issue_date": "The date on the credit note, like 31/12/2026.",
}
NO_REASON = "Please say why this is being credited: it is printed on the credit note."
EXPLANATION = (
    "A credit note takes money off an invoice that has been issued. It gets the next "
    "credit note number and cannot be changed later.\n\n"
    "Crediting in full cancels what is left of the invoice, and its visits can then be "
    "invoiced again. Crediting part leaves the visits on this invoice."
)
WIDTH_EM = 44


def credit_words(note: CreditNote, number: str) -> str:
    """'Saved credit note CN-0001 for £120.00 against INV-0003.'"""
    return (
        f"Saved credit note {note.number} for {format_money(note.amount_pence)} against {number}."
    )


class CreditDialog(QDialog):
    """Full or part, a reason (required) and a date; asks once more before saving."""

    def __init__(
        self,
        parent: QWidget | None,
        invoice_id: int,
        folder: Path,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._folder = folder
        self.saved: CreditNote | None = None
        self.said = ""
        summary = summary_of(invoice_id, today)
        self._number = summary.number
        self._creditable = summary.total_pence - summary.credited_pence
        self.setWindowTitle(f"Credit note for {summary.number}")
        self.full = QRadioButton(f"Credit &all that is left ({format_money(self._creditable)})")
        self.full.setAccessibleName("Credit all that is left")
        self.part = QRadioButton("Credit &part of it")
        self.part.setAccessibleName("Credit part of it")
        self._choice = QButtonGroup(self)
        self._choice.addButton(self.full)
        self._choice.addButton(self.part)
        self.full.setChecked(True)
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("apsc"))
        self.fields.add("amount", LABELS["amount"], line_edit("like 36.00"), HINTS["amount"])
        self.fields.add("reason", LABELS["reason"], text_edit(), HINTS["reason"])
        self.fields.add(
            "issue_date", LABELS["issue_date"], line_edit("dd/mm/yyyy"), HINTS["issue_date"]
        )
        self.fields.fill({"issue_date": format_date(today or clock.today())})
        self.fields.widgets["reason"].setPlaceholderText("Why is this being credited?")
        self._buttons = dialog_buttons(self, push_button("&Save credit note…", "Save credit note"))
        self._lay_out(form, summary)
        self.part.toggled.connect(self._follow_choice)
        self._follow_choice()
        self._unchanged = self._typed()
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int, folder: Path) -> CreditDialog:
        """Open the dialog modally; the closed dialog holds the credit note saved, if any."""
        dialog = cls(parent, invoice_id, folder)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def accept(self) -> None:
        values = self.fields.values()
        check = Fields()
        if not values["reason"].strip():
            check.fail("reason", NO_REASON)
        day = required_date(check, "issue_date", LABELS["issue_date"], values["issue_date"])
        pence = self._creditable
        if self.part.isChecked():
            pence = check.money("amount", "Amount to credit", values["amount"], default=None)
            if pence is None and not check.has("amount"):
                check.fail("amount", "Type the amount to credit, or choose to credit all of it.")
        try:
            check.done()
        except ValidationError as problem:
            self._show_problems(problem)
            return
        if not messages.confirm(
            self, "Save credit note?", self._question(pence), "Save credit note"
        ):
            return
        amount = values["amount"] if self.part.isChecked() else None
        try:
            note = credit_invoice(self._invoice_id, amount, values["reason"], day)
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            messages.warn(self, "Credit note not saved", str(problem))
            return
        self.saved = note
        self.said = credit_words(note, self._number)
        if summary_of(self._invoice_id).status == "credited":
            self.said += " Its visits can be invoiced again."
        self._offer_pdf(note)
        super().accept()

    def reject(self) -> None:
        if self._typed() != self._unchanged and not messages.confirm(
            self,
            "Discard this credit note?",
            "The credit note you started has not been saved. Discard it?",
            "Discard credit note",
        ):
            return
        super().reject()

    def _question(self, pence: int) -> str:
        return (
            f"Save a credit note for {format_money(pence)} against {self._number}?\n\n"
            "It cannot be changed afterwards."
        )

    def _offer_pdf(self, note: CreditNote) -> None:
        """Write the credit note's PDF beside the invoices, and offer to open it."""
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = write_credit_note(note.id, self._folder)
        except (UserError, OSError) as problem:
            messages.warn(
                self,
                "PDF not saved",
                f"The credit note is saved, but its PDF could not be written: {problem}",
            )
            return
        question = f"{self.said}\n\nThe PDF is saved as {path}.\n\nOpen it now?"
        if messages.confirm(self, "Credit note saved", question, "Open it"):
            desktop.open_path(path)

    def _typed(self) -> tuple[object, ...]:
        return (self.part.isChecked(), *self.fields.values().values())

    def _follow_choice(self) -> None:
        self.fields.set_enabled("amount", self.part.isChecked())

    def _show_problems(self, problem: ValidationError) -> None:
        self.fields.report_problems(problem, self.summary)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _lay_out(self, form: QFormLayout, summary: InvoiceSummary) -> None:
        facts = fact_rows(
            (
                ("Invoice", f"{summary.number} of {format_date(summary.issue_date)}"),
                ("Sent to", summary.payer_name),
                ("Total", format_money(summary.total_pence)),
                ("Already credited", format_money(summary.credited_pence)),
                ("Paid so far", format_money(summary.paid_pence)),
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addLayout(facts)
        if summary.paid_pence:
            layout.addWidget(
                paragraph(
                    f"{format_money(summary.paid_pence)} has been paid on this invoice. If you "
                    "credit more than is still owed, you will need to pay back the difference."
                )
            )
        layout.addWidget(self.summary)
        layout.addWidget(self.full)
        layout.addWidget(self.part)
        layout.addLayout(form)
        layout.addWidget(self._buttons)
