"""A read-only table of prepared text: the boilerplate the item models share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

SORT_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


class TextTableModel(QAbstractTableModel):
    """Rows of shown text, with optional spoken text, sort keys and ids.

    A subclass names its `headers`, `header_tips`, right-aligned `number_columns` and
    `long_columns` (whose text is also their tool tip), and gives anything else through
    `extra_data`.
    """

    headers: ClassVar[tuple[str, ...]] = ()
    header_tips: ClassVar[dict[int, str]] = {}
    number_columns: ClassVar[tuple[int, ...]] = ()
    long_columns: ClassVar[tuple[int, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown: list[tuple[str, ...]] = []
        self._spoken: list[tuple[str, ...]] = []
        self._keys: list[tuple[object, ...]] | None = None
        self._ids: list[int] = []

    def set_rows(
        self,
        shown: Sequence[tuple[str, ...]],
        spoken: Sequence[tuple[str, ...]] | None = None,
        keys: Sequence[tuple[object, ...]] | None = None,
        ids: Sequence[int] = (),
    ) -> None:
        """Show these rows; spoken text defaults to the shown text."""
        self.beginResetModel()
        self._shown = list(shown)
        self._spoken = self._shown if spoken is None else list(spoken)
        self._keys = None if keys is None else list(keys)
        self._ids = list(ids)
        self.endResetModel()

    def id_of(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, item_id: int) -> int | None:
        """The row showing this item, or None when it is not shown."""
        try:
            return self._ids.index(item_id)
        except ValueError:
            return None

    def extra_data(self, row: int, column: int, role: int) -> object:
        """A subclass's own answer for a cell and role, or None for the usual one."""
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row, column = index.row(), index.column()
        extra = self.extra_data(row, column, role)
        if extra is not None:
            return extra
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown[row][column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken[row][column]
        if role == SORT_ROLE and self._keys is not None:
            return self._keys[row][column]
        if role == Qt.ItemDataRole.ToolTipRole and column in self.long_columns:
            return self._shown[row][column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.number_columns:
            return RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section, self.headers[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.number_columns:
            return RIGHT
        return None
