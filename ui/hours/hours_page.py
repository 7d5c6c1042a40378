"""Hours: the week at a glance with its totals, and the list of every visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import parse_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Visit
from microbiz.foundations.money import format_money
from microbiz.hours.schedules import confirm_week
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import VisitRow
from microbiz.hours.visits import cancel_visit
from microbiz.hours.visits import delete_visit
from microbiz.hours.visits import duplicate_visit
from ui.common import messages
from ui.common.buttons import push_button
from ui.common.filters import filter_combo
from ui.common.filters import refill_clients
from ui.common.filters import search_box
from ui.common.forms import PROBLEM_MARK
from ui.common.forms import buddy
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import WIDGET_AND_CHILDREN
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import title
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.hours.calendar_dialog import CalendarDialog
from ui.hours.cancel_visit_dialog import CancelVisitDialog
from ui.hours.timesheet_dialog import TimesheetDialog
from ui.hours.visit_dialog import VisitDialog
from ui.hours.visits_model import DATE
from ui.hours.visits_model import NOTES
from ui.hours.visits_model import VisitsTableModel
from ui.hours.week_totals_model import CLIENT as TOTALS_CLIENT
from ui.hours.week_totals_model import WeekTotalsModel
from ui.hours.week_totals_model import short_hours
from ui.hours.week_view import WeekView
from ui.hours.week_view import long_date
from ui.hours.week_view import visit_times

NO_VISITS = "No visits yet. Add one with “Add visit…” (Ctrl+N)."
NO_MATCHES = "No visits match. Set Client and Status to All, or clear the dates and search."
WEEK_TAB = "&Week"
LIST_TAB = "&List"
FILTER_LETTERS = 16
SEARCH_PAUSE_MS = 250


def visits_count(count: int) -> str:
    return "1 visit" if count == 1 else f"{count:,} visits"


def confirm_report(confirmed: int, waiting: int) -> str:
    """'Marked 9 visits as delivered. 2 visits later this week are still planned.'"""
    if confirmed:
        done = f"Marked {visits_count(confirmed)} as delivered."
    else:
        done = "No visits needed marking as delivered."
    if not waiting:
        return done
    verb = "is" if waiting == 1 else "are"
    return f"{done} {visits_count(waiting)} later this week {verb} still planned."


def visit_words(row: VisitRow | Visit) -> str:
    """ "Margaret Brown's visit on Mon 30/11/2026, 09:00–11:00"."""
    name = row.client_name if isinstance(row, VisitRow) else row.client.name
    when = f"{row.start:%a} {format_date(row.start.date())}"
    return f"{name}'s visit on {when}, {visit_times(row)}"


class HoursPage(QWidget):
    """The Week and List views of visits, and the buttons that act on the chosen visit."""

    message = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.week_view = WeekView(today=today)
        self.confirm_button = push_button(
            "C&onfirm this week as delivered",
            "Confirm this week as delivered",
            self.confirm_shown_week,
            "Mark this week's planned visits that have ended as delivered",
        )
        self.totals_model = WeekTotalsModel(self)
        self.totals = self._make_totals_table()
        self.total_label = WrappedLabel()
        self.model = VisitsTableModel(self)
        self.table = read_only_table(self.model, "Visits", NOTES)
        self.client_filter = filter_combo("Show visits for client", letters=FILTER_LETTERS)
        self.status_filter = filter_combo("Show visits by status", VISIT_STATUSES, FILTER_LETTERS)
        self.from_date = _date_box("From date")
        self.to_date = _date_box("To date")
        self.search = search_box("Search client, type, notes…", "Search visits")
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self.date_problem = WrappedLabel()
        self.date_problem.setAccessibleName("Problem with the dates")
        self.count = WrappedLabel()
        self.tabs = QTabWidget()
        self.week_tab = QWidget()
        self.list_tab = QWidget()
        self.buttons = self._make_buttons()
        self._lay_out()
        self._connect()

    @property
    def first_field(self) -> QWidget:
        if self.tabs.currentWidget() is self.list_tab:
            return self.table
        return self.week_view.focus_target()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Read everything again: clients, the shown week, its totals and the list."""
        keep = select_id if select_id is not None else self.selected_id()
        refill_clients(self.client_filter)
        self.week_view.refresh(keep)
        self._refresh_totals()
        self._refresh_list(keep)
        self._update_buttons()

    def show_week_tab(self) -> None:
        self.tabs.setCurrentWidget(self.week_tab)

    def show_list_tab(self) -> None:
        self.tabs.setCurrentWidget(self.list_tab)

    def visit_filter(self) -> VisitFilter:
        """The list's filter as chosen; a date that cannot be read is left out and explained."""
        problems = []
        first = self._read_date(self.from_date, "From", problems)
        last = self._read_date(self.to_date, "To", problems)
        if problems:
            problems.append("Showing visits as if those dates were blank.")
        self.date_problem.setText("\n".join(problems))
        self.date_problem.setVisible(bool(problems))
        return VisitFilter(
            client_id=self.client_filter.currentData(),
            status=self.status_filter.currentData(),
            first=first,
            last=last,
            text=self.search.text(),
        )

    def selected_id(self) -> int | None:
        if self.tabs.currentWidget() is self.week_tab:
            return self.week_view.selected_visit_id()
        row = selected_source_row(self.table)
        return None if row is None else self.model.visit_id(row)

    def selected_row(self) -> VisitRow | None:
        if self.tabs.currentWidget() is self.week_tab:
            visit_id = self.week_view.selected_visit_id()
            return None if visit_id is None else self.week_view.visit_row(visit_id)
        row = selected_source_row(self.table)
        return None if row is None else self.model.visit_row(row)

    def select_in_list(self, visit_id: int) -> bool:
        row = self.model.row_of(visit_id)
        if row is None:
            return False
        select_source_row(self.table, row, DATE)
        return True

    def add_visit(self, day: date | None = None) -> None:
        if day is None:
            on_week = self.tabs.currentWidget() is self.week_tab
            day = self.week_view.current_date() if on_week else clock.today()
        visit = VisitDialog.ask(self, form=VisitForm(day=format_date(day)))
        if visit is not None:
            self._after_save(visit)

    def edit_visit(self, visit_id: int | None = None) -> None:
        visit_id = visit_id if visit_id is not None else self.selected_id()
        if visit_id is None:
            return
        visit = VisitDialog.ask(self, visit_id)
        if visit is not None:
            self._after_save(visit)

    def duplicate_selected(self) -> None:
        visit_id = self.selected_id()
        if visit_id is None:
            return
        visit = VisitDialog.ask(self, form=duplicate_visit(visit_id))
        if visit is not None:
            self._after_save(visit)

    def cancel_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.status != "planned":
            messages.warn(self, "Visit not cancelled", "Only a planned visit can be cancelled.")
            return
        told_at = CancelVisitDialog.ask(self, row.id)
        if told_at is None:
            return
        try:
            visit = cancel_visit(row.id, told_at)
        except UserError as problem:
            messages.warn(self, "Visit not cancelled", str(problem))
            return
        self.refresh(row.id)
        if visit.status == "cancelled_chargeable":
            charge = "It will be charged: the notice was shorter than the client's rule allows."
        else:
            charge = "It will not be charged."
        self.message.emit(f"Cancelled {visit_words(row)}. {charge}")

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        question = (
            f"Delete {visit_words(row)}? This cannot be undone.\n\n"
            "If the visit was called off, choose Cancel visit instead: it is kept, "
            "and charged if the notice was late."
        )
        if not messages.confirm(self, "Delete visit?", question, "Delete"):
            return
        try:
            delete_visit(row.id)
        except UserError as problem:
            messages.warn(self, "Visit not deleted", str(problem))
            return
        self.refresh()
        self.message.emit(f"Deleted {visit_words(row)}.")

    def confirm_shown_week(self) -> None:
        monday = self.week_view.monday
        question = (
            f"Mark the planned visits in the week of {long_date(monday)} that have ended "
            "as delivered? Visits still to come stay planned."
        )
        if not messages.confirm(self, "Confirm this week?", question, "Mark as delivered"):
            return
        confirmed, waiting = confirm_week(monday, self._now())
        self.refresh()
        self.message.emit(confirm_report(confirmed, waiting))

    def import_visits(self) -> None:
        """Visits from a spreadsheet, every row checked and shown before any is saved."""
        from ui.imports.import_dialog import ImportDialog

        dialog = ImportDialog.ask(self, "visits")
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)

    def print_timesheet(self) -> None:
        row = self.selected_row()
        path = TimesheetDialog.ask(self, None if row is None else row.client_id)
        if path is not None:
            self.message.emit(f"Saved the timesheet to {path}.")

    def add_to_calendar(self) -> None:
        """Save the planned visits as a calendar file for a phone or computer."""
        said = CalendarDialog.ask(self)
        if said:
            self.message.emit(said)

    def _after_save(self, visit: Visit) -> None:
        self.week_view.show_week(visit.start.date())
        self.refresh(visit.id)
        self.message.emit(f"Saved {visit_words(visit)}.")

    def _read_date(self, box: QLineEdit, name: str, problems: list[str]) -> date | None:
        text = box.text().strip()
        if not text:
            box.setAccessibleDescription("")
            return None
        try:
            found = parse_date(text)
        except UserError as problem:
            problems.append(f"{PROBLEM_MARK}{name}: {problem}.")
            box.setAccessibleDescription(str(problem))
            return None
        box.setAccessibleDescription("")
        return found

    def _refresh_totals(self) -> None:
        self.totals_model.refresh(self.week_view.monday)
        delivered = short_hours(self.totals_model.delivered_minutes())
        contracted = short_hours(self.totals_model.contracted_minutes())
        amount = format_money(self.totals_model.amount_pence())
        unit = "hour" if delivered == "1" else "hours"
        text = (
            f"Total for the week: {delivered} {unit} delivered of {contracted} contracted, "
            f"coming to {amount}."
        )
        self.total_label.setText(text)
        self.total_label.setAccessibleName(text)

    def _refresh_list(self, keep: int | None = None) -> None:
        chosen = self.visit_filter()
        self.model.refresh(chosen)
        if keep is not None:
            self.select_in_list(keep)
        total = self.model.total()
        if total:
            more = "" if self.model.counted_all() else "More than "
            self.count.setText(f"{more}{visits_count(total)} shown, newest first")
        else:
            self.count.setText(NO_MATCHES if chosen != VisitFilter() else NO_VISITS)
        self._update_buttons()

    def _make_totals_table(self) -> QTableView:
        table = read_only_table(self.totals_model, "Totals for the week", TOTALS_CLIENT)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(rows_tall(table, 1))  # the week's visits come first
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": ("&Add visit…", "Add visit", "Ctrl+N", lambda: self.add_visit()),
            "edit": ("&Edit…", "Edit visit", "Enter", lambda: self.edit_visit()),
            "duplicate": ("D&uplicate", "Duplicate visit", "Ctrl+D", self.duplicate_selected),
            "cancel": ("&Cancel visit…", "Cancel visit", "", self.cancel_selected),
            "delete": ("&Delete…", "Delete visit", "Delete", self.delete_selected),
            "print": ("&Print timesheet…", "Print timesheet", "", self.print_timesheet),
            "import": ("I&mport visits…", "Import visits", "", self.import_visits),
            "calendar": ("Add to my ca&lendar…", "Add to my calendar", "", self.add_to_calendar),
        }
        buttons = {}
        for key, (text, name, keys, slot) in specs.items():
            buttons[key] = push_button(text, name, slot, f"{name} ({keys})" if keys else name)
        buttons["duplicate"].setToolTip("Copy the visit to a week later (Ctrl+D)")
        return buttons

    def _lay_out(self) -> None:
        self._lay_out_week_tab()
        self._lay_out_list_tab()
        self.tabs.addTab(self.week_tab, WEEK_TAB)
        self.tabs.addTab(self.list_tab, LIST_TAB)
        self.tabs.setAccessibleName("Week or list")
        self.tabs.tabBar().setAccessibleName("Show the week or the list")
        actions = QHBoxLayout()
        for key in ("add", "edit", "duplicate", "cancel", "delete"):
            actions.addWidget(self.buttons[key])
        actions.addStretch()
        top = QHBoxLayout()
        top.addWidget(title("Hours"))
        top.addStretch()
        top.addWidget(self.buttons["import"])
        top.addWidget(self.buttons["calendar"])
        top.addWidget(self.buttons["print"])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        chain = [self.buttons["import"], self.buttons["calendar"], self.buttons["print"]]
        chain += [self.tabs.tabBar()]
        chain += [self.week_view.previous_button, self.week_view.this_week_button]
        chain += [self.week_view.next_button, self.confirm_button, *self.week_view.days]
        chain += [self.totals]
        chain += [self.client_filter, self.status_filter, self.from_date, self.to_date]
        chain += [self.search, self.table]
        chain += [self.buttons[k] for k in ("add", "edit", "duplicate", "cancel", "delete")]
        tab_order(chain)

    def _lay_out_week_tab(self) -> None:
        self.week_view.add_to_navigation(self.confirm_button)
        totals = QWidget()
        totals_layout = QVBoxLayout(totals)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_layout.addWidget(self.totals, 1)
        totals_layout.addWidget(self.total_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.week_view)
        splitter.addWidget(totals)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self.week_tab)
        layout.addWidget(splitter)

    def _lay_out_list_tab(self) -> None:
        who = QHBoxLayout()
        for text, widget in (
            ("Cl&ient", self.client_filter),
            ("S&tatus", self.status_filter),
            ("&Search", self.search),
        ):
            who.addWidget(buddy(text, widget))
            who.addWidget(widget, 1 if widget is self.search else 0)
        when = QHBoxLayout()
        for text, widget in (("&From", self.from_date), ("T&o", self.to_date)):
            when.addWidget(buddy(text, widget))
            when.addWidget(widget)
        when.addStretch()
        self.date_problem.hide()
        layout = QVBoxLayout(self.list_tab)
        layout.addLayout(who)
        layout.addLayout(when)
        layout.addWidget(self.date_problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def _connect(self) -> None:
        self.week_view.edit_requested.connect(self.edit_visit)
        self.week_view.add_requested.connect(self.add_visit)
        self.week_view.selection_changed.connect(self._update_buttons)
        self.week_view.week_changed.connect(lambda _monday: self._refresh_totals())
        self.tabs.currentChanged.connect(self._update_buttons)
        self.client_filter.currentIndexChanged.connect(lambda: self._refresh_list())
        self.status_filter.currentIndexChanged.connect(lambda: self._refresh_list())
        self.search.textChanged.connect(self._search_pause.start)
        self._search_pause.timeout.connect(lambda: self._refresh_list())
        for box in (self.from_date, self.to_date):
            box.editingFinished.connect(lambda: self._refresh_list())
            box.textChanged.connect(lambda text: text or self._refresh_list())
        self.table.doubleClicked.connect(lambda: self.edit_visit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._shortcuts()

    def _shortcuts(self) -> None:
        on_keys(self, ["Ctrl+N"], lambda: self.add_visit(), WIDGET_AND_CHILDREN)
        on_keys(self, ["Ctrl+D"], self.duplicate_selected, WIDGET_AND_CHILDREN)
        on_keys(
            self.week_tab, ["Alt+Left", "PgUp"], self.week_view.previous_week, WIDGET_AND_CHILDREN
        )
        on_keys(
            self.week_tab, ["Alt+Right", "PgDown"], self.week_view.next_week, WIDGET_AND_CHILDREN
        )
        on_keys(self.table, ENTER, lambda: self.edit_visit())
        on_keys(self.table, DELETE, self.delete_selected)
        for day_list in self.week_view.days:
            on_keys(day_list, DELETE, self.delete_selected)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for key in ("edit", "duplicate", "delete"):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["cancel"].setEnabled(row is not None and row.status == "planned")


def _date_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText("dd/mm/yyyy")
    box.setAccessibleName(name)
    box.setClearButtonEnabled(True)
    box.setMaximumWidth(box.fontMetrics().horizontalAdvance("00/00/00000") * 3 // 2)
    return box
