"""Email one issued invoice, or a payment reminder, with the words open to change first."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import ValidationError
from microbiz.invoicing.emailing import Outgoing
from microbiz.invoicing.emailing import prepare_invoice
from microbiz.invoicing.emailing import prepare_reminder
from microbiz.invoicing.emailing import send
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.keys import tab_order
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics
from ui.common.runner import Job
from ui.common.runner import Runner

LABELS = {"to": "Send to", "subject": "Subject", "body": "Message"}
HINTS = {
    "to": "The payer's email address; change it to send somewhere else this time.",
    "subject": "",
    "body": "Change the words if you like; the invoice PDF is attached.",
}
WIDTH_EM = 52
MESSAGE_LINES = 14


def sent_words(email: Outgoing) -> str:
    """'Sent INV-0003 to a@b.example.', or for a reminder, 'Sent a reminder about ...'."""
    what = "a reminder about " if email.kind == "reminder" else ""
    return f"Sent {what}{email.number} to {email.to}."


class EmailDialog(QDialog):
    """To, subject and message, filled in; Send sends through the mail server in Settings."""

    def __init__(self, parent: QWidget | None, invoice_id: int, reminder: bool = False) -> None:
        super().__init__(parent)
        prepare = prepare_reminder if reminder else prepare_invoice
        self._outgoing = prepare(invoice_id)
        self._job: Job | None = None
        self.said = ""
        kind = "a payment reminder for" if reminder else "invoice"
        self.setWindowTitle(f"Email {kind} {self._outgoing.number}")
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("tsm"))
        self.fields.add("to", LABELS["to"], line_edit("name@example.com"), HINTS["to"])
        self.fields.add("subject", LABELS["subject"], line_edit(), HINTS["subject"])
        self.fields.add("body", LABELS["body"], self._message_box(), HINTS["body"])
        self.fields.fill(
            {
                "to": self._outgoing.to,
                "subject": self._outgoing.subject,
                "body": self._outgoing.body,
            }
        )
        self.send_button = push_button("S&end", "Send")
        self.buttons = dialog_buttons(self, self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph("The invoice goes as a PDF attachment."))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        tab_order([*self.fields.widgets.values(), *self.buttons.buttons()])
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_id: int, reminder: bool = False) -> str:
        """Open the dialog modally; what was sent, in words, or '' if nothing was."""
        dialog = cls(parent, invoice_id, reminder)
        dialog.exec()
        dialog.deleteLater()
        return dialog.said

    def _message_box(self) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setMinimumHeight(box.fontMetrics().lineSpacing() * MESSAGE_LINES)
        return box

    def edited(self) -> Outgoing:
        values = self.fields.values()
        return replace(
            self._outgoing,
            to=values["to"].strip(),
            subject=values["subject"].strip() or self._outgoing.subject,
            body=values["body"],
        )

    def accept(self) -> None:
        """Send off the UI thread; the dialog stays open on a problem, saying what it was."""
        if self._job is not None:
            return
        email = self.edited()
        self.send_button.setEnabled(False)
        self.send_button.setText("Sending…")
        self._job = Job(lambda progress: send([email], progress))
        self._job.signals.result.connect(lambda _: self._sent(email))
        self._job.signals.error.connect(self._failed)
        self._job.signals.finished.connect(self._finished)
        Runner.start(self._job)

    def reject(self) -> None:
        if self._job is None:
            super().reject()

    def _sent(self, email: Outgoing) -> None:
        self.said = sent_words(email)
        super().accept()

    @Slot(str)
    def _failed(self, problem: str) -> None:
        error = ValidationError([FieldError("to" if "address" in problem else "", problem)])
        said = "nothing was sent" in problem.lower()  # the mail server's problems say so
        self.fields.report_problems(error, self.summary, "" if said else "Nothing was sent.")

    @Slot()
    def _finished(self) -> None:
        self._job = None
        self.send_button.setEnabled(True)
        self.send_button.setText("S&end")
