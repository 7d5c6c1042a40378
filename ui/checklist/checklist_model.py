"""A checklist's items in the template's order: status in words, due dates the UK way.

An item about a register record shows the register's state ("Current until 14/03/2028").
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.compliance.checklists import items_of
from microbiz.compliance.standing import Standing
from microbiz.compliance.standing import standings
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from ui.common.table_model import TextTableModel

STATUS, ITEM, DUE, NOTES = range(4)
HEADERS = ("Status", "Item", "Due", "Notes")
HEADER_TIPS = {
    STATUS: "Insurance, DBS, ICO fee and training items show what your register holds",
    DUE: "A suggested date, counted from the day you started; change it with Edit…",
    NOTES: "Whether you wrote notes for the item",
}
OVERDUE = "overdue"
HAS_NOTES = "Yes"


def is_overdue(item: ChecklistItem, standing: Standing, today: date) -> bool:
    return item.due_on is not None and item.due_on < today and not standing.settled


def due_words(item: ChecklistItem, standing: Standing, today: date) -> str:
    """'14/03/2026', or '14/03/2026, overdue' when it is past and the item is still open."""
    if item.due_on is None:
        return ""
    shown = format_date(item.due_on)
    return f"{shown}, {OVERDUE}" if is_overdue(item, standing, today) else shown


def status_words(standing: Standing) -> str:
    """The register's state for a register item ("Expired 03/11/2026"), else the status."""
    return standing.brief


def item_values(item: ChecklistItem, standing: Standing, today: date) -> tuple[str, ...]:
    return (
        status_words(standing),
        item.title,
        due_words(item, standing, today),
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
        self._standings: list[Standing] = []
        self._overdue: list[bool] = []

    def refresh(self, checklist: Checklist | None, today: date | None = None) -> None:
        today = today or clock.today()
        items = [] if checklist is None else items_of(checklist)
        found = standings(items, today)
        self._items = items
        self._standings = [found[item.id] for item in items]
        pairs = list(zip(items, self._standings, strict=True))
        self._overdue = [is_overdue(item, standing, today) for item, standing in pairs]
        self.set_rows(
            [item_values(item, standing, today) for item, standing in pairs],
            ids=[item.id for item in items],
        )

    def item(self, row: int) -> ChecklistItem:
        return self._items[row]

    def items(self) -> list[ChecklistItem]:
        return list(self._items)

    def standing(self, row: int) -> Standing:
        return self._standings[row]

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
