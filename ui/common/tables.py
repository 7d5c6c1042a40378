"""Read-only tables the way every list in Microbiz shows them: whole rows, one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtCore import QAbstractProxyModel
from PySide6.QtCore import QEvent
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
LEAST_LETTERS = 6  # a long column is never narrower than about six letters while there is room
SQUEEZED_LETTERS = 2  # nor narrower than two when that keeps the other columns on the screen
# Content widths come from the rows in view and this many more (Qt's default reads 1,000,
# which made the Home page's week of 300 visits cost a tenth of a second at start).
ROWS_MEASURED = 100


def read_only_table(
    model: QAbstractItemModel,
    name: str,
    stretch_column: int = 0,
    long_columns: Iterable[int] | None = None,
) -> QTableView:
    """A table of `model` named `name` for screen readers; Tab leaves it, arrows move in it.

    Its columns fit the width it is given (see `ColumnFit`); long text loses its middle.
    """
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
    table.horizontalHeader().setHighlightSections(False)
    fit_columns(table, stretch_column, long_columns)
    return table


def fit_columns(
    table: QTableView, stretch_column: int, long_columns: Iterable[int] | None = None
) -> ColumnFit:
    """Keep `table`'s columns inside its width: short ones whole, long ones eliding in the middle.

    `long_columns` defaults to the model's own `long_columns` (a `TextTableModel`'s, behind
    any sorting proxy), whose full text is their tool tip; the stretch column is always long.
    """
    if long_columns is None:
        long_columns = getattr(source_model(table.model()), "long_columns", ())
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(ROWS_MEASURED)
    return ColumnFit(table, stretch_column, {stretch_column, *long_columns})


def source_model(model: QAbstractItemModel) -> QAbstractItemModel:
    """The model behind any proxies."""
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return model


def share_widths(
    wanted: Sequence[int], long_columns: Iterable[int], stretch_column: int, room: int, least: int
) -> list[int]:
    """Column widths that fit `room`: short columns as wanted, long ones sharing what is left.

    Spare room goes to the stretch column; when room is short, the widest long columns
    give way first, the stretch column with twice the others' share and none below
    `least` (short columns never shrink, so a table far too narrow for them scrolls sideways).
    """
    widths = list(wanted)
    spare = room - sum(widths)
    if spare >= 0:
        widths[stretch_column] += spare
        return widths
    long_ones = sorted({stretch_column, *long_columns}, key=lambda column: wanted[column])
    left = room - sum(wanted[c] for c in range(len(wanted)) if c not in long_ones)
    shares = len(long_ones) + 1  # the stretch column's share is double
    for column in long_ones:
        weight = 2 if column == stretch_column else 1
        fair = left * weight // shares
        widths[column] = max(least, min(wanted[column], fair))
        left -= widths[column]
        shares -= weight
    return widths


class ColumnFit(QObject):
    """Sets a table's column widths again whenever its width or its rows change.

    Columns named `optional` (most expendable first) are hidden while the others would not
    fit, or would squeeze a long column below a few letters, and shown again when there is room.
    """

    def __init__(self, table: QTableView, stretch_column: int, long_columns: set[int]) -> None:
        super().__init__(table)
        self._table = table
        self._stretch = stretch_column
        self._long = long_columns
        self._fitting = False
        self.optional: tuple[int, ...] = ()
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.fit)
        model.dataChanged.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self, *_changed: object) -> None:
        """Share the table's width out among its columns, leaving out optional ones if need be."""
        if self._fitting:
            return  # hiding a column can bring a resize back here
        self._fitting = True
        try:
            header = self._table.horizontalHeader()
            for column in self.optional:
                header.setSectionHidden(column, False)
            widths, cramped = self._widths()
            for column in self.optional:
                if not cramped:
                    break
                header.setSectionHidden(column, True)
                widths, cramped = self._widths()
            for column, width in enumerate(widths):
                if width and header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _widths(self) -> tuple[list[int], bool]:
        """Each column's width (0 for a hidden one), and whether they are cramped."""
        table, header = self._table, self._table.horizontalHeader()
        columns = range(header.count())
        shown = [c for c in columns if not header.isSectionHidden(c)]
        if not shown:
            return [], False
        content = [table.sizeHintForColumn(c) if c in shown else 0 for c in columns]
        wanted = [max(header.sectionSizeHint(c), content[c]) if c in shown else 0 for c in columns]
        stretch = self._stretch if self._stretch in shown else shown[-1]
        long_columns = self._long & set(shown)
        least = comfortable = table.fontMetrics().horizontalAdvance("M") * LEAST_LETTERS
        room = table.viewport().width()
        short = sum(wanted[c] for c in shown if c not in long_columns)
        if short + least * len(long_columns) > room:  # short headings give way (tool tips)
            wanted = [wanted[c] if c in long_columns else max(content[c], least) for c in columns]
            short = sum(wanted[c] for c in shown if c not in long_columns)
            squeezed = (room - short) // max(len(long_columns), 1)  # before any leaves the screen
            least = max(min(least, squeezed), least * SQUEEZED_LETTERS // LEAST_LETTERS)
        widths = share_widths(wanted, long_columns, stretch, room, least)
        squeezed = any(widths[c] < min(wanted[c], comfortable) for c in long_columns)
        cramped = squeezed or sum(widths[c] for c in shown) > room
        return [widths[c] if c in shown else 0 for c in columns], cramped


def drop_when_narrow(table: QTableView, columns: Sequence[int]) -> None:
    """Hide `columns` (the most expendable first) while the table is too narrow for them all."""
    fit = table.findChild(ColumnFit)
    fit.optional = tuple(columns)
    fit.fit()


def sorting_proxy(model: QAbstractItemModel, role: int, parent: QObject) -> QSortFilterProxyModel:
    """`model` sorted by its `role` data when a column heading is clicked."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(role)
    return proxy


def sortable_table(
    proxy: QSortFilterProxyModel,
    name: str,
    stretch_column: int,
    long_columns: Iterable[int] | None = None,
) -> QTableView:
    """A read-only table in the model's own order until a column heading is clicked."""
    table = read_only_table(proxy, name, stretch_column, long_columns)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def query_sorted_table(
    model: QAbstractItemModel,
    name: str,
    stretch_column: int,
    long_columns: Iterable[int] | None = None,
) -> QTableView:
    """A read-only table whose model sorts all its rows itself when a column heading is clicked.

    Only the headings of the model's `sorts` columns can be clicked (see `SortableHeadings`).
    """
    table = read_only_table(model, name, stretch_column, long_columns)
    header = table.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    SortableHeadings(header, model.sorts)
    table.setSortingEnabled(True)
    return table


class SortableHeadings(QObject):
    """Lets a header's sections be clicked only where their column can be sorted."""

    def __init__(self, header: QHeaderView, columns: Iterable[int]) -> None:
        super().__init__(header)
        self._header = header
        self._columns = set(columns)
        header.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            section = self._header.logicalIndexAt(event.position().toPoint())
            self._header.setSectionsClickable(section in self._columns)
        return False


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
