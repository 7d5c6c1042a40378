"""Ask for the last day of a weekly visit pattern (today unless changed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import parse_date
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.looks import em
from ui.common.looks import grow_to_fit
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LAST_DAY = "Last day"
HINT = "Day, month and year, like 31/12/2026."
WIDTH_EM = 34


def explanation(pattern: str) -> str:
    return (
        f"The {pattern} visits stop after this day. Planned visits after it are removed; "
        "visits up to and including it are kept."
    )


class StopScheduleDialog(QDialog):
    """One date field; accepted with `last_day` set."""

    def __init__(self, parent: QWidget | None, pattern: str, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop weekly visits")
        self.last_day: date | None = None
        form = QFormLayout()
        self.fields = FormFields(form, Mnemonics("sc"))
        self.fields.add("last_day", LAST_DAY, line_edit("dd/mm/yyyy"), HINT)
        self.fields.fill({"last_day": format_date(today or clock.today())})
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(explanation(pattern)))
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, push_button("&Stop visits", "Stop visits")))
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(cls, parent: QWidget | None, pattern: str) -> date | None:
        """The last day chosen, or None if the user cancelled."""
        dialog = cls(parent, pattern)
        dialog.exec()
        dialog.deleteLater()
        return dialog.last_day

    def accept(self) -> None:
        text = self.fields.values()["last_day"].strip()
        try:
            if not text:
                raise UserError(f"{LAST_DAY} is required")
            self.last_day = parse_date(text)
        except UserError as problem:
            self._show_problem(f"{LAST_DAY}: {problem}." if text else f"{problem}.")
            return
        super().accept()

    def _show_problem(self, message: str) -> None:
        self.fields.show_problems(ValidationError([FieldError("last_day", message)]))
        grow_to_fit(self)
        self.fields.widgets["last_day"].setFocus()
