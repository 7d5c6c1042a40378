"""Read-only tables the way every list in Microbiz shows them: whole rows, one at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableView


def read_only_table(model: QAbstractItemModel, name: str, stretch_column: int = 0) -> QTableView:
    """A table of `model` named `name` for screen readers; Tab leaves it, arrows move in it."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return table


def selected_row(table: QTableView) -> int | None:
    """The chosen row in the table's own model (no proxy), or None."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def rows_tall(table: QTableView, rows: int) -> int:
    """The height that shows the header and `rows` rows without scrolling."""
    header = table.horizontalHeader().sizeHint().height()
    return header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
