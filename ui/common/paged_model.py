"""Lists that never load everything: rows are read a page at a time as the view scrolls.

`Paging` gives a table model Qt's `canFetchMore`/`fetchMore`: `rowCount` grows a page at
a time, and a count that stops at MOST_COUNTED says how many match for the list's words.
A model says how to read its next page (`_next_page`) and how to keep one (`_keep`).
`PagedTableModel` is a `TextTableModel` read that way, a page of rows by LIMIT/OFFSET,
sorted by its query (the whole list, not the rows loaded) when a column heading is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar
from typing import Generic
from typing import TypeVar

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.foundations.paging import MOST_COUNTED
from ui.common.table_model import TextTableModel

PAGE_SIZE = 200

Item = TypeVar("Item")
Index = QModelIndex | QPersistentModelIndex


class Paging:
    """Fetch-more paging for a QAbstractItemModel subclass: `_next_page` reads, `_keep` keeps."""

    page_size = PAGE_SIZE
    most_counted = MOST_COUNTED

    def _start_paging(self, total: int, first_page: Sequence) -> None:
        """Show the first page of a fresh list of `total` matches (counted to most + 1)."""
        self.beginResetModel()
        self._total = total
        self._more = False
        self._clear()
        self._add(first_page)
        self.endResetModel()

    def total(self) -> int:
        """How many rows match, loaded or not; at most `most_counted` (see `counted_all`)."""
        return min(self._total, self.most_counted)

    def counted_all(self) -> bool:
        """False when more than `most_counted` rows match, so `total` is a floor."""
        return self._total <= self.most_counted

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = self._next_page()
        if not page:
            self._more = False
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._add(page)
        self.endInsertRows()

    def load_up_to(self, row: int) -> None:
        """Read pages until `row` is loaded or there are no more."""
        while row >= self.rowCount() and self._more:
            self.fetchMore(QModelIndex())

    def _add(self, page: Sequence) -> None:
        self._keep(page)
        self._more = len(page) == self.page_size

    def _clear(self) -> None:
        """Forget the loaded rows (a subclass's own)."""
        raise NotImplementedError

    def _keep(self, page: Sequence) -> None:
        """Add a page to the loaded rows (a subclass's own)."""
        raise NotImplementedError

    def _next_page(self) -> Sequence:
        """The page after the loaded rows (a subclass's own)."""
        raise NotImplementedError


class PagedTableModel(Paging, TextTableModel, Generic[Item]):
    """Rows of text made from items read a page at a time by offset, with an id each.

    A subclass gives `_read(offset, size)`, `_prepare(item)` (shown text, spoken text or
    None, id) and `_lists(item_id)`, and starts a list with `start(count)`. Its `sorts`
    name, for each column it can sort by, the core's sort key; `_read` passes `_sorting`.
    """

    sorts: ClassVar[dict[int, str]] = {}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._total = 0
        self._more = False
        self._sorting: tuple[str | None, bool] = (None, False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Read the list again from its first page, sorted by `column` (-1: the usual order).

        A column not in `sorts` leaves the list as it is; an empty list is only told the order.
        """
        if column != -1 and column not in self.sorts:
            return
        key = self.sorts.get(column)
        sorting = (key, key is not None and order == Qt.SortOrder.DescendingOrder)
        if sorting == self._sorting:
            return
        self._sorting = sorting
        if self._total:
            self.start(self._total)

    def start(self, count: int) -> None:
        """Show a fresh list of `count` matches: the first page now, more as it scrolls."""
        self._start_paging(count, self._read(0, self.page_size))

    def item(self, row: int) -> Item:
        """The item on a loaded row."""
        return self._items[row]

    def row_of(self, item_id: int) -> int | None:
        """The row of this item, reading pages down to it; None if it is not listed."""
        found = super().row_of(item_id)
        if found is not None or not self._more or not self._lists(item_id):
            return found
        while found is None and self._more:
            self.fetchMore(QModelIndex())
            found = super().row_of(item_id)
        return found

    def _clear(self) -> None:
        self._items = []
        self._shown, self._spoken, self._ids = [], [], []

    def _keep(self, page: Sequence[Item]) -> None:
        for item in page:
            shown, spoken, item_id = self._prepare(item)
            self._items.append(item)
            self._shown.append(shown)
            self._spoken.append(shown if spoken is None else spoken)
            self._ids.append(item_id)

    def _next_page(self) -> Sequence[Item]:
        return self._read(len(self._items), self.page_size)

    def _read(self, offset: int, size: int) -> Sequence[Item]:
        """`size` items after the first `offset` (a subclass's own)."""
        raise NotImplementedError

    def _lists(self, item_id: int) -> bool:
        """Whether the list has this item, loaded or not (a subclass's own)."""
        raise NotImplementedError

    def _prepare(self, item: Item) -> tuple[tuple[str, ...], tuple[str, ...] | None, int]:
        """Shown text, spoken text (None: as shown) and id (a subclass's own)."""
        raise NotImplementedError
