"""Business journeys with the mileage allowance each earns, from `journeys_between`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Journey
from microbiz.foundations.money import format_money
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import allowances_for
from microbiz.tax.expenses import journeys_between
from ui.common.table_model import TextTableModel

DATE, FROM, TO, PURPOSE, CLIENT, VEHICLE, MILES, ALLOWANCE = range(8)
HEADERS = ("Date", "From", "To", "Purpose", "Client", "Vehicle", "Miles", "Allowance")
HEADER_TIPS = {
    PURPOSE: "Why you made the journey (HMRC asks for this)",
    CLIENT: "The client the journey was for, if any",
    ALLOWANCE: (
        "What the journey adds to your expenses: 45p a mile by car or van for the first "
        "10,000 miles of the tax year, 25p after; 24p by motorcycle"
    ),
}
NUMBER_COLUMNS = (MILES, ALLOWANCE)
LONG_COLUMNS = (FROM, TO, PURPOSE, CLIENT)
SORT_ROLE = Qt.ItemDataRole.UserRole


def miles_text(tenths: int) -> str:
    """Miles to one place with thousands marked: 11827 -> "1,182.7"."""
    return f"{tenths // 10:,}.{tenths % 10}"


def journeys_count(count: int) -> str:
    return "1 journey" if count == 1 else f"{count:,} journeys"


def journey_words(journey: Journey) -> str:
    """'the journey on 02/11/2026 to Otley, 12.5 miles'."""
    where = f" to {journey.to_place}" if journey.to_place else ""
    return (
        f"the journey on {format_date(journey.travelled_on)}{where}, "
        f"{miles_text(journey.miles_tenths)} miles"
    )


def totals_line(journeys: Sequence[Journey], allowed: dict[int, int], period: str) -> str:
    """'1,182.7 miles this tax year, allowance £532.51 (214 journeys)'."""
    if not journeys:
        return ""
    tenths = sum(journey.miles_tenths for journey in journeys)
    pence = sum(allowed.get(journey.id, 0) for journey in journeys)
    return (
        f"{miles_text(tenths)} miles {period}, allowance {format_money(pence)} "
        f"({journeys_count(len(journeys))})"
    )


def client_name(journey: Journey) -> str:
    return journey.client.name if journey.client_id else ""


def shown_values(journey: Journey, pence: int) -> tuple[str, ...]:
    return (
        format_date(journey.travelled_on),
        journey.from_place,
        journey.to_place,
        " ".join(journey.purpose.split()),
        client_name(journey),
        VEHICLES.get(journey.vehicle, journey.vehicle),
        miles_text(journey.miles_tenths),
        format_money(pence),
    )


def sort_keys(journey: Journey, pence: int) -> tuple[str | int, ...]:
    return (
        journey.travelled_on.toordinal(),
        journey.from_place.casefold(),
        journey.to_place.casefold(),
        journey.purpose.casefold(),
        client_name(journey).casefold(),
        journey.vehicle,
        journey.miles_tenths,
        pence,
    )


class JourneysTableModel(TextTableModel):
    """Journeys in a period, newest first, each with its share of the mileage allowance."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Journey] = []
        self._allowed: dict[int, int] = {}

    def refresh(self, first: date | None = None, last: date | None = None) -> None:
        """The journeys again; each allowance counts the tax year's miles before it."""
        rows = journeys_between(first, last)
        allowed = allowances_for(rows)
        self._rows = rows
        self._allowed = allowed
        self.set_rows(
            [shown_values(row, allowed.get(row.id, 0)) for row in rows],
            keys=[sort_keys(row, allowed.get(row.id, 0)) for row in rows],
            ids=[row.id for row in rows],
        )

    def journeys(self) -> list[Journey]:
        return list(self._rows)

    def journey(self, row: int) -> Journey:
        return self._rows[row]

    def allowances(self) -> dict[int, int]:
        return dict(self._allowed)

    def totals_line(self, period: str) -> str:
        return totals_line(self._rows, self._allowed, period)
