"""Counting returns into the tables the report is made from, with each cell's key.

A tally holds, for every tabulation (the grand total, each question, each pair of
questions the report crosses), how many returns fall in each cell and the cell's key
(the sum of its returns' record keys mod 256, for cell-key perturbation). Tallies of
different quarters add up, which is how the "all periods" tables are made from the
frozen tallies of released quarters rather than from the returns held today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from microbiz.collector.schema import enum_fields

KEY_MODULUS = 256
NOT_TABULATED = ("questionnaire_version",)
TWO_WAY = (
    ("region", "main_role"),
    ("main_role", "hours_per_week_band"),
    ("previous_work", "years_in_care"),
)
# ordered answers whose median band is reported; the values listed are left out first
MEDIAN_FIELDS = {
    "median_hourly_rate_band": ("no_data",),
    "hours_per_week_band": (),
    "people_supported_band": (),
    "years_in_care": ("prefer_not_to_say",),
    "age_band": ("prefer_not_to_say",),
}
MEDIAN_GROUPS = ("region", "main_role")
SEPARATOR = "|"


def tabulated_fields() -> dict[str, list[str]]:
    """Every question the report counts, with its answers in the schema's order."""
    return {f: v for f, v in enum_fields().items() if f not in NOT_TABULATED}


def tabulations() -> list[tuple[str, ...]]:
    """The field tuples counted: () for the total, each question, each crossed pair."""
    pairs = [(g, f) for g in MEDIAN_GROUPS for f in MEDIAN_FIELDS]
    found: list[tuple[str, ...]] = [(), *((f,) for f in tabulated_fields()), *TWO_WAY]
    return found + [pair for pair in pairs if pair not in found]


def name_of(fields: tuple[str, ...]) -> str:
    """A tabulation's name in a stored tally: "region|main_role"; "" for the total."""
    return SEPARATOR.join(fields)


@dataclass
class Tally:
    """Counts and cell keys per tabulation: {name: {"value|value": n}}."""

    counts: dict[str, dict[str, int]] = dataclass_field(default_factory=dict)
    keys: dict[str, dict[str, int]] = dataclass_field(default_factory=dict)

    @property
    def returns(self) -> int:
        return self.count(())

    def count(self, fields: tuple[str, ...], values: tuple[str, ...] = ()) -> int:
        """How many returns gave `values` to `fields`."""
        return self.counts.get(name_of(fields), {}).get(name_of(values), 0)

    def key(self, fields: tuple[str, ...], values: tuple[str, ...] = ()) -> int:
        """The cell's key: its returns' record keys summed mod 256."""
        return self.keys.get(name_of(fields), {}).get(name_of(values), 0)

    def __add__(self, other: Tally) -> Tally:
        total = Tally()
        for mine, theirs, into, modulus in (
            (self.counts, other.counts, total.counts, None),
            (self.keys, other.keys, total.keys, KEY_MODULUS),
        ):
            for name in mine.keys() | theirs.keys():
                cells = dict(mine.get(name, {}))
                for cell, value in theirs.get(name, {}).items():
                    cells[cell] = cells.get(cell, 0) + value
                    if modulus:
                        cells[cell] %= modulus
                into[name] = cells
        return total

    def as_json(self) -> dict:
        return {"counts": self.counts, "keys": self.keys}

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        return cls(data["counts"], data["keys"])


def tally(returns: Iterable[tuple[dict, int]]) -> Tally:
    """Count `returns`, given as (answers, record key) pairs."""
    made = Tally()
    for answers, record_key in returns:
        for fields in tabulations():
            cell = name_of(tuple(answers[f] for f in fields))
            name = name_of(fields)
            counts = made.counts.setdefault(name, {})
            counts[cell] = counts.get(cell, 0) + 1
            keys = made.keys.setdefault(name, {})
            keys[cell] = (keys.get(cell, 0) + record_key) % KEY_MODULUS
    return made
