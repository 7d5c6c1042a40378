"""Medians of the ordered answers, published only where their group's count is.

A median is given for a group (all returns, or one region or main role) only when the
group's count is published and at least K, at least K returns in it answered the
question, and every published count it could be worked back from is shown: a median
over counts that are hidden would say something about them. Otherwise it is withheld
with the same mark whatever the reason.
"""

from __future__ import annotations

from microbiz.collector.suppression import TOTAL
from microbiz.collector.suppression import CellId
from microbiz.collector.tally import MEDIAN_FIELDS
from microbiz.collector.tally import MEDIAN_GROUPS
from microbiz.collector.tally import TWO_WAY
from microbiz.collector.tally import Tally
from microbiz.collector.tally import tabulated_fields


def medians(tally: Tally, shown: dict[CellId, int | None], threshold: int) -> list[dict]:
    """Each group's median answer to each ordered question; "value" None where withheld."""
    fields = tabulated_fields()
    groups: list[tuple[str, str] | None] = [None]
    groups += [(g, v) for g in MEDIAN_GROUPS for v in fields[g]]
    found = []
    for group in groups:
        for f, left_out in MEDIAN_FIELDS.items():
            order = [v for v in fields[f] if v not in left_out]
            counts = [_count(tally, group, f, v) for v in order]
            publishable = sum(counts) >= threshold and _group_shown(
                tally, shown, group, f, threshold
            )
            found.append(
                {
                    "statistic": "median",
                    "field": f,
                    "group": None if group is None else {"field": group[0], "value": group[1]},
                    "value": _lower_middle(order, counts) if publishable else None,
                }
            )
    return found


def _count(tally: Tally, group: tuple[str, str] | None, f: str, value: str) -> int:
    if group is None:
        return tally.count((f,), (value,))
    return tally.count((group[0], f), (group[1], value))


def _group_shown(
    tally: Tally,
    shown: dict[CellId, int | None],
    group: tuple[str, str] | None,
    f: str,
    threshold: int,
) -> bool:
    """The group's count is published, it and the true count are at least K, and no
    published count the median leans on is hidden."""
    cell = TOTAL if group is None else ((group[0],), (group[1],))
    if shown[cell] is None or shown[cell] < threshold or tally.count(*cell) < threshold:
        return False
    return all(shown[c] is not None for c in _leaned_on(group, f))


def _leaned_on(group: tuple[str, str] | None, f: str) -> list[CellId]:
    values = tabulated_fields()[f]
    if group is None:
        return [((f,), (v,)) for v in values]
    g, chosen = group
    if (g, f) in TWO_WAY:
        return [((g, f), (chosen, v)) for v in values]
    if (f, g) in TWO_WAY:
        return [((f, g), (v, chosen)) for v in values]
    return []


def _lower_middle(order: list[str], counts: list[int]) -> str:
    middle = (sum(counts) - 1) // 2
    for value, count in zip(order, counts, strict=True):
        if middle < count:
            return value
        middle -= count
    raise ValueError("no answers")
