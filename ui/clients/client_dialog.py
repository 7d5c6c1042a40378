"""Add or edit a client: the person, who pays, their support rates, mileage and cancellations."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import LABELS
from microbiz.clients.details import ClientForm
from microbiz.clients.details import get_client
from microbiz.clients.details import save_client
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import INVOICE_SHOWS
from microbiz.foundations.models import LATE_CANCEL_CHARGES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import Client
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.form_notes import add_with_note
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import show_in_scroll
from ui.common.mnemonics import Mnemonics

SECTIONS = (
    (
        "The person",
        (
            "name",
            "address",
            "postcode",
            "phone",
            "email",
            "start_date",
            "contracted_hours",
            "notes",
        ),
    ),
    (
        "Who pays",
        (
            "funding_route",
            "payer_kind",
            "payer_name",
            "payer_address",
            "payer_postcode",
            "payer_email",
            "payer_reference",
            "invoice_shows",
        ),
    ),
    ("Support rates (£ per hour)", ("weekday_rate", "weekend_rate", "bank_holiday_rate")),
    ("Mileage and cancellations", ("mileage_rate", "cancel_notice_hours", "late_cancel_charge")),
)
MULTILINE = ("address", "payer_address", "notes")
CHOICES = {
    "funding_route": FUNDING_ROUTES,
    "payer_kind": PAYER_KINDS,
    "late_cancel_charge": LATE_CANCEL_CHARGES,
    "invoice_shows": INVOICE_SHOWS,
}
PAYER_FIELDS = ("payer_name", "payer_address", "payer_postcode", "payer_email", "payer_reference")
PLACEHOLDERS = {
    "start_date": "dd/mm/yyyy",
    "contracted_hours": "for example 12.5",
    "weekday_rate": "for example 18.50",
    "weekend_rate": "same as weekday",
    "bank_holiday_rate": "same as weekend",
    "mileage_rate": "leave blank if you don't charge mileage",
    "cancel_notice_hours": "for example 24",
}
HINTS = {
    "start_date": "Day, month and year, like 31/12/2026.",
    "contracted_hours": "Hours a week, like 12.5 or 7:30.",
    "weekend_rate": "Leave blank to charge the weekday rate.",
    "bank_holiday_rate": "Leave blank to charge the weekend rate.",
    "mileage_rate": "Pounds for each mile you drive for this client, like 0.45.",
    "cancel_notice_hours": "How many hours before a visit the client must tell you.",
}
NOTES = {
    "late_cancel_charge": "When a visit is cancelled with less notice than this.",
    "invoice_shows": "Who the support was for, as invoices name them, for privacy.",
}
WIDTH_EM = 48
SCREEN_SHARE = 0.85


class ClientDialog(QDialog):
    """A client's details; Save checks them with the core and keeps the dialog open on problems."""

    def __init__(self, parent: QWidget | None = None, client_id: int | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self.saved: Client | None = None
        form = ClientForm() if client_id is None else ClientForm.of(get_client(client_id))
        self.setWindowTitle("Add client" if client_id is None else f"Edit {form.name}")
        self.summary = summary_label()
        form_layout = QFormLayout()
        self.fields = FormFields(form_layout, Mnemonics("sc"))
        self._scroll = QScrollArea()
        self._buttons = dialog_buttons(self, push_button("&Save", "Save client"))
        self._lay_out(form_layout)
        self.fields.fill(asdict(form))
        self._follow_payer_kind()
        self._unchanged = self.form()

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int | None = None) -> Client | None:
        """Open the dialog modally; the saved client, or None if the user cancelled."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> ClientForm:
        return ClientForm(**self.fields.values())

    def accept(self) -> None:
        try:
            self.saved = save_client(self.form(), self._client_id)
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            messages.warn(self, "Client not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _lay_out(self, form: QFormLayout) -> None:
        content = QWidget()
        content.setLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for title, names in SECTIONS:
            form.addRow(heading(title))
            for name in names:
                self._add_field(form, name)
        show_in_scroll(self._scroll, content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self._scroll)
        layout.addWidget(self._buttons)
        self._fit_to_screen(content)

    def _add_field(self, form: QFormLayout, name: str) -> None:
        widget = self._make_field(name)
        if name in NOTES:
            add_with_note(self.fields, form, name, LABELS[name], widget, NOTES[name])
        else:
            self.fields.add(name, LABELS[name], widget, HINTS.get(name, ""))

    def _make_field(self, name: str) -> QWidget:
        if name in CHOICES:
            return choice_combo(CHOICES[name])
        if name in MULTILINE:
            return text_edit()
        return line_edit(PLACEHOLDERS.get(name, ""))

    def _fit_to_screen(self, content: QWidget) -> None:
        """Wide enough for every field, as tall as the form, within most of the screen."""
        hint = content.sizeHint()
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        width = max(hint.width() + scroll_bar + em(self, 2), em(self, WIDTH_EM))
        height = hint.height() + self._buttons.sizeHint().height() + em(self, 4)
        screen = self.screen().availableGeometry()
        self.resize(
            min(width, round(screen.width() * SCREEN_SHARE)),
            min(height, round(screen.height() * SCREEN_SHARE)),
        )

    def _follow_payer_kind(self) -> None:
        combo = self.fields.widgets["payer_kind"]
        combo.currentIndexChanged.connect(self._update_payer_fields)
        self._update_payer_fields()

    def _update_payer_fields(self) -> None:
        someone_else = self.fields.widgets["payer_kind"].currentData() != "person"
        for name in PAYER_FIELDS:
            self.fields.set_enabled(name, someone_else)

    def _show_problems(self, problem: ValidationError) -> None:
        first = self.fields.report_problems(problem, self.summary)
        if first is not None:
            self._scroll.ensureWidgetVisible(first)
