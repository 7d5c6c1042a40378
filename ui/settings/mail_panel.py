"""Settings for sending invoices by email: the mail server, and its password in the keyring."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.invoicing.emailing import SECURITY
from microbiz.invoicing.emailing import mail_settings
from microbiz.invoicing.emailing import remember_password
from microbiz.invoicing.emailing import save_mail_settings
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LABELS = {
    "host": "Mail server",
    "port": "Port",
    "security": "Security",
    "user": "User name",
    "password": "Password",
}
PLACEHOLDERS = {
    "host": "like smtp.example.com",
    "port": "like 587",
    "user": "usually your email address",
    "password": "typed once; kept in this computer's keyring",
}
EXPLANATION = (
    "Invoices are sent from your email address above, through your email provider's mail "
    "server; its help pages give these settings. The password is never kept in your records."
)


class MailPanel(QWidget):
    """The mail server's settings with their own Save button."""

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("msunp"))
        for name, label in LABELS.items():
            widget = choice_combo(SECURITY) if name == "security" else None
            widget = widget or line_edit(PLACEHOLDERS.get(name, ""))
            self.fields.add(name, label, widget)
        self.fields.widgets["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self.save_button = push_button("Save &email settings", "Save email settings", self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Sending invoices by email"))
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        settings = mail_settings()
        self.fields.fill(
            {"host": settings.host, "port": str(settings.port), "user": settings.user,
             "password": ""}
        )  # fmt: skip
        combo = self.fields.widgets["security"]
        combo.setCurrentIndex(combo.findData(settings.security))
        self.fields.clear_problems()
        self.summary.hide()

    def save(self) -> bool:
        """Save the settings (all or nothing), then the password if one was typed."""
        values = self.fields.values()
        password = values.pop("password")
        try:
            settings = save_mail_settings(values)
            if password:
                remember_password(settings, password)
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return False
        except UserError as problem:
            error = ValidationError([FieldError("password", str(problem))])
            self.fields.report_problems(error, self.summary)
            return False
        self.load()
        self.message.emit("Saved your email settings.")
        return True
