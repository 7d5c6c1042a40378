"""Cell-key perturbation: the same cell always gets the same change, no count from 1 to
K-1 is ever published, and the ptable is published with the release."""

from __future__ import annotations

import datetime
import json
import random

from collector_support import keyed
from collector_support import make_return
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from microbiz.collector import store
from microbiz.collector.cell_key import perturbed
from microbiz.collector.cli import main
from microbiz.collector.releases import publish
from microbiz.collector.schema import enum_fields
from microbiz.collector.tally import tally

FIELDS = enum_fields()
TODAY = datetime.date(2026, 12, 4)


def returns_of(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    return [
        make_return(
            region=rng.choice(FIELDS["region"][:4]),
            main_role=rng.choice(FIELDS["main_role"][:3]),
            gender=rng.choice(FIELDS["gender"]),
        )
        for _ in range(n)
    ]


def cell_key_release(pairs: list[tuple[dict, int]], k: int = 5) -> dict:
    return publish(tally(pairs), "cell-key", k, "2026-Q2", ["2026-Q2"], TODAY)


def every_count(release: dict) -> list[int]:
    found = [release["returns"]]
    for table in release["tables"]:
        cells = table["cells"]
        found += cells if len(table["fields"]) == 1 else [c for row in cells for c in row]
    return found


@settings(max_examples=40, deadline=None)
@given(count=st.integers(0, 60), key=st.integers(0, 255), k=st.integers(2, 12))
def test_the_ptable_never_publishes_a_small_count(count, key, k):
    shown = perturbed(count, key, k)
    assert shown == 0 or shown >= k
    assert shown == perturbed(count, key, k)
    assert (shown == 0) == (count == 0 or (count < k and key * k >= 256 * count))
    if count >= k:
        assert abs(shown - count) <= 2


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(5, 80))
def test_every_cell_is_shown_and_none_is_small(seed, n):
    release = cell_key_release(keyed(returns_of(seed, n), seed))
    counts = every_count(release)
    assert None not in counts
    assert not [c for c in counts if 0 < c < 5]


def test_the_same_cell_always_gets_the_same_change():
    pairs = keyed(returns_of(3, 40), 3)
    first = cell_key_release(pairs)
    again = cell_key_release(list(reversed(pairs)))  # the order returns are read in
    assert first["tables"] == again["tables"]
    # a one-way count and the same count as a two-way table's margin agree
    [region] = [t for t in first["tables"] if t["fields"] == ["region"]]
    [by_role] = [t for t in first["tables"] if t["fields"] == ["region", "main_role"]]
    assert by_role["values"][0] == region["values"][0]
    # adding a return to one cell changes that cell's key, and nothing else's
    extra = make_return(region="london", main_role=FIELDS["main_role"][0], gender="woman")
    changed = cell_key_release([*pairs, (extra, 0)])  # record key 0: every key stays the same
    [gender] = [t for t in first["tables"] if t["fields"] == ["gender"]]
    [gender_after] = [t for t in changed["tables"] if t["fields"] == ["gender"]]
    man = gender["values"][0].index("man")
    assert gender_after["cells"][man] == gender["cells"][man]


def test_report_rule_cell_key_publishes_its_ptable(tmp_path, capsys):
    store.open_store(tmp_path / "c.sqlite")
    for answers in returns_of(5, 30):
        store.store_return(answers, None, None, today=TODAY)
    store.close_store()
    out = tmp_path / "release.json"
    code = main(
        [
            "report",
            "--db",
            str(tmp_path / "c.sqlite"),
            "--period",
            "2026-Q2",
            "--rule",
            "cell-key",
            "--json",
            str(out),
            "--out",
            str(tmp_path / "r.xlsx"),
        ],
        today=TODAY,
    )
    assert code == 0, capsys.readouterr().err
    release = json.loads(out.read_text())
    assert release["rule"] == "cell-key"
    assert release["ptable"]["noise_by_cell_key"][0] == {"keys": "0-12", "noise": -2}
    assert any("Cell-key perturbation" in note for note in release["notes"])
    assert not [c for c in every_count(release) if c is None or 0 < c < 5]
