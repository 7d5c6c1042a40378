"""Add or edit one weekly visit pattern; saving plans its visits ahead."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.clients.ratecards import visit_types_of
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Schedule
from microbiz.hours.schedules import WEEKDAYS
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import get_schedule
from microbiz.hours.schedules import save_schedule
from microbiz.hours.visits import LABELS as VISIT_LABELS
from ui.clients.visit_types_model import rate_summary
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.form_notes import add_with_note
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import paragraph
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics

FIELDS = (
    "weekday",
    "start",
    "end",
    "break_minutes",
    "visit_type_id",
    "mileage",
    "starts_on",
    "ends_on",
)
LABELS = {
    "weekday": "Day of the week",
    "start": VISIT_LABELS["start"],
    "end": VISIT_LABELS["end"],
    "break_minutes": VISIT_LABELS["break_minutes"],
    "visit_type_id": VISIT_LABELS["visit_type_id"],
    "mileage": VISIT_LABELS["mileage"],
    "starts_on": "From",
    "ends_on": "Until",
}
PLACEHOLDERS = {
    "start": "for example 09:00",
    "end": "for example 11:00",
    "break_minutes": "0",
    "mileage": "miles for each visit, like 4.5",
    "starts_on": "dd/mm/yyyy",
    "ends_on": "leave blank to keep going",
}
HINTS = {
    "start": "24-hour time, like 09:00 or 21:30.",
    "break_minutes": "Minutes of break during the visit that are not charged.",
    "mileage": "Miles you drive for each visit. Leave blank for none.",
    "starts_on": "The first day this pattern can start, like 31/12/2026.",
    "ends_on": "The last day of this pattern. Leave blank to keep going.",
}
NOTES = {"end": "If the end is earlier than the start, the visit ends the next morning."}
EDIT_NOTE = "Changes apply only to visits still to come. Visits already had stay as they were."
RETIRED = "no longer offered"
CHOOSE_TYPE = "Choose a visit type"
WIDTH_EM = 44


def no_types_note(client_name: str) -> str:
    return (
        f"{client_name} has no visit types yet. Cancel this, then choose Rates… "
        "on the Clients page to add one."
    )


class ScheduleDialog(QDialog):
    """A weekly pattern; Save checks it with the core and keeps the dialog open on problems."""

    def __init__(
        self, parent: QWidget | None, client_id: int, schedule_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self._schedule_id = schedule_id
        self.saved: Schedule | None = None
        self._client_name = get_client(client_id).name
        form = self._starting_form()
        heading = (
            f"Add a weekly visit for {self._client_name}"
            if schedule_id is None
            else f"Change a weekly visit for {self._client_name}"
        )
        self.setWindowTitle(heading)
        self.summary = summary_label()
        form_layout = QFormLayout()
        self.fields = FormFields(form_layout, Mnemonics("sc"))
        self.save_button = push_button("&Save", "Save weekly visit")
        self._lay_out(form_layout, form.visit_type_id, heading)
        self.fields.fill(_filled(form))
        self._choose_no_type_unless_only_one(form.visit_type_id)
        self._unchanged = self.form()
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(
        cls, parent: QWidget | None, client_id: int, schedule_id: int | None = None
    ) -> Schedule | None:
        """Open the dialog modally; the saved schedule, or None if the user cancelled."""
        dialog = cls(parent, client_id, schedule_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> ScheduleForm:
        return ScheduleForm(client_id=self._client_id, **self.fields.values())

    def accept(self) -> None:
        try:
            self.saved = save_schedule(self.form(), self._schedule_id)
        except ValidationError as problem:
            self._show_problems(problem)
            return
        except UserError as problem:
            messages.warn(self, "Weekly visit not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _starting_form(self) -> ScheduleForm:
        if self._schedule_id is None:
            return ScheduleForm(client_id=self._client_id, starts_on=format_date(clock.today()))
        return ScheduleForm.of(get_schedule(self._schedule_id))

    def _lay_out(self, form: QFormLayout, visit_type_id: int | None, heading: str) -> None:
        for name in FIELDS:
            widget = self._make_field(name, visit_type_id)
            note = NOTES.get(name, "")
            if name == "visit_type_id" and not widget.count():
                note = no_types_note(self._client_name)
                widget.setEnabled(False)
                self.save_button.setEnabled(False)
            if note:
                add_with_note(self.fields, form, name, LABELS[name], widget, note)
            else:
                self.fields.add(name, LABELS[name], widget, HINTS.get(name, ""))
        layout = QVBoxLayout(self)
        layout.addWidget(title(heading))
        if self._schedule_id is not None:
            layout.addWidget(paragraph(EDIT_NOTE))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(dialog_buttons(self, self.save_button))

    def _make_field(self, name: str, visit_type_id: int | None) -> QWidget:
        if name == "weekday":
            return choice_combo(WEEKDAYS)
        if name == "visit_type_id":
            return self._visit_type_combo(visit_type_id)
        return line_edit(PLACEHOLDERS.get(name, ""))

    def _visit_type_combo(self, current_id: int | None) -> QComboBox:
        """The client's visit types on offer, and the schedule's own even if it was retired."""
        combo = QComboBox()
        combo.setPlaceholderText(CHOOSE_TYPE)
        for visit_type in visit_types_of(self._client_id, include_retired=True):
            if visit_type.active:
                combo.addItem(rate_summary(visit_type), visit_type.id)
            elif visit_type.id == current_id:
                combo.addItem(f"{rate_summary(visit_type)} ({RETIRED})", visit_type.id)
        return combo

    def _choose_no_type_unless_only_one(self, visit_type_id: int | None) -> None:
        """A new pattern with several visit types to choose from starts with none chosen."""
        combo = self.fields.widgets["visit_type_id"]
        if visit_type_id is None:
            combo.setCurrentIndex(0 if combo.count() == 1 else -1)

    def _show_problems(self, problem: ValidationError) -> None:
        self.fields.report_problems(problem, self.summary)
        grow_to_fit(self)


def _filled(form: ScheduleForm) -> dict:
    """The form's values for the fields; no visit type leaves the first one chosen."""
    values = asdict(form)
    del values["client_id"]
    if values["visit_type_id"] is None:
        del values["visit_type_id"]
    return values
