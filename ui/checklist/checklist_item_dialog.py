"""Change one checklist item: where it stands, when it is due, and notes to yourself."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import update_item
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import ChecklistItem
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.mnemonics import Mnemonics
from ui.compliance.policy_dialog import dialog_title

LABELS = {"status": "Status", "due_on": "Due", "notes": "Notes"}
HINTS = {
    "status": "Done, still to do, under way, or not needed in your work.",
    "due_on": "When you mean to have it done, like 31/12/2026. Leave blank for no date.",
    "notes": "Anything to remember: a reference number, who you spoke to, what is left.",
}
WIDTH_EM = 40


class ChecklistItemDialog(QDialog):
    """Status, due date and notes; Save checks them with the core and stays open on problems."""

    def __init__(
        self, parent: QWidget | None, item: ChecklistItem, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._item = item
        self._today = today
        self.saved: ChecklistItem | None = None
        self.setWindowTitle("Edit checklist item")
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("sc"))
        statuses = choice_combo(CHECKLIST_STATUSES)
        self.fields.add("status", LABELS["status"], statuses, HINTS["status"])
        self.fields.add("due_on", LABELS["due_on"], line_edit("dd/mm/yyyy"), HINTS["due_on"])
        self.fields.add("notes", LABELS["notes"], text_edit(), HINTS["notes"])
        self.fields.fill(
            {"status": item.status, "due_on": format_date(item.due_on), "notes": item.notes}
        )
        self._unchanged = self.form()
        buttons = dialog_buttons(self, push_button("&Save", "Save"))
        item_title = dialog_title(item.title)
        layout = QVBoxLayout(self)
        layout.addWidget(item_title)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(
        cls, parent: QWidget | None, item: ChecklistItem, today: date | None = None
    ) -> ChecklistItem | None:
        """Open the dialog modally; the saved item, or None if nothing was saved."""
        dialog = cls(parent, item, today)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> ItemForm:
        return ItemForm(**self.fields.values())

    def accept(self) -> None:
        try:
            self.saved = update_item(self._item.id, self.form(), self._today)
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            grow_to_fit(self)
            return
        except UserError as problem:
            messages.warn(self, "Not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()
