"""A week's totals per client: hours delivered against contracted, and what they come to."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.foundations.dates import hours_text
from microbiz.foundations.money import format_money
from microbiz.hours.visits import ClientWeek
from microbiz.hours.visits import week_summary
from ui.common.table_model import TextTableModel

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


def spoken_values(week: ClientWeek) -> tuple[str, ...]:
    """As shown, but the difference in words a screen reader can say."""
    shown = shown_values(week)
    if week.contracted_minutes <= 0:
        return shown
    return (*shown[:DIFFERENCE], difference_words(week.difference_minutes), *shown[AMOUNT:])


class WeekTotalsModel(TextTableModel):
    """One row per client with contracted hours or visits in the week."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._weeks: list[ClientWeek] = []

    def refresh(self, monday: date) -> None:
        weeks = week_summary(monday)
        self._weeks = weeks
        self.set_rows(
            [shown_values(week) for week in weeks],
            spoken=[spoken_values(week) for week in weeks],
        )

    def delivered_minutes(self) -> int:
        return sum(week.delivered_minutes for week in self._weeks)

    def contracted_minutes(self) -> int:
        return sum(week.contracted_minutes for week in self._weeks)

    def amount_pence(self) -> int:
        return sum(week.amount_pence for week in self._weeks)

    def client_week(self, row: int) -> ClientWeek:
        return self._weeks[row]

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The difference's tool tip, in words, when the client has contracted hours."""
        week = self._weeks[row]
        if role == Qt.ItemDataRole.ToolTipRole and column == DIFFERENCE and week.contracted_minutes:
            return difference_words(week.difference_minutes)
        return None
