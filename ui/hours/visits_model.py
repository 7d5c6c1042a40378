"""The visits list: only ids are held; rows are read 200 at a time as the user scrolls.

Five years of visits (100,000 rows) open at once: the core gives the ids newest first,
`rowCount` starts at one page and grows through `canFetchMore`/`fetchMore`, and the
rows of a few recent pages are kept in a small cache.
"""

from __future__ import annotations

from collections import OrderedDict

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
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_rows

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
PAGE_SIZE = 200
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


class VisitsTableModel(QAbstractTableModel):
    """Visits matching a filter, newest first, read lazily a page at a time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._loaded = 0
        self._pages: OrderedDict[int, dict[int, VisitRow]] = OrderedDict()
        self.reads = 0

    def refresh(self, chosen: VisitFilter | None = None) -> None:
        """Ask the core again for the matching ids; rows are read when shown."""
        ids = visit_ids(chosen or VisitFilter())
        self.beginResetModel()
        self._ids = ids
        self._loaded = min(PAGE_SIZE, len(ids))
        self._pages.clear()
        self.endResetModel()

    def total(self) -> int:
        """How many visits match, loaded or not."""
        return len(self._ids)

    def visit_id(self, row: int) -> int:
        return self._ids[row]

    def visit_row(self, row: int) -> VisitRow | None:
        """The visit on this row, or None if it was deleted since the list was read."""
        if not 0 <= row < self._loaded:
            return None
        return self._page(row // PAGE_SIZE).get(self._ids[row])

    def row_of(self, visit_id: int) -> int | None:
        """The row of this visit, loading pages up to it; None if the filter hides it."""
        try:
            row = self._ids.index(visit_id)
        except ValueError:
            return None
        while row >= self._loaded:
            self.fetchMore(QModelIndex())
        return row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(PAGE_SIZE, len(self._ids) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

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
