"""The timesheet PDF a client signs, for Direct Payment audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import time
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from microbiz.dates import format_date
from microbiz.dates import format_hours
from microbiz.documents.layout import CONTENT_WIDTH
from microbiz.documents.layout import TEXT_COLOUR
from microbiz.documents.layout import data_table
from microbiz.documents.layout import key_value_table
from microbiz.documents.layout import paragraph
from microbiz.documents.layout import styles
from microbiz.documents.layout import write_document

DECLARATION = "I confirm that the support listed above was provided."
NO_VISITS = "No visits in this period."
SIGNATORIES = ("Worker", "Person supported or their representative")
SIGNATURE_LINES = ("Signature", "Name (printed)", "Date")

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HEADER = ("Date", "Start", "End", "Break", "Hours", "Type", "Status")
_NUMERIC_COLUMNS = (3, 4)
_FIXED_WIDTHS = {0: 30 * mm, 1: 14 * mm, 2: 18 * mm, 3: 17 * mm, 4: 16 * mm, 6: 36 * mm}


@dataclass(frozen=True)
class TimesheetRow:
    """One visit; `minutes` is the billable time after the break."""

    day: date
    start: time
    end: time
    break_minutes: int
    minutes: int
    visit_type: str
    status: str


@dataclass(frozen=True)
class Timesheet:
    """One worker's visits to one client over a period."""

    business_name: str
    worker_name: str
    client_name: str
    first_day: date
    last_day: date
    rows: list[TimesheetRow]
    reference: str = ""


def write_timesheet(sheet: Timesheet, path: Path) -> Path:
    """Write the timesheet as an A4 PDF at `path`, ready to print and sign."""
    period = _period(sheet)
    story = [
        paragraph("Timesheet", styles().title),
        Spacer(0, 5 * mm),
        _details(sheet, period),
        Spacer(0, 6 * mm),
        _visits(sheet.rows),
        _signatures(sheet.rows, period),
    ]
    title = f"Timesheet for {sheet.client_name}, {period}"
    footer = f"Timesheet · {period} · {sheet.client_name} · {sheet.business_name}"
    return write_document(path, title, footer, story)


def _period(sheet: Timesheet) -> str:
    return f"{format_date(sheet.first_day)} to {format_date(sheet.last_day)}"


def _details(sheet: Timesheet, period: str) -> Table:
    pairs = [
        ("Business", sheet.business_name),
        ("Worker", sheet.worker_name),
        ("Client (person supported)", sheet.client_name),
    ]
    if sheet.reference:
        pairs.append(("Reference", sheet.reference))
    pairs.append(("Period", period))
    return key_value_table(pairs)


def _visits(rows: list[TimesheetRow]) -> Flowable:
    if not rows:
        return paragraph(NO_VISITS, styles().body)
    ordered = sorted(rows, key=lambda row: (row.day, row.start))
    return data_table(
        _HEADER,
        [_cells(row) for row in ordered],
        _column_widths(),
        numeric_columns=_NUMERIC_COLUMNS,
        total_row=("Total hours", "", "", "", _total(rows), "", ""),
    )


def _total(rows: list[TimesheetRow]) -> str:
    """The total in hours: minutes are added first, so the total is exact."""
    return format_hours(sum(row.minutes for row in rows))


def _column_widths() -> list[float]:
    type_width = CONTENT_WIDTH - sum(_FIXED_WIDTHS.values())
    return [_FIXED_WIDTHS.get(column, type_width) for column in range(len(_HEADER))]


def _cells(row: TimesheetRow) -> list[str]:
    return [
        f"{_WEEKDAYS[row.day.weekday()]} {format_date(row.day)}",
        row.start.strftime("%H:%M"),
        _end(row),
        f"{row.break_minutes} min" if row.break_minutes else "–",
        format_hours(row.minutes),
        row.visit_type,
        row.status,
    ]


def _end(row: TimesheetRow) -> str:
    """The end time, marked when the visit ran past midnight."""
    end = row.end.strftime("%H:%M")
    return f"{end}\n(+1 day)" if row.end <= row.start else end


def _signatures(rows: list[TimesheetRow], period: str) -> Flowable:
    """The declaration and signature blocks, kept together on one page.

    The total is restated so the page says what is being signed even when the block
    starts a page of its own.
    """
    sheet = styles()
    summary = ParagraphStyle("summary", parent=sheet.strong, spaceBefore=10 * mm, spaceAfter=2 * mm)
    return KeepTogether(
        [
            paragraph(f"Total hours for {period}: {_total(rows)}", summary),
            paragraph(DECLARATION, sheet.body),
            Spacer(0, 4 * mm),
            _signature_table(),
        ]
    )


def _signature_table() -> Table:
    sheet = styles()
    label_width = 30 * mm
    gap = 10 * mm
    line_width = (CONTENT_WIDTH - gap - 2 * label_width) / 2
    first, second = (paragraph(name, sheet.strong) for name in SIGNATORIES)
    data: list[list[object]] = [[first, "", "", second, ""]]
    for label in SIGNATURE_LINES:
        data.append([paragraph(label, sheet.label), "", "", paragraph(label, sheet.label), ""])
    table = Table(
        data,
        colWidths=[label_width, line_width, gap, label_width, line_width],
        rowHeights=[None] + [13 * mm] * len(SIGNATURE_LINES),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (3, 0), (4, 0)),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (1, 1), (1, -1), 0.8, TEXT_COLOUR),
                ("LINEBELOW", (4, 1), (4, -1), 0.8, TEXT_COLOUR),
            ]
        )
    )
    return table
