"""Differencing: reports before and after a withdrawal, and "all periods" beside the
quarters it adds up, recover nothing through an attacker's linear program."""

from __future__ import annotations

import datetime
import json

import pytest
from collector_support import make_return
from lp_attacker import recovered
from test_collector_audit import counter_for
from test_collector_audit import population

from microbiz.collector import releases
from microbiz.collector import store
from microbiz.collector.cli import main

TODAY = datetime.date(2026, 12, 4)
# a member unlike the rest: alone in several cells of the tables
LONE = {
    "region": "north_east",
    "main_role": "shared_lives_carer",
    "previous_work": "nhs",
    "years_in_care": "over_10",
    "gender": "non_binary",
    "age_band": "65_plus",
}


@pytest.fixture
def folder(tmp_path):
    store.open_store(tmp_path / "c.sqlite")
    yield tmp_path
    store.close_store()


def send(returns: list[dict]) -> None:
    for answers in returns:
        assert store.store_return(
            answers, f"secret-of-{answers['submission_id']}", None, today=TODAY
        ).done


def report(folder, *options: str) -> dict:
    out = folder / "out.json"
    code = main(
        ["report", "--db", str(folder / "c.sqlite"), "--json", str(out), *options], today=TODAY
    )
    assert code == 0
    store.open_store(folder / "c.sqlite")  # the command closes the store it opened
    return json.loads(out.read_text())


def true_counts(documents: list[dict], held: dict[str, list[dict]]):
    """Each document's true counts: its quarter's returns as released, or the sum."""

    def count(index: int, fields: tuple, values: tuple) -> int:
        periods = documents[index]["periods"]
        return sum(counter_for(held[p])(fields, values) for p in periods)

    return count


def test_a_withdrawal_between_two_reports_recovers_nothing(folder):
    q2 = population(1, 30, "2026-Q2")
    lone = make_return(period="2026-Q2", **LONE)
    send([*q2, lone])
    first = report(folder, "--period", "2026-Q2")
    all_before = report(folder)
    assert store.withdraw_return(lone["submission_id"], f"secret-of-{lone['submission_id']}").done
    again = report(folder, "--period", "2026-Q2")
    assert again == first  # the release stands as it was published
    q3 = population(2, 25, "2026-Q3")
    send(q3)
    third = report(folder, "--period", "2026-Q3")
    all_after = report(folder)
    assert all_before["periods"] == ["2026-Q2"]
    assert all_after["periods"] == ["2026-Q2", "2026-Q3"]
    assert all_after["returns"] == 31 + 25  # the frozen 2026-Q2, withdrawn member included
    documents = [first, all_before, third, all_after]
    held = {"2026-Q2": [*q2, lone], "2026-Q3": q3}
    assert recovered(documents, true_counts(documents, held)) == []


def test_all_periods_minus_one_quarter_recovers_nothing(folder):
    q2 = population(3, 40, "2026-Q2")
    q3 = [*population(4, 20, "2026-Q3"), make_return(period="2026-Q3", **LONE)]
    send([*q2, *q3])
    documents = [
        report(folder, "--period", "2026-Q2"),
        report(folder, "--period", "2026-Q3"),
        report(folder),
    ]
    held = {"2026-Q2": q2, "2026-Q3": q3}
    assert recovered(documents, true_counts(documents, held)) == []
    # and the all-periods table is not simply hidden everywhere: it publishes large counts
    [region] = [t for t in documents[2]["tables"] if t["fields"] == ["region"]]
    assert any(cell is not None and cell >= 5 for cell in region["cells"])


def test_the_all_periods_release_is_audited_with_its_quarters(folder):
    """Without the quarters beside it the all-periods table could hide less: with them it
    hides what their differences would give away."""
    q2 = population(5, 30, "2026-Q2")
    q3 = [*population(6, 12, "2026-Q3"), make_return(period="2026-Q3", **LONE)]
    send([*q2, *q3])
    quarters = [report(folder, "--period", "2026-Q2"), report(folder, "--period", "2026-Q3")]
    alone = releases.publish(
        sum(
            (
                releases.Tally.from_json(json.loads(store.find_release(p).inputs))
                for p in ("2026-Q2", "2026-Q3")
            ),
            releases.Tally(),
        ),
        "suppress",
        5,
        "all",
        ["2026-Q2", "2026-Q3"],
        TODAY,
    )
    held = {"2026-Q2": q2, "2026-Q3": q3}
    documents = [*quarters, alone]
    assert recovered(documents, true_counts(documents, held)) != []
    joint = report(folder)
    documents = [*quarters, joint]
    assert recovered(documents, true_counts(documents, held)) == []


def test_a_quarter_is_released_only_after_it_ends(folder):
    with pytest.raises(releases.ReleaseError, match="2026-Q4 has not ended yet"):
        releases.release_period("2026-Q4", TODAY)


def test_releases_are_kept_in_either_store(opened_store):
    send(population(7, 20, "2026-Q2"))
    first = releases.release_period("2026-Q2", TODAY)
    send(population(8, 3, "2026-Q2"))  # late returns
    assert releases.release_period("2026-Q2", TODAY) == first
    everything = releases.release_all_periods(TODAY)
    assert everything["periods"] == ["2026-Q2"] and everything["returns"] == 20
    assert [r.period for r in store.list_releases()] == ["2026-Q2", "all:2026-Q2"]


def test_a_report_that_cannot_be_protected_is_not_published(folder, capsys):
    """A quarter published by hand, with a small count that its row gives away, cannot be
    put right by anything the all-periods table hides: nothing is written or kept."""
    returns = [make_return(period="2026-Q2", gender=g) for g in ["woman"] * 20 + ["man"] * 3]
    counts = releases.tally([(answers, 0) for answers in returns])
    leaky = releases.publish(counts, "suppress", 5, "2026-Q2", ["2026-Q2"], TODAY)
    [gender] = [t for t in leaky["tables"] if t["fields"] == ["gender"]]
    gender["cells"][0] = 20  # the woman count shown: the hidden man count is then 3
    store.keep_release("2026-Q2", "suppress", 5, leaky, counts.as_json(), TODAY)
    out = folder / "all.json"
    code = main(["report", "--db", str(folder / "c.sqlite"), "--json", str(out)], today=TODAY)
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("microbiz-collector: not published: ") and err.count("\n") == 1
    assert not out.exists()
    store.open_store(folder / "c.sqlite")
    assert [r.period for r in store.list_releases()] == ["2026-Q2"]
