"""Read-only tables the way every list in Microbiz shows them: whole rows, one at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtCore import QAbstractProxyModel
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtCore import QObject
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableView

CHOOSE_ROW = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)


def read_only_table(
    model: QAbstractItemModel,
    name: str,
    stretch_column: int = 0,
    column_mode: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
) -> QTableView:
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
    header.setSectionResizeMode(column_mode)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return table


def sorting_proxy(model: QAbstractItemModel, role: int, parent: QObject) -> QSortFilterProxyModel:
    """`model` sorted by its `role` data when a column heading is clicked."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(role)
    return proxy


def sortable_table(proxy: QSortFilterProxyModel, name: str, stretch_column: int) -> QTableView:
    """A read-only table in the model's own order until a column heading is clicked."""
    table = read_only_table(proxy, name, stretch_column)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def select_source_row(table: QAbstractItemView, row: int, column: int = 0) -> None:
    """Choose the whole of the source model's `row` (wherever sorting put it) and show it."""
    model = table.model()
    if isinstance(model, QAbstractProxyModel):
        index = model.mapFromSource(model.sourceModel().index(row, column))
    else:
        index = model.index(row, column)
    table.selectionModel().setCurrentIndex(index, CHOOSE_ROW)
    table.scrollTo(index)


def selected_source_row(table: QAbstractItemView) -> int | None:
    """The chosen row in the source model (behind any sorting proxy), or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    model = table.model()
    index = model.mapToSource(rows[0]) if isinstance(model, QAbstractProxyModel) else rows[0]
    return index.row()


def rows_tall(table: QTableView, rows: int) -> int:
    """The height that shows the header and `rows` rows without scrolling."""
    header = table.horizontalHeader().sizeHint().height()
    return header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
