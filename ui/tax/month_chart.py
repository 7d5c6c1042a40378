"""Income and expenses by month as a bar chart, in the system's colours and font.

A chart alone is not accessible: the same figures are the view's accessible description
and each bar's tool tip, and the Tax page shows them in a table beside it. The two bar
sets differ in fill (solid and hatched) and are named in the legend, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCharts import QBarSeries
from PySide6.QtCharts import QBarSet
from PySide6.QtCharts import QChart
from PySide6.QtCharts import QChartView
from PySide6.QtCharts import QLegend
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import QLocale
from PySide6.QtCore import QMargins
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtGui import QCursor
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPalette
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QToolTip
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.money import format_money
from microbiz.tax.taxyear import TaxYear
from ui.common.looks import em
from ui.tax.tax_model import month_label
from ui.tax.tax_model import month_words

NAME = "Chart of income and expenses by month"
INCOME = "Income"
EXPENSES = "Expenses"
POUNDS_FORMAT = "£%.0f"
EMPTY_TOP = 100  # pounds: an axis for a year with nothing recorded yet
HEIGHT_EM = 26


def chart_description(months: Sequence[tuple[date, int, int]], year: TaxYear) -> str:
    """The chart's figures in words: 'April 2026: income £1,200.00, expenses £310.00. …'."""
    if not months:
        return "No months to show."
    lines = [
        f"{month_words(first, year)}: income {format_money(income)}, "
        f"expenses {format_money(spent)}."
        for first, income, spent in months
    ]
    return " ".join(lines)


class MonthChart(QWidget):
    """Two bar sets, income and allowable expenses, one pair of bars for each month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: list[tuple[date, int, int]] = []
        self._year: TaxYear | None = None
        self.income = QBarSet(INCOME)
        self.expenses = QBarSet(EXPENSES)
        self.series = QBarSeries()
        self.series.append(self.income)
        self.series.append(self.expenses)
        self.chart = QChart()
        self.chart.addSeries(self.series)
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.chart.setLocalizeNumbers(True)
        self.axis_x = QBarCategoryAxis()
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat(POUNDS_FORMAT)
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)
        legend = self.chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        legend.setMarkerShape(QLegend.MarkerShape.MarkerShapeRectangle)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(NAME)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setMinimumHeight(em(self, HEIGHT_EM))
        self.income.hovered.connect(lambda shown, index: self._tip(shown, index))
        self.expenses.hovered.connect(lambda shown, index: self._tip(shown, index))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._follow_system_looks()

    def show_months(self, months: Sequence[tuple[date, int, int]], year: TaxYear) -> None:
        """Replace the bars with `monthly_totals(year)`: (first of month, income, expenses)."""
        self._months = list(months)
        self._year = year
        for bar_set in (self.income, self.expenses):
            if bar_set.count():
                bar_set.remove(0, bar_set.count())
        self.income.append([income / 100 for _, income, _ in months])
        self.expenses.append([spent / 100 for _, _, spent in months])
        self.axis_x.clear()
        self.axis_x.append([month_label(first, year) for first, _, _ in months])
        highest = max((max(income, spent) for _, income, spent in months), default=0) / 100
        self.axis_y.setRange(0, highest or EMPTY_TOP)
        self.axis_y.applyNiceNumbers()
        description = chart_description(months, year)
        self.view.setAccessibleDescription(
            f"Income and allowable expenses for each month of {year.label}. {description}"
        )
        self.setAccessibleName(NAME)

    def month_labels(self) -> list[str]:
        return list(self.axis_x.categories())

    def _tip(self, shown: bool, index: int) -> None:
        if not shown or not 0 <= index < len(self._months) or self._year is None:
            QToolTip.hideText()
            return
        first, income, spent = self._months[index]
        QToolTip.showText(
            QCursor.pos(),
            f"{month_words(first, self._year)}\nIncome {format_money(income)}\n"
            f"Expenses {format_money(spent)}",
            self.view,
        )

    def _follow_system_looks(self) -> None:
        """The palette's colours and the widget's font, whatever the theme or contrast."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        font = self.font()
        self.chart.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart.legend().setLabelColor(text)
        self.chart.legend().setFont(font)
        for axis in (self.axis_x, self.axis_y):
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
            axis.setGridLineColor(palette.color(QPalette.ColorRole.Midlight))
        outline = QPen(text)
        outline.setWidthF(1.0)
        self.income.setBrush(QBrush(palette.color(QPalette.ColorRole.Highlight)))
        self.income.setPen(outline)
        self.expenses.setBrush(QBrush(text, Qt.BrushStyle.BDiagPattern))
        self.expenses.setPen(outline)
