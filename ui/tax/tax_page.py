"""Tax: the year's profit, the short return's boxes, Making Tax Digital quarters, and exports.

Everything is on the cash basis, as the core counts it: income when received, expenses
when paid. Exports run through the one background Runner with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtCore import Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.business import set_calendar_quarters
from microbiz.foundations.errors import UserError
from microbiz.foundations.money import format_money
from microbiz.records.sheets import mtd_quarters_sheet
from microbiz.records.workbook import export_workbook
from microbiz.tax.care_relief import relief_words
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import tax_year_of
from microbiz.tax.totals import TaxSummary
from microbiz.tax.totals import monthly_totals
from microbiz.tax.totals import tax_summary
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.files import choose_workbook_path
from ui.common.files import documents_folder
from ui.common.files import open_or_warn
from ui.common.filters import refill_tax_years
from ui.common.forms import buddy
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.looks import show_in_scroll
from ui.common.looks import title
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.tax.month_chart import MonthChart
from ui.tax.tax_model import BOX_NAME
from ui.tax.tax_model import LINE
from ui.tax.tax_model import MONTH
from ui.tax.tax_model import STATUS
from ui.tax.tax_model import BoxesModel
from ui.tax.tax_model import MonthsModel
from ui.tax.tax_model import QuartersModel
from ui.tax.tax_model import SummaryModel
from ui.tax.tax_model import mtd_note
from ui.tax.tax_model import readiness_words
from ui.tax.tax_model import set_aside_words

TITLE = "Tax"
MTD_EXPLANATION = (
    "With Making Tax Digital you send HMRC an update each quarter from software. Each "
    "update counts from the start of the tax year to the end of its quarter, so the "
    "figures below add up as the year goes on."
)
READINESS_NOTE = (
    "Qualifying income is your self-employment and property income before expenses. "
    "Microbiz knows only the payments recorded here: add any other work you do."
)
CALENDAR_WORDS = "I have chosen calendar &quarters for Making Tax Digital (1 April to 31 March)"
CALENDAR_TIP = (
    "Calendar quarters end on the last day of June, September, December and March. "
    "Untick to use the standard quarters, 6 April to 5 April."
)
CASH_BASIS = "Counted on the cash basis: income when you were paid, expenses when you paid them."
TIPS = {
    "accountant": "Save every record in one Excel workbook, a sheet for each kind, to send",
    "mtd": "Save the chosen year's four quarterly updates in one Excel sheet",
}


def offer_to_open_folder(parent: QWidget | None, path: Path) -> None:
    """Say where the workbook is and offer to show its folder."""
    if messages.confirm(
        parent,
        "Workbook saved",
        f"Saved {path.name} in {path.parent}.\n\nOpen the folder so you can send it?",
        "Open folder",
    ):
        open_or_warn(parent, path.parent, "Folder not opened", f"The workbook is at {path}.")


def headline(summary: TaxSummary, today: date) -> str:
    """'2026-27 so far: income £4,200.00, allowable expenses £610.00, net profit £3,590.00.'"""
    totals = summary.totals
    when = f"{summary.year.label} so far" if today <= summary.year.end else summary.year.label
    if today < summary.year.start:
        when = f"{summary.year.label} (not started yet)"
    profit = "net profit" if totals.profit_pence >= 0 else "net loss"
    return (
        f"{when}: income {format_money(totals.income_pence)}, allowable expenses "
        f"{format_money(totals.total_expenses_pence)}, {profit} "
        f"{format_money(abs(totals.profit_pence))}."
    )


class TaxPage(QWidget):
    """The chosen tax year's picture, top to bottom, with the two exports above it."""

    message = Signal(str)
    export_finished = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._job: Job | None = None
        self._saved: Path | None = None
        self.summary: TaxSummary | None = None
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName("Tax year")
        self.year_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.headline = WrappedLabel()
        self.headline.setFont(scaled_font(self.headline, 1.1))
        self.set_aside = WrappedLabel()
        self.set_aside.setFont(scaled_font(self.set_aside, 1.1))
        self.care_relief = WrappedLabel()
        self.care_relief.hide()
        self.summary_model = SummaryModel(self)
        self.summary_table = _fixed_table(self.summary_model, "Profit for the tax year", LINE)
        self.boxes_model = BoxesModel(self)
        self.boxes_table = _fixed_table(self.boxes_model, "Short return boxes", BOX_NAME)
        self.quarters_model = QuartersModel(self)
        self.quarters_table = _fixed_table(
            self.quarters_model, "Making Tax Digital quarters", STATUS
        )
        self.calendar = QCheckBox(CALENDAR_WORDS)
        self.calendar.setAccessibleName("I have chosen calendar quarters for Making Tax Digital")
        self.calendar.setToolTip(CALENDAR_TIP)
        self.mtd_note = WrappedLabel()
        self.mtd_note.setFont(scaled_font(self.mtd_note))
        self.readiness = WrappedLabel()
        self.readiness.setAccessibleName("Whether Making Tax Digital applies")
        self.chart = MonthChart()
        self.months_model = MonthsModel(self)
        self.months_table = _fixed_table(self.months_model, "Income and expenses by month", MONTH)
        self.buttons = self._make_buttons()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.status = WrappedLabel()
        self.status.setAccessibleName("Export")
        self.status.hide()
        self._scroll = QScrollArea()
        self._lay_out()
        self._refill_years(tax_year_of(today()).start_year)
        self._connect()

    @property
    def first_field(self) -> QWidget:
        return self.year_filter

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def chosen_year(self) -> TaxYear:
        start_year = self.year_filter.currentData()
        return TaxYear(start_year) if start_year is not None else tax_year_of(self._today())

    def show_year(self, year: TaxYear) -> None:
        self._refill_years(year.start_year)
        self.refresh()

    def refresh(self) -> None:
        """Work out the chosen year again and show it everywhere on the page."""
        today = self._today()
        self._refill_years(self.year_filter.currentData())
        year = self.chosen_year()
        summary = tax_summary(year, today)
        self.summary = summary
        text = headline(summary, today)
        self.headline.setText(text)
        self.headline.setAccessibleName(text)
        aside = set_aside_words(summary)
        self.set_aside.setText(aside)
        self.set_aside.setAccessibleName(aside)
        relief = "" if summary.care_relief is None else "\n".join(relief_words(summary.care_relief))
        self.care_relief.setText(relief)
        self.care_relief.setAccessibleName(relief)
        self.care_relief.setVisible(bool(relief))
        self.summary_model.refresh(summary.totals)
        self.boxes_model.refresh(summary.totals)
        self.quarters_model.refresh(summary, today)
        note = mtd_note(summary)
        self.mtd_note.setText(note)
        self.mtd_note.setAccessibleName(note)
        self.calendar.blockSignals(True)
        self.calendar.setChecked(summary.calendar_quarters)
        self.calendar.blockSignals(False)
        lines = "\n".join(f"• {readiness_words(r, today)}" for r in summary.readiness)
        self.readiness.setText(lines)
        self.readiness.setAccessibleName(lines)
        months = monthly_totals(year)
        self.chart.show_months(months, year)
        self.months_model.refresh(months, year)
        self._fit_tables()
        self._arrange()

    def is_working(self) -> bool:
        return self._job is not None

    # Actions

    def export_for_accountant(self) -> None:
        if self.is_working():
            return
        suggested = documents_folder() / f"Microbiz records {self._today().isoformat()}.xlsx"
        path = choose_workbook_path(self, "Export for my accountant", suggested)
        if path is not None:
            self._export(path, None, "Saving all your records for your accountant…")

    def export_mtd_quarters(self) -> None:
        if self.is_working():
            return
        year = self.chosen_year()
        suggested = documents_folder() / f"MTD quarters {year.label}.xlsx"
        path = choose_workbook_path(self, f"Export MTD quarters for {year.label}", suggested)
        if path is not None:
            sheets = [partial(mtd_quarters_sheet, year)]
            self._export(path, sheets, f"Saving the {year.label} quarters…")

    def choose_calendar_quarters(self, chosen: bool) -> None:
        try:
            set_calendar_quarters(chosen)
        except UserError as problem:
            messages.warn(self, "Quarters not changed", str(problem))
        self.refresh()
        kind = "calendar quarters" if chosen else "the standard quarters"
        self.message.emit(f"Making Tax Digital updates now use {kind}.")

    # Exporting

    def _export(self, path: Path, sheets: list | None, doing: str) -> None:
        job = Job(lambda progress: export_workbook(path, progress, sheets))
        self._job = job
        for button in self.buttons.values():
            button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(doing)
        job.signals.progress.connect(self._on_progress)
        job.signals.result.connect(self._exported)
        job.signals.error.connect(self._export_failed)
        job.signals.finished.connect(self._finished)
        Runner.start(job)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    @Slot(object)
    def _exported(self, path: Path) -> None:
        self._saved = path
        self._say(f"Saved {path.name} in {path.parent}.")
        self.message.emit(f"Saved the workbook to {path}.")

    @Slot(str)
    def _export_failed(self, problem: str) -> None:
        self._say(f"The workbook was not saved. {problem}")
        messages.warn(self, "Workbook not saved", problem)

    @Slot()
    def _finished(self) -> None:
        self._job = None
        self.progress.hide()
        for button in self.buttons.values():
            button.setEnabled(True)
        saved, self._saved = self._saved, None
        self.export_finished.emit()
        if saved is not None:
            offer_to_open_folder(self, saved)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()

    # Building

    def _refill_years(self, keep: int | None) -> None:
        refill_tax_years(self.year_filter, self._today(), keep)

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "accountant": (
                "Export for my &accountant…",
                "Export for my accountant",
                self.export_for_accountant,
            ),
            "mtd": ("Export &MTD quarters…", "Export MTD quarters", self.export_mtd_quarters),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title(TITLE))
        top.addSpacing(em(self, 2))
        top.addWidget(buddy("Tax &year", self.year_filter))
        top.addWidget(self.year_filter)
        top.addStretch()
        top.addWidget(self.buttons["accountant"])
        top.addWidget(self.buttons["mtd"])
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, em(self, 1), 0)
        body.addWidget(self.headline)
        body.addWidget(self.set_aside)
        body.addWidget(self.care_relief)
        body.addWidget(paragraph(CASH_BASIS))
        body.addLayout(self._year_tables())
        body.addWidget(heading("Does Making Tax Digital apply to you?"))
        body.addWidget(self.mtd_note)
        body.addWidget(self.readiness)
        body.addWidget(paragraph(READINESS_NOTE))
        body.addWidget(heading("Making Tax Digital quarters"))
        body.addWidget(paragraph(MTD_EXPLANATION))
        body.addWidget(self.quarters_table)
        body.addWidget(self.calendar)
        body.addWidget(heading("Month by month"))
        body.addWidget(self.chart)
        months = QHBoxLayout()
        months.addWidget(self.months_table, 1)
        months.addStretch(1)
        body.addLayout(months)
        body.addStretch()
        show_in_scroll(self._scroll, content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        chain = [self.year_filter, self.buttons["accountant"], self.buttons["mtd"]]
        chain += [self.summary_table, self.boxes_table, self.quarters_table, self.calendar]
        chain += [self.months_table]
        tab_order(chain)

    def _year_tables(self) -> QBoxLayout:
        """The profit and the boxes side by side, or one above the other when too narrow."""
        self._year_box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for caption, table in (
            ("Profit for the tax year", self.summary_table),
            ("Short tax return (SA103S) expense boxes", self.boxes_table),
        ):
            column = QVBoxLayout()
            column.addWidget(heading(caption))
            column.addWidget(table)
            column.addStretch()
            self._year_box.addLayout(column, 1)
        return self._year_box

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Side by side only when both tables show their words in full."""
        needed = natural_width(self.summary_table) + natural_width(self.boxes_table)
        needed += self._year_box.spacing() + em(self, 2)
        roomy = self._scroll.viewport().width() >= needed
        self._year_box.setDirection(
            QBoxLayout.Direction.LeftToRight if roomy else QBoxLayout.Direction.TopToBottom
        )

    def _connect(self) -> None:
        self.year_filter.currentIndexChanged.connect(lambda: self.refresh())
        self.calendar.toggled.connect(self.choose_calendar_quarters)

    def _fit_tables(self) -> None:
        """Each table exactly as tall as its rows: the page scrolls, never the tables."""
        for table in (self.summary_table, self.boxes_table, self.quarters_table):
            table.setFixedHeight(rows_tall(table, max(table.model().rowCount(), 1)))
        self.months_table.setFixedHeight(
            rows_tall(self.months_table, max(self.months_model.rowCount(), 1))
        )


def natural_width(table: QTableView) -> int:
    """The width that shows every column's longest text and heading without cutting it."""
    header = table.horizontalHeader()
    columns = range(table.model().columnCount())
    width = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns)
    return width + 2 * table.frameWidth()


def _fixed_table(model, name: str, stretch: int) -> QTableView:
    table = read_only_table(model, name, stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return table
