"""Add or edit one visit type on a client's rate card: hourly rates, or a flat fee."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.clients.ratecards import LABELS
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.clients.ratecards import visit_types_of
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import VisitType
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.form_notes import add_with_note
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import heading
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics

PLACEHOLDERS = {
    "name": "for example Sleep-in",
    "weekday_rate": "for example 18.50",
    "weekend_rate": "same as weekday",
    "bank_holiday_rate": "same as weekend",
    "flat_fee": "leave blank to charge by the hour",
}
HINTS = {
    "weekday_rate": "Pounds an hour, Monday to Friday.",
    "weekend_rate": "Leave blank to charge the weekday rate.",
    "bank_holiday_rate": "Leave blank to charge the weekend rate.",
}
FLAT_FEE_NOTE = "A flat fee replaces the hourly rates, for example for a sleep-in."
WIDTH_EM = 44


class VisitTypeDialog(QDialog):
    """One visit type; Save checks it with the core and keeps the dialog open on problems."""

    def __init__(
        self, parent: QWidget | None, client_id: int, visit_type_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self._visit_type_id = visit_type_id
        self.saved: VisitType | None = None
        client_name = get_client(client_id).name
        form = self._starting_form()
        heading = (
            f"Add a visit type for {client_name}"
            if visit_type_id is None
            else f"Edit {form.name} for {client_name}"
        )
        self.setWindowTitle(heading)
        self.summary = summary_label()
        form_layout = QFormLayout()
        self.fields = FormFields(form_layout, Mnemonics("sc"))
        self._lay_out(form_layout, heading)
        self.fields.fill(asdict(form))
        self._unchanged = self.form()
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(
        cls, parent: QWidget | None, client_id: int, visit_type_id: int | None = None
    ) -> VisitType | None:
        """Open the dialog modally; the saved visit type, or None if the user cancelled."""
        dialog = cls(parent, client_id, visit_type_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> VisitTypeForm:
        return VisitTypeForm(**self.fields.values())

    def accept(self) -> None:
        try:
            self.saved = save_visit_type(self._client_id, self.form(), self._visit_type_id)
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            self._show_problems(ValidationError([FieldError("name", str(problem))]))
            return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _starting_form(self) -> VisitTypeForm:
        if self._visit_type_id is None:
            return VisitTypeForm()
        for visit_type in visit_types_of(self._client_id, include_retired=True):
            if visit_type.id == self._visit_type_id:
                return VisitTypeForm.of(visit_type)
        raise UserError(f"There is no visit type number {self._visit_type_id}.")

    def _lay_out(self, form: QFormLayout, heading_text: str) -> None:
        self._add(form, "name")
        form.addRow(heading("Hourly rates (£ per hour)"))
        for name in ("weekday_rate", "weekend_rate", "bank_holiday_rate"):
            self._add(form, name)
        form.addRow(heading("Or a flat fee"))
        fee = self._field("flat_fee")
        add_with_note(self.fields, form, "flat_fee", LABELS["flat_fee"], fee, FLAT_FEE_NOTE)
        layout = QVBoxLayout(self)
        layout.addWidget(title(heading_text))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(dialog_buttons(self, push_button("&Save", "Save visit type")))

    def _add(self, form: QFormLayout, name: str) -> None:
        self.fields.add(name, LABELS[name], self._field(name), HINTS.get(name, ""))

    def _field(self, name: str) -> QWidget:
        return line_edit(PLACEHOLDERS.get(name, ""))

    def _show_problems(self, problem: ValidationError) -> None:
        self.fields.report_problems(problem, self.summary)
        grow_to_fit(self)
