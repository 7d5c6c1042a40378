"""Random member populations through `microbiz-collector report --json`, attacked with a
linear program written apart from the collector's audit (lp_attacker.py): no hidden count
is pinned or narrowed away from 0 or K, and no count from 1 to K-1 is published."""

from __future__ import annotations

import datetime
import json
import random
import tempfile
from pathlib import Path

from collector_support import hold
from collector_support import make_return
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from lp_attacker import recovered

from microbiz.collector import store
from microbiz.collector.cli import main
from microbiz.collector.schema import enum_fields

FIELDS = enum_fields()
TODAY = datetime.date(2026, 12, 4)
VARIED = ["region", "main_role", "hours_per_week_band", "previous_work", "years_in_care",
          "gender", "age_band", "disability"]  # fmt: skip


def population(seed: int, n: int, period: str = "2026-Q2") -> list[dict]:
    """`n` returns, skewed so that tables mix large, small and empty cells."""
    rng = random.Random(seed)
    common = {f: rng.choice(FIELDS[f]) for f in VARIED}
    returns = []
    for _ in range(n):
        answers = {f: rng.choice(FIELDS[f]) if rng.random() < 0.5 else common[f] for f in VARIED}
        returns.append(make_return(period=period, **answers))
    return returns


def counter_for(returns: list[dict]):
    """True counts of a cell, counted straight from the returns."""

    def count(fields: tuple, values: tuple) -> int:
        return sum(all(r[f] == v for f, v in zip(fields, values, strict=True)) for r in returns)

    return count


def published_counts(release: dict) -> list[int]:
    found = [release["returns"]]
    for table in release["tables"]:
        cells = table["cells"]
        found += cells if len(table["fields"]) == 1 else [c for row in cells for c in row]
    return [c for c in found if c is not None]


def report_json(folder: Path, *options: str) -> dict:
    out = folder / f"release-{len(list(folder.glob('*.json')))}.json"
    code = main(
        ["report", "--db", str(folder / "c.sqlite"), "--json", str(out), *options], today=TODAY
    )
    assert code == 0
    return json.loads(out.read_text())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(10, 200),
    rule_and_k=st.sampled_from(
        [("suppress", 5), ("suppress", 3), ("suppress", 8), ("ons-10-5", 10)]
    ),
)
def test_no_hidden_count_can_be_narrowed_and_no_small_count_is_shown(seed, n, rule_and_k):
    rule, k = rule_and_k
    returns = population(seed, n)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store.open_store(folder / "c.sqlite")
        hold(returns, seed)
        store.close_store()
        release = report_json(folder, "--period", "2026-Q2", "--rule", rule, "--threshold", str(k))
    assert release["threshold"] == k and release["published"]
    assert not [c for c in published_counts(release) if 0 < c < k]
    count = counter_for(returns)
    assert recovered([release], lambda i, fields, values: count(fields, values)) == []
