"""Business journeys with the mileage allowance each earns, a page at a time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject

from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Journey
from microbiz.foundations.money import format_money
from microbiz.foundations.paging import capped_count
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import JourneyTotals
from microbiz.tax.expenses import allowances_for
from microbiz.tax.expenses import chosen_journeys
from microbiz.tax.expenses import journey_listed
from microbiz.tax.expenses import journey_page
from microbiz.tax.expenses import journey_totals
from ui.common.paged_model import PagedTableModel

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
# What each column sorts by: the names `JOURNEY_SORTS` gives the SQL for. The allowance
# depends on the tax year's miles before each journey, so its heading cannot be clicked.
SORTS = {
    DATE: "date",
    FROM: "from",
    TO: "to",
    PURPOSE: "purpose",
    CLIENT: "client",
    VEHICLE: "vehicle",
    MILES: "miles",
}


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


def totals_line(totals: JourneyTotals, period: str) -> str:
    """'1,182.7 miles this tax year, allowance £532.51 (214 journeys)'."""
    if not totals.count:
        return ""
    return (
        f"{miles_text(totals.miles_tenths)} miles {period}, "
        f"allowance {format_money(totals.allowance_pence)} ({journeys_count(totals.count)})"
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


class JourneysTableModel(PagedTableModel[Journey]):
    """Journeys in a period, newest first, each with its share of the mileage allowance.

    Read a page at a time as the list scrolls, in the order of a clicked heading if any;
    the totals are added up by the database.
    """

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS
    sorts = SORTS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen: tuple[date | None, date | None] = (None, None)
        self._allowed: dict[int, int] = {}

    def refresh(self, first: date | None = None, last: date | None = None) -> None:
        """The journeys again; each allowance counts the tax year's miles before it."""
        self._chosen = (first, last)
        self._allowed = {}
        self.start(capped_count(chosen_journeys(first, last), self.most_counted))

    def journey(self, row: int) -> Journey:
        return self.item(row)

    def totals_line(self, period: str) -> str:
        return totals_line(journey_totals(*self._chosen), period)

    def _read(self, offset: int, size: int) -> list[Journey]:
        """A page of journeys, with their allowances worked out from their tax years."""
        page = journey_page(*self._chosen, offset, size, *self._sorting)
        self._allowed.update(allowances_for(page))
        return page

    def _lists(self, item_id: int) -> bool:
        return journey_listed(item_id, *self._chosen)

    def _prepare(self, item: Journey) -> tuple:
        pence = self._allowed.get(item.id, 0)
        return shown_values(item, pence), None, item.id
