"""A client's rate card: one row per visit type still offered, from `visit_types_of`."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.models import VisitType
from microbiz.money import format_money
from microbiz.ratecards import visit_types_of

NAME, WEEKDAY, WEEKEND, BANK_HOLIDAY, FLAT_FEE = range(5)
HEADERS = ("Visit type", "Weekday", "Weekend", "Bank holiday", "Flat fee")
HEADER_TIPS = {
    WEEKDAY: "Rate per hour, Monday to Friday",
    WEEKEND: "Rate per hour, Saturday and Sunday",
    BANK_HOLIDAY: "Rate per hour on bank holidays",
    FLAT_FEE: "One fee for the whole visit, instead of hourly rates",
}
MONEY_COLUMNS = (WEEKDAY, WEEKEND, BANK_HOLIDAY, FLAT_FEE)
NOT_USED = "—"
NO_HOURLY_RATE = "No hourly rate"
NO_FLAT_FEE = "No flat fee"

Index = QModelIndex | QPersistentModelIndex


def hourly(pence: int) -> str:
    return f"{format_money(pence)} an hour"


def per_visit(pence: int) -> str:
    return f"{format_money(pence)} a visit"


def rate_summary(visit_type: VisitType) -> str:
    """'Sleep-in, £85.00 a visit' or 'Support, £19.50 an hour' (weekday), for choosing a type."""
    fee = visit_type.flat_fee_pence
    rate = hourly(visit_type.weekday_rate_pence) if fee is None else per_visit(fee)
    return f"{visit_type.name}, {rate}"


@dataclass(frozen=True)
class VisitTypeRow:
    """What the table shows for one visit type, and what a screen reader says for it."""

    visit_type_id: int
    shown: tuple[str, ...]
    spoken: tuple[str, ...]


def visit_type_row(visit_type: VisitType) -> VisitTypeRow:
    fee = visit_type.flat_fee_pence
    if fee is None:
        rates = tuple(
            hourly(pence)
            for pence in (
                visit_type.weekday_rate_pence,
                visit_type.weekend_rate_pence,
                visit_type.bank_holiday_rate_pence,
            )
        )
        shown = (visit_type.name, *rates, NOT_USED)
        spoken = (visit_type.name, *rates, NO_FLAT_FEE)
    else:
        shown = (visit_type.name, NOT_USED, NOT_USED, NOT_USED, per_visit(fee))
        spoken = (visit_type.name, *(NO_HOURLY_RATE,) * 3, per_visit(fee))
    return VisitTypeRow(visit_type.id, shown, spoken)


class VisitTypesTableModel(QAbstractTableModel):
    """The visit types one client is offered, by name."""

    def __init__(self, client_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id
        self._rows: list[VisitTypeRow] = []

    def refresh(self) -> None:
        rows = [visit_type_row(v) for v in visit_types_of(self._client_id)]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def id_of(self, row: int) -> int:
        return self._rows[row].visit_type_id

    def name_of(self, row: int) -> str:
        return self._rows[row].shown[NAME]

    def row_of(self, visit_type_id: int) -> int | None:
        for row, shown in enumerate(self._rows):
            if shown.visit_type_id == visit_type_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.shown[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NAME:
            return row.shown[NAME]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in MONEY_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section, HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in MONEY_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
