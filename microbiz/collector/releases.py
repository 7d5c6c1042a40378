"""Releases: a report is the release of one finished quarter, made once and kept.

A quarter's release is made from the returns held for it when it is first reported, and
stored with the counts it was made from; reporting that quarter again writes the stored
release again, unchanged, so a withdrawal or a late return changes nothing already
published. An "all periods" release adds up the frozen counts of the released quarters
and is suppressed jointly with them and with every earlier "all periods" release, so
that no difference between published tables gives anything away.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence

from microbiz.collector import store
from microbiz.collector.cell_key import CELL_KEY
from microbiz.collector.cell_key import perturbed
from microbiz.collector.cell_key import ptable
from microbiz.collector.cell_key import ptable_note
from microbiz.collector.labels import title_of
from microbiz.collector.periods import period_problem
from microbiz.collector.periods import quarter_of
from microbiz.collector.statistics import medians
from microbiz.collector.suppression import ONS_10_5
from microbiz.collector.suppression import SUPPRESS
from microbiz.collector.suppression import TOTAL
from microbiz.collector.suppression import CellId
from microbiz.collector.suppression import Published
from microbiz.collector.suppression import protect
from microbiz.collector.suppression import published_cells
from microbiz.collector.tally import TWO_WAY
from microbiz.collector.tally import Tally
from microbiz.collector.tally import tabulated_fields
from microbiz.collector.tally import tally

RULES = (SUPPRESS, ONS_10_5, CELL_KEY)
DEFAULT_THRESHOLD = 5
ALL_PERIODS = "all"
_ALL_PREFIX = "all:"


class ReleaseError(Exception):
    """A release that cannot be made as asked, told in one plain-English line."""


def effective_threshold(threshold: int, rule: str) -> int:
    """The threshold a rule uses: at least 10 under the 10-5 rule."""
    if rule not in RULES:
        raise ValueError(f"unknown disclosure rule {rule!r}: use {', '.join(RULES)}")
    if threshold < 2:
        raise ValueError("the threshold must be at least 2")
    return max(threshold, 10) if rule == ONS_10_5 else threshold


def release_period(
    period: str, today: datetime.date, rule: str | None = None, threshold: int | None = None
) -> dict:
    """The release of a finished quarter: the stored one, or a new one made and stored."""
    problem = period_problem(period, today)
    if problem:
        raise ReleaseError(problem[0].upper() + problem[1:] + ".")
    if period >= quarter_of(today):
        raise ReleaseError(
            f"{period} has not ended yet: a quarter is released once, after it ends."
        )
    kept = store.find_release(period)
    if kept is not None:
        _check_terms(kept.period, kept.rule, kept.threshold, rule, threshold)
        return json.loads(kept.published)
    rule = rule or SUPPRESS
    counts = tally(store.stored_returns(period))
    made = publish(counts, rule, threshold or DEFAULT_THRESHOLD, period, [period], today)
    if not made["published"]:
        return made
    kept = store.keep_release(period, rule, made["threshold"], made, counts.as_json(), today)
    return json.loads(kept.published)


def release_all_periods(
    today: datetime.date, rule: str | None = None, threshold: int | None = None
) -> dict:
    """The release of all released quarters together: the stored one for the same quarters,
    or a new one made from their frozen counts, audited with every release before it."""
    kept = store.list_releases()
    quarters = [r for r in kept if not r.period.startswith(_ALL_PREFIX)]
    if not quarters:
        raise ReleaseError(
            "No quarter has been released yet: report one first with --period (the "
            "all-periods tables are made only from released quarters)."
        )
    terms = {(r.rule, r.threshold) for r in quarters}
    if len(terms) > 1:
        raise ReleaseError(
            "The released quarters were made under different rules or thresholds, so no "
            "all-periods table can be made from them."
        )
    [(kept_rule, kept_threshold)] = terms
    _check_terms("The released quarters", kept_rule, kept_threshold, rule, threshold)
    periods = sorted(r.period for r in quarters)
    name = _ALL_PREFIX + ",".join(periods)
    same = next((r for r in kept if r.period == name), None)
    if same is not None:
        return json.loads(same.published)
    counts = sum((Tally.from_json(json.loads(r.inputs)) for r in quarters), Tally())
    linked = [_as_published(r) for r in kept]
    made = publish(counts, kept_rule, kept_threshold, ALL_PERIODS, periods, today, linked)
    stored = store.keep_release(name, kept_rule, kept_threshold, made, counts.as_json(), today)
    return json.loads(stored.published)


def publish(
    counts: Tally,
    rule: str,
    threshold: int,
    period: str,
    periods: list[str],
    today: datetime.date,
    linked: Sequence[Published] = (),
) -> dict:
    """The release document for `counts` under the rule (not stored): every published count,
    None where hidden; raises suppression.Unprotectable if it cannot be made safe."""
    k = effective_threshold(threshold, rule)
    head = {"rule": rule, "threshold": k, "period": period, "periods": periods}
    if counts.returns < k:
        note = (
            f"Fewer than {k} returns have been received, so no table is published: "
            "any figure could identify the people who sent them."
        )
        return head | {
            "published": False,
            "returns": None,
            "tables": [],
            "statistics": [],
            "notes": [note, *rule_notes(k, rule)],
        }
    if rule == CELL_KEY:
        shown = {c: perturbed(counts.count(*c), counts.key(*c), k) for c in published_cells()}
    else:
        parts = periods if period == ALL_PERIODS else ()
        shown = protect(counts, k, rule, list(linked), parts)
    made = head | {
        "published": True,
        "released_on": today.isoformat(),
        "returns": shown[TOTAL],
        "tables": _tables(shown),
        "statistics": medians(counts, shown, k),
        "notes": [f"Returns for {', '.join(periods)}.", *rule_notes(k, rule)],
    }
    return made | {"ptable": ptable(k)} if rule == CELL_KEY else made


def rule_notes(k: int, rule: str) -> list[str]:
    """The disclosure rules in plain English, for the notes sheet, the PDF and the JSON."""
    notes = [
        "Every figure is a count of returns. Returns are anonymous: they hold answers in "
        "bands only, with no names, places smaller than a region, or exact figures.",
        f"Each quarter is released once, after it ends, and kept: a return withdrawn or "
        f"sent late afterwards changes no figure already published. With fewer than {k} "
        "returns in all, no table is published.",
        f"Medians are of the ordered answer bands (the lower middle one for an even number), "
        f"given only for a group whose count is published and at least {k}, where at least "
        f"{k} returns answered and no count they rest on is hidden.",
    ]
    if rule == CELL_KEY:
        return [*notes, ptable_note(k)]
    notes.append(
        f"Counts from 1 to {k - 1} are not shown: such a cell reads <{k}. Other cells are "
        f"hidden too, and also read <{k}, until a check by linear programming over every "
        "published table (this release's and those it adds up with) shows that no hidden "
        f"count can be worked out, nor narrowed to a range that leaves out 0 or {k} where "
        f"it is below {k} (secondary suppression). So a cell reading <{k} may hold 0, or "
        f"{k} or more. A zero is otherwise shown as 0."
    )
    if rule == ONS_10_5:
        notes.append(
            "ONS-style 10-5 rule: counts below 10 are hidden, and every other count, totals "
            "included, is rounded to the nearest 5, so rows may not add up to their totals."
        )
    return notes


def shown_from_document(document: dict) -> dict[CellId, int | None]:
    """Every count a release document publishes, None where hidden."""
    shown: dict[CellId, int | None] = {TOTAL: document["returns"]}
    for table in document["tables"]:
        fields = tuple(table["fields"])
        if len(fields) == 1:
            for value, cell in zip(table["values"][0], table["cells"], strict=True):
                shown[fields, (value,)] = cell
            continue
        rows, columns = table["values"]
        for value, row in zip(rows, table["cells"], strict=True):
            for other, cell in zip(columns, row, strict=True):
                shown[fields, (value, other)] = cell
    return shown


def _tables(shown: dict[CellId, int | None]) -> list[dict]:
    fields = tabulated_fields()
    tables = [
        {
            "name": title_of([f]),
            "fields": [f],
            "values": [values],
            "cells": [shown[(f,), (v,)] for v in values],
            "total": shown[TOTAL],
        }
        for f, values in fields.items()
    ]
    for pair in TWO_WAY:
        rows, columns = fields[pair[0]], fields[pair[1]]
        tables.append(
            {
                "name": title_of(pair),
                "fields": list(pair),
                "values": [rows, columns],
                "cells": [[shown[pair, (v, w)] for w in columns] for v in rows],
                "total": shown[TOTAL],
            }
        )
    return tables


def _as_published(release: store.Release) -> Published:
    document = json.loads(release.published)
    parts = tuple(document["periods"]) if document["period"] == ALL_PERIODS else ()
    return Published(
        release.period,
        Tally.from_json(json.loads(release.inputs)),
        shown_from_document(document),
        release.rule,
        release.threshold,
        parts,
    )


def _check_terms(
    what: str, kept_rule: str, kept_threshold: int, rule: str | None, threshold: int | None
) -> None:
    """Refuse a rule or threshold other than the one a release was made under."""
    asked_rule = rule or kept_rule
    asked = effective_threshold(threshold, asked_rule) if threshold else kept_threshold
    if asked_rule != kept_rule or asked != kept_threshold:
        raise ReleaseError(
            f"{what}: released under the {kept_rule} rule with threshold {kept_threshold}, "
            "and a release is never made again, so leave out --rule and --threshold or give "
            "those."
        )
