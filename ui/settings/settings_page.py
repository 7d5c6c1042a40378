"""Settings: the business profile that invoices need, with a load()/save() pair."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.business import LABELS
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import save_business
from microbiz.foundations.errors import ValidationError
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import show_in_scroll
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics
from ui.settings.audit_log_panel import AuditLogPanel
from ui.settings.encryption_section import EncryptionSection
from ui.settings.mail_panel import MailPanel

SECTIONS = (
    ("Your business", ("trading_name", "owner_name", "address", "postcode", "phone", "email")),
    (
        "How clients pay you",
        ("bank_account_name", "bank_sort_code", "bank_account_number", "payment_instructions"),
    ),
    ("Invoices", ("payment_terms_days", "invoice_prefix")),
    ("Tax", ("utr",)),
)
MULTILINE = ("address", "payment_instructions")
PLACEHOLDERS = {
    "bank_sort_code": "like 12-34-56",
    "bank_account_number": "8 digits",
    "payment_instructions": "like: Pay by Direct Payment card on 0113 000 0000",
    "payment_terms_days": "like 14",
    "invoice_prefix": "like INV-",
    "utr": "10 digits, if you have one",
}
HINTS = {
    "bank_account_name": (
        "Shown on invoices so clients can pay you. Give all three bank details, or none."
    ),
    "payment_instructions": (
        "Shown on invoices: another way to pay you, instead of or as well as a bank transfer."
    ),
    "payment_terms_days": "How many days clients have to pay an invoice.",
    "invoice_prefix": "Goes in front of each invoice number, as in INV-1.",
    "utr": "From HMRC, for Self Assessment. Optional.",
}
FORM_WIDTH_EM = 56


class SettingsPage(QWidget):
    """The business profile form; nothing is saved unless every field is right."""

    message = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary_label()
        form = QFormLayout()
        self.fields = FormFields(form, Mnemonics("s"))
        self.save_button = push_button("&Save changes", "Save changes", self.save)
        self.mail = MailPanel()
        self.mail.message.connect(self.message)
        self.audit_log = AuditLogPanel()
        self.encryption = EncryptionSection(folder)
        self.encryption.message.connect(self.message)
        self._lay_out(form, folder)
        self._loaded = BusinessForm()
        self.load()

    @property
    def first_field(self) -> QWidget:
        return self.fields.widgets["trading_name"]

    def load(self) -> None:
        """Show the saved profile (blank before first-run set-up)."""
        business = get_business()
        self.fields.fill(asdict(BusinessForm.of(business) if business else BusinessForm()))
        self.fields.clear_problems()
        self.summary.hide()
        self._loaded = self.form()
        self.mail.load()
        self.audit_log.refresh()

    def save(self) -> bool:
        """Save the profile; on problems show them beside their fields and save nothing."""
        try:
            save_business(self.form())
        except ValidationError as problem:
            first = self.fields.report_problems(problem, self.summary)
            if first is not None:
                self._scroll.ensureWidgetVisible(first)
            return False
        self.load()
        self.message.emit("Saved your business details.")
        return True

    def form(self) -> BusinessForm:
        return BusinessForm(**self.fields.values())

    def has_unsaved_changes(self) -> bool:
        return self.form() != self._loaded

    def _lay_out(self, form: QFormLayout, folder: Path) -> None:
        for section, names in SECTIONS:
            form.addRow(heading(section))
            for name in names:
                widget = text_edit() if name in MULTILINE else line_edit()
                widget.setPlaceholderText(PLACEHOLDERS.get(name, ""))
                self.fields.add(name, LABELS[name], widget, HINTS.get(name, ""))
        form.addRow(heading("Your records"))
        form.addRow(paragraph(_records_note(folder)))
        form.addRow(heading("Encryption"))
        form.addRow(self.encryption)
        form.addRow(self.mail)
        form.addRow(self.audit_log)
        content = QWidget()
        content.setLayout(form)
        content.setMaximumWidth(em(self, FORM_WIDTH_EM))
        self._scroll = QScrollArea()
        show_in_scroll(self._scroll, content)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(title("Settings"))
        layout.addWidget(self.summary)
        layout.addWidget(self._scroll)
        layout.addLayout(buttons)


def _records_note(folder: Path) -> str:
    return (
        f"Your records are kept in {folder}. "
        "Each time you close Microbiz it makes a backup copy in the backups folder there."
    )
