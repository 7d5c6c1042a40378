"""Cancel a planned visit: when were you told? The client's rule decides the charge."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Visit
from microbiz.foundations.validation import Fields
from microbiz.hours.visits import get_visit
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import required_date
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LABELS = {"told_day": "Date you were told", "told_time": "Time you were told"}
WIDTH_EM = 40


def rule_text(visit: Visit) -> str:
    """The client's late-cancellation rule in words."""
    client = visit.client
    hours = client.cancel_notice_hours
    notice = "1 hour" if hours == 1 else f"{hours} hours"
    if client.late_cancel_charge == "full":
        return (
            f"{client.name}'s rule: cancelling with less than {notice}' notice is charged in full."
        )
    return f"{client.name}'s rule: cancellations are not charged."


class CancelVisitDialog(QDialog):
    """Asks when the cancellation was made, with now filled in."""

    def __init__(
        self, parent: QWidget | None = None, visit_id: int = 0, now: datetime | None = None
    ) -> None:
        super().__init__(parent)
        visit = get_visit(visit_id)
        now = now or clock.now()
        self.told_at: datetime | None = None
        self.setWindowTitle("Cancel visit")
        when = f"{visit.start:%A} {format_date(visit.start.date())} at {visit.start:%H:%M}"
        self.question = paragraph(
            f"Cancel {visit.client.name}'s visit on {when}?\n\n{rule_text(visit)}"
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("ck"))
        self.fields.add("told_day", LABELS["told_day"], line_edit("dd/mm/yyyy"), "Like 31/12/2026.")
        self.fields.add("told_time", LABELS["told_time"], line_edit("HH:MM"), "Like 18:30.")
        self.fields.fill({"told_day": format_date(now.date()), "told_time": f"{now:%H:%M}"})
        buttons = dialog_buttons(
            self,
            push_button("&Cancel the visit", "Cancel the visit"),
            push_button("&Keep the visit", "Keep the visit"),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, visit_id: int) -> datetime | None:
        """When the user was told, or None if they kept the visit."""
        dialog = cls(parent, visit_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.told_at

    def accept(self) -> None:
        values = self.fields.values()
        check = Fields()
        day = required_date(check, "told_day", LABELS["told_day"], values["told_day"])
        at = check.time("told_time", LABELS["told_time"], values["told_time"])
        try:
            check.done()
        except ValidationError as problem:
            self.fields.show_problems(problem)
            self.fields.first_with_problem().setFocus()
            return
        self.told_at = datetime.combine(day, at)
        super().accept()
