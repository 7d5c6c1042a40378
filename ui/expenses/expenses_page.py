"""Expenses and mileage: what the business spent, with receipts, and the journeys driven."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Journey
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import delete_expense as remove_expense
from microbiz.tax.expenses import delete_journey as remove_journey
from microbiz.tax.expenses import drafts_for
from microbiz.tax.expenses import receipt_to_open
from microbiz.tax.expenses import recharge_expense as recharge
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.files import open_or_warn
from ui.common.filters import filter_combo
from ui.common.filters import refill_tax_years
from ui.common.filters import search_box
from ui.common.forms import buddy
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import WIDGET_AND_CHILDREN
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import title
from ui.common.tables import drop_when_narrow
from ui.common.tables import query_sorted_table
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.expenses import expenses_model
from ui.expenses import journeys_model
from ui.expenses.expense_dialog import ExpenseDialog
from ui.expenses.expenses_model import ExpensesTableModel
from ui.expenses.expenses_model import expense_words
from ui.expenses.expenses_model import totals_line
from ui.expenses.journey_dialog import JourneyDialog
from ui.expenses.journeys_model import JourneysTableModel
from ui.expenses.journeys_model import journey_words
from ui.imports.import_dialog import ImportDialog

TITLE = "Expenses and mileage"
ALL_YEARS = "All years"
EXPENSES_TAB = "&Expenses"
JOURNEYS_TAB = "&Journeys"
SEARCH_PAUSE_MS = 250
CATEGORY_LETTERS = 24
NO_EXPENSES = "No expenses yet. Add one with “Add expense…” (Ctrl+N), or import a spreadsheet."
NO_MATCHING_EXPENSES = (
    "No expenses match. Set Tax year to All years and Category to All, or clear the search."
)
NO_JOURNEYS = "No journeys yet. Add one with “Add journey…” (Ctrl+N), or import a spreadsheet."
NO_JOURNEYS_IN_YEAR = "No journeys in {year}. Set Tax year to All years to see every journey."
TIPS = {
    "add_expense": "Record money spent for the business (Ctrl+N)",
    "edit_expense": "Change the chosen expense, or add its receipt (Enter)",
    "delete_expense": "Delete the chosen expense (Delete)",
    "receipt": "Open the photo or scan of the chosen expense's receipt",
    "recharge": "Charge the client for the chosen expense on their latest draft invoice",
    "import_expenses": "Add expenses from a .csv or .xlsx spreadsheet",
    "add_journey": "Record a business journey (Ctrl+N)",
    "edit_journey": "Change the chosen journey (Enter)",
    "delete_journey": "Delete the chosen journey (Delete)",
    "import_journeys": "Add journeys from a .csv or .xlsx spreadsheet",
}
EXPENSE_BUTTONS = (
    "add_expense",
    "edit_expense",
    "delete_expense",
    "receipt",
    "recharge",
    "import_expenses",
)
JOURNEY_BUTTONS = ("add_journey", "edit_journey", "delete_journey", "import_journeys")


class ExpensesPage(QWidget):
    """Two tabs, Expenses and Journeys, both for the tax year chosen at the top."""

    message = Signal(str)

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._today = today
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName("Show the tax year")
        self.year_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category_filter = filter_combo(
            "Show expenses by category", CATEGORY_LABELS, CATEGORY_LETTERS
        )
        self.search = search_box("Search description or supplier…", "Search expenses")
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self.model = ExpensesTableModel(self)
        self.table = query_sorted_table(self.model, "Expenses", expenses_model.DESCRIPTION)
        drop_when_narrow(self.table, (expenses_model.PAID, expenses_model.CLIENT))
        self.totals = WrappedLabel()
        self.totals.setAccessibleName("Expenses shown")
        self.journeys_model = JourneysTableModel(self)
        self.journeys_table = query_sorted_table(
            self.journeys_model, "Journeys", journeys_model.PURPOSE
        )
        self.journeys_totals = WrappedLabel()
        self.journeys_totals.setAccessibleName("Journeys shown")
        self.tabs = QTabWidget()
        self.expenses_tab = QWidget()
        self.journeys_tab = QWidget()
        self.buttons = self._make_buttons()
        self._lay_out()
        self._refill_years(tax_year_of(today()).start_year)
        self._connect()

    @property
    def first_field(self) -> QWidget:
        if self.tabs.currentWidget() is self.journeys_tab:
            return self.journeys_table
        return self.table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """A search still waiting to run is read again when the page is next shown."""
        self._search_pause.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Read everything again, keeping the chosen rows."""
        self._refill_years(self.year_filter.currentData())
        self._refresh_expenses(self.selected_expense_id())
        self._refresh_journeys(self.selected_journey_id())

    def chosen_year(self) -> TaxYear | None:
        start_year = self.year_filter.currentData()
        return None if start_year is None else TaxYear(start_year)

    def show_year(self, year: TaxYear | None) -> None:
        """Choose a tax year (None: all years), adding it to the list if it has no records yet."""
        self._refill_years(None if year is None else year.start_year)
        self._refresh_both()

    def show_expenses_tab(self) -> None:
        self.tabs.setCurrentWidget(self.expenses_tab)

    def show_journeys_tab(self) -> None:
        self.tabs.setCurrentWidget(self.journeys_tab)

    # Expenses

    def selected_expense(self) -> Expense | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.expense(row)

    def selected_expense_id(self) -> int | None:
        expense = self.selected_expense()
        return None if expense is None else expense.id

    def select_expense(self, expense_id: int) -> bool:
        row = self.model.row_of(expense_id)
        if row is None:
            return False
        select_source_row(self.table, row)
        return True

    def add_expense(self) -> None:
        expense = ExpenseDialog.ask(self, self.folder)
        if expense is not None:
            self._after_expense_saved(expense)

    def edit_expense(self) -> None:
        expense = self.selected_expense()
        if expense is None:
            return
        saved = ExpenseDialog.ask(self, self.folder, expense.id)
        if saved is not None:
            self._after_expense_saved(saved)

    def delete_expense(self) -> None:
        expense = self.selected_expense()
        if expense is None:
            return
        words = expense_words(expense)
        question = f"Delete the expense {words}? This cannot be undone."
        if not messages.confirm(self, "Delete expense?", question, "Delete"):
            return
        remove_expense(expense.id, self.folder)
        self._refresh_expenses()
        self.message.emit(f"Deleted the expense {words}.")

    def open_receipt(self) -> None:
        expense = self.selected_expense()
        if expense is None or not expense.receipt_stored_name:
            return
        path = receipt_to_open(expense, self.folder)
        if path is None or not path.is_file():
            messages.warn(
                self,
                "Receipt not found",
                f"Microbiz's copy of the receipt for {expense.description} is missing from "
                f"{self.folder}. Choose Edit… to attach it again.",
            )
            return
        open_or_warn(self, path, "Receipt not opened", f"The receipt is kept at {path}.")

    def recharge_expense(self) -> None:
        """Put the chosen expense on its client's latest draft invoice, after asking."""
        expense = self.selected_expense()
        if expense is None or expense.client_id is None:
            return
        drafts = drafts_for(expense.client_id)
        name = expense.client.name
        if not drafts:
            messages.tell(
                self,
                "No draft invoice",
                f"There is no draft invoice for {name} to add it to. Make one on the Invoices "
                "page (Invoice a month…), then come back.",
            )
            return
        words = expense_words(expense)
        question = f"Add {words} to the draft invoice for {name}, so they are charged for it?"
        if not messages.confirm(self, "Charge the client?", question, "Add to invoice"):
            return
        try:
            recharge(expense.id, drafts[0].id)
        except UserError as problem:
            messages.warn(self, "Not added", str(problem))
            return
        self._refresh_expenses(expense.id)
        self.message.emit(f"Added {words} to the draft invoice for {name}.")

    def import_expenses(self) -> None:
        dialog = ImportDialog.ask(self, "expenses")
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)

    def _after_expense_saved(self, expense: Expense) -> None:
        self._show_year_of(expense.spent_on)
        self.category_filter.setCurrentIndex(0)
        self.search.clear()
        self._refresh_expenses(expense.id)
        self._refresh_journeys(self.selected_journey_id())
        self.message.emit(f"Saved the expense {expense_words(expense)}.")

    # Journeys

    def selected_journey(self) -> Journey | None:
        row = selected_source_row(self.journeys_table)
        return None if row is None else self.journeys_model.journey(row)

    def selected_journey_id(self) -> int | None:
        journey = self.selected_journey()
        return None if journey is None else journey.id

    def select_journey(self, journey_id: int) -> bool:
        row = self.journeys_model.row_of(journey_id)
        if row is None:
            return False
        select_source_row(self.journeys_table, row)
        return True

    def add_journey(self) -> None:
        journey = JourneyDialog.ask(self)
        if journey is not None:
            self._after_journey_saved(journey)

    def edit_journey(self) -> None:
        journey = self.selected_journey()
        if journey is None:
            return
        saved = JourneyDialog.ask(self, journey.id)
        if saved is not None:
            self._after_journey_saved(saved)

    def delete_journey(self) -> None:
        journey = self.selected_journey()
        if journey is None:
            return
        words = journey_words(journey)
        question = (
            f"Delete {words}? This cannot be undone. The allowance for later journeys in "
            "the tax year may change."
        )
        if not messages.confirm(self, "Delete journey?", question, "Delete"):
            return
        remove_journey(journey.id)
        self._refresh_journeys()
        self.message.emit(f"Deleted {words}.")

    def import_journeys(self) -> None:
        dialog = ImportDialog.ask(self, "journeys")
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)

    def _after_journey_saved(self, journey: Journey) -> None:
        self._show_year_of(journey.travelled_on)
        self._refresh_expenses(self.selected_expense_id())
        self._refresh_journeys(journey.id)
        self.message.emit(f"Saved {journey_words(journey)}.")

    # Reading

    def _show_year_of(self, day: date) -> None:
        """Make sure a saved record is in view: switch to its tax year unless all are shown."""
        if self.chosen_year() is not None:
            self._refill_years(tax_year_of(day).start_year)

    def _refill_years(self, keep: int | None) -> None:
        refill_tax_years(self.year_filter, self._today(), keep, ALL_YEARS)

    def _period(self) -> tuple[date | None, date | None]:
        year = self.chosen_year()
        return (None, None) if year is None else (year.start, year.end)

    def _period_words(self) -> str:
        year = self.chosen_year()
        if year is None:
            return "in all"
        if year == tax_year_of(self._today()):
            return "this tax year"
        return f"in {year.label}"

    def _refresh_expenses(self, keep: int | None = None) -> None:
        first, last = self._period()
        category = self.category_filter.currentData() or ""
        self.model.refresh(first, last, category, self.search.text())
        if keep is not None:
            self.select_expense(keep)
        if self.model.rowCount():
            text = totals_line(self.model.expenses())
        else:
            chosen = self.chosen_year() is not None or category or self.search.text().strip()
            text = NO_MATCHING_EXPENSES if chosen and Expense.select().exists() else NO_EXPENSES
        self.totals.setText(text)
        self.totals.setAccessibleName(text)
        self._update_buttons()

    def _refresh_journeys(self, keep: int | None = None) -> None:
        first, last = self._period()
        self.journeys_model.refresh(first, last)
        if keep is not None:
            self.select_journey(keep)
        if self.journeys_model.rowCount():
            text = self.journeys_model.totals_line(self._period_words())
        elif self.chosen_year() is not None and Journey.select().exists():
            text = NO_JOURNEYS_IN_YEAR.format(year=self.chosen_year().label)
        else:
            text = NO_JOURNEYS
        self.journeys_totals.setText(text)
        self.journeys_totals.setAccessibleName(text)
        self._update_buttons()

    # Building

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add_expense": ("&Add expense…", "Add expense", self.add_expense),
            "edit_expense": ("Ed&it…", "Edit expense", self.edit_expense),
            "delete_expense": ("&Delete…", "Delete expense", self.delete_expense),
            "receipt": ("Open &receipt", "Open receipt", self.open_receipt),
            "recharge": ("&Charge the client…", "Charge the client", self.recharge_expense),
            "import_expenses": ("I&mport…", "Import expenses", self.import_expenses),
            "add_journey": ("&Add journey…", "Add journey", self.add_journey),
            "edit_journey": ("Ed&it…", "Edit journey", self.edit_journey),
            "delete_journey": ("&Delete…", "Delete journey", self.delete_journey),
            "import_journeys": ("I&mport…", "Import journeys", self.import_journeys),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title(TITLE))
        top.addStretch()
        top.addWidget(buddy("Tax &year", self.year_filter))
        top.addWidget(self.year_filter)
        self._lay_out_expenses_tab()
        self._lay_out_journeys_tab()
        self.tabs.addTab(self.expenses_tab, EXPENSES_TAB)
        self.tabs.addTab(self.journeys_tab, JOURNEYS_TAB)
        self.tabs.setAccessibleName("Expenses or journeys")
        self.tabs.tabBar().setAccessibleName("Show expenses or journeys")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        chain = [self.year_filter, self.tabs.tabBar(), self.category_filter, self.search]
        chain += [self.table, *(self.buttons[key] for key in EXPENSE_BUTTONS)]
        tab_order(chain)
        tab_order([self.journeys_table, *(self.buttons[key] for key in JOURNEY_BUTTONS)])

    def _lay_out_expenses_tab(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(buddy("Ca&tegory", self.category_filter))
        filters.addWidget(self.category_filter)
        filters.addWidget(buddy("&Search", self.search))
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self.expenses_tab)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(_button_row(self.buttons, EXPENSE_BUTTONS))

    def _lay_out_journeys_tab(self) -> None:
        layout = QVBoxLayout(self.journeys_tab)
        layout.addWidget(self.journeys_table, 1)
        layout.addWidget(self.journeys_totals)
        layout.addLayout(_button_row(self.buttons, JOURNEY_BUTTONS))

    def _connect(self) -> None:
        self.year_filter.currentIndexChanged.connect(lambda: self._refresh_both())
        self.category_filter.currentIndexChanged.connect(lambda: self._refresh_expenses())
        self.search.textChanged.connect(self._search_pause.start)
        self._search_pause.timeout.connect(lambda: self._refresh_expenses())
        self.tabs.currentChanged.connect(lambda: self._update_buttons())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.journeys_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda: self.edit_expense())
        self.journeys_table.doubleClicked.connect(lambda: self.edit_journey())
        on_keys(self, ["Ctrl+N"], self._add_on_this_tab, WIDGET_AND_CHILDREN)
        for table, edit, remove in (
            (self.table, self.edit_expense, self.delete_expense),
            (self.journeys_table, self.edit_journey, self.delete_journey),
        ):
            on_keys(table, ENTER, edit)
            on_keys(table, DELETE, remove)

    def _refresh_both(self) -> None:
        self._refresh_expenses(self.selected_expense_id())
        self._refresh_journeys(self.selected_journey_id())

    def _add_on_this_tab(self) -> None:
        if self.tabs.currentWidget() is self.journeys_tab:
            self.add_journey()
        else:
            self.add_expense()

    def _update_buttons(self) -> None:
        expense = self.selected_expense()
        for key in ("edit_expense", "delete_expense"):
            self.buttons[key].setEnabled(expense is not None)
        self.buttons["receipt"].setEnabled(
            expense is not None and bool(expense.receipt_stored_name)
        )
        self.buttons["recharge"].setEnabled(
            expense is not None and expense.client_id is not None and not expense.recharged_line_id
        )
        journey = self.selected_journey()
        for key in ("edit_journey", "delete_journey"):
            self.buttons[key].setEnabled(journey is not None)


def _button_row(buttons: dict[str, QPushButton], keys: tuple[str, ...]) -> QHBoxLayout:
    row = QHBoxLayout()
    for key in keys:
        if key.startswith("import"):
            row.addStretch()
        row.addWidget(buttons[key])
    return row
