"""The published report: no small count shown, no hidden cell recoverable from one line,
10-5 rounding, nothing at all below the threshold, medians only over K answers."""

from __future__ import annotations

import random
from collections import Counter

import openpyxl
import pytest
from collector_support import make_return
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from pypdf import PdfReader

from microbiz.collector import report
from microbiz.collector.report import TWO_WAY
from microbiz.collector.report import build_tables
from microbiz.collector.report import write_report_pdf
from microbiz.collector.report import write_report_xlsx
from microbiz.collector.schema import enum_fields

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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(5, 120),
    threshold=st.integers(2, 8),
)
def test_no_small_count_is_published_and_no_line_has_one_hidden_cell(seed, n, threshold):
    returns = random_returns(seed, n)
    tables = build_tables(returns, threshold=threshold)
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
                assert true > 0
        assert table.total == n


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(10, 150))
def test_ons_10_5_rounds_and_suppresses_every_figure(seed, n):
    tables = build_tables(random_returns(seed, n), rule="ons-10-5")
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
    returns = [make_return(gender=g) for g in answers]
    tables = build_tables(returns, rule="ons-10-5")
    [gender] = [t for t in tables.one_way if t.field == "gender"]
    assert gender.values == [10, 15, "<10", "<10", 0]
    assert gender.total == 35
    assert tables.returns == 35


def test_one_hidden_cell_in_a_one_way_table_takes_the_next_smallest_with_it():
    answers = ["woman"] * 20 + ["man"] * 9 + ["non_binary"] * 2
    tables = build_tables([make_return(gender=g) for g in answers])
    [gender] = [t for t in tables.one_way if t.field == "gender"]
    assert gender.values == [20, "<5", "<5", 0, 0]
    assert gender.total == 31


def test_a_two_way_row_with_one_small_cell_hides_another():
    returns = (
        [make_return(region="london", main_role="personal_assistant") for _ in range(20)]
        + [make_return(region="london", main_role="home_support") for _ in range(8)]
        + [make_return(region="london", main_role="other") for _ in range(2)]
        + [make_return(region="north_east", main_role="home_support") for _ in range(9)]
        + [make_return(region="north_east", main_role="other") for _ in range(9)]
    )
    tables = build_tables(returns)
    [by_role] = [t for t in tables.two_way if (t.row_field, t.column_field) == TWO_WAY[0]]
    london = by_role.row_labels.index("London")
    roles = FIELDS["main_role"]
    row = dict(zip(roles, by_role.values[london], strict=True))
    assert row["other"] == "<5"
    assert row["home_support"] == "<5"  # the next smallest in that row, hidden alike
    assert row["personal_assistant"] == 20
    # and the column it was taken from now has two hidden cells too
    column = [r[roles.index("home_support")] for r in by_role.values]
    assert sum(isinstance(v, str) for v in [*column, by_role.column_totals[2]]) >= 2


def test_fewer_than_k_returns_publish_no_table(tmp_path):
    returns = [make_return() for _ in range(4)]
    tables = build_tables(returns, threshold=5)
    assert not tables.published
    assert tables.one_way == [] and tables.two_way == [] and tables.medians == []
    assert "Fewer than 5 returns" in tables.notes[0]
    path = write_report_xlsx(tables, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Notes"]
    assert "Fewer than 5 returns" in " ".join(str(c.value) for c in book["Notes"]["A"])
    pdf = write_report_pdf(tables, tmp_path / "report.pdf")
    assert "Fewer than 5 returns" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_medians_only_over_k_answers():
    rates = ["14_16", "16_18", "16_18", "18_20", "no_data", "no_data"]
    returns = [make_return(median_hourly_rate_band=r, region="london") for r in rates]
    returns += [make_return(median_hourly_rate_band="30_plus", region="south_west") for _ in "1234"]
    returns += [make_return(median_hourly_rate_band="no_data", region="north_west") for _ in "123"]
    tables = build_tables(returns, threshold=4)
    medians = {row.group: row.medians["median_hourly_rate_band"] for row in tables.medians}
    # all: 14_16, 16_18, 16_18, 18_20, 30_plus x4 -> 8 answers, lower middle is the 4th
    assert medians["All returns"] == "£18-£20"
    assert medians["Region: London"] == "£16-£18"  # 4 answers: no_data left out
    assert medians["Region: South West"] == "£30+"
    assert medians["Region: North West"] == "fewer than 4 answers"  # no_data only
    assert medians["Region: North East"] == "fewer than 4 answers"
    tables5 = build_tables(returns, threshold=5)
    medians5 = {row.group: row.medians["median_hourly_rate_band"] for row in tables5.medians}
    assert medians5["Region: London"] == "fewer than 5 answers"
    assert medians5["All returns"] == "£18-£20"


def test_unknown_rule_or_silly_threshold_is_refused():
    with pytest.raises(ValueError, match="rule"):
        build_tables([], rule="round-3")
    with pytest.raises(ValueError, match="threshold"):
        build_tables([], threshold=1)


def test_xlsx_has_a_sheet_and_a_chart_per_table(tmp_path):
    tables = build_tables(random_returns(7, 80))
    path = write_report_xlsx(tables, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Notes", "Medians"]
    assert len(book.sheetnames) == 2 + len(tables.one_way) + len(tables.two_way)
    notes = " ".join(str(c.value) for c in book["Notes"]["A"])
    assert "<5" in notes and "secondary suppression" in notes
    for table, name in zip(tables.one_way, book.sheetnames[2:], strict=False):
        sheet = book[name]
        assert sheet["A1"].value == table.title
        assert sheet.freeze_panes == "A2"
        assert len(sheet._charts) == 1, name
        assert [c.value for c in sheet["B"]][1:-1] == table.values
        assert sheet.cell(row=sheet.max_row, column=2).value == 80
    for table in tables.two_way:
        sheet = book[book.sheetnames[2 + len(tables.one_way) + tables.two_way.index(table)]]
        assert sheet.freeze_panes == "B2"
        assert not sheet._charts
        assert [c.value for c in sheet[1]][1:-1] == table.column_labels


def test_pdf_reads_back(tmp_path):
    tables = build_tables(random_returns(11, 60))
    path = write_report_pdf(tables, tmp_path / "report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Self-employed care workforce" in text
    assert "Returns: 60" in text
    assert "Region by main role" in text
    assert "Median hourly rate" in text
    assert "<5" in text
