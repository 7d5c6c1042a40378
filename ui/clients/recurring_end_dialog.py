"""End a recurring payment on a day: nothing after it goes on a draft."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Recurring
from microbiz.invoicing.recurring import describe
from microbiz.invoicing.recurring import end_recurring
from microbiz.invoicing.recurring import get_recurring
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import paragraph
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics

HINT = "The last day it covers, DD/MM/YYYY. Days already invoiced stay invoiced."
WIDTH_EM = 36


class RecurringEndDialog(QDialog):
    """The last day of one arrangement, checked by the core."""

    def __init__(self, parent: QWidget | None, recurring_id: int) -> None:
        super().__init__(parent)
        self._recurring_id = recurring_id
        self.ended: Recurring | None = None
        heading = "End a recurring payment"
        self.setWindowTitle(heading)
        self.summary = summary_label()
        form = QFormLayout()
        self.fields = FormFields(form, Mnemonics("ec"))
        self.fields.add("ends_on", "Last day", line_edit("DD/MM/YYYY"), HINT)
        self.fields.fill({"ends_on": f"{clock.today():%d/%m/%Y}"})
        layout = QVBoxLayout(self)
        layout.addWidget(title(heading))
        layout.addWidget(paragraph(describe(get_recurring(recurring_id))))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(dialog_buttons(self, push_button("&End", "End recurring payment")))
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(cls, parent: QWidget | None, recurring_id: int) -> Recurring | None:
        """Open the dialog modally; the ended arrangement, or None if the user cancelled."""
        dialog = cls(parent, recurring_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.ended

    def accept(self) -> None:
        try:
            self.ended = end_recurring(self._recurring_id, self.fields.values()["ends_on"])
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            grow_to_fit(self)
            return
        super().accept()
