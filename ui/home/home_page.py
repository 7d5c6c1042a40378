"""Home: the week at a glance, money owed, what is due, tax, income by month, and search.

Everything links to its page; records open in the dialogs their own pages use. One refresh
reads a bounded number of queries however many years of records there are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.home.first_run import first_run_steps
from microbiz.home.income import income_by_month
from microbiz.home.search import Found
from microbiz.home.search import search
from microbiz.home.week import WeekSummary
from microbiz.home.week import week_summary
from microbiz.hours.visits import VisitForm
from microbiz.invoicing.payments import summary_of
from ui.clients.client_dialog import ClientDialog
from ui.common.buttons import push_buttons
from ui.common.filters import search_box
from ui.common.forms import buddy
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.looks import show_in_scroll
from ui.common.looks import title
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.compliance.policy_dialog import PolicyDialog
from ui.home import home_words
from ui.home.due_model import WHAT
from ui.home.due_model import DueTableModel
from ui.home.first_run_card import FirstRunCard
from ui.home.income_chart import IncomeChart
from ui.home.owed_panel import OwedPanel
from ui.home.search_results import SearchResults
from ui.home.week_visits_model import CLIENT
from ui.home.week_visits_model import WeekVisitsModel
from ui.hours.visit_dialog import VisitDialog
from ui.invoices.payment_dialog import PaymentDialog
from ui.invoices.payment_dialog import payment_words

TOP = QAbstractItemView.ScrollHint.PositionAtTop
SEARCH_PAUSE_MS = 250
SEARCH_PLACEHOLDER = "Search clients, invoices, visits, insurance…"
TWO_COLUMNS_EM = 80  # narrower than this, the sections stand in one column
VISIT_ROWS = (3, 8)
DUE_ROWS = (1, 6)
NO_VISITS = "No visits this week. Add one with “Add a visit…”, or plan weekly visits on Clients."
NOTHING_DUE = "Nothing to renew or do in the next 30 days."
SEARCH_TIP = (
    "Find clients, invoices (by number, amount or payer), visits (by notes, or a date like "
    "25/11/2026) and insurance and checks (Ctrl+F)"
)
RECORD_PAGES = {"register": "compliance", "checklist": "checklist"}


class HomePage(QWidget):
    """Search at the top; below it the first steps, the week, money, what is due, tax, income."""

    message = Signal(str)
    go_to = Signal(str)  # a page to show
    open_record = Signal(str, int)  # a page, and the record to choose on it

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._today = today
        self.search = search_box(SEARCH_PLACEHOLDER, "Search everything")
        self.search.setToolTip(SEARCH_TIP)
        for clear in self.search.findChildren(QToolButton):  # the box's own clear button
            clear.setAccessibleName("Clear the search")
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self.results = SearchResults()
        self.first_run = FirstRunCard()
        self.week_heading = heading("")
        self.next_visit = _bold(WrappedLabel())
        self.visits_model = WeekVisitsModel(self)
        self.visits_table = read_only_table(self.visits_model, "This week's visits", CLIENT)
        self.no_visits = paragraph(NO_VISITS)
        self.hours = WrappedLabel()
        self.charges = WrappedLabel()
        self.owed_words = WrappedLabel()
        self.owed = OwedPanel()
        self.due_model = DueTableModel(self)
        self.due_table = read_only_table(self.due_model, "Due in the next 30 days", WHAT)
        self.nothing_due = paragraph(NOTHING_DUE)
        self.tax_date = _bold(WrappedLabel())
        self.tax_what = WrappedLabel()
        self.set_aside = _bold(WrappedLabel())
        self.set_aside_detail = WrappedLabel()
        self.chart = IncomeChart()
        self.buttons = self._make_buttons()
        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._views = QStackedWidget()
        self._dashboard = QScrollArea()
        self._lay_out()
        self._set_tab_order()
        self._connect()

    @property
    def first_field(self) -> QWidget:
        return self.search

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.width() < em(self, TWO_COLUMNS_EM)
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        self._columns.setDirection(direction)

    def refresh(self) -> None:
        """Read everything again: the week, money owed, what is due, tax, income, first steps."""
        today = self._today()
        summary = week_summary(today)
        self.first_run.show_steps(first_run_steps())
        self._show_week(summary)
        self._show_owed(summary)
        self._show_due(summary)
        self._show_tax(summary)
        self.chart.show_income(income_by_month(today))
        if self.search.text().strip():
            self.run_search()

    # Search

    def run_search(self) -> None:
        """Show what the search box finds, or the week again when it is empty."""
        self._search_pause.stop()
        text = self.search.text()
        if not text.strip():
            self._views.setCurrentWidget(self._dashboard)
            return
        self.results.show_groups(text, search(text, self._today()))
        self._views.setCurrentWidget(self.results)

    def search_now(self) -> None:
        """Enter in the search box: search at once and move to the first record found."""
        self.run_search()
        if self._views.currentWidget() is self.results and self.results.chosen() is not None:
            self.results.tree.setFocus()

    def open_found(self, found: Found) -> None:
        """Open a record found: in its dialog, or (an invoice) on the Invoices page."""
        if found.kind == "client":
            saved = ClientDialog.ask(self, found.record_id)
            self._after_dialog(f"Saved {saved.name}." if saved else "")
        elif found.kind == "visit":
            self.open_visit(found.record_id)
        elif found.kind == "policy":
            saved = PolicyDialog.ask(self, self.folder, found.record_id)
            self._after_dialog("Saved your changes." if saved else "")
        else:
            self.open_record.emit("invoices", found.record_id)

    # Actions

    def add_visit(self) -> None:
        form = VisitForm(day=format_date(self._today()))
        saved = VisitDialog.ask(self, form=form)
        self._after_dialog("Saved the visit." if saved else "")

    def open_visit(self, visit_id: int | None = None) -> None:
        """A visit in its dialog: the one given, or the one chosen in the week's list."""
        if visit_id is None:
            row = selected_source_row(self.visits_table)
            if row is None:
                return
            visit_id = self.visits_model.id_of(row)
        saved = VisitDialog.ask(self, visit_id)
        self._after_dialog("Saved the visit." if saved else "")

    def record_payment(self, invoice_id: int) -> None:
        payment = PaymentDialog.ask(self, invoice_id)
        self._after_dialog(
            payment_words(payment, summary_of(invoice_id, self._today())) if payment else ""
        )

    def open_due(self) -> None:
        """The chosen item on its page: Insurance and checks, or the Checklist."""
        row = selected_source_row(self.due_table)
        if row is None:
            return
        item = self.due_model.item(row)
        page = RECORD_PAGES[item.source]
        if item.record_id is None:
            self.go_to.emit(page)
        else:
            self.open_record.emit(page, item.record_id)

    def show_figures(self, shown: bool) -> None:
        self.chart.show_table(shown)
        self.buttons["figures"].setText("Show the &chart" if shown else "Show the &figures")

    def _after_dialog(self, said: str) -> None:
        self.refresh()
        if said:
            self.message.emit(said)

    # Showing

    def _show_week(self, summary: WeekSummary) -> None:
        words = home_words.week_heading(summary.monday, summary.sunday)
        self.week_heading.setText(words)
        self.week_heading.setAccessibleName(words)
        _set(self.next_visit, home_words.next_visit_words(summary.next_visit, summary.today))
        nxt = summary.next_visit
        self.visits_model.show_visits(
            summary.visits,
            summary.today,
            nxt.visit_id if nxt else None,
            bool(nxt and nxt.under_way),
        )
        count = self.visits_model.rowCount()
        _fit_rows(self.visits_table, count, VISIT_ROWS)
        self.no_visits.setVisible(not count)
        self.next_visit.setVisible(bool(count or nxt))
        if self.visits_model.next_row is not None:  # chosen, with what comes after it below
            select_source_row(self.visits_table, self.visits_model.next_row, CLIENT)
            self.visits_table.scrollTo(self.visits_table.currentIndex(), TOP)
        _set(self.hours, home_words.hours_words(summary.hours))
        _set(self.charges, home_words.charges_words(summary.hours))

    def _show_owed(self, summary: WeekSummary) -> None:
        overdue = sum(payer.overdue_pence for payer in summary.owed)
        total = sum(payer.total_pence for payer in summary.owed)
        _set(self.owed_words, home_words.owed_total_words(overdue, total))
        self.owed.show_payers(summary.owed)

    def _show_due(self, summary: WeekSummary) -> None:
        self.due_model.show_items(summary.due)
        count = self.due_model.rowCount()
        _fit_rows(self.due_table, count, DUE_ROWS)
        self.nothing_due.setVisible(not count)

    def _show_tax(self, summary: WeekSummary) -> None:
        when = home_words.tax_date_words(summary.tax_date, summary.today)
        _set(self.tax_date, f"Next tax date: {when}")
        _set(self.tax_what, f"{summary.tax_date.what}.")
        _set(self.set_aside, home_words.set_aside_words(summary.set_aside, summary.tax_year))
        _set(self.set_aside_detail, home_words.set_aside_detail(summary.set_aside))

    # Building

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add_visit": ("&Add a visit…", "Add a visit", self.add_visit),
            "hours": ("Open &Hours", "Open Hours", lambda: self.go_to.emit("hours")),
            "invoices": ("Open &Invoices", "Open Invoices", lambda: self.go_to.emit("invoices")),
            "compliance": (
                "Open Insurance and chec&ks",
                "Open Insurance and checks",
                lambda: self.go_to.emit("compliance"),
            ),
            "checklist": (
                "Open Check&list",
                "Open Checklist",
                lambda: self.go_to.emit("checklist"),
            ),
            "tax": ("Open &Tax", "Open Tax", lambda: self.go_to.emit("tax")),
            "figures": ("Show the &figures", "Show the chart's figures as a table", None),
        }
        buttons = push_buttons(specs)
        buttons["figures"].setCheckable(True)
        return buttons

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title("Home"))
        top.addStretch()
        top.addWidget(buddy("&Search", self.search))
        top.addWidget(self.search, 3)
        left = QVBoxLayout()
        left.addLayout(self._week_section())
        left.addStretch()
        right = QVBoxLayout()
        right.addLayout(self._owed_section())
        right.addLayout(self._tax_section())
        right.addStretch()
        self._columns.addLayout(left, 1)
        self._columns.addLayout(right, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.first_run)
        layout.addLayout(self._columns)
        layout.addLayout(self._due_section())
        layout.addLayout(_section(heading("Income by month"), self.buttons["figures"]))
        layout.addWidget(self.chart)
        layout.addStretch()
        show_in_scroll(self._dashboard, content)
        self._views.addWidget(self._dashboard)
        self._views.addWidget(self.results)
        page = QVBoxLayout(self)
        page.addLayout(top)
        page.addWidget(self._views, 1)

    def _week_section(self) -> QVBoxLayout:
        section = _section(self.week_heading, self.buttons["add_visit"], self.buttons["hours"])
        shown = (self.next_visit, self.visits_table, self.no_visits, self.hours, self.charges)
        for widget in shown:
            section.addWidget(widget)
        return section

    def _due_section(self) -> QVBoxLayout:
        section = _section(heading("Due in the next 30 days"))
        section.addWidget(self.due_table)
        section.addWidget(self.nothing_due)
        links = QHBoxLayout()
        links.addWidget(self.buttons["compliance"])
        links.addWidget(self.buttons["checklist"])
        links.addStretch()
        section.addLayout(links)
        return section

    def _owed_section(self) -> QVBoxLayout:
        section = _section(heading("Money owed"), self.buttons["invoices"])
        section.addWidget(self.owed_words)
        section.addWidget(self.owed)
        return section

    def _tax_section(self) -> QVBoxLayout:
        section = _section(heading("Tax"), self.buttons["tax"])
        for widget in (self.tax_date, self.tax_what, self.set_aside, self.set_aside_detail):
            section.addWidget(widget)
        return section

    def _set_tab_order(self) -> None:
        chain = [self.search, self.results.tree, *self.first_run.buttons.values()]
        chain += [self.buttons["add_visit"], self.buttons["hours"], self.visits_table]
        chain += [self.buttons["invoices"], *self.owed.buttons, self.buttons["tax"]]
        chain += [self.due_table, self.buttons["compliance"], self.buttons["checklist"]]
        chain += [self.buttons["figures"], self.chart.table]
        tab_order(chain)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda: self._search_pause.start())
        self._search_pause.timeout.connect(self.run_search)
        on_keys(self.search, ENTER, self.search_now)
        on_keys(self.search, (Qt.Key.Key_Escape,), self.search.clear)
        self.results.open_found.connect(self.open_found)
        self.first_run.go_to.connect(self.go_to)
        self.owed.pay.connect(self.record_payment)
        self.visits_table.doubleClicked.connect(lambda: self.open_visit())
        on_keys(self.visits_table, ENTER, self.open_visit)
        self.due_table.doubleClicked.connect(lambda: self.open_due())
        on_keys(self.due_table, ENTER, self.open_due)
        self.buttons["figures"].toggled.connect(self.show_figures)


def _section(head: QLabel, *links: QPushButton) -> QVBoxLayout:
    """A heading with its links on the right, then whatever the section adds."""
    row = QHBoxLayout()
    row.addWidget(head, 1)
    for link in links:
        row.addWidget(link)
    section = QVBoxLayout()
    section.addLayout(row)
    return section


def _fit_rows(table: QTableView, count: int, limits: tuple[int, int]) -> None:
    """Tall enough for `count` rows within the limits (then it scrolls); hidden when empty."""
    fewest, most = limits
    table.setFixedHeight(rows_tall(table, min(max(count, fewest), most)))
    table.setVisible(bool(count))


def _bold(label: WrappedLabel) -> WrappedLabel:
    label.setFont(scaled_font(label))
    return label


def _set(label: QLabel, text: str) -> None:
    """Text that screen readers read out as shown."""
    label.setText(text)
    label.setAccessibleName(text)
