"""The published report: no small count shown, no line with one hidden cell, 10-5
rounding, nothing at all below the threshold, medians only where their group's count is
published, and the XLSX, PDF and JSON showing the same figures."""

from __future__ import annotations

import json
import random
from collections import Counter

import openpyxl
import pytest
from collector_support import make_return
from collector_support import release_of
from collector_support import tables_for
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from pypdf import PdfReader

from microbiz.collector import report
from microbiz.collector.report import write_release_json
from microbiz.collector.report import write_report_pdf
from microbiz.collector.report import write_report_xlsx
from microbiz.collector.schema import enum_fields
from microbiz.collector.tally import TWO_WAY

FIELDS = enum_fields()
# few answers per question, so that small cells and linked suppressions are common
VARIED = ["region", "main_role", "hours_per_week_band", "previous_work", "years_in_care",
          "gender", "median_hourly_rate_band", "age_band"]  # fmt: skip


def random_returns(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    returns = []
    for _ in range(n):
        answers = {f: rng.choice(FIELDS[f]) for f in VARIED}
        # skew some answers so that tables mix large and small cells
        if rng.random() < 0.6:
            answers["region"] = "london"
        if rng.random() < 0.5:
            answers["main_role"] = "personal_assistant"
        returns.append(make_return(**answers))
    return returns


def lines_of(tables: report.Tables) -> list[list]:
    """Every additive line published: each one-way table, each two-way row and column,
    each with its total."""
    lines = [[*t.values, t.total] for t in tables.one_way]
    for t in tables.two_way:
        lines += [[*row, total] for row, total in zip(t.values, t.row_totals, strict=True)]
        columns = zip(*t.values, strict=True)
        lines += [[*col, total] for col, total in zip(columns, t.column_totals, strict=True)]
    return lines


def all_published(tables: report.Tables) -> list:
    values = [tables.returns]
    for line in lines_of(tables):
        values += line
    return values


def true_one_way(returns: list[dict], field: str) -> list[int]:
    counts = Counter(r[field] for r in returns)
    return [counts[v] for v in FIELDS[field]]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(5, 120),
    threshold=st.integers(2, 8),
)
def test_no_small_count_is_published_and_no_line_has_one_hidden_cell(seed, n, threshold):
    returns = random_returns(seed, n)
    tables = tables_for(returns, threshold=threshold)
    if n < threshold:
        assert not tables.published
        return
    for value in all_published(tables):
        if isinstance(value, int):
            assert not 0 < value < threshold
        else:
            assert value == f"<{threshold}"
    for line in lines_of(tables):
        hidden = sum(isinstance(value, str) for value in line)
        assert hidden != 1, line
    # what is shown is the truth, and every small count is hidden (others may be, too)
    for table in tables.one_way:
        for shown, true in zip(table.values, true_one_way(returns, table.field), strict=True):
            if isinstance(shown, int):
                assert shown == true
            else:
                assert true > 0 or any(isinstance(v, str) for v in table.values)
        assert table.total == n


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(10, 150))
@example(seed=173591, n=139)  # a count hidden to protect another was left alone in its row
def test_ons_10_5_rounds_and_suppresses_every_figure(seed, n):
    tables = tables_for(random_returns(seed, n), rule="ons-10-5")
    assert tables.threshold == 10
    for value in all_published(tables):
        if isinstance(value, int):
            assert value % 5 == 0 and not 0 < value < 10
        else:
            assert value == "<10"
    for line in lines_of(tables):
        assert sum(isinstance(value, str) for value in line) != 1, line


def test_ons_10_5_examples():
    answers = ["woman"] * 12 + ["man"] * 13 + ["non_binary"] * 7 + ["another_term"] * 3
    tables = tables_for([make_return(gender=g) for g in answers], rule="ons-10-5")
    [gender] = [t for t in tables.one_way if t.field == "gender"]
    assert gender.values == [10, 15, "<10", "<10", 0]
    assert gender.total == 35
    assert tables.returns == 35


def test_one_hidden_cell_in_a_one_way_table_takes_the_next_smallest_with_it():
    answers = ["woman"] * 20 + ["man"] * 9 + ["non_binary"] * 2
    tables = tables_for([make_return(gender=g) for g in answers])
    [gender] = [t for t in tables.one_way if t.field == "gender"]
    assert gender.values == [20, "<5", "<5", 0, 0]
    assert gender.total == 31


def test_two_small_cells_that_add_up_to_less_than_k_take_a_third():
    """1 and 2 hidden alone would each be at most 3: neither could be 5, so more is hidden."""
    answers = ["woman"] * 20 + ["man"] * 9 + ["non_binary"] * 2 + ["another_term"]
    tables = tables_for([make_return(gender=g) for g in answers])
    [gender] = [t for t in tables.one_way if t.field == "gender"]
    assert gender.values == [20, "<5", "<5", "<5", 0]


def test_a_two_way_row_with_one_small_cell_hides_another():
    returns = (
        [make_return(region="london", main_role="personal_assistant") for _ in range(20)]
        + [make_return(region="london", main_role="home_support") for _ in range(8)]
        + [make_return(region="london", main_role="other") for _ in range(2)]
        + [make_return(region="north_east", main_role="home_support") for _ in range(9)]
        + [make_return(region="north_east", main_role="other") for _ in range(9)]
    )
    tables = tables_for(returns)
    [by_role] = [t for t in tables.two_way if (t.row_field, t.column_field) == TWO_WAY[0]]
    london = by_role.row_labels.index("London")
    roles = FIELDS["main_role"]
    row = dict(zip(roles, by_role.values[london], strict=True))
    assert row["other"] == "<5"
    assert row["personal_assistant"] == 20
    assert sum(isinstance(v, str) for v in row.values()) >= 2
    for line in lines_of(tables):
        assert sum(isinstance(value, str) for value in line) != 1, line


def test_fewer_than_k_returns_publish_no_table(tmp_path):
    tables = tables_for([make_return() for _ in range(4)], threshold=5)
    assert not tables.published
    assert tables.one_way == [] and tables.two_way == [] and tables.medians == []
    assert "Fewer than 5 returns" in tables.notes[0]
    path = write_report_xlsx(tables, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Notes"]
    assert "Fewer than 5 returns" in " ".join(str(c.value) for c in book["Notes"]["A"])
    pdf = write_report_pdf(tables, tmp_path / "report.pdf")
    assert "Fewer than 5 returns" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def medians_of(release: dict, field: str) -> dict:
    return {
        None if s["group"] is None else s["group"]["value"]: s["value"]
        for s in release["statistics"]
        if s["field"] == field
    }


def test_a_median_is_given_where_its_group_and_the_counts_it_rests_on_are_shown():
    rates = ["14_16"] * 5 + ["16_18"] * 6 + ["18_20"] * 5
    returns = [make_return(median_hourly_rate_band=r, region="london") for r in rates]
    returns += [make_return(median_hourly_rate_band="30_plus", region="south_west")] * 5
    medians = medians_of(release_of(returns), "median_hourly_rate_band")
    assert medians[None] == "16_18"  # 21 answers, the 11th
    assert medians["london"] == "16_18"  # 16 answers, the lower middle is the 8th
    assert medians["south_west"] == "30_plus"
    assert medians["north_east"] is None  # no returns


def test_no_median_for_a_group_whose_count_is_hidden():
    returns = [make_return(region="london") for _ in range(12)]
    returns += [make_return(region="south_west") for _ in range(3)]
    returns += [make_return(region="north_west") for _ in range(6)]
    release = release_of(returns)
    [region] = [t for t in release["tables"] if t["fields"] == ["region"]]
    shown = dict(zip(region["values"][0], region["cells"], strict=True))
    assert shown["south_west"] is None and shown["north_west"] is None  # 3, and its partner
    medians = medians_of(release, "hours_per_week_band")
    assert medians["london"] is not None
    assert medians["south_west"] is None and medians["north_west"] is None


def test_no_median_over_a_table_with_hidden_counts():
    """All returns' median age would say how the hidden age bands split."""
    ages = ["25_34"] * 9 + ["35_44"] * 2 + ["45_54"] * 9
    release = release_of([make_return(age_band=a) for a in ages])
    assert medians_of(release, "age_band")[None] is None
    assert medians_of(release, "hours_per_week_band")[None] is not None


def test_withheld_medians_read_the_same_whatever_the_reason(tmp_path):
    returns = [make_return(region="london") for _ in range(12)]
    returns += [make_return(region="south_west") for _ in range(3)]
    tables = tables_for(returns)
    texts = {row.medians["hours_per_week_band"] for row in tables.medians}
    assert texts <= {
        "not shown",
        "Under 10",
        *(r.medians["hours_per_week_band"] for r in tables.medians),
    }
    assert "not shown" in texts


def test_unknown_rule_or_silly_threshold_is_refused():
    with pytest.raises(ValueError, match="rule"):
        release_of([make_return()], rule="round-3")
    with pytest.raises(ValueError, match="threshold"):
        release_of([make_return()], threshold=1)


def test_xlsx_pdf_and_json_show_the_same_figures(tmp_path):
    release = release_of(random_returns(7, 80))
    tables = report.tables_of(release)
    book = openpyxl.load_workbook(write_report_xlsx(tables, tmp_path / "report.xlsx"))
    written = json.loads(write_release_json(release, tmp_path / "report.json").read_text())
    assert written == release
    assert set(written) >= {"rule", "threshold", "period", "tables", "statistics"}
    assert book.sheetnames[:2] == ["Notes", "Medians"]
    assert len(book.sheetnames) == 2 + len(tables.one_way) + len(tables.two_way)
    notes = " ".join(str(c.value) for c in book["Notes"]["A"])
    assert "<5" in notes and "secondary suppression" in notes
    one_way = [t for t in written["tables"] if len(t["fields"]) == 1]
    for table, name in zip(one_way, book.sheetnames[2:], strict=False):
        sheet = book[name]
        assert sheet["A1"].value == table["name"]
        assert sheet.freeze_panes == "A2"
        assert len(sheet._charts) == 1, name
        shown = [c.value for c in sheet["B"]][1:-1]
        assert shown == [c if c is not None else "<5" for c in table["cells"]]
        assert sheet.cell(row=sheet.max_row, column=2).value == 80
        assert table["values"] == [FIELDS[table["fields"][0]]]
    two_way = [t for t in written["tables"] if len(t["fields"]) == 2]
    assert [t["fields"] for t in two_way] == [list(pair) for pair in TWO_WAY]
    for index, table in enumerate(two_way):
        sheet = book[book.sheetnames[2 + len(one_way) + index]]
        assert sheet.freeze_panes == "B2"
        assert not sheet._charts
        rows = [[c.value for c in row][1:-1] for row in sheet.iter_rows(min_row=2)][:-1]
        assert rows == [[c if c is not None else "<5" for c in r] for r in table["cells"]]
    text = " ".join(
        page.extract_text()
        for page in PdfReader(write_report_pdf(tables, tmp_path / "r.pdf")).pages
    )
    assert "Returns: 80" in text and "Region by main role" in text and "<5" in text
    assert "Median hourly rate" in text
