"""The Tax page's tables, each read from `tax_summary` or `monthly_totals`, all in words.

The year's profit line by line, the short return's boxes, the Making Tax Digital
quarters, and the months (the chart's figures as text, for screen readers and anyone
who would rather read than look at bars).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.foundations.money import format_money
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import NOT_ALLOWABLE
from microbiz.tax.expenses import SA103S_BOXES
from microbiz.tax.taxyear import MtdReadiness
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import TRAVEL_BOX
from microbiz.tax.totals import QuarterSummary
from microbiz.tax.totals import TaxSummary
from microbiz.tax.totals import Totals
from ui.expenses.journeys_model import miles_text

Index = QModelIndex | QPersistentModelIndex

INCOME = "Income received"
TOTAL_EXPENSES = "Total allowable expenses"
PROFIT = "Net profit"
LOSS = "Net loss"
NOT_ALLOWABLE_NOTE = " (not allowable: left out of the total)"
LINE_TIPS = {
    INCOME: "Payments received in the tax year: the cash basis counts income when it is paid",
    TOTAL_EXPENSES: "Expenses paid in the year, less depreciation, plus the mileage allowance",
    PROFIT: "Income received less allowable expenses: what you pay tax on",
    LOSS: "Allowable expenses were more than income received",
}
DEADLINE_PASSED = "Deadline passed"
NOT_NEEDED = "Not needed"
NOT_STARTED = "Not started"


def short_day(day: date) -> str:
    """'7 Aug 2026'."""
    return f"{day.day} {day:%b %Y}"


def long_day(day: date) -> str:
    """'6 April 2027'."""
    return f"{day.day} {day:%B %Y}"


def period_words(start: date, end: date) -> str:
    """'6 Apr to 5 Jul 2026', or '6 Oct 2026 to 5 Jan 2027' across a new year."""
    if start.year == end.year:
        return f"{start.day} {start:%b} to {short_day(end)}"
    return f"{short_day(start)} to {short_day(end)}"


def days_words(days: int) -> str:
    return "1 day" if days == 1 else f"{days:,} days"


def quarter_status(summary: QuarterSummary, today: date, needed: bool = True) -> str:
    """In words: 'Not started yet', 'Quarter still running', 'Due by 7 Feb 2027 (12 days)',
    'Due today', 'Deadline passed', or 'Not needed' when MTD does not apply that year."""
    deadline = summary.quarter.deadline
    if not needed:
        return NOT_NEEDED
    if summary.deadline_passed:
        return DEADLINE_PASSED
    if today == deadline:
        return "Due today"
    if today < summary.quarter.start:
        return "Not started yet"
    if today <= summary.quarter.end:
        return "Quarter still running"
    return f"Due by {short_day(deadline)} ({days_words((deadline - today).days)})"


def readiness_words(readiness: MtdReadiness, today: date) -> str:
    """One Making Tax Digital threshold in plain words, with the income Microbiz has.

    'Making Tax Digital applies from 6 April 2027 if your qualifying income in 2025-26
    was over £30,000. Recorded in Microbiz: £12,345.00.'
    """
    year = readiness.income_year.label
    threshold = format_money(readiness.threshold_pence).removesuffix(".00")
    starts = long_day(readiness.starts)
    recorded = format_money(readiness.qualifying_pence)
    finished = today > readiness.income_year.end
    if readiness.applies:
        verb = "was" if finished else "is already"
        return (
            f"Making Tax Digital applies to you from {starts}: your income recorded in "
            f"Microbiz for {year} {verb} over {threshold} ({recorded})."
        )
    was = "was" if finished else "is"
    so_far = "" if finished else " so far"
    return (
        f"Making Tax Digital applies from {starts} if your qualifying income in {year} "
        f"{was} over {threshold}. Recorded in Microbiz{so_far}: {recorded}."
    )


def mtd_note(summary: TaxSummary) -> str:
    """Whether the quarters below are due from the user, going by the readiness lines."""
    label = summary.year.label
    if summary.mtd_needed:
        return (
            f"From the income recorded in Microbiz, Making Tax Digital applies to you in "
            f"{label}: send each update by its date."
        )
    applies = summary.mtd_applies_from
    later = f" It applies to you from {long_day(applies)}." if applies else ""
    return (
        f"From the income recorded in Microbiz, Making Tax Digital does not apply to you "
        f"in {label}, so these updates are not needed from you. They show how the year "
        f"would be reported.{later}"
    )


def set_aside_words(summary: TaxSummary) -> str:
    """'Tax to set aside for 2026-27 so far: £4,531.80 (Income Tax £3,486.00, ...).'"""
    estimate = summary.estimate
    parts = [f"Income Tax {format_money(estimate.income_tax_pence)}"]
    if estimate.class2_pence:
        parts.append(f"Class 2 National Insurance {format_money(estimate.class2_pence)}")
    parts.append(f"Class 4 National Insurance {format_money(estimate.class4_pence)}")
    return (
        f"Tax to set aside for {summary.year.label}: {format_money(estimate.set_aside_pence)} "
        f"({', '.join(parts)}). An estimate at {estimate.rates_year.label} rates, if this "
        "business is your only income."
    )


def summary_lines(totals: Totals) -> list[tuple[str, str, str]]:
    """(line, amount, tip) for the year: income, each expense, mileage, totals, profit."""
    lines = [(INCOME, format_money(totals.income_pence), LINE_TIPS[INCOME])]
    for key, pence in totals.expenses_by_category.items():
        label = CATEGORY_LABELS.get(key, key)
        if key in NOT_ALLOWABLE:
            label += NOT_ALLOWABLE_NOTE
        lines.append((label, format_money(pence), ""))
    if totals.mileage_tenths or totals.mileage_pence:
        miles = miles_text(totals.mileage_tenths)
        lines.append(
            (
                f"Mileage allowance ({miles} miles)",
                format_money(totals.mileage_pence),
                "The simplified mileage allowance for the year's business journeys",
            )
        )
    lines.append(
        (TOTAL_EXPENSES, format_money(totals.total_expenses_pence), LINE_TIPS[TOTAL_EXPENSES])
    )
    profit = PROFIT if totals.profit_pence >= 0 else LOSS
    lines.append((profit, format_money(abs(totals.profit_pence)), LINE_TIPS[profit]))
    return lines


def month_label(first: date, year: TaxYear) -> str:
    """'Apr', 'May', … on the chart; the tax year's last few days of April say which."""
    if first.year > year.start_year and first.month == year.end.month:
        return f"1–{year.end.day} {first:%b}"
    return f"{first:%b}"


def month_words(first: date, year: TaxYear) -> str:
    """'April 2026' (from the 6th), 'May 2026', … '1 to 5 April 2027' for the table."""
    if first.year > year.start_year and first.month == year.end.month:
        return f"1 to {year.end.day} {first:%B %Y}"
    if first.month == year.start.month and first.year == year.start_year:
        return f"{year.start.day} to 30 {first:%B %Y}"
    return f"{first:%B %Y}"


class FiguresTableModel(QAbstractTableModel):
    """A small read-only table of text: headers, rows, right-aligned amounts, bold totals."""

    headers: tuple[str, ...] = ()
    number_columns: tuple[int, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._tips: list[str] = []
        self._bold: set[int] = set()

    def set_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        tips: Sequence[str] = (),
        bold: set[int] | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple(row) for row in rows]
        self._tips = list(tips) + [""] * (len(rows) - len(tips))
        self._bold = set(bold or ())
        self.endResetModel()

    def rows(self) -> list[tuple[str, ...]]:
        return list(self._rows)

    def column(self, number: int) -> list[str]:
        return [row[number] for row in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[row] or self._rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.number_columns:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and row in self._bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.number_columns:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


LINE, AMOUNT = range(2)


class SummaryModel(FiguresTableModel):
    """The year line by line: income, each kind of expense, mileage, totals and profit."""

    headers = ("For the tax year", "Amount")
    number_columns = (AMOUNT,)

    def refresh(self, totals: Totals) -> None:
        lines = summary_lines(totals)
        last = len(lines) - 1
        self.set_rows(
            [(line, amount) for line, amount, _ in lines],
            [tip for _, _, tip in lines],
            bold={last - 1, last},
        )


BOX, BOX_NAME, BOX_AMOUNT = range(3)


class BoxesModel(FiguresTableModel):
    """The short self-employment return (SA103S) expense boxes that have something in them."""

    headers = ("Box", "On the short return (SA103S)", "Amount")
    number_columns = (BOX_AMOUNT,)

    def refresh(self, totals: Totals) -> None:
        rows = []
        for box, pence in totals.sa103s_boxes().items():
            rows.append((str(box), SA103S_BOXES.get(box, ""), format_money(pence)))
            if box == TRAVEL_BOX and totals.mileage_pence:
                miles = miles_text(totals.mileage_tenths)
                mileage = f"of which the mileage allowance ({miles} miles)"
                rows.append(("", mileage, format_money(totals.mileage_pence)))
        rows.append(("Total", "Allowable expenses", format_money(totals.total_expenses_pence)))
        self.set_rows(rows, bold={len(rows) - 1})


QUARTER, PERIOD, DEADLINE, STATUS, INCOME_SO_FAR, EXPENSES_SO_FAR = range(6)
QUARTER_TIPS = {
    INCOME_SO_FAR: "From the start of the tax year to the end of the quarter: updates add up",
    EXPENSES_SO_FAR: "Allowable expenses, mileage included, from the start of the tax year",
}


def _so_far(summary: QuarterSummary, today: date) -> tuple[str, str]:
    """The quarter's cumulative income and expenses; nothing yet for one still to come."""
    if today < summary.quarter.start:
        return NOT_STARTED, NOT_STARTED
    totals = summary.year_to_date
    return format_money(totals.income_pence), format_money(totals.total_expenses_pence)


class QuartersModel(FiguresTableModel):
    """The four Making Tax Digital updates, each from the start of the tax year."""

    headers = ("Quarter", "Period", "Update due by", "Status", "Income so far", "Expenses so far")
    number_columns = (INCOME_SO_FAR, EXPENSES_SO_FAR)

    def refresh(self, summary: TaxSummary, today: date) -> None:
        self.set_rows(
            [
                (
                    f"Q{q.quarter.number}",
                    period_words(q.quarter.start, q.quarter.end),
                    short_day(q.quarter.deadline),
                    quarter_status(q, today, summary.mtd_needed),
                    *_so_far(q, today),
                )
                for q in summary.quarters
            ]
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section in QUARTER_TIPS
        ):
            return QUARTER_TIPS[section]
        return super().headerData(section, orientation, role)


MONTH, MONTH_INCOME, MONTH_EXPENSES = range(3)


class MonthsModel(FiguresTableModel):
    """Income and allowable expenses month by month: the chart's figures, as text."""

    headers = ("Month", "Income", "Expenses")
    number_columns = (MONTH_INCOME, MONTH_EXPENSES)

    def refresh(self, months: Sequence[tuple[date, int, int]], year: TaxYear) -> None:
        self.set_rows(
            [
                (month_words(first, year), format_money(income), format_money(spent))
                for first, income, spent in months
            ]
        )
