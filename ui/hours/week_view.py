"""The week at a glance: seven day columns, Monday to Sunday, each a list of visit blocks.

One day column is in the Tab order at a time (the one last used), so Tab enters the
week once; Up and Down move between a day's visits, Left and Right between days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import timedelta

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtGui import QFont
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import QKeyEvent
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPalette
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.hours.bank_holidays import is_bank_holiday
from microbiz.hours.visits import VisitRow
from microbiz.hours.visits import week_start
from microbiz.hours.visits import week_visits
from ui.common.buttons import push_button
from ui.common.keys import tab_order
from ui.common.looks import HEADING_SCALE
from ui.common.looks import em
from ui.common.looks import scaled_font
from ui.common.looks import show_in_scroll

VISIT_ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
LINES_ROLE = Qt.ItemDataRole.UserRole + 2
DAYS = 7
EMPTY_DAY_BLOCKS = 1
BANK_HOLIDAY = "Bank holiday"
TODAY = "Today"
MINIMUM_DAY_EM = 6
VISITS_IN_SIGHT = 4  # the week never shows fewer visits a day than this without scrolling

Index = QModelIndex | QPersistentModelIndex


def week_heading(monday: date) -> str:
    """'Week of Monday 2 November 2026'."""
    return f"Week of {long_date(monday)}"


def long_date(day: date) -> str:
    """'Monday 2 November 2026' (no leading zero, on every platform)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_heading(day: date) -> str:
    """'Mon 02/11'."""
    return f"{day:%a %d/%m}"


def day_note(day: date, today: date) -> str:
    """'Today', 'Bank holiday', both, or nothing."""
    notes = [TODAY] if day == today else []
    if is_bank_holiday(day):
        notes.append(BANK_HOLIDAY)
    return " · ".join(notes)


def visit_times(row: VisitRow) -> str:
    """'09:00–11:00', or '22:00–07:00 next day' for a night."""
    text = f"{row.start:%H:%M}–{row.end:%H:%M}"
    if row.end.date() > row.start.date():
        text += " next day"
    return text


def block_text(row: VisitRow) -> str:
    """What a block shows: '09:00–11:00 Margaret Brown' and 'Support · Delivered'."""
    status = VISIT_STATUSES.get(row.status, row.status)
    return f"{visit_times(row)} {row.client_name}\n{row.visit_type} · {status}"


def spoken_text(row: VisitRow) -> str:
    """The whole block in words, for screen readers."""
    status = VISIT_STATUSES.get(row.status, row.status)
    end = f"{row.end:%H:%M}" + (" the next day" if row.end.date() > row.start.date() else "")
    return (
        f"{row.client_name}, {row.start:%A} {row.start.day} {row.start:%B}, "
        f"{row.start:%H:%M} to {end}, {row.visit_type}, {status}"
    )


def compact_lines(row: VisitRow) -> tuple[tuple[str, str], tuple[str, str]]:
    """A block's two lines for a wide day, and for a narrow one (start time and client first).

    Wide: '09:00–11:00 Margaret Brown' and 'Support · Delivered'; narrow: '09:00 Margaret
    Brown' and 'Delivered · to 11:00 · Support'.
    """
    status = VISIT_STATUSES.get(row.status, row.status)
    end = f"{row.end:%H:%M}" + (" next day" if row.end.date() > row.start.date() else "")
    wide = (f"{visit_times(row)} {row.client_name}", f"{row.visit_type} · {status}")
    narrow = (f"{row.start:%H:%M} {row.client_name}", f"{status} · to {end} · {row.visit_type}")
    return wide, narrow


class VisitBlockDelegate(QStyledItemDelegate):
    """Draws a visit as a compact framed block of two lines: time and client in bold, then status.

    Every block is the same height, so a short day column still shows several visits; a
    line too long for the column loses its end ('…'), and the tool tip and spoken text
    keep the whole visit. Status is always written in words; planned and cancelled
    visits also get a slightly different background from the palette, never a colour
    of their own.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def padding(self) -> int:
        return max(2, self._view.fontMetrics().height() // 8)

    def block_height(self) -> int:
        """The height of every block: two lines and a little padding."""
        bold = QFontMetrics(_bold(self._view.font()))
        return bold.height() + self._view.fontMetrics().height() + 3 * self.padding()

    def _text_width(self) -> int:
        return max(10, self._view.viewport().width() - 3 * self.padding())

    def _lines(self, index: Index, width: int) -> tuple[str, str]:
        """The block's two lines as they fit `width`: the wide pair if its first line fits."""
        wide, narrow = index.data(LINES_ROLE)
        bold = QFontMetrics(_bold(self._view.font()))
        first, second = wide if bold.horizontalAdvance(wide[0]) <= width else narrow
        elided = Qt.TextElideMode.ElideRight
        return (
            bold.elidedText(first, elided, width),
            self._view.fontMetrics().elidedText(second, elided, width),
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self._text_width(), self.block_height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        padding = self.padding()
        block = option.rect.adjusted(padding // 2, padding // 2, -padding // 2, -padding // 2)
        palette = option.palette
        group = _colour_group(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        status = index.data(STATUS_ROLE)
        if selected:
            fill = palette.color(group, QPalette.ColorRole.Highlight)
            ink = palette.color(group, QPalette.ColorRole.HighlightedText)
        else:
            role = {
                "planned": QPalette.ColorRole.AlternateBase,
                "cancelled": QPalette.ColorRole.Window,
                "cancelled_chargeable": QPalette.ColorRole.Window,
            }.get(status, QPalette.ColorRole.Base)
            fill = palette.color(group, role)
            ink = palette.color(group, QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus) and self._view.hasFocus()
        edge_role = QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Mid
        edge = palette.color(group, edge_role)
        painter.setPen(QPen(edge, 2 if focused else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(block, padding, padding)
        text = block.adjusted(padding, padding // 2, -padding, 0)
        first, second = self._lines(index, self._text_width())
        painter.setPen(ink)
        painter.setFont(_bold(option.font))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.drawText(text, flags, first)
        painter.setFont(option.font)
        below = QFontMetrics(_bold(option.font)).height()
        painter.drawText(text.adjusted(0, below, 0, 0), flags, second)
        painter.restore()


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _colour_group(option: QStyleOptionViewItem) -> QPalette.ColorGroup:
    if not option.state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if option.state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Active
    return QPalette.ColorGroup.Inactive


class DayList(QListWidget):
    """One day's visits; Left and Right ask the week to move to the next day."""

    step = Signal(int)
    entered = Signal()
    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = clock.today()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.delegate = VisitBlockDelegate(self)
        self.setItemDelegate(self.delegate)

    def height_for(self, visits: int) -> int:
        """The height that shows `visits` blocks."""
        return visits * self.delegate.block_height() + 2 * self.frameWidth()

    def fit_height(self) -> None:
        """As tall as its visits, so the week scrolls as one instead of each day alone."""
        self.setMinimumHeight(self.height_for(max(self.count(), EMPTY_DAY_BLOCKS)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and event.key() == Qt.Key.Key_Left:
            self.step.emit(-1)
        elif plain and event.key() == Qt.Key.Key_Right:
            self.step.emit(1)
        elif plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.count() and not self.selectedItems():
            self.setCurrentRow(max(self.currentRow(), 0))
        self.entered.emit()

    def visit_id(self) -> int | None:
        items = self.selectedItems()
        return None if not items else items[0].data(VISIT_ID_ROLE)


class WeekView(QWidget):
    """A week of visits with buttons to move a week back or forward."""

    edit_requested = Signal(int)
    add_requested = Signal(object)
    selection_changed = Signal()
    week_changed = Signal(object)

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = clock.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.monday = week_start(today())
        self.current_day = today().weekday()
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self.heading, HEADING_SCALE))
        self.previous_button = push_button(
            "◀ Pre&vious week", "Previous week", tip="Alt+Left or Page Up"
        )
        self.this_week_button = push_button("&This week", "This week", tip="Go back to this week")
        self.next_button = push_button("Ne&xt week ▶", "Next week", tip="Alt+Right or Page Down")
        self.day_titles = [QLabel() for _ in range(DAYS)]
        self.day_notes = [QLabel() for _ in range(DAYS)]
        self.days = [DayList() for _ in range(DAYS)]
        self._rows: dict[int, VisitRow] = {}
        self._scroll = QScrollArea()
        self._lay_out()
        self._connect()
        self.refresh()

    def add_to_navigation(self, widget: QWidget) -> None:
        """Put a widget at the right of the week's buttons and heading."""
        self._nav.addWidget(widget)

    def focus_target(self) -> DayList:
        """The day column Tab and Ctrl+2 land on."""
        return self.days[self.current_day]

    def day_of(self, column: int) -> date:
        return self.monday + timedelta(days=column)

    def current_date(self) -> date:
        return self.day_of(self.current_day)

    def show_week(self, day: date) -> None:
        """Show the week that `day` falls in."""
        monday = week_start(day)
        changed = monday != self.monday
        self.monday = monday
        self.refresh()
        if changed:
            self.week_changed.emit(monday)

    def previous_week(self) -> None:
        self.show_week(self.monday - timedelta(days=7))

    def next_week(self) -> None:
        self.show_week(self.monday + timedelta(days=7))

    def this_week(self) -> None:
        self.show_week(self._today())

    def refresh(self, select_id: int | None = None) -> None:
        """Read the shown week again, keeping (or moving to) the selected visit."""
        keep = select_id if select_id is not None else self.selected_visit_id()
        rows = week_visits(self.monday)
        self._rows = {row.id: row for row in rows}
        today = self._today()
        self.heading.setText(week_heading(self.monday))
        self.heading.setAccessibleName(week_heading(self.monday))
        for column in range(DAYS):
            day = self.day_of(column)
            mine = [row for row in rows if row.start.date() == day]
            self._fill_day(column, day, mine, today)
        if keep is not None and keep in self._rows:
            self.select_visit(keep)
        self.selection_changed.emit()

    def visits_shown(self) -> list[VisitRow]:
        return sorted(self._rows.values(), key=lambda row: (row.start, row.id))

    def visit_row(self, visit_id: int) -> VisitRow | None:
        return self._rows.get(visit_id)

    def block_texts(self, column: int) -> list[str]:
        day_list = self.days[column]
        return [day_list.item(i).text() for i in range(day_list.count())]

    def selected_visit_id(self) -> int | None:
        return self.days[self.current_day].visit_id()

    def select_visit(self, visit_id: int) -> bool:
        """Select the visit's block and make its day the current one; False if not shown."""
        for column, day_list in enumerate(self.days):
            for row in range(day_list.count()):
                if day_list.item(row).data(VISIT_ID_ROLE) == visit_id:
                    self._make_current(column)
                    day_list.setCurrentRow(row)
                    return True
        return False

    def move_day(self, step: int) -> None:
        """Move the keyboard to the day `step` columns away, at about the same row."""
        target = self.current_day + step
        if not 0 <= target < DAYS:
            return
        row = max(self.days[self.current_day].currentRow(), 0)
        self._make_current(target)
        day_list = self.days[target]
        if day_list.count():
            day_list.setCurrentRow(min(row, day_list.count() - 1))
        day_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_day(self, column: int, day: date, rows: list[VisitRow], today: date) -> None:
        day_list = self.days[column]
        day_list.blockSignals(True)
        day_list.clear()
        day_list.day = day
        for row in rows:
            item = QListWidgetItem(block_text(row))
            item.setData(VISIT_ID_ROLE, row.id)
            item.setData(STATUS_ROLE, row.status)
            item.setData(LINES_ROLE, compact_lines(row))
            spoken = spoken_text(row)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setToolTip(spoken + (f"\n{row.notes}" if row.notes else ""))
            if row.notes:
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, row.notes)
            day_list.addItem(item)
        day_list.blockSignals(False)
        day_list.fit_height()
        note = day_note(day, today)
        self.day_titles[column].setText(day_heading(day))
        self.day_notes[column].setText(note)
        count = {0: "no visits", 1: "1 visit"}.get(len(rows), f"{len(rows)} visits")
        spoken_note = f" ({note})" if note else ""
        day_list.setAccessibleName(f"{long_date(day)}{spoken_note}: {count}")
        title_font = scaled_font(self.day_titles[column]) if day == today else QFont(self.font())
        self.day_titles[column].setFont(title_font)

    def _make_current(self, column: int) -> None:
        """Put this day, and only this day, in the Tab order; clear the other days' choice."""
        self.current_day = column
        for other, day_list in enumerate(self.days):
            mine = other == column
            day_list.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if mine else Qt.FocusPolicy.ClickFocus
            )
            if not mine and day_list.selectedItems():
                day_list.blockSignals(True)
                day_list.clearSelection()
                day_list.blockSignals(False)
        self.selection_changed.emit()

    def _entered(self, column: int) -> None:
        if column != self.current_day:
            self._make_current(column)

    def _enter_pressed(self, column: int) -> None:
        visit_id = self.days[column].visit_id()
        if visit_id is None:
            self.add_requested.emit(self.day_of(column))
        else:
            self.edit_requested.emit(visit_id)

    def _lay_out(self) -> None:
        self._nav = QHBoxLayout()
        self._nav.addWidget(self.previous_button)
        self._nav.addWidget(self.this_week_button)
        self._nav.addWidget(self.next_button)
        self._nav.addStretch()
        self._headings = QGridLayout()
        self._headings.setVerticalSpacing(0)
        days = QWidget()
        days.setMinimumWidth(
            DAYS * em(self, MINIMUM_DAY_EM)
            + (DAYS - 1)
            * self.style().layoutSpacing(
                QSizePolicy.ControlType.DefaultType,
                QSizePolicy.ControlType.DefaultType,
                Qt.Orientation.Horizontal,
            )
        )
        grid = QGridLayout(days)
        grid.setContentsMargins(0, 0, 0, 0)
        line = self.fontMetrics().lineSpacing()
        for column in range(DAYS):
            self.day_notes[column].setMinimumHeight(line)
            self._headings.addWidget(self.day_titles[column], 0, column)
            self._headings.addWidget(self.day_notes[column], 1, column)
            grid.addWidget(self.days[column], 0, column)
            for columns in (self._headings, grid):
                columns.setColumnStretch(column, 1)
                columns.setColumnMinimumWidth(column, em(self, MINIMUM_DAY_EM))
        show_in_scroll(self._scroll, days)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setMinimumWidth(days.minimumWidth())
        self._scroll.setMinimumHeight(self.days[0].height_for(VISITS_IN_SIGHT))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._nav)
        layout.addWidget(self.heading)
        layout.addLayout(self._headings)
        layout.addWidget(self._scroll, 1)
        tab_order([self.previous_button, self.this_week_button, self.next_button, *self.days])
        self._make_current(self.current_day)

    def _line_up_headings(self) -> None:
        """Keep the day headings over their columns when the week's scroll bar shows."""
        bar = self._scroll.verticalScrollBar()
        right = bar.sizeHint().width() if bar.maximum() > 0 else 0
        self._headings.setContentsMargins(0, 0, right, 0)

    def _keep_in_sight(self, column: int) -> None:
        day_list = self.days[column]
        item = day_list.currentItem()
        if item is None:
            return
        rect = day_list.visualItemRect(item)
        middle = day_list.viewport().mapTo(self._scroll.widget(), rect.center())
        self._scroll.ensureVisible(middle.x(), middle.y(), 0, rect.height() // 2 + 2)

    def _connect(self) -> None:
        self.previous_button.clicked.connect(self.previous_week)
        self.this_week_button.clicked.connect(self.this_week)
        self.next_button.clicked.connect(self.next_week)
        self._scroll.verticalScrollBar().rangeChanged.connect(self._line_up_headings)
        for column, day_list in enumerate(self.days):
            day_list.currentRowChanged.connect(
                lambda _row, column=column: self._keep_in_sight(column)
            )
            day_list.step.connect(self.move_day)
            day_list.entered.connect(lambda column=column: self._entered(column))
            day_list.itemSelectionChanged.connect(
                lambda column=column: self._selection_moved(column)
            )
            day_list.itemDoubleClicked.connect(
                lambda item: self.edit_requested.emit(item.data(VISIT_ID_ROLE))
            )
            day_list.enter_pressed.connect(lambda column=column: self._enter_pressed(column))

    def _selection_moved(self, column: int) -> None:
        if self.days[column].selectedItems() and column != self.current_day:
            self._make_current(column)
        else:
            self.selection_changed.emit()
