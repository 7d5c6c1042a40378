"""A week's totals per client: hours delivered against contracted, and what they come to."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.dates import hours_text
from microbiz.hours import ClientWeek
from microbiz.hours import week_summary
from microbiz.money import format_money

CLIENT, DELIVERED, CONTRACTED, DIFFERENCE, AMOUNT = range(5)
HEADERS = ("Client", "Delivered", "Contracted", "Difference", "Amount")
HEADER_TIPS = {
    DELIVERED: "Hours delivered this week",
    CONTRACTED: "Hours a week in the client's contract",
    DIFFERENCE: "Hours delivered more (+) or less (−) than contracted",
    AMOUNT: "What the week's visits come to, cancellations charged included",
}
NUMBER_COLUMNS = (DELIVERED, CONTRACTED, DIFFERENCE, AMOUNT)
NOT_SET = "Not set"
MINUS = "−"

Index = QModelIndex | QPersistentModelIndex


def short_hours(minutes: int) -> str:
    """Hours as a short number, with a real minus sign: 750 -> "12.5", -90 -> "−1.5"."""
    text = hours_text(abs(minutes))
    return text if minutes >= 0 else f"{MINUS}{text}"


def signed_hours(minutes: int) -> str:
    """A difference with its sign written: "+2", "−1.5", "0"."""
    if minutes > 0:
        return f"+{short_hours(minutes)}"
    return short_hours(minutes)


def difference_words(minutes: int) -> str:
    """The difference for screen readers: '2 hours more than contracted'."""
    if minutes == 0:
        return "as contracted"
    amount = short_hours(abs(minutes))
    unit = "hour" if amount == "1" else "hours"
    return f"{amount} {unit} {'more' if minutes > 0 else 'less'} than contracted"


def shown_values(week: ClientWeek) -> tuple[str, ...]:
    contracted = week.contracted_minutes > 0
    return (
        week.client_name,
        short_hours(week.delivered_minutes),
        short_hours(week.contracted_minutes) if contracted else NOT_SET,
        signed_hours(week.difference_minutes) if contracted else "",
        format_money(week.amount_pence),
    )


class WeekTotalsModel(QAbstractTableModel):
    """One row per client with contracted hours or visits in the week."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._weeks: list[ClientWeek] = []

    def refresh(self, monday: date) -> None:
        weeks = week_summary(monday)
        self.beginResetModel()
        self._weeks = weeks
        self.endResetModel()

    def delivered_minutes(self) -> int:
        return sum(week.delivered_minutes for week in self._weeks)

    def contracted_minutes(self) -> int:
        return sum(week.contracted_minutes for week in self._weeks)

    def amount_pence(self) -> int:
        return sum(week.amount_pence for week in self._weeks)

    def client_week(self, row: int) -> ClientWeek:
        return self._weeks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._weeks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        week = self._weeks[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_values(week)[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == DIFFERENCE and week.contracted_minutes > 0:
                return difference_words(week.difference_minutes)
            return shown_values(week)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == DIFFERENCE:
            return difference_words(week.difference_minutes) if week.contracted_minutes else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section, HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
