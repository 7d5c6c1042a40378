"""The visits list: ids are read 200 at a time as the user scrolls, rows as they show.

A million visits open at once: the core plans the filter (`plan_search`: a count that
stops at MOST_COUNTED, and whether pages walk the visits newest first or look the words
up in the search index) and gives one page of ids at a time; `rowCount` grows a page at a
time through `Paging` (the next page starts after the last one's (start, id)), and the
rows of a few recent pages are kept in a small cache.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_hours
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.money import format_money
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitRow
from microbiz.hours.visits import format_miles
from microbiz.hours.visits import plan_search
from microbiz.hours.visits import visit_page
from microbiz.hours.visits import visit_rows
from microbiz.hours.visits import visits_before
from ui.common.paged_model import PAGE_SIZE
from ui.common.paged_model import Paging

DATE, DAY, START, END, CLIENT, TYPE, HOURS, STATUS, CHARGE, MILEAGE, NOTES = range(11)
HEADERS = (
    "Date",
    "Day",
    "Start",
    "End",
    "Client",
    "Type",
    "Hours",
    "Status",
    "Charge",
    "Mileage",
    "Notes",
)
HEADER_TIPS = {
    HOURS: "Hours worked, less any break",
    CHARGE: "What the visit costs the client, before mileage",
    MILEAGE: "Miles driven for the client",
}
NUMBER_COLUMNS = (HOURS, CHARGE, MILEAGE)
LONG_COLUMNS = (CLIENT, TYPE, NOTES)
CACHED_PAGES = 8
NEXT_DAY = " next day"

Index = QModelIndex | QPersistentModelIndex


def shown_values(row: VisitRow) -> tuple[str, ...]:
    """What each column shows for one visit."""
    end = f"{row.end:%H:%M}" + (NEXT_DAY if row.end.date() > row.start.date() else "")
    return (
        format_date(row.start.date()),
        f"{row.start:%a}",
        f"{row.start:%H:%M}",
        end,
        row.client_name,
        row.visit_type,
        format_hours(row.minutes),
        VISIT_STATUSES.get(row.status, row.status),
        format_money(row.amount_pence),
        format_miles(row.mileage_tenths),
        " ".join(row.notes.split()),
    )


class VisitsTableModel(Paging, QAbstractTableModel):
    """Visits matching a filter, newest first, read lazily a page at a time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen = VisitFilter()
        self._ids: list[int] = []
        self._last: tuple[datetime, int] | None = None
        self._more = False
        self._total = 0
        self._walk = False
        self._pages: OrderedDict[int, dict[int, VisitRow]] = OrderedDict()
        self.reads = 0

    def refresh(self, chosen: VisitFilter | None = None) -> None:
        """Count the matching visits and read the first page of ids; rows are read when shown."""
        self._chosen = chosen or VisitFilter()
        plan = plan_search(self._chosen, self.most_counted, PAGE_SIZE)
        self._walk = plan.walk
        self._start_paging(plan.count, visit_page(self._chosen, size=PAGE_SIZE, walk=plan.walk))

    def visit_id(self, row: int) -> int:
        """The id on this row, reading pages of ids up to it first if need be."""
        self.load_up_to(row)
        return self._ids[row]

    def visit_row(self, row: int) -> VisitRow | None:
        """The visit on this row, or None if it was deleted since the list was read."""
        if not 0 <= row < len(self._ids):
            return None
        return self._page(row // PAGE_SIZE).get(self._ids[row])

    def row_of(self, visit_id: int) -> int | None:
        """The row of this visit, loading pages up to it; None if the filter hides it."""
        if visit_id in self._ids:
            return self._ids.index(visit_id)
        row = visits_before(self._chosen, visit_id)
        if row is None:
            return None
        self.load_up_to(row)
        return self._ids.index(visit_id) if visit_id in self._ids else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.column() < len(HEADERS):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in NUMBER_COLUMNS:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return None
        row = self.visit_row(index.row())
        if row is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == NOTES:
                return row.notes or None
            return shown_values(row)[index.column()] if index.column() in LONG_COLUMNS else None
        return shown_values(row)[index.column()]

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

    def _page(self, number: int) -> dict[int, VisitRow]:
        """One page of rows by id, from the cache or read from the core."""
        if number in self._pages:
            self._pages.move_to_end(number)
            return self._pages[number]
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        page = {row.id: row for row in visit_rows(ids)}
        self.reads += 1
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _clear(self) -> None:
        self._ids = []
        self._last = None
        self._pages.clear()

    def _next_page(self) -> list[tuple[int, datetime]]:
        return visit_page(self._chosen, self._last, PAGE_SIZE, self._walk)

    def _keep(self, page: list[tuple[int, datetime]]) -> None:
        """Add a page of (id, start) to the loaded ids and note where the next one starts."""
        self._ids.extend(visit_id for visit_id, _ in page)
        if page:
            self._last = (page[-1][1], page[-1][0])
