"""What the rates and weekly-visits dialogs share: a table with its buttons beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from ui.common.buttons import push_button
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import empty_label
from ui.common.looks import paragraph
from ui.common.looks import title
from ui.common.tables import read_only_table
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row

EDIT = "edit"
REMOVE = "remove"
MIN_WIDTH_EM = 52
ROWS_SHOWN = (4, 10)
SCREEN_SHARE = 0.85
TABLE_SCREEN_SHARE = 0.5
COLUMN_GAP_EM = 1.5


@dataclass(frozen=True)
class Action:
    """A button beside the table: its text with '&', its spoken name, and what it does."""

    key: str
    text: str
    name: str
    slot: Callable[[], None]
    needs_row: bool = True


class ClientListDialog(QDialog):
    """A title, an optional explanation, one client's table and its buttons, and Close.

    Subclasses give the model (with `refresh`, `id_of` and `row_of`) and the actions;
    the action keyed EDIT also runs on Enter or a double click, REMOVE on Delete.
    """

    def __init__(
        self,
        parent: QWidget | None,
        heading: str,
        explanation: str,
        model: QAbstractTableModel,
        empty_text: str,
        actions: list[Action],
        stretch_column: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.model = model
        self.table = read_only_table(model, heading, stretch_column)
        self._stretch_column = stretch_column
        self.empty = empty_label(empty_text, empty_text)
        self.said = WrappedLabel()
        self.actions = {action.key: action for action in actions}
        self.buttons = {a.key: push_button(a.text, a.name, a.slot) for a in actions}
        self._views = QStackedWidget()
        self._lay_out(heading, explanation)
        self._connect()

    def refresh(self, select_id: int | None = None) -> None:
        """Read the list again, keeping (or moving) the selection."""
        keep = select_id if select_id is not None else self.selected_id()
        self.model.refresh()
        if keep is not None:
            self.select(keep)
        self._views.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self._fit_columns()
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else self.model.id_of(row)

    def selected_row(self) -> int | None:
        return selected_source_row(self.table)

    def select(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            select_source_row(self.table, row)

    def say(self, text: str) -> None:
        """A calm line under the table about what just happened."""
        self.said.setText(text)
        self.said.setAccessibleName(text)
        self.said.show()

    def fit_to_contents(self) -> None:
        """Size for the columns and several rows, within the screen; start on the first row."""
        screen = self.screen().availableGeometry()
        fewest, most = ROWS_SHOWN
        rows = min(max(self.model.rowCount(), fewest), most)
        header = self.table.horizontalHeader()
        frame = 2 * self.table.frameWidth()
        table_height = header.sizeHint().height() + frame
        table_height += rows * self.table.verticalHeader().defaultSectionSize()
        self._views.setMinimumHeight(min(table_height, round(screen.height() * TABLE_SCREEN_SHARE)))
        stretch = self._stretch_column
        columns = sum(
            header.sectionSize(c) for c in range(self.model.columnCount()) if c != stretch
        )
        columns += max(self.table.sizeHintForColumn(stretch), header.sectionSizeHint(stretch))
        columns += em(self, COLUMN_GAP_EM)
        columns += frame + self.table.verticalScrollBar().sizeHint().width()
        side = max(b.sizeHint().width() for b in self.buttons.values())
        width = max(columns + side + em(self, 3), em(self, MIN_WIDTH_EM))
        self.resize(
            min(width, round(screen.width() * SCREEN_SHARE)),
            min(self.sizeHint().height(), round(screen.height() * SCREEN_SHARE)),
        )
        if self.model.rowCount():
            self.select(self.model.id_of(0))
            self.table.setFocus()
        else:
            next(iter(self.buttons.values())).setFocus()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text, with room to breathe; one takes the rest."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if column != self._stretch_column:
                header.resizeSection(column, header.sectionSize(column) + em(self, COLUMN_GAP_EM))

    def _lay_out(self, heading: str, explanation: str) -> None:
        self._views.addWidget(self.table)
        self._views.addWidget(self.empty)
        side = QVBoxLayout()
        for button in self.buttons.values():
            side.addWidget(button)
        side.addStretch()
        middle = QHBoxLayout()
        middle.addWidget(self._views, 1)
        middle.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        close.rejected.connect(self.reject)
        self.said.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(title(heading))
        if explanation:
            layout.addWidget(paragraph(explanation))
        layout.addLayout(middle, 1)
        layout.addWidget(self.said)
        layout.addWidget(close)
        tab_order([self.table, *self.buttons.values(), close])

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        if EDIT in self.actions:
            self.table.doubleClicked.connect(self.actions[EDIT].slot)
            on_keys(self.table, ENTER, self.actions[EDIT].slot)
        if REMOVE in self.actions:
            on_keys(self.table, DELETE, self.actions[REMOVE].slot)

    def _update_buttons(self) -> None:
        chosen = self.selected_row() is not None
        for key, button in self.buttons.items():
            button.setEnabled(chosen or not self.actions[key].needs_row)
