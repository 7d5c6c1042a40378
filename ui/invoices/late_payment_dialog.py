"""Statutory interest and compensation on an overdue invoice to a council, the NHS or a scheme."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from decimal import InvalidOperation

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import LateClaim
from microbiz.invoicing.payments import late_payment_claim
from microbiz.invoicing.payments import summary_of
from ui.common import desktop
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

RATE_LABEL = "Bank of England base rate (%)"
RATE_HINT = "Today's rate from bankofengland.co.uk, like 4.0."
EXPLANATION = (
    "A council, the NHS or another organisation that pays late can be charged interest "
    "and a fixed sum under the Late Payment of Commercial Debts (Interest) Act 1998. "
    "It never applies to people paying for their own care."
)
NOT_A_RATE = "Base rate must be a number of percent, like 4.0 or 5.25."
WIDTH_EM = 44
STATEMENT_LINES = 6


def read_rate(text: str) -> Decimal:
    """A percentage from '4', '4.25' or '4.25%'; a FieldError when it is not a number."""
    try:
        rate = Decimal(text.strip().removesuffix("%").strip())
    except InvalidOperation:
        raise ValidationError([FieldError("base_rate", NOT_A_RATE)]) from None
    if not rate.is_finite():
        raise ValidationError([FieldError("base_rate", NOT_A_RATE)])
    return rate


class LatePaymentDialog(QDialog):
    """Asks the base rate, shows the claim in words, and copies it for a reminder letter."""

    def __init__(self, parent: QWidget | None, invoice_id: int, today: date | None = None) -> None:
        super().__init__(parent)
        self._invoice_id = invoice_id
        self._today = today or clock.today()
        self.claim: LateClaim | None = None
        summary = summary_of(invoice_id, self._today)
        self.setWindowTitle(f"Late payment: {summary.number}")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("wcl"))
        self.fields.add("base_rate", RATE_LABEL, line_edit("like 4.0"), RATE_HINT)
        self.work_out = push_button("&Work it out", "Work out the claim", self.calculate)
        self.work_out.setDefault(True)
        self.amounts = WrappedLabel()
        self.amounts.hide()
        self.statement = QPlainTextEdit()
        self.statement.setReadOnly(True)
        self.statement.setTabChangesFocus(True)
        self.statement.setAccessibleName("Claim statement")
        lines = self.statement.fontMetrics().lineSpacing() * STATEMENT_LINES
        self.statement.setFixedHeight(lines + 2 * self.statement.frameWidth() + em(self, 1))
        self.statement.setPlaceholderText("Type the base rate and choose Work it out.")
        self.copy = push_button("&Copy statement", "Copy statement", self.copy_statement)
        self.copy.setEnabled(False)
        self.copied = QLabel()
        self.copied.hide()
        buttons = QDialogButtonBox()
        close = buttons.addButton("C&lose", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        about = paragraph(
            f"{summary.number} to {summary.payer_name}: {format_money(summary.balance_pence)} "
            f"owed, {summary.days_overdue} days past its due date."
        )
        rate_row = QHBoxLayout()
        rate_row.addLayout(form, 1)
        rate_row.addWidget(self.work_out)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy)
        copy_row.addWidget(self.copied)
        copy_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(about)
        layout.addLayout(rate_row)
        claim_heading = heading("What you can claim")
        claim_heading.setBuddy(self.statement)
        layout.addWidget(claim_heading)
        layout.addWidget(self.amounts)
        layout.addWidget(self.statement)
        layout.addLayout(copy_row)
        layout.addWidget(buttons)
        tab_order(
            [self.fields.widgets["base_rate"], self.work_out, self.statement, self.copy, close]
        )
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int) -> None:
        dialog = cls(parent, invoice_id)
        dialog.exec()
        dialog.deleteLater()

    def calculate(self) -> None:
        self.copied.hide()
        try:
            rate = read_rate(self.fields.values()["base_rate"])
            claim = late_payment_claim(self._invoice_id, rate, self._today)
        except ValidationError as problem:
            self._show_problem(problem)
            return
        except UserError as problem:
            self._show_problem(ValidationError([FieldError("base_rate", str(problem))]))
            return
        self.fields.clear_problems()
        self.claim = claim
        if claim is None:
            self.statement.setPlainText(
                "This invoice cannot carry a late payment claim: it is not overdue, or its "
                "payer is a person rather than an organisation."
            )
            self.amounts.hide()
            self.copy.setEnabled(False)
            return
        total = format_money(claim.interest_pence + claim.compensation_pence)
        amounts = (
            f"Interest so far {format_money(claim.interest_pence)} and fixed compensation "
            f"{format_money(claim.compensation_pence)}: {total} in all."
        )
        self.amounts.setText(amounts)
        self.amounts.setAccessibleName(amounts)
        self.amounts.show()
        self.statement.setPlainText(claim.statement)
        self.copy.setEnabled(True)
        self.copy.setFocus()

    def copy_statement(self) -> None:
        desktop.copy_text(self.statement.toPlainText())
        self.copied.setText("Copied. Paste it into your reminder.")
        self.copied.setAccessibleName(self.copied.text())
        self.copied.show()

    def _show_problem(self, problem: ValidationError) -> None:
        self.fields.show_problems(problem)
        self.claim = None
        self.statement.clear()
        self.amounts.hide()
        self.copy.setEnabled(False)
        self.fields.widgets["base_rate"].setFocus()
