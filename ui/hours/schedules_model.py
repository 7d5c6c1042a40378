"""A client's weekly visits: one row per schedule from `schedules_of`, by day and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

from PySide6.QtCore import QObject

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Schedule
from microbiz.hours.pricing import visit_end
from microbiz.hours.schedules import WEEKDAYS
from microbiz.hours.schedules import schedules_of
from ui.common.table_model import TextTableModel

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


class SchedulesTableModel(TextTableModel):
    """One client's weekly patterns, Monday first."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    long_columns = (TYPE,)

    def __init__(self, client_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self._rows: list[ScheduleRow] = []

    def refresh(self, today: date | None = None) -> None:
        today = today or clock.today()
        rows = [schedule_row(s, today) for s in schedules_of(self._client_id)]
        self._rows = rows
        self.set_rows([row.shown for row in rows], ids=[row.schedule_id for row in rows])

    def describe(self, row: int) -> str:
        return self._rows[row].describe()

    def day_of(self, row: int) -> str:
        return self._rows[row].shown[DAY]
