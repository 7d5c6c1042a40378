"""A checklist's items in the template's order: status in words, due dates the UK way."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.checklists import items_of
from microbiz.dates import format_date
from microbiz.models import CHECKLIST_STATUSES
from microbiz.models import Checklist
from microbiz.models import ChecklistItem

STATUS, ITEM, DUE, NOTES = range(4)
HEADERS = ("Status", "Item", "Due", "Notes")
HEADER_TIPS = {
    DUE: "A suggested date, counted from the day you started; change it with Edit…",
    NOTES: "Whether you wrote notes for the item",
}
# Statuses that are finished with: their due dates no longer matter.
SETTLED = ("done", "not_applicable")
OVERDUE = "overdue"
HAS_NOTES = "Yes"

Index = QModelIndex | QPersistentModelIndex


def is_overdue(item: ChecklistItem, today: date) -> bool:
    return item.due_on is not None and item.due_on < today and item.status not in SETTLED


def due_words(item: ChecklistItem, today: date) -> str:
    """'14/03/2026', or '14/03/2026, overdue' when it is past and the item is still open."""
    if item.due_on is None:
        return ""
    shown = format_date(item.due_on)
    return f"{shown}, {OVERDUE}" if is_overdue(item, today) else shown


def status_words(item: ChecklistItem) -> str:
    return CHECKLIST_STATUSES.get(item.status, item.status)


def item_values(item: ChecklistItem, today: date) -> tuple[str, ...]:
    return (
        status_words(item),
        item.title,
        due_words(item, today),
        HAS_NOTES if item.notes.strip() else "",
    )


class ChecklistTableModel(QAbstractTableModel):
    """One checklist's items; nothing when no checklist is chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ChecklistItem] = []
        self._shown: list[tuple[str, ...]] = []
        self._overdue: list[bool] = []

    def refresh(self, checklist: Checklist | None, today: date | None = None) -> None:
        today = today or date.today()
        items = [] if checklist is None else items_of(checklist)
        self.beginResetModel()
        self._items = items
        self._shown = [item_values(item, today) for item in items]
        self._overdue = [is_overdue(item, today) for item in items]
        self.endResetModel()

    def item(self, row: int) -> ChecklistItem:
        return self._items[row]

    def items(self) -> list[ChecklistItem]:
        return list(self._items)

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._shown[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NOTES and self._items[row].notes.strip():
                return self._items[row].notes
            return self._shown[row][column] if column == ITEM else None
        if role == Qt.ItemDataRole.FontRole and column == DUE and self._overdue[row]:
            font = QFont()
            font.setBold(True)
            return font
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
