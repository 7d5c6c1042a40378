"""A client's rate card: one row per visit type still offered, from `visit_types_of`."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from microbiz.clients.ratecards import visit_types_of
from microbiz.foundations.models import VisitType
from microbiz.foundations.money import format_money
from ui.common.table_model import TextTableModel

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


class VisitTypesTableModel(TextTableModel):
    """The visit types one client is offered, by name."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = MONEY_COLUMNS
    long_columns = (NAME,)

    def __init__(self, client_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id

    def refresh(self) -> None:
        rows = [visit_type_row(v) for v in visit_types_of(self._client_id)]
        self.set_rows(
            [row.shown for row in rows],
            spoken=[row.spoken for row in rows],
            ids=[row.visit_type_id for row in rows],
        )

    def name_of(self, row: int) -> str:
        return self._shown[row][NAME]
