"""Search results on Home, grouped by kind; Enter or a double click opens the record."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTreeView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.home.search import Found
from microbiz.home.search import FoundGroup
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.looks import WrappedLabel
from ui.common.looks import scaled_font

FOUND_ROLE = Qt.ItemDataRole.UserRole
HEADERS = ("Found", "Details")
WHERE_IT_LOOKS = (
    "Search looks at client names and payers; invoice numbers, payers and amounts (like 36 "
    "or £36.00); visit notes and dates (like 25/11/2026); and insurance and checks."
)


def summary_words(text: str, groups: list[FoundGroup]) -> str:
    """'5 found for “leeds”.' or 'Nothing found for “xyz”.' with where search looks."""
    count = sum(len(group.found) for group in groups)
    if not count:
        return f"Nothing found for “{text.strip()}”. {WHERE_IT_LOOKS}"
    found = "shown" if any(group.more for group in groups) else "found"
    return f"{count} {found} for “{text.strip()}”. Press Enter or double-click one to open it."


def group_title(group: FoundGroup) -> str:
    """'Clients (2)', or 'Visits (the first 20)' when there were more."""
    if group.more:
        return f"{group.label} (the first {len(group.found)}: type more to narrow them down)"
    return f"{group.label} ({len(group.found)})"


class SearchResults(QWidget):
    """A heading row for each kind found, the records under it."""

    open_found = Signal(object)  # the Found chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = WrappedLabel()
        self.summary.setAccessibleName("What was found")
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Search results")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.tree.doubleClicked.connect(lambda: self.open_chosen())
        on_keys(self.tree, ENTER, self.open_chosen)

    def show_groups(self, text: str, groups: list[FoundGroup]) -> None:
        """The groups that found something, the first record chosen."""
        self.summary.setText(summary_words(text, groups))
        self.model.removeRows(0, self.model.rowCount())
        for group in groups:
            if group.found:
                self.model.appendRow(self._group_row(group))
                self.tree.setFirstColumnSpanned(self.model.rowCount() - 1, QModelIndex(), True)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), self.tree.width() * 2 // 3))
        self.choose_first()

    def choose_first(self) -> None:
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(0, 0, self.model.index(0, 0)))

    def chosen(self) -> Found | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(FOUND_ROLE)

    def open_chosen(self) -> None:
        found = self.chosen()
        if found is not None:
            self.open_found.emit(found)

    def found_titles(self) -> list[str]:
        """Every record's title, group by group, as shown."""
        titles = []
        for row in range(self.model.rowCount()):
            group = self.model.index(row, 0)
            titles += [
                self.model.index(child, 0, group).data()
                for child in range(self.model.rowCount(group))
            ]
        return titles

    def _group_row(self, group: FoundGroup) -> list[QStandardItem]:
        title = QStandardItem(group_title(group))
        title.setFont(scaled_font(self))
        title.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for found in group.found:
            title.appendRow(_found_row(group, found))
        return [title, _blank()]


def _found_row(group: FoundGroup, found: Found) -> list[QStandardItem]:
    title = QStandardItem(found.title)
    title.setData(found, FOUND_ROLE)
    title.setData(f"{group.label}: {found.title}", Qt.ItemDataRole.AccessibleTextRole)
    title.setToolTip(found.title)
    detail = QStandardItem(found.detail)
    detail.setToolTip(found.detail)
    return [title, detail]


def _blank() -> QStandardItem:
    item = QStandardItem()
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item
