"""What is due in the next 30 days on Home: register renewals and checklist items."""

from __future__ import annotations

from PySide6.QtCore import QObject

from microbiz.home.due import DueItem
from ui.common.table_model import TextTableModel

WHEN, WHAT, WHERE = range(3)
HEADERS = ("When", "What", "Where")
SOURCES = {"register": "Insurance and checks", "checklist": "Checklist"}


class DueTableModel(TextTableModel):
    """One row an item, most urgent first; the items kept to open their page."""

    headers = HEADERS
    long_columns = (WHAT,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[DueItem] = []

    def show_items(self, items: list[DueItem]) -> None:
        self.items = list(items)
        self.set_rows([(item.when_words(), item.what, SOURCES[item.source]) for item in items])

    def item(self, row: int) -> DueItem:
        return self.items[row]
