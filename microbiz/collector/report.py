"""The published report: a release's tables as a workbook, a PDF and JSON.

Every figure comes from the release document (`releases.publish`), so the three show
exactly the same counts, hidden cells and medians; nothing here decides what is shown.
"""

from __future__ import annotations

import json
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

from microbiz.collector.cell_key import CELL_KEY
from microbiz.collector.labels import TITLES
from microbiz.collector.labels import label
from microbiz.collector.labels import value_label
from microbiz.collector.tally import MEDIAN_FIELDS
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import data_table
from microbiz.foundations.pdf_layout import paragraph
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document

NOT_SHOWN = "not shown"


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
    """A release as shown: hidden counts read "<K"."""

    threshold: int
    rule: str
    published: bool
    returns: int | str
    one_way: list[OneWayTable] = dataclass_field(default_factory=list)
    two_way: list[TwoWayTable] = dataclass_field(default_factory=list)
    medians: list[MedianRow] = dataclass_field(default_factory=list)
    notes: list[str] = dataclass_field(default_factory=list)


def tables_of(release: dict) -> Tables:
    """The release document's tables with words for answers and marks for hidden counts."""
    k = release["threshold"]

    def shown(count: int | None) -> int | str:
        return f"<{k}" if count is None else count

    if not release["published"]:
        return Tables(k, release["rule"], False, f"<{k}", notes=release["notes"])
    one_way = {t["fields"][0]: t for t in release["tables"] if len(t["fields"]) == 1}
    tables = Tables(k, release["rule"], True, shown(release["returns"]), notes=release["notes"])
    for f, table in one_way.items():
        tables.one_way.append(
            OneWayTable(
                field=f,
                title=table["name"],
                labels=[value_label(f, v) for v in table["values"][0]],
                values=[shown(c) for c in table["cells"]],
                total=shown(table["total"]),
            )
        )
    for table in (t for t in release["tables"] if len(t["fields"]) == 2):
        row_field, column_field = table["fields"]
        rows, columns = table["values"]
        tables.two_way.append(
            TwoWayTable(
                row_field=row_field,
                column_field=column_field,
                title=table["name"],
                row_labels=[value_label(row_field, v) for v in rows],
                column_labels=[value_label(column_field, v) for v in columns],
                values=[[shown(c) for c in row] for row in table["cells"]],
                row_totals=[shown(c) for c in one_way[row_field]["cells"]],
                column_totals=[shown(c) for c in one_way[column_field]["cells"]],
                total=shown(table["total"]),
            )
        )
    tables.medians.extend(_median_rows(release["statistics"]))
    return tables


def write_release_json(release: dict, path: Path) -> Path:
    """The release document as JSON, for scripts."""
    Path(path).write_text(json.dumps(release, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return Path(path)


def _median_rows(statistics: list[dict]) -> list[MedianRow]:
    rows: dict[str, dict[str, str]] = {}
    for statistic in statistics:
        group = statistic["group"]
        name = (
            "All returns"
            if group is None
            else (f"{TITLES[group['field']]}: {label(group['value'])}")
        )
        value = statistic["value"]
        f = statistic["field"]
        rows.setdefault(name, {})[f] = NOT_SHOWN if value is None else value_label(f, value)
    return [MedianRow(name, medians) for name, medians in rows.items()]


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
    protection = (
        "small counts perturbed"
        if tables.rule == CELL_KEY
        else f"counts under {tables.threshold} hidden"
    )
    footer = f"Anonymous workforce returns · {protection}"
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
