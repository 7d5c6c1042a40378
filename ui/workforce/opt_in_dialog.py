"""Agree to send anonymous workforce returns to one organisation, and say how they go.

The words say what is collected, by whom, why, and that it can be stopped at any time;
nothing is recorded unless the consent box is ticked. The core's `opt_in` checks the
organisation, the collector's address and the enrolment code, and records the consent.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import WorkforceSettings
from microbiz.workforce.membership import opt_in
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import PROBLEM_MARK
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import show_summary
from ui.common.forms import summary_label
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.mnemonics import Mnemonics

TITLE = "Take part in the workforce count"
WHY = (
    "Support organisations count self-employed care workers, whom national figures miss. "
    "If you agree, Microbiz sends the organisation you name below one short return for each "
    "quarter, when you choose to send it."
)
WHAT = (
    "Your answers to a few questions, such as your age band and region (each can be "
    "“Prefer not to say”), and broad bands worked out from your records: hours a "
    "week, how many people you support, your usual hourly rate in a £2 band, roughly "
    "who pays you, and whether your insurance and DBS check are current."
)
NEVER = "Your name, your clients, addresses, notes, dates or exact amounts."
STOP = (
    "You see exactly what would be sent on the Workforce page before anything goes. Taking "
    "part is your choice and you can stop at any time: Microbiz then asks the organisation "
    "to delete what you sent."
)
CONSENT = "I &agree to send my anonymous answers to this organisation"
NO_CONSENT = (
    "Please tick this box to agree, or choose Cancel: nothing is recorded or sent unless you agree."
)
LABELS = {
    "organisation": "Organisation",
    "collector_url": "Collector's address",
    "enrolment_code": "Enrolment code",
}
HINTS = {
    "organisation": "The support organisation that collects the returns, as they name themselves.",
    "collector_url": "The web address the organisation gave you; it starts with https://.",
    "enrolment_code": "The code the organisation gave its members, like LEEDS-2026.",
}
PLACEHOLDERS = {
    "organisation": "for example Leeds Micro-enterprise Network",
    "collector_url": "https://…",
    "enrolment_code": "as given by the organisation",
}
WIDTH_EM = 46


class OptInDialog(QDialog):
    """The organisation, how returns go to it, and the consent box; Take part records it."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._today = today
        self.saved: WorkforceSettings | None = None
        self.summary = summary_label()
        self.internet = QRadioButton("Send it over the &internet")
        self.internet.setAccessibleName("Send it over the internet")
        self.internet.setToolTip("Microbiz sends each return to the organisation's collector")
        self.email = QRadioButton("I will &email a file")
        self.email.setAccessibleName("I will email a file")
        self.email.setToolTip("Microbiz saves each return as a file for you to email yourself")
        self._how = QButtonGroup(self)
        self._how.addButton(self.internet)
        self._how.addButton(self.email)
        self.internet.setChecked(True)
        self.consent = QCheckBox(CONSENT)
        self.consent.setAccessibleName(CONSENT.replace("&", ""))
        self.consent_problem = WrappedLabel()
        self.consent_problem.setFont(scaled_font(self.consent_problem))
        self.consent_problem.setAccessibleName("Problem with the agreement")
        self.consent_problem.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("ieatc"))
        self.fields.add("organisation", LABELS["organisation"], self._edit("organisation"))
        form.addRow(self._how_box())
        for name in ("collector_url", "enrolment_code"):
            self.fields.add(name, LABELS[name], self._edit(name), HINTS[name])
        self.fields.widgets["organisation"].setAccessibleDescription(HINTS["organisation"])
        self._buttons = dialog_buttons(self, push_button("&Take part", "Take part"))
        self._lay_out(form)
        self.email.toggled.connect(self._follow_choice)
        self._follow_choice()
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None) -> WorkforceSettings | None:
        """Open the dialog modally; the settings with consent recorded, or None if cancelled."""
        dialog = cls(parent)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def field(self, name: str) -> QLineEdit:
        return self.fields.widgets[name]

    def accept(self) -> None:
        self.fields.clear_problems()
        self.consent_problem.hide()
        if not self.consent.isChecked():
            self.consent_problem.setText(PROBLEM_MARK + NO_CONSENT)
            self.consent_problem.show()
            self.consent.setAccessibleDescription(NO_CONSENT)
            show_summary(self.summary, 1, [])
            self.consent.setFocus()
            self._grow()
            return
        self.consent.setAccessibleDescription("")
        values = self.fields.values()
        by_email = self.email.isChecked()
        try:
            self.saved = opt_in(
                values["organisation"],
                None if by_email else values["collector_url"],
                None if by_email else values["enrolment_code"],
                by_email=by_email,
                today=self._today,
            )
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            self._grow()
            return
        except UserError as problem:
            messages.warn(self, "Not taking part yet", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        typed = any(value.strip() for value in self.fields.values().values())
        if (typed or self.consent.isChecked()) and not messages.confirm(
            self,
            "Leave without taking part?",
            "Nothing has been recorded and nothing will be sent. Leave without taking part?",
            "Leave",
        ):
            return
        super().reject()

    def _edit(self, name: str) -> QLineEdit:
        return line_edit(PLACEHOLDERS[name])

    def _how_box(self) -> QGroupBox:
        box = QGroupBox("How will you send it?")
        box.setAccessibleName("How will you send it?")
        column = QVBoxLayout(box)
        column.addWidget(self.internet)
        column.addWidget(self.email)
        column.addWidget(
            paragraph(
                "By email, Microbiz saves each return as a file and you email it to the "
                "organisation yourself."
            )
        )
        return box

    def _lay_out(self, form: QFormLayout) -> None:
        layout = QVBoxLayout(self)
        for caption, text in (
            ("Why", WHY),
            ("What is sent", WHAT),
            ("What is never sent", NEVER),
            ("Your choice", STOP),
        ):
            layout.addWidget(heading(caption))
            layout.addWidget(paragraph(text))
        layout.addWidget(heading("Who collects it"))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        layout.addWidget(self.consent_problem)
        layout.addStretch()
        layout.addWidget(self._buttons)

    def _follow_choice(self) -> None:
        by_internet = not self.email.isChecked()
        for name in ("collector_url", "enrolment_code"):
            self.fields.set_enabled(name, by_internet)

    def _grow(self) -> None:
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
