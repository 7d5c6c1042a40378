"""Print a client's timesheet for a period to a PDF, and offer to open it."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import search_clients
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.validation import Fields
from microbiz.hours.timesheets import print_timesheet
from ui.common import desktop
from ui.common import files
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import required_date
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics

LABELS = {"client_id": "Client", "first": "From", "last": "To"}
HINTS = {"first": "The first day, like 01/10/2026.", "last": "The last day, like 31/10/2026."}
EXPLANATION = (
    "A timesheet lists one client's delivered visits, and any cancellations that are "
    "charged, for the client or whoever pays to check and sign."
)
WIDTH_EM = 36
ENDED = " (ended)"


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the calendar month before `today`'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def choose_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save the PDF; tests replace this function."""
    return files.choose_pdf_path(parent, "Save timesheet", suggested)


def offer_to_open(parent: QWidget | None, path: Path) -> None:
    """Offer to open the saved PDF in the computer's PDF viewer; tests replace this function."""
    if messages.confirm(
        parent, "Timesheet saved", f"Saved the timesheet to {path}.\n\nOpen it now?", "Open it"
    ):
        desktop.open_path(path)


class TimesheetDialog(QDialog):
    """Client and period, then Save PDF…; Direct Payment clients come first."""

    def __init__(
        self,
        parent: QWidget | None = None,
        client_id: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.saved_path: Path | None = None
        self.setWindowTitle("Print timesheet")
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("sc"))
        self.fields.add("client_id", LABELS["client_id"], _client_combo())
        self.fields.add("first", LABELS["first"], line_edit("dd/mm/yyyy"), HINTS["first"])
        self.fields.add("last", LABELS["last"], line_edit("dd/mm/yyyy"), HINTS["last"])
        first, last = last_month(today or clock.today())
        self.fields.fill({"first": format_date(first), "last": format_date(last)})
        if client_id is not None:
            self.fields.fill({"client_id": client_id})
        buttons = dialog_buttons(
            self, push_button("&Save PDF…", "Save PDF"), push_button("&Close", "Close")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int | None = None) -> Path | None:
        """Open the dialog modally; the PDF written, or None."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved_path

    def accept(self) -> None:
        values = self.fields.values()
        check = Fields()
        if not values["client_id"]:
            check.fail("client_id", "Client is required.")
        first = required_date(check, "first", LABELS["first"], values["first"])
        last = required_date(check, "last", LABELS["last"], values["last"])
        if first and last and last < first:
            check.fail("last", "To cannot be before From.")
        try:
            check.done()
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return
        self.fields.clear_problems()
        self.summary.hide()
        combo: QComboBox = self.fields.widgets["client_id"]
        name = combo.currentText().removesuffix(ENDED)
        suggested = files.documents_folder() / _file_name(name, first, last)
        path = choose_pdf_path(self, suggested)
        if path is None:
            return
        try:
            self.saved_path = print_timesheet(values["client_id"], first, last, path)
        except (UserError, OSError) as problem:
            messages.warn(self, "Timesheet not saved", str(problem))
            return
        offer_to_open(self, self.saved_path)
        super().accept()


def _client_combo() -> QComboBox:
    """Direct Payment clients first, then the others by name; ended clients last."""
    combo = QComboBox()
    clients = sorted(
        search_clients(), key=lambda c: (c.status == "ended", c.funding_route != "direct_payment")
    )
    for client in clients:
        combo.addItem(client.name + (ENDED if client.status == "ended" else ""), client.id)
    return combo


def _file_name(client_name: str, first: date, last: date) -> str:
    """'Timesheet Margaret Brown 2026-10-01 to 2026-10-31.pdf', safe on every system."""
    safe = "".join(c for c in client_name if c.isalnum() or c in " -'").strip() or "client"
    return f"Timesheet {safe} {first.isoformat()} to {last.isoformat()}.pdf"
