"""Add a recurring payment for a client: amount, how often, from and to, and its words."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Recurring
from microbiz.invoicing.recurring import EVERY
from microbiz.invoicing.recurring import LABELS
from microbiz.invoicing.recurring import add_recurring
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics

HINTS = {
    "amount": "Pounds for a whole period, for example 450.",
    "starts_on": "The first day it covers, DD/MM/YYYY.",
    "ends_on": "The last day; leave blank while it goes on.",
    "description": "What the invoice line says, for example Shared Lives arrangement.",
}
PLACEHOLDERS = {"amount": "for example 450", "starts_on": "DD/MM/YYYY", "ends_on": "open-ended"}
WIDTH_EM = 40


class RecurringFormDialog(QDialog):
    """One new arrangement; Save checks it with the core and keeps the dialog open on problems."""

    def __init__(self, parent: QWidget | None, client_id: int) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self.saved: Recurring | None = None
        heading = f"Add a recurring payment for {get_client(client_id).name}"
        self.setWindowTitle(heading)
        self.summary = summary_label()
        form = QFormLayout()
        self.fields = FormFields(form, Mnemonics("sc"))
        self.fields.add(
            "amount", LABELS["amount"], line_edit(PLACEHOLDERS["amount"]), HINTS["amount"]
        )
        self.fields.add("every", LABELS["every"], choice_combo(EVERY))
        for name in ("starts_on", "ends_on"):
            self.fields.add(name, LABELS[name], line_edit(PLACEHOLDERS[name]), HINTS[name])
        self.fields.add("description", LABELS["description"], line_edit(), HINTS["description"])
        self.fields.fill({"every": "month", "description": "Shared Lives arrangement"})
        layout = QVBoxLayout(self)
        layout.addWidget(title(heading))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(dialog_buttons(self, push_button("&Save", "Save recurring payment")))
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int) -> Recurring | None:
        """Open the dialog modally; the saved arrangement, or None if the user cancelled."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def accept(self) -> None:
        values = self.fields.values()
        try:
            self.saved = add_recurring(
                self._client_id,
                values["amount"],
                values["every"],
                values["starts_on"],
                values["ends_on"],
                values["description"],
            )
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            grow_to_fit(self)
            return
        super().accept()
