"""A client's weekly visits: one row per schedule from `schedules_of`, by day and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.dates import format_date
from microbiz.models import Schedule
from microbiz.pricing import visit_end
from microbiz.schedules import WEEKDAYS
from microbiz.schedules import schedules_of

DAY, START, END, BREAK, TYPE, FROM, UNTIL = range(7)
HEADERS = ("Day", "Start", "End", "Break", "Type", "From", "Until")
HEADER_TIPS = {
    BREAK: "Break in the middle of the visit, not charged",
    TYPE: "Visit type, which sets the rate",
    FROM: "The first week of this pattern",
    UNTIL: "The last day of this pattern",
}
ONGOING = "Ongoing"
NO_BREAK = "None"
NEXT_DAY = "next day"
ENDED = "ended"

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ScheduleRow:
    """What the table shows for one weekly pattern."""

    schedule_id: int
    shown: tuple[str, ...]

    def describe(self) -> str:
        """'Monday 09:00 to 11:00', for questions and messages."""
        return f"{self.shown[DAY]} {self.shown[START]} to {self.shown[END]}"


def schedule_row(schedule: Schedule, today: date) -> ScheduleRow:
    first = datetime.combine(schedule.starts_on, schedule.start_time)
    end = f"{schedule.end_time:%H:%M}"
    if visit_end(first, schedule.end_time).date() > first.date():
        end = f"{end} {NEXT_DAY}"
    minutes = schedule.break_minutes
    until = ONGOING
    if schedule.ends_on:
        until = format_date(schedule.ends_on)
        if schedule.ends_on < today:
            until = f"{until} ({ENDED})"
    shown = (
        WEEKDAYS[str(schedule.weekday)],
        f"{schedule.start_time:%H:%M}",
        end,
        f"{minutes} min" if minutes else NO_BREAK,
        schedule.visit_type.name,
        format_date(schedule.starts_on),
        until,
    )
    return ScheduleRow(schedule.id, shown)


class SchedulesTableModel(QAbstractTableModel):
    """One client's weekly patterns, Monday first."""

    def __init__(self, client_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self._rows: list[ScheduleRow] = []

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        rows = [schedule_row(s, today) for s in schedules_of(self._client_id)]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def id_of(self, row: int) -> int:
        return self._rows[row].schedule_id

    def describe(self, row: int) -> str:
        return self._rows[row].describe()

    def day_of(self, row: int) -> str:
        return self._rows[row].shown[DAY]

    def row_of(self, schedule_id: int) -> int | None:
        for row, shown in enumerate(self._rows):
            if shown.schedule_id == schedule_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.shown[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TYPE:
            return row.shown[TYPE]
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
        return None
