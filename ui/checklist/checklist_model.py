"""A checklist's items in the template's order: status in words, due dates the UK way."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.compliance.checklists import items_of
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from ui.common.table_model import TextTableModel

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


class ChecklistTableModel(TextTableModel):
    """One checklist's items; nothing when no checklist is chosen."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    long_columns = (ITEM,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ChecklistItem] = []
        self._overdue: list[bool] = []

    def refresh(self, checklist: Checklist | None, today: date | None = None) -> None:
        today = today or clock.today()
        items = [] if checklist is None else items_of(checklist)
        self._items = items
        self._overdue = [is_overdue(item, today) for item in items]
        self.set_rows([item_values(item, today) for item in items], ids=[item.id for item in items])

    def item(self, row: int) -> ChecklistItem:
        return self._items[row]

    def items(self) -> list[ChecklistItem]:
        return list(self._items)

    def extra_data(self, row: int, column: int, role: int) -> object:
        """The notes as their column's tool tip; an overdue due date in bold."""
        notes = self._items[row].notes
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTES and notes.strip():
            return notes
        if role == Qt.ItemDataRole.FontRole and column == DUE and self._overdue[row]:
            font = QFont()
            font.setBold(True)
            return font
        return None
