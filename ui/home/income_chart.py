"""Income received by month against the year before, as a QtCharts bar chart or a table.

A chart alone is not accessible: the figures are also the view's accessible description and
a table a button away. This year's bars are solid and last year's hatched, named in the
legend, never told apart by colour alone.
"""

from __future__ import annotations

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
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPalette
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.money import format_money
from microbiz.home.income import IncomeByMonth
from microbiz.tax.taxyear import TaxYear
from ui.common.looks import em
from ui.common.table_model import TextTableModel
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall

NAME = "Chart of income by month"
POUNDS_FORMAT = "£%.0f"
EMPTY_TOP = 100  # pounds: an axis for a year with nothing received yet
HEIGHT_EM = 18
MONTH, THIS_YEAR, YEAR_BEFORE = range(3)


def chart_description(income: IncomeByMonth) -> str:
    """'Income received each month of 2026-27 against 2025-26. April: £1,200.00 (£900.00). …'"""
    before = TaxYear(income.year.start_year - 1)
    months = " ".join(
        f"{month.first:%B}: {format_money(month.income_pence)} "
        f"({format_money(month.year_before_pence)} in {month.year_before:%Y})."
        for month in income.months
    )
    return f"Income received each month of {income.year.label} against {before.label}. {months}"


class IncomeTableModel(TextTableModel):
    """The chart's figures: month, this year, the year before."""

    headers = ("Month", "This year", "Year before")
    number_columns = (THIS_YEAR, YEAR_BEFORE)

    def show_income(self, income: IncomeByMonth) -> None:
        before = TaxYear(income.year.start_year - 1)
        self.headers = ("Month", income.year.label, before.label)
        self.set_rows(
            [
                (
                    f"{month.first:%B}",
                    format_money(month.income_pence),
                    format_money(month.year_before_pence),
                )
                for month in income.months
            ]
        )


class IncomeChart(QWidget):
    """Two bar sets, this tax year and the one before, April to March; or the same as a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.this_year = QBarSet("This year")
        self.year_before = QBarSet("Year before")
        self.series = QBarSeries()
        self.series.append(self.year_before)
        self.series.append(self.this_year)
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
        self.view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setMinimumHeight(em(self, HEIGHT_EM))
        self.model = IncomeTableModel(self)
        self.table = read_only_table(self.model, "Income by month", MONTH)
        self.views = QStackedWidget()
        self.views.addWidget(self.view)
        self.views.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        self._follow_system_looks()

    def show_income(self, income: IncomeByMonth) -> None:
        """Replace the bars and the table with `income_by_month`'s figures."""
        before = TaxYear(income.year.start_year - 1)
        self.this_year.setLabel(income.year.label)
        self.year_before.setLabel(before.label)
        for bar_set in (self.this_year, self.year_before):
            if bar_set.count():
                bar_set.remove(0, bar_set.count())
        self.this_year.append([month.income_pence / 100 for month in income.months])
        self.year_before.append([month.year_before_pence / 100 for month in income.months])
        self.axis_x.clear()
        self.axis_x.append([f"{month.first:%b}" for month in income.months])
        highest = max((max(m.income_pence, m.year_before_pence) for m in income.months), default=0)
        self.axis_y.setRange(0, highest / 100 or EMPTY_TOP)
        self.axis_y.applyNiceNumbers()
        self.view.setAccessibleDescription(chart_description(income))
        self.model.show_income(income)
        self.table.setMinimumHeight(rows_tall(self.table, len(income.months)))

    def show_table(self, shown: bool) -> None:
        """The figures as a table instead of the chart, or the chart again."""
        self.views.setCurrentWidget(self.table if shown else self.view)

    def month_labels(self) -> list[str]:
        return list(self.axis_x.categories())

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
        self.this_year.setBrush(QBrush(palette.color(QPalette.ColorRole.Highlight)))
        self.this_year.setPen(outline)
        self.year_before.setBrush(QBrush(text, Qt.BrushStyle.BDiagPattern))
        self.year_before.setPen(outline)
