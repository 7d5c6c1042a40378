"""The week's visits on Home, the next one in bold and named "Next" (never by colour alone)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.foundations.models import VISIT_STATUSES
from microbiz.hours.visits import VisitRow
from ui.common.table_model import TextTableModel
from ui.home.home_words import day_words
from ui.hours.week_view import visit_times

WHEN, CLIENT, STATUS = range(3)
HEADERS = ("When", "Client", "Status")


def status_words(row: VisitRow, next_id: int | None, under_way: bool) -> str:
    """'Delivered', or 'Next: Planned' / 'Now: Delivered' for the next visit."""
    words = VISIT_STATUSES.get(row.status, row.status)
    if row.id != next_id:
        return words
    return f"{'Now' if under_way else 'Next'}: {words}"


class WeekVisitsModel(TextTableModel):
    """One row a visit, in time order; ids kept to open the visit."""

    headers = HEADERS
    long_columns = (CLIENT,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.next_row: int | None = None

    def show_visits(
        self, rows: list[VisitRow], today: date, next_id: int | None, under_way: bool
    ) -> None:
        shown = [
            (
                f"{day_words(row.start.date(), today)} {visit_times(row)}",
                row.client_name,
                status_words(row, next_id, under_way),
            )
            for row in rows
        ]
        ids = [row.id for row in rows]
        self.next_row = ids.index(next_id) if next_id in ids else None
        self.set_rows(shown, ids=ids)

    def extra_data(self, row: int, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.FontRole and row == self.next_row:
            font = QFont()
            font.setBold(True)
            return font
        return None
