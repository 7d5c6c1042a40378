"""The anonymous workforce return in words: each field of the preview, and the quarters so far.

`PreviewModel` lists what `field_meanings` gives for one return: the field exactly as it
is named in the JSON, its answer in words (the exact value is its tool tip), and what it
means. `ReturnsModel` lists the quarters already sent, saved or withdrawn, in words.
The words for answers are presentation only: the values themselves come from the schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.workforce.membership import parse_period

Index = QModelIndex | QPersistentModelIndex

FIELD, ANSWER, MEANING = range(3)
PREVIEW_HEADERS = ("Field", "Answer", "What it means")
QUARTER, STATE, ORGANISATION, WHEN = range(4)
RETURNS_HEADERS = ("Quarter", "What happened", "Organisation", "Last change")
# the exact value sent, under the words shown for it
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1

MONTHS = ("January", "April", "July", "October")
WORDS = {
    "prefer_not_to_say": "Prefer not to say",
    "24_and_under": "24 and under",
    "65_plus": "65 and over",
    "non_binary": "Non-binary",
    "another_term": "Another term",
    "in_progress": "In progress",
    "level_2": "Level 2",
    "level_3": "Level 3",
    "level_4_plus": "Level 4 or above",
    "council": "A council",
    "nhs": "The NHS",
    "care_provider": "A care provider",
    "pa_for_dp_employer": "Personal assistant for someone on a Direct Payment",
    "outside_care": "Work outside care",
    "personal_assistant": "Personal assistant",
    "shared_lives_carer": "Shared Lives carer",
    "home_support": "Home support",
    "community_day_support": "Community or day support",
    "north_east": "North East",
    "north_west": "North West",
    "yorkshire_humber": "Yorkshire and the Humber",
    "east_midlands": "East Midlands",
    "west_midlands": "West Midlands",
    "east_of_england": "East of England",
    "london": "London",
    "south_east": "South East",
    "south_west": "South West",
    "no_data": "No visits to work it out from",
}
# what a band counts, by field: "2_3" people -> "2 to 3 people"
UNITS = {
    "years_in_care": ("year", "years"),
    "hours_per_week_band": ("hour a week", "hours a week"),
    "people_supported_band": ("person", "people"),
}
OTHER_WORDS = {
    "nationality": "Another nationality",
    "ethnic_group": "Another ethnic group",
}
NONE_WORDS = {
    "qualification_level": "No care qualification",
    "hours_per_week_band": "No hours delivered",
    "people_supported_band": "Nobody",
}


def quarter_words(period: str) -> str:
    """'2026-Q3' -> 'July to September 2026'."""
    quarter = parse_period(period)
    return f"{quarter.first:%B} to {quarter.last:%B} {quarter.year}"


def answer_words(field: str, value: str) -> str:
    """One answer as a person would say it: '25_34' -> '25 to 34' (an age band)."""
    if field == "period":
        return quarter_words(value)
    if field == "submission_id":
        return "A random number for this return only"
    if field == "questionnaire_version":
        return f"Version {value}"
    if value in WORDS:
        return WORDS[value]
    if value == "other":
        return OTHER_WORDS.get(field, "Other")
    if value == "none":
        return NONE_WORDS.get(field, "None")
    if field.startswith("income_share_"):
        return _share_words(value)
    if field == "median_hourly_rate_band":
        return _rate_words(value)
    return _band_words(value, UNITS.get(field))


def _share_words(value: str) -> str:
    if value == "0":
        return "None of it (0%)"
    low, _, high = value.partition("_")
    return f"{low}% to {high}%"


def _rate_words(value: str) -> str:
    if value.startswith("under_"):
        return f"Under £{value.removeprefix('under_')} an hour"
    if value.endswith("_plus"):
        return f"£{value.removesuffix('_plus')} or more an hour"
    low, _, high = value.partition("_")
    return f"£{low} to £{high} an hour"


def _band_words(value: str, unit: tuple[str, str] | None) -> str:
    one, many = unit or ("", "")
    parts = value.split("_")
    if len(parts) == 2 and parts[0] in ("under", "over") and parts[1].isdigit():
        text = f"{parts[0].capitalize()} {parts[1]}"
        plural = parts[0] == "over" or parts[1] != "1"
        return f"{text} {many if plural else one}".strip()
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        return f"{parts[0]} to {parts[1]} {many}".strip()
    if value.isdigit():
        return f"{value} {one if value == '1' else many}".strip()
    return value.replace("_", " ").capitalize()


class PreviewModel(QAbstractTableModel):
    """(field, answer, meaning) for each field of one return, in the order they are sent."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []

    def refresh(self, meanings: Sequence[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = [tuple(row) for row in meanings]
        self.endResetModel()

    def fields(self) -> list[str]:
        return [row[FIELD] for row in self._rows]

    def values(self) -> dict[str, str]:
        """The exact values, by field, as they are in the JSON."""
        return {row[FIELD]: row[ANSWER] for row in self._rows}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PREVIEW_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        field, value, meaning = self._rows[index.row()]
        column = index.column()
        if role == VALUE_ROLE:
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == FIELD:
                return field
            if column == ANSWER:
                return answer_words(field, value)
            return meaning
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ANSWER:
                return f"Sent as: {value}"
            return meaning or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(PREVIEW_HEADERS)
        ):
            return PREVIEW_HEADERS[section]
        return None


@dataclass(frozen=True)
class ReturnRow:
    """One quarter's return as the list shows it."""

    period: str
    state: str
    organisation: str
    when: str


class ReturnsModel(QAbstractTableModel):
    """The quarters sent, saved or withdrawn, newest first, each in words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReturnRow] = []

    def refresh(self, rows: Sequence[ReturnRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def states(self) -> dict[str, str]:
        """What happened to each quarter's return, by period ('2026-Q2')."""
        return {row.period: row.state for row in self._rows}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(RETURNS_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"{quarter_words(row.period)} ({row.period})",
                row.state,
                row.organisation,
                row.when,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == STATE:
            return row.state
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(RETURNS_HEADERS)
        ):
            return RETURNS_HEADERS[section]
        return None
