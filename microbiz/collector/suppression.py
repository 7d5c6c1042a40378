"""Which counts a release hides: small ones, then others until the audit passes.

Primary suppression hides every count from 1 to K-1. Then, cheaply first, every line
(a one-way table with its total, a two-way table's row or column with its margin) that
has exactly one hidden count hides its smallest other count too. Then the audit
(`audit.narrowed`) is run over this release and every release linked to it; for each
hidden count it finds too narrowly bounded, the smallest published count in a line
through it is hidden as well (a count in the table before a margin, a non-zero count
before a zero), and the audit is run again, until it passes. A hidden count that is not
small and that the other figures give exactly (an all-periods count whose quarters are
all published, say) is published instead: hiding it would protect nothing. A release whose linked,
already-published releases cannot be protected by hiding more of its own counts is
refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from microbiz.collector.audit import AuditCell
from microbiz.collector.audit import Key
from microbiz.collector.audit import Sum
from microbiz.collector.audit import narrowed
from microbiz.collector.tally import TWO_WAY
from microbiz.collector.tally import Tally
from microbiz.collector.tally import tabulated_fields

SUPPRESS = "suppress"
ONS_10_5 = "ons-10-5"
CellId = tuple[tuple[str, ...], tuple[str, ...]]  # (fields, values); ((), ()) is the total
TOTAL: CellId = ((), ())
EXACT = 1e-6


class Unprotectable(Exception):
    """No choice of hidden counts passes the audit: the release must not be published."""


@dataclass(frozen=True)
class Published:
    """A release as a reader sees it: its published counts (None: hidden), the rule they
    were made under, and the tags of the releases it adds up (for "all periods")."""

    tag: str
    tally: Tally
    shown: dict[CellId, int | None]
    rule: str
    threshold: int
    parts: tuple[str, ...] = ()


def published_cells() -> Iterator[CellId]:
    """Every count a release publishes: the total, each question's, each crossed pair's."""
    fields = tabulated_fields()
    yield TOTAL
    for f, values in fields.items():
        for v in values:
            yield (f,), (v,)
    for pair in TWO_WAY:
        for v in fields[pair[0]]:
            for w in fields[pair[1]]:
                yield pair, (v, w)


def shown_count(count: int, rule: str) -> int:
    """A count as published when not hidden: rounded to the nearest 5 under the 10-5 rule."""
    return (count + 2) // 5 * 5 if rule == ONS_10_5 else count


def reader_bounds(shown: int | None, rule: str, threshold: int) -> tuple[int, int] | None:
    """What a reader knows of a count from what is published (None: nothing)."""
    if shown is None or rule != ONS_10_5 or shown == 0:
        return None if shown is None else (shown, shown)
    return max(shown - 2, threshold), shown + 2


def protect(tally: Tally, threshold: int, rule: str, linked: list[Published] = (), parts=()):
    """The counts to publish for `tally` (None for hidden) so that it, with `linked`
    releases, passes the audit; Unprotectable if there is no such choice."""
    known = _known(tally, threshold, rule, linked, parts)
    hidden = {cell for cell in published_cells() if 0 < tally.count(*cell) < threshold} - known
    _, sums = audit_system([*linked, _view(tally, hidden, rule, threshold, parts)])
    frozen_hidden = {
        (r.tag, *cell) for r in linked for cell, shown in r.shown.items() if shown is None
    }
    _settle_lines(sums, frozen_hidden, hidden, known, tally)
    asked = None  # at first every hidden cell; then those that failed and those added
    while True:
        new = _view(tally, hidden, rule, threshold, parts)
        cells, sums = audit_system([*linked, new])
        failing = list(narrowed(cells, sums, asked))
        if not failing:
            return new.shown
        before = set(hidden)
        added = _complements(failing, sums, cells, hidden | known, tally)
        if not added:
            raise Unprotectable(
                "no choice of hidden counts keeps every small count from being worked out "
                "from the figures published with it"
            )
        hidden |= added
        _settle_lines(sums, frozen_hidden, hidden, known, tally)  # no line left with one hidden
        asked = {*failing, *(("new", *cell) for cell in hidden - before)}


def _known(tally: Tally, threshold: int, rule: str, linked: list[Published], parts) -> set[CellId]:
    """The counts that releases already published give exactly, whatever this one hides
    (found by hiding all of it): hiding them would protect nothing, so they are shown."""
    if not linked:
        return set()
    summed = [release for release in linked if release.tag in parts]
    plain = {
        cell
        for cell in published_cells()
        if parts and all(_exact(release, cell) for release in summed)
    }
    rest = {cell for cell in published_cells() if cell != TOTAL} - plain
    cells, sums = audit_system([*linked, _view(tally, rest, rule, threshold, parts)])
    failing = narrowed(cells, sums, [("new", *cell) for cell in rest])
    return plain | {
        (key[1], key[2])
        for key, (low, high) in failing.items()
        if high - low < EXACT and not 0 < cells[key].true < threshold
    }


def _exact(release: Published, cell: CellId) -> bool:
    bounds = reader_bounds(release.shown[cell], release.rule, release.threshold)
    return bounds is not None and bounds[0] == bounds[1]


def audit_system(releases: list[Published]) -> tuple[dict[Key, AuditCell], list[Sum]]:
    """Every count of the releases as the audit sees it, and the sums a reader knows."""
    cells: dict[Key, AuditCell] = {}
    sums: list[Sum] = []
    present = {release.tag for release in releases}
    for release in releases:
        for cell, shown in release.shown.items():
            bounds = reader_bounds(shown, release.rule, release.threshold)
            cells[(release.tag, *cell)] = AuditCell(
                release.tally.count(*cell), bounds, release.threshold
            )
        sums += [
            (tuple((release.tag, *p) for p in line), (release.tag, *whole))
            for line, whole in _lines()
        ]
        sums += [
            (tuple((part, *cell) for part in release.parts), (release.tag, *cell))
            for cell in release.shown
            if release.parts and present.issuperset(release.parts)
        ]
    return cells, sums


def _view(tally: Tally, hidden: set[CellId], rule: str, threshold: int, parts) -> Published:
    shown = {
        cell: None if cell in hidden else shown_count(tally.count(*cell), rule)
        for cell in published_cells()
    }
    return Published("new", tally, shown, rule, threshold, tuple(parts))


def _lines() -> list[tuple[list[CellId], CellId]]:
    """The additive lines of a release: (the counts, the total they add up to)."""
    fields = tabulated_fields()
    lines = [([((f,), (v,)) for v in values], TOTAL) for f, values in fields.items()]
    for row_field, column_field in TWO_WAY:
        pair = (row_field, column_field)
        for v in fields[row_field]:
            lines.append(([(pair, (v, w)) for w in fields[column_field]], ((row_field,), (v,))))
        for w in fields[column_field]:
            lines.append(([(pair, (v, w)) for v in fields[row_field]], ((column_field,), (w,))))
    return lines


def _settle_lines(
    sums: list[Sum],
    frozen_hidden: set[Key],
    hidden: set[CellId],
    known: set[CellId],
    tally: Tally,
) -> None:
    """Hide more of this release until no sum (a line of a table, or an all-periods count
    and the quarters' counts it adds up) has exactly one hidden count; `known` cells are
    never hidden, since other releases give them."""
    changed = True
    while changed:
        changed = False
        for parts, whole in sums:
            members = [*parts, whole]
            lone = [m for m in members if m in frozen_hidden or _new_cell(m) in hidden]
            if len(lone) != 1:
                continue
            open_cells = _open_cells(set(members), hidden | known)
            choice = _smallest(open_cells, tally)
            if choice is not None:
                hidden.add(choice)
                changed = True


def _new_cell(key: Key) -> CellId | None:
    return (key[1], key[2]) if key[0] == "new" else None


def _complements(
    failing: list[Key],
    sums: list[Sum],
    cells: dict[Key, AuditCell],
    hidden: set[CellId],
    tally: Tally,
) -> set[CellId]:
    """One more count of this release to hide beside each failing cell."""
    lines = [{*parts, whole} for parts, whole in sums]
    added: set[CellId] = set()
    for key in failing:
        through = [line for line in lines if key in line]
        if any(("new", *cell) in line for cell in added for line in through):
            continue
        choice = _nearest_open(key, lines, cells, hidden | added, tally)
        if choice is not None:
            added.add(choice)
    return added


def _nearest_open(
    key: Key, lines: list[set[Key]], cells: dict[Key, AuditCell], hidden: set[CellId], tally
) -> CellId | None:
    """The cheapest published count of this release in a line through `key`; failing
    that, in a line through the hidden counts of those lines, and so on outwards."""
    reach = {key}
    while True:
        ring = {member for line in lines if line & reach for member in line}
        choice = _smallest(_open_cells(ring, hidden), tally)
        further = reach | {k for k in ring if cells[k].shown is None}
        if choice is not None or further == reach:
            return choice
        reach = further


def _open_cells(keys: set[Key], hidden: set[CellId]) -> list[CellId]:
    """The new release's published counts among `keys`, the total aside."""
    found = [(key[1], key[2]) for key in keys if key[0] == "new"]
    return [cell for cell in found if cell not in hidden and cell != TOTAL]


def _smallest(candidates: list[CellId], tally: Tally) -> CellId | None:
    """The count cheapest to hide: non-zero before zero, small before large, a cell inside
    a two-way table before a question's own count."""

    def cost(cell: CellId) -> tuple:
        count = tally.count(*cell)
        return count == 0, count, len(cell[0]) == 1, cell

    return min(candidates, key=cost, default=None)
