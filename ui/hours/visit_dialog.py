"""Add or edit a visit: who, what kind, when, and whether it happened."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import search_clients
from microbiz.clients.ratecards import visit_types_of
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import hours_text
from microbiz.foundations.dates import parse_date
from microbiz.foundations.dates import parse_time
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.hours.pricing import elapsed_minutes
from microbiz.hours.pricing import visit_end
from microbiz.hours.visits import LABELS
from microbiz.hours.visits import OverlapWarning
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import get_visit
from microbiz.hours.visits import save_visit
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import show_in_scroll
from ui.common.mnemonics import Mnemonics

FIELDS = (
    "client_id",
    "visit_type_id",
    "day",
    "start",
    "end",
    "break_minutes",
    "status",
    "mileage",
    "notes",
)
PLACEHOLDERS = {
    "day": "dd/mm/yyyy",
    "start": "HH:MM, like 09:00",
    "end": "HH:MM, like 11:00",
    "break_minutes": "0",
    "mileage": "miles, like 5.2",
}
HINTS = {
    "day": "Day, month and year, like 31/12/2026.",
    "start": "24-hour clock, like 09:00 or 18:30.",
    "end": "An end before the start means the next morning.",
    "break_minutes": "Unpaid break in minutes; 0 for none.",
    "mileage": "Miles driven for this client, like 5.2.",
}
CHOOSE_CLIENT = "Choose who the visit was for"
NO_RATES = "This client has no rates yet: add them on the Clients page with Rates…"
END_HINT = HINTS["end"]
SUPPORT = "Support"
PAUSED = " (paused)"
ENDED = " (ended)"
WIDTH_EM = 34
SCREEN_SHARE = 0.85


class VisitDialog(QDialog):
    """A visit's details; Save checks them with the core and keeps the dialog open on problems."""

    def __init__(
        self,
        parent: QWidget | None = None,
        visit_id: int | None = None,
        form: VisitForm | None = None,
    ) -> None:
        super().__init__(parent)
        self._visit_id = visit_id
        self.saved: Visit | None = None
        self._status_chosen = visit_id is not None
        self._suggesting = False
        if form is None:
            form = VisitForm.of(get_visit(visit_id)) if visit_id else _new_visit_form()
        self._type_to_keep = form.visit_type_id
        self.setWindowTitle(_title(visit_id, form))
        self.summary = summary_label()
        form_layout = QFormLayout()
        self.fields = FormFields(form_layout, Mnemonics("sc"))
        self.no_rates = WrappedLabel(NO_RATES)
        self.no_rates.setAccessibleName(NO_RATES)
        self.end_hint = WrappedLabel(END_HINT)
        self.end_hint.setAccessibleName("When the visit ends")
        self._scroll = QScrollArea()
        self._buttons = dialog_buttons(self, push_button("&Save", "Save visit"))
        self._lay_out(form_layout, form.client_id)
        self._fill(form)
        self._connect()
        self._unchanged = self.form()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        visit_id: int | None = None,
        form: VisitForm | None = None,
    ) -> Visit | None:
        """Open the dialog modally; the saved visit, or None if the user cancelled."""
        dialog = cls(parent, visit_id, form)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def form(self) -> VisitForm:
        return VisitForm(**self.fields.values())

    def accept(self) -> None:
        allow_overlap = False
        while True:
            try:
                self.saved = save_visit(self.form(), self._visit_id, allow_overlap)
                break
            except OverlapWarning as overlap:
                if allow_overlap or not messages.confirm(
                    self, "Visits overlap", f"{overlap} Save it anyway?", "Save anyway"
                ):
                    return
                allow_overlap = True
            except ValidationError as problem:
                self._show_problems(problem)
                return
            except UserError as problem:
                messages.warn(self, "Visit not saved", str(problem))
                return
        super().accept()

    def reject(self) -> None:
        if self.form() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _lay_out(self, form: QFormLayout, client_id: int | None) -> None:
        content = QWidget()
        content.setLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in FIELDS:
            widget = self._make_field(name, client_id)
            self.fields.add(name, LABELS[name], widget, HINTS.get(name, ""))
            if name == "visit_type_id":
                form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, self.no_rates)
            if name == "end":
                form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, self.end_hint)
        self.no_rates.hide()
        self._content = content
        show_in_scroll(self._scroll, content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self._scroll)
        layout.addWidget(self._buttons)
        self._fit_to_screen(content)

    def _make_field(self, name: str, client_id: int | None) -> QWidget:
        if name == "client_id":
            return _client_combo(client_id)
        if name == "visit_type_id":
            return QComboBox()
        if name == "status":
            return choice_combo(VISIT_STATUSES)
        if name == "notes":
            return text_edit()
        return line_edit(PLACEHOLDERS.get(name, ""))

    def _fill(self, form: VisitForm) -> None:
        """Put the form in the fields: the client first, so their visit types are there."""
        values = {key: value for key, value in asdict(form).items() if value is not None}
        values.pop("visit_type_id", None)
        clients = self.fields.widgets["client_id"]
        if form.client_id is None:
            clients.setCurrentIndex(-1)
        self.fields.fill(values)
        self._refill_types()
        if form.visit_type_id is not None:
            types = self.fields.widgets["visit_type_id"]
            found = types.findData(form.visit_type_id)
            if found >= 0:
                types.setCurrentIndex(found)
        self._describe_end()
        if not self._status_chosen:
            self._suggest_status()

    def _connect(self) -> None:
        self.fields.widgets["client_id"].currentIndexChanged.connect(self._refill_types)
        self.fields.widgets["status"].currentIndexChanged.connect(self._status_was_chosen)
        for name in ("day", "start"):
            self.fields.widgets[name].textChanged.connect(self._suggest_status)
        for name in ("day", "start", "end"):
            self.fields.widgets[name].textChanged.connect(self._describe_end)

    def _refill_types(self) -> None:
        """The chosen client's visit types, keeping the type's name where it can."""
        types: QComboBox = self.fields.widgets["visit_type_id"]
        keep_name = types.currentText()
        client_id = self.fields.widgets["client_id"].currentData()
        choices = visit_types_of(client_id) if client_id else []
        if client_id and self._type_to_keep:
            retired = visit_types_of(client_id, include_retired=True)
            choices += [t for t in retired if t.id == self._type_to_keep and t not in choices]
        types.clear()
        for visit_type in choices:
            types.addItem(visit_type.name, visit_type.id)
        for wanted in (keep_name, SUPPORT):
            found = types.findText(wanted)
            if found >= 0:
                types.setCurrentIndex(found)
                break
        has_rates = types.count() > 0
        self.fields.set_enabled("visit_type_id", has_rates)
        self.no_rates.setVisible(bool(client_id) and not has_rates)

    def _status_was_chosen(self) -> None:
        if not self._suggesting:
            self._status_chosen = True

    def _suggest_status(self) -> None:
        """Delivered for a visit that has started, Planned for one still to come."""
        if self._status_chosen:
            return
        status = _likely_status(read_text(self, "day"), read_text(self, "start"), clock.now())
        if status is None:
            return
        combo = self.fields.widgets["status"]
        self._suggesting = True
        combo.setCurrentIndex(combo.findData(status))
        self._suggesting = False

    def _describe_end(self) -> None:
        """Say how long the visit is and whether it ends the next morning."""
        self.end_hint.setText(
            _length_text(
                read_text(self, "day"),
                read_text(self, "start"),
                read_text(self, "end"),
            )
        )

    def _fit_to_screen(self, content: QWidget) -> None:
        """Wide enough for every field, as tall as the form, within most of the screen."""
        hint = content.sizeHint()
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        width = max(hint.width() + scroll_bar + em(self, 2), em(self, WIDTH_EM))
        height = hint.height() + self._buttons.sizeHint().height() + em(self, 4)
        if self.summary.isVisible():
            height += self.summary.sizeHint().height()
        screen = self.screen().availableGeometry()
        width = min(width, round(screen.width() * SCREEN_SHARE))
        height = min(height, round(screen.height() * SCREEN_SHARE))
        if self.isVisible():
            width, height = max(width, self.width()), max(height, self.height())
        self.resize(width, height)

    def _show_problems(self, problem: ValidationError) -> None:
        first = self.fields.report_problems(problem, self.summary)
        self._content.adjustSize()
        self._fit_to_screen(self._content)
        if first is not None:
            self._scroll.ensureWidgetVisible(first)


def read_text(dialog: VisitDialog, name: str) -> str:
    return dialog.fields.widgets[name].text()


def _new_visit_form() -> VisitForm:
    return VisitForm(day=format_date(clock.today()))


def _title(visit_id: int | None, form: VisitForm) -> str:
    if visit_id is None:
        return "Add visit"
    client = Client.get_or_none(Client.id == form.client_id)
    return f"Edit visit: {client.name if client else 'visit'}, {form.day}"


def _client_combo(client_id: int | None) -> QComboBox:
    """Active and paused clients by name; an ended client only when it is this visit's."""
    combo = QComboBox()
    combo.setPlaceholderText(CHOOSE_CLIENT)
    for client in search_clients():
        if client.status == "ended" and client.id != client_id:
            continue
        suffix = {"paused": PAUSED, "ended": ENDED}.get(client.status, "")
        combo.addItem(client.name + suffix, client.id)
    combo.setCurrentIndex(-1)
    return combo


def _likely_status(day_text: str, start_text: str, now: datetime) -> str | None:
    """'planned' if the visit starts after `now`, else 'delivered'; None if no date yet."""
    try:
        day = parse_date(day_text)
    except UserError:
        return None
    try:
        begins = datetime.combine(day, parse_time(start_text))
    except UserError:
        return "planned" if day > now.date() else "delivered"
    return "planned" if begins > now else "delivered"


def _length_text(day_text: str, start_text: str, end_text: str) -> str:
    """'2 hours long.' or '10 hours long, ending the next morning (Tue 01/12).'

    Until both times are typed, the hint about ends before starts.
    """
    try:
        start = parse_time(start_text)
        end = parse_time(end_text)
    except UserError:
        return END_HINT
    try:
        day = parse_date(day_text)
    except UserError:
        day = clock.today()
    begins = datetime.combine(day, start)
    ends = visit_end(begins, end)
    length = hours_text(max(elapsed_minutes(begins, ends), 0))
    unit = "hour" if length == "1" else "hours"
    if ends.date() > begins.date():
        return f"{length} {unit} long, ending the next morning ({ends:%a} {ends:%d/%m})."
    return f"{length} {unit} long."
