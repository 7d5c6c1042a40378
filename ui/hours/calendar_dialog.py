"""Add the planned visits to a phone's or computer's calendar, as an .ics file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import UserError
from microbiz.hours.calendar import MAX_WEEKS
from microbiz.hours.calendar import write_calendar
from ui.common import files
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import buddy
from ui.common.keys import tab_order
from ui.common.looks import em
from ui.common.looks import paragraph

EXPLANATION = (
    "Saves your planned visits as a calendar file. Open it on your phone or computer (or "
    "email it to yourself) to add them to your calendar. Saving again later updates the "
    "same visits instead of adding them twice."
)
INITIALS_HINT = (
    "For a phone others may see: each visit shows only the person's initials, with no address."
)
WIDTH_EM = 40
WEEKS = 4


def choose_calendar_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save the file; tests replace this function."""
    return files.choose_calendar_path(parent, "Save calendar file", suggested)


class CalendarDialog(QDialog):
    """How many weeks ahead, and whether to show initials only; then Save…."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.said = ""
        self.setWindowTitle("Add to my calendar")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, MAX_WEEKS)
        self.weeks.setValue(WEEKS)
        self.weeks.setSuffix(" weeks")
        self.weeks.setAccessibleName("Weeks ahead")
        self.initials = QCheckBox("&Initials only, no addresses")
        self.initials.setAccessibleName("Initials only, no addresses")
        self.initials.setAccessibleDescription(INITIALS_HINT)
        self.initials.setToolTip(INITIALS_HINT)
        form = QFormLayout()
        form.addRow(buddy("&Weeks ahead", self.weeks), self.weeks)
        form.addRow(self.initials)
        buttons = dialog_buttons(self, push_button("&Save…", "Save calendar file"))
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addLayout(form)
        layout.addWidget(buttons)
        tab_order([self.weeks, self.initials, *buttons.buttons()])
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None) -> str:
        """Open the dialog modally; what was saved, in words, or ''."""
        dialog = cls(parent)
        dialog.exec()
        dialog.deleteLater()
        return dialog.said

    def accept(self) -> None:
        path = choose_calendar_path(self, files.documents_folder() / "microbiz-visits.ics")
        if path is None:
            return
        try:
            count = write_calendar(path, self.weeks.value(), None, self.initials.isChecked())
        except (UserError, OSError) as problem:
            messages.warn(self, "Calendar not saved", str(problem))
            return
        visits = "1 visit" if count == 1 else f"{count} visits"
        self.said = f"Saved {visits} to {path}; open it to add them to your calendar."
        super().accept()
