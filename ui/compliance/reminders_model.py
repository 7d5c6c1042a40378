"""What needs attention in the register: one line per reminder, most urgent first, in words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractListModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.compliance.policies import Reminder
from microbiz.compliance.policies import reminders
from microbiz.foundations.dates import format_date

# A leading word on every line, so nothing depends on colour.
MARKERS = {"overdue": "Overdue", "due": "Due soon", "missing": "Missing"}
NOT_ON_RECORD = "not on record yet"

Index = QModelIndex | QPersistentModelIndex


def what(reminder: Reminder) -> str:
    """'Public liability insurance (Hiscox)', or just the kind when nothing is on record."""
    if reminder.provider:
        return f"{reminder.kind_label} ({reminder.provider})"
    return reminder.kind_label


def detail(reminder: Reminder) -> str:
    """'Expired 3 days ago', 'Due in 12 days', or 'not on record yet'."""
    # The core's own words for a missing item lower-case the kind ("add your dbs certificate").
    return NOT_ON_RECORD if reminder.state == "missing" else reminder.in_words()


def reminder_line(reminder: Reminder) -> str:
    """'Due soon – Public liability insurance (Hiscox): Due in 20 days'."""
    marker = MARKERS.get(reminder.state, reminder.state.capitalize())
    return f"{marker} – {what(reminder)}: {detail(reminder)}"


def reminder_phrase(reminder: Reminder) -> str:
    """'ICO data protection fee expired 5 days ago', for a sentence listing several."""
    words = detail(reminder)
    return f"{reminder.kind_label} {words[:1].lower()}{words[1:]}"


def things_count(count: int) -> str:
    return "1 thing needs" if count == 1 else f"{count} things need"


def headline(found: Sequence[Reminder]) -> str:
    """'Needs attention (3)', or that all is up to date."""
    if not found:
        return "All up to date"
    return f"Needs attention ({len(found)})"


class RemindersListModel(QAbstractListModel):
    """The core's reminders in the order it gives them: overdue, missing, then due."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reminders: list[Reminder] = []
        self._lines: list[str] = []

    def refresh(self, today: date | None = None) -> None:
        found = reminders(today)
        self.beginResetModel()
        self._reminders = found
        self._lines = [reminder_line(reminder) for reminder in found]
        self.endResetModel()

    def reminders(self) -> list[Reminder]:
        return list(self._reminders)

    def reminder(self, row: int) -> Reminder:
        return self._reminders[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._reminders)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._reminders):
            return None
        reminder = self._reminders[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if reminder.state == "missing":
                return "Press Enter to add it to your register"
            return f"Expires {format_date(reminder.expires_on)}. Press Enter to renew it"
        if role == Qt.ItemDataRole.FontRole and reminder.state == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        return None
