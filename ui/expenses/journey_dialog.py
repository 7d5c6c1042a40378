"""Add or edit a business journey, for the simplified mileage allowance."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Journey
from microbiz.tax.expenses import JOURNEY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_journey
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics
from ui.expenses.expense_dialog import client_combo

FIELDS = ("travelled_on", "miles", "from_place", "to_place", "purpose", "client_id", "vehicle")
PLACEHOLDERS = {
    "travelled_on": "dd/mm/yyyy",
    "miles": "for example 12.5",
    "from_place": "for example Home",
    "to_place": "for example Otley",
    "purpose": "for example Visit to Margaret",
}
HINTS = {
    "travelled_on": "The day of the journey, like 31/12/2026.",
    "miles": "Business miles for this journey, to one decimal place, like 12.5.",
    "purpose": "Why you went. HMRC asks for the purpose or where you went.",
    "client_id": "Choose a client only if the journey was for them.",
}
EXPLANATION = (
    "Record each business journey. The allowance is 45p a mile by car or van for the "
    "first 10,000 miles of the tax year and 25p after that, or 24p a mile by motorcycle. "
    "It replaces fuel, insurance and other running costs of the vehicle."
)
WIDTH_EM = 40


class JourneyDialog(QDialog):
    """A journey's details; Save checks them with the core and stays open on problems."""

    def __init__(
        self,
        parent: QWidget | None,
        journey_id: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._journey_id = journey_id
        self.saved: Journey | None = None
        if journey_id is None:
            form = JourneyForm(travelled_on=format_date(today or clock.today()))
        else:
            form = JourneyForm.of(Journey.get_by_id(journey_id))
        self.setWindowTitle(
            "Add journey" if journey_id is None else f"Edit journey on {form.travelled_on}"
        )
        self.summary = summary_label()
        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form_layout, Mnemonics("sc"))
        for name in FIELDS:
            self.fields.add(
                name, JOURNEY_LABELS[name], self._make_field(name, form), HINTS.get(name, "")
            )
        buttons = dialog_buttons(self, push_button("&Save", "Save journey"))
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addLayout(form_layout)
        layout.addStretch()
        layout.addWidget(buttons)
        self.fields.fill({k: v for k, v in asdict(form).items() if v is not None})
        self._unchanged = self.form()
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, journey_id: int | None = None) -> Journey | None:
        """Open the dialog modally; the saved journey, or None if the user cancelled."""
        dialog = cls(parent, journey_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> JourneyForm:
        return JourneyForm(**self.fields.values())

    def accept(self) -> None:
        try:
            self.saved = save_journey(self.form(), self._journey_id)
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return
        except UserError as problem:
            messages.warn(self, "Journey not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _make_field(self, name: str, form: JourneyForm) -> QWidget:
        if name == "vehicle":
            return choice_combo(VEHICLES)
        if name == "client_id":
            return client_combo(form.client_id)
        return line_edit(PLACEHOLDERS.get(name, ""))
