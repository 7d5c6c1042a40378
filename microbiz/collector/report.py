"""Published figures from the returns: aggregate tables with disclosure control.

Rules, as the notes sheet states them:
- counts from 1 to K-1 are hidden and shown as "<K" (primary suppression; K=5 by default);
- secondary suppression: wherever a row, a column or a one-way table (with its published
  total) would have exactly one hidden cell, the next smallest non-zero cell in it is
  hidden too and shown the same way, "<K", so a reader cannot tell which hidden cell is
  the small one (a different mark would say "at least K" and give the small one away);
  repeated across all linked tables until nothing changes
  (the margins of a two-way table are the one-way tables of its two questions);
- medians (of ordered bands) only over at least K answers;
- rule "ons-10-5": hide counts below 10 (K is at least 10), round every other count,
  the totals too, to the nearest 5;
- with fewer than K returns in all, no table is published at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart
from openpyxl.chart import Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from microbiz.collector.schema import enum_fields
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import data_table
from microbiz.foundations.pdf_layout import paragraph
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document

SUPPRESS = "suppress"
ONS_10_5 = "ons-10-5"
RULES = (SUPPRESS, ONS_10_5)
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

TITLES = {
    "age_band": "Age",
    "gender": "Gender",
    "ethnic_group": "Ethnic group",
    "nationality": "Nationality",
    "disability": "Disability",
    "care_certificate": "Care Certificate",
    "qualification_level": "Highest care qualification",
    "years_in_care": "Years in adult social care",
    "previous_work": "Work before self-employment",
    "main_role": "Main role",
    "region": "Region",
    "employs_others": "Employs others",
    "hours_per_week_band": "Hours delivered per week",
    "people_supported_band": "People supported",
    "median_hourly_rate_band": "Median hourly rate",
    "income_share_self_funded": "Income share: self-funded",
    "income_share_direct_payment": "Income share: Direct Payments",
    "income_share_council": "Income share: council",
    "income_share_nhs": "Income share: NHS",
    "income_share_shared_lives": "Income share: Shared Lives",
    "income_share_other": "Income share: other",
    "insurance_held": "Insurance held",
    "dbs_current": "DBS check current",
}
LABELS = {
    "prefer_not_to_say": "Prefer not to say",
    "24_and_under": "24 and under",
    "65_plus": "65+",
    "non_binary": "Non-binary",
    "another_term": "Another term",
    "in_progress": "In progress",
    "level_4_plus": "Level 4+",
    "under_1": "Under 1",
    "over_10": "Over 10",
    "over_50": "Over 50",
    "nhs": "NHS",
    "care_provider": "Care provider",
    "pa_for_dp_employer": "PA for a Direct Payment employer",
    "outside_care": "Outside care",
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
    "no_data": "No data",
    "under_12": "Under £12",
    "30_plus": "£30+",
}


@dataclass(frozen=True)
class OneWayTable:
    """How many returns gave each answer to one question."""

    field: str
    title: str
    labels: list[str]
    values: list[int | str]
    total: int | str


@dataclass(frozen=True)
class TwoWayTable:
    """Returns counted by the answers to two questions, with row and column totals."""

    row_field: str
    column_field: str
    title: str
    row_labels: list[str]
    column_labels: list[str]
    values: list[list[int | str]]
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


@dataclass(frozen=True)
class MedianRow:
    """The median band of each ordered answer within one group of returns."""

    group: str
    medians: dict[str, str]


@dataclass(frozen=True)
class Tables:
    """Everything the report publishes; nothing in it is an unprotected small count."""

    threshold: int
    rule: str
    published: bool
    returns: int | str
    one_way: list[OneWayTable] = dataclass_field(default_factory=list)
    two_way: list[TwoWayTable] = dataclass_field(default_factory=list)
    medians: list[MedianRow] = dataclass_field(default_factory=list)
    notes: list[str] = dataclass_field(default_factory=list)


def effective_threshold(threshold: int, rule: str) -> int:
    if rule not in RULES:
        raise ValueError(f"unknown disclosure rule {rule!r}: use {' or '.join(RULES)}")
    if threshold < 2:
        raise ValueError("the threshold must be at least 2")
    return max(threshold, 10) if rule == ONS_10_5 else threshold


def build_tables(returns: Iterable[dict], threshold: int = 5, rule: str = SUPPRESS) -> Tables:
    """The published tables for `returns` (validated answers) under the disclosure rule."""
    k = effective_threshold(threshold, rule)
    answers = list(returns)
    fields = {f: v for f, v in enum_fields().items() if f not in NOT_TABULATED}
    n = len(answers)
    if n < k:
        note = (
            f"Fewer than {k} returns have been received, so no table is published: "
            "any figure could identify the people who sent them."
        )
        return Tables(k, rule, False, f"<{k}", notes=[note, *rule_notes(k, rule)])

    one_counts = {f: _count_one(answers, f, values) for f, values in fields.items()}
    two_counts = {
        pair: _count_two(answers, pair, fields[pair[0]], fields[pair[1]]) for pair in TWO_WAY
    }
    protection = _Protection(one_counts, two_counts, k)
    protection.run()

    def shown(count: int, mark: str | None) -> int | str:
        if mark is not None:
            return f"<{k}"
        return _round5(count) if rule == ONS_10_5 else count

    one_way = [
        OneWayTable(
            field=f,
            title=TITLES.get(f, label(f)),
            labels=[value_label(f, v) for v in values],
            values=[shown(c, m) for c, m in zip(one_counts[f], protection.one[f], strict=True)],
            total=shown(n, None),
        )
        for f, values in fields.items()
    ]
    two_way = []
    for row_field, column_field in TWO_WAY:
        pair = (row_field, column_field)
        cells = two_counts[pair]
        marks = protection.two[pair]
        two_way.append(
            TwoWayTable(
                row_field=row_field,
                column_field=column_field,
                title=f"{TITLES[row_field]} by {TITLES[column_field].lower()}",
                row_labels=[value_label(row_field, v) for v in fields[row_field]],
                column_labels=[value_label(column_field, v) for v in fields[column_field]],
                values=[
                    [shown(c, m) for c, m in zip(row, row_marks, strict=True)]
                    for row, row_marks in zip(cells, marks, strict=True)
                ],
                row_totals=[
                    shown(c, m)
                    for c, m in zip(one_counts[row_field], protection.one[row_field], strict=True)
                ],
                column_totals=[
                    shown(c, m)
                    for c, m in zip(
                        one_counts[column_field], protection.one[column_field], strict=True
                    )
                ],
                total=shown(n, None),
            )
        )
    medians = _medians(answers, fields, k)
    periods = sorted({a["period"] for a in answers})
    notes = [f"Returns for {', '.join(periods)}.", *rule_notes(k, rule)]
    return Tables(k, rule, True, shown(n, None), one_way, two_way, medians, notes)


def rule_notes(k: int, rule: str) -> list[str]:
    """The disclosure rules in plain English, for the notes sheet and the PDF."""
    notes = [
        "Every figure is a count of returns. Returns are anonymous: they hold answers in "
        "bands only, with no names, places smaller than a region, or exact figures.",
        f"Counts from 1 to {k - 1} are not shown: such a cell reads <{k}. Where one hidden "
        f"cell could be worked out from the published totals, another cell in the same row, "
        f"column or table is hidden too and also reads <{k} (secondary suppression), so a "
        f"cell reading <{k} may hold more. A zero is shown as 0.",
        f"Medians are of the ordered answer bands (the lower middle one for an even number), "
        f"and only given where at least {k} returns answered.",
        f"With fewer than {k} returns in all, no table is published.",
    ]
    if rule == ONS_10_5:
        notes.append(
            "ONS-style 10-5 rule: counts below 10 are hidden, and every other count, totals "
            "included, is rounded to the nearest 5, so rows may not add up to their totals."
        )
    return notes


def label(value: str) -> str:
    """An answer or field name in words: "25_34" -> "25-34", "14_16" -> "14-16"."""
    if value in LABELS:
        return LABELS[value]
    parts = value.split("_")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[0]}-{parts[1]}"
    return value.replace("_", " ").capitalize()


def value_label(field: str, value: str) -> str:
    """An answer in words within its question (money and percentage bands get their unit)."""
    text = label(value)
    if field == "median_hourly_rate_band" and text[0].isdigit():
        low, _, high = text.partition("-")
        return f"£{low}-£{high}"
    if field.startswith("income_share_"):
        return f"{text}%"
    return text


def _count_one(answers: list[dict], field: str, values: list[str]) -> list[int]:
    counts = Counter(a[field] for a in answers)
    return [counts[v] for v in values]


def _count_two(
    answers: list[dict], pair: tuple[str, str], rows: list[str], columns: list[str]
) -> list[list[int]]:
    counts = Counter((a[pair[0]], a[pair[1]]) for a in answers)
    return [[counts[(r, c)] for c in columns] for r in rows]


def _round5(count: int) -> int:
    return (count + 2) // 5 * 5


class _Protection:
    """Which cells to hide: primary marks for small counts, then secondary marks until every
    line (a one-way table; a two-way table's row or column with its total) has either no
    hidden cell or at least two."""

    def __init__(
        self,
        one_counts: dict[str, list[int]],
        two_counts: dict[tuple[str, str], list[list[int]]],
        k: int,
    ) -> None:
        self.one_counts = one_counts
        self.two_counts = two_counts
        self.one = {
            f: ["primary" if 0 < c < k else None for c in counts]
            for f, counts in one_counts.items()
        }
        self.two = {
            pair: [["primary" if 0 < c < k else None for c in row] for row in cells]
            for pair, cells in two_counts.items()
        }

    def run(self) -> None:
        changed = True
        while changed:
            changed = False
            for f in self.one:
                entries = [(c, False, ("one", f, i)) for i, c in enumerate(self.one_counts[f])]
                changed |= self._settle(entries)
            for (row_field, column_field), cells in self.two_counts.items():
                pair = (row_field, column_field)
                for i, row in enumerate(cells):
                    entries = [(c, False, ("two", pair, i, j)) for j, c in enumerate(row)]
                    entries.append((self.one_counts[row_field][i], True, ("one", row_field, i)))
                    changed |= self._settle(entries)
                for j in range(len(cells[0])):
                    entries = [(row[j], False, ("two", pair, i, j)) for i, row in enumerate(cells)]
                    entries.append(
                        (self.one_counts[column_field][j], True, ("one", column_field, j))
                    )
                    changed |= self._settle(entries)

    def _settle(self, entries: list[tuple[int, bool, tuple]]) -> bool:
        """Hide one more entry of a line that has exactly one hidden; True if it did."""
        hidden = [e for e in entries if self._mark(e[2])]
        if len(hidden) != 1:
            return False
        shown = [e for e in entries if not self._mark(e[2])]
        candidates = [e for e in shown if e[0] > 0] or [e for e in shown if not e[1]]
        if not candidates:
            return False
        count, is_total, where = min(candidates, key=lambda e: (e[0], e[1]))
        self._set_mark(where, "secondary")
        return True

    def _mark(self, where: tuple) -> str | None:
        if where[0] == "one":
            return self.one[where[1]][where[2]]
        return self.two[where[1]][where[2]][where[3]]

    def _set_mark(self, where: tuple, mark: str) -> None:
        if where[0] == "one":
            self.one[where[1]][where[2]] = mark
        else:
            self.two[where[1]][where[2]][where[3]] = mark


def _medians(answers: list[dict], fields: dict[str, list[str]], k: int) -> list[MedianRow]:
    groups: list[tuple[str, list[dict]]] = [("All returns", answers)]
    for group_field in MEDIAN_GROUPS:
        for value in fields[group_field]:
            members = [a for a in answers if a[group_field] == value]
            groups.append((f"{TITLES[group_field]}: {label(value)}", members))
    rows = []
    for name, members in groups:
        medians = {}
        for f, left_out in MEDIAN_FIELDS.items():
            order = [v for v in fields[f] if v not in left_out]
            positions = sorted(order.index(a[f]) for a in members if a[f] in order)
            if len(positions) < k:
                medians[f] = f"fewer than {k} answers"
            else:
                medians[f] = value_label(f, order[positions[(len(positions) - 1) // 2]])
        rows.append(MedianRow(name, medians))
    return rows


REPORT_TITLE = "Self-employed care workforce: anonymous returns"
_BOLD = Font(bold=True)
_PAIR_GAP = 6 * mm
_PAIR_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)
_SHEET_NAME_LIMIT = 31
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_report_xlsx(tables: Tables, path: Path) -> Path:
    """The tables as a workbook: notes first, a sheet per table, a bar chart per one-way table."""
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append([REPORT_TITLE])
    notes["A1"].font = _BOLD
    notes.append([f"Returns: {tables.returns}"])
    for note in tables.notes:
        notes.append([note])
    notes.column_dimensions["A"].width = 120
    names: set[str] = {"Notes"}
    if tables.medians:
        sheet = book.create_sheet(_sheet_name("Medians", names))
        header = ["Group", *(TITLES[f] for f in MEDIAN_FIELDS)]
        sheet.append(header)
        for row in tables.medians:
            sheet.append([row.group, *(row.medians[f] for f in MEDIAN_FIELDS)])
        _finish_sheet(sheet, "B2", len(header), first_width=34)
    for table in tables.one_way:
        sheet = book.create_sheet(_sheet_name(table.title, names))
        sheet.append([table.title, "Returns"])
        for row_label, value in zip(table.labels, table.values, strict=True):
            sheet.append([row_label, value])
        sheet.append(["Total", table.total])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        _finish_sheet(sheet, "A2", 2, first_width=34)
        sheet.add_chart(_bar_chart(sheet, table), "D2")
    for table in tables.two_way:
        sheet = book.create_sheet(_sheet_name(table.title, names))
        sheet.append([TITLES[table.row_field], *table.column_labels, "Total"])
        for row_label, values, total in zip(
            table.row_labels, table.values, table.row_totals, strict=True
        ):
            sheet.append([row_label, *values, total])
        sheet.append(["Total", *table.column_totals, table.total])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        _finish_sheet(sheet, "B2", len(table.column_labels) + 2, first_width=34)
    book.save(path)
    return path


def write_report_pdf(tables: Tables, path: Path) -> Path:
    """A short A4 summary of the tables, with the notes on how figures are protected."""
    look = styles()
    story: list[Flowable] = [
        paragraph(REPORT_TITLE, look.title),
        Spacer(0, 3 * mm),
        paragraph(f"Returns: {tables.returns}", look.strong),
        Spacer(0, 2 * mm),
    ]
    for note in tables.notes:
        story += [paragraph(note, look.small), Spacer(0, 1 * mm)]
    half = (CONTENT_WIDTH - _PAIR_GAP) / 2
    one_way = [_one_way_block(table, half) for table in tables.one_way]
    for start in range(0, len(one_way), 2):
        pair = one_way[start : start + 2]
        row = Table([pair + [""] * (2 - len(pair))], colWidths=[half + _PAIR_GAP, half])
        row.setStyle(_PAIR_STYLE)
        story += [Spacer(0, 4 * mm), row]
    for table in tables.two_way:
        columns = len(table.column_labels) + 1
        first = CONTENT_WIDTH * 0.24
        widths = [first, *([(CONTENT_WIDTH - first) / columns] * columns)]
        rows = [
            [lab, *map(str, values), str(total)]
            for lab, values, total in zip(
                table.row_labels, table.values, table.row_totals, strict=True
            )
        ]
        body = data_table(
            ["", *table.column_labels, "Total"],
            rows,
            widths,
            range(1, columns + 1),
            ["Total", *map(str, table.column_totals), str(table.total)],
        )
        story.append(_pdf_section(table.title, body))
    if tables.medians:
        story.append(_pdf_section("Medians", _medians_table(tables)))
    footer = f"Anonymous workforce returns · counts under {tables.threshold} hidden"
    return write_document(Path(path), REPORT_TITLE, footer, story)


def _one_way_block(table: OneWayTable, width: float) -> list[Flowable]:
    rows = [[lab, str(v)] for lab, v in zip(table.labels, table.values, strict=True)]
    body = data_table(
        [table.title, "Returns"],
        rows,
        [width * 0.72, width * 0.28],
        (1,),
        ["Total", str(table.total)],
    )
    return [body]


def _medians_table(tables: Tables) -> Flowable:
    fields = list(MEDIAN_FIELDS)
    first = CONTENT_WIDTH * 0.25
    widths = [first, *([(CONTENT_WIDTH - first) / len(fields)] * len(fields))]
    rows = [[row.group, *(row.medians[f] for f in fields)] for row in tables.medians]
    return data_table(["Group", *(TITLES[f] for f in fields)], rows, widths)


def _pdf_section(title: str, body: Flowable) -> Flowable:
    look = styles()
    return KeepTogether(
        [Spacer(0, 5 * mm), paragraph(title, look.heading), Spacer(0, 2 * mm), body]
    )


def _bar_chart(sheet, table: OneWayTable) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.title = table.title
    chart.legend = None
    chart.y_axis.title = "Returns"
    last = len(table.labels) + 1
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    chart.height = max(7.5, 0.8 * len(table.labels) + 3)
    chart.width = 16
    return chart


def _finish_sheet(sheet, freeze: str, columns: int, first_width: float) -> None:
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = freeze
    sheet.column_dimensions["A"].width = first_width
    for column in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(_FORBIDDEN_IN_SHEET_NAMES)[:_SHEET_NAME_LIMIT].strip()
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" {number}"
        name = base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(name)
    return name
