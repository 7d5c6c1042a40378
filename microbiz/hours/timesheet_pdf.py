"""The timesheet PDF a client signs, for Direct Payment audits.

Every figure reads exactly: times are hours and minutes, and each line with a rate is
one priced segment of a visit, so its time at its rate is its amount to the penny.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_duration
from microbiz.foundations.money import format_money
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import TEXT_COLOUR
from microbiz.foundations.pdf_layout import data_table
from microbiz.foundations.pdf_layout import key_value_table
from microbiz.foundations.pdf_layout import paragraph
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document
from microbiz.hours.pricing import BANK_HOLIDAY
from microbiz.hours.pricing import FLAT
from microbiz.hours.pricing import WEEKEND

DECLARATION = "I confirm that the support listed above was provided."
NO_VISITS = "No visits in this period."
SIGNATORIES = ("Worker", "Person supported or their representative")
SIGNATURE_LINES = ("Signature", "Name (printed)", "Date")
DELIVERED = "Delivered"
CANCELLED = "Cancelled at short notice, charged"
TOTAL_CHARGED = "Total charged"
UNTIL_MIDNIGHT = "until midnight"
AFTER_MIDNIGHT = "after midnight"
BAND_NAMES = {WEEKEND: "weekend rate", BANK_HOLIDAY: "bank holiday rate"}
NEXT_DAY = "\u00a0(+1\u00a0day)"

_NBSP = "\u00a0"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HEADER = ("Date", "Start", "End", "Break", "Hours", "Visit", "Rate", "Amount")
_NUMERIC_COLUMNS = (3, 4, 6, 7)
_FIXED_WIDTHS = {0: 29 * mm, 1: 12 * mm, 2: 26 * mm, 3: 15 * mm, 4: 22 * mm, 6: 20 * mm, 7: 20 * mm}
# the totals under the table: label, hours and amount, each spanning these columns
_TOTAL_SPANS = ((0, 2), (3, 4), (6, 7))
_PADDING = 3  # points each side of a cell, so every column fits its longest value


@dataclass(frozen=True)
class TimesheetCharge:
    """One priced segment of a visit: minutes on one day at one rate, in a pricing band."""

    day: date
    band: str
    minutes: int
    rate_pence: int
    amount_pence: int


@dataclass(frozen=True)
class TimesheetRow:
    """One visit; `minutes` is the billable time after the break, `charges` its priced segments."""

    day: date
    start: time
    end: time
    break_minutes: int
    minutes: int
    visit_type: str
    cancelled: bool = False
    charges: tuple[TimesheetCharge, ...] = ()


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


@dataclass(frozen=True)
class Totals:
    """Delivered and cancelled-but-charged time, kept apart, and what each comes to."""

    delivered_minutes: int
    cancelled_minutes: int
    delivered_pence: int
    cancelled_pence: int
    priced: bool

    @property
    def charged_pence(self) -> int:
        return self.delivered_pence + self.cancelled_pence


def write_timesheet(sheet: Timesheet, path: Path) -> Path:
    """Write the timesheet as an A4 PDF at `path`, ready to print and sign."""
    period = _period(sheet)
    totals = totals_of(sheet.rows)
    story = [
        paragraph("Timesheet", styles().title),
        Spacer(0, 5 * mm),
        _details(sheet, period),
        Spacer(0, 6 * mm),
        *_visits(sheet.rows, totals),
        _signatures(totals, period),
    ]
    title = f"Timesheet for {sheet.client_name}, {period}"
    footer = f"Timesheet · {period} · {sheet.client_name} · {sheet.business_name}"
    return write_document(path, title, footer, story)


def totals_of(rows: Sequence[TimesheetRow]) -> Totals:
    """Minutes and pence added up separately for delivered and cancelled visits."""
    delivered = [row for row in rows if not row.cancelled]
    cancelled = [row for row in rows if row.cancelled]
    return Totals(
        delivered_minutes=sum(row.minutes for row in delivered),
        cancelled_minutes=sum(row.minutes for row in cancelled),
        delivered_pence=_pence(delivered),
        cancelled_pence=_pence(cancelled),
        priced=any(row.charges for row in rows),
    )


def _pence(rows: list[TimesheetRow]) -> int:
    return sum(charge.amount_pence for row in rows for charge in row.charges)


def table_lines(rows: Sequence[TimesheetRow]) -> list[list[str]]:
    """The cells of every printed line, visits in time order, one line per priced segment."""
    ordered = sorted(rows, key=lambda row: (row.day, row.start))
    return [line for row in ordered for line in _lines_of(row)]


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


def _visits(rows: list[TimesheetRow], totals: Totals) -> list[Flowable]:
    if not rows:
        return [paragraph(NO_VISITS, styles().body)]
    table = data_table(
        _HEADER, table_lines(rows), _column_widths(), numeric_columns=_NUMERIC_COLUMNS
    )
    table.setStyle(_narrow_padding())
    return [table, _totals_table(totals)]


def _narrow_padding() -> TableStyle:
    return TableStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
        ]
    )


def _column_widths() -> list[float]:
    visit_width = CONTENT_WIDTH - sum(_FIXED_WIDTHS.values())
    return [_FIXED_WIDTHS.get(column, visit_width) for column in range(len(_HEADER))]


def _lines_of(row: TimesheetRow) -> list[list[str]]:
    """The visit's line, then a line for each further segment (the part after midnight)."""
    status = [CANCELLED] if row.cancelled else []
    if not row.charges:
        return [
            [*_times(row), _duration(row.minutes), "\n".join([row.visit_type, *status]), "", ""]
        ]
    first, *rest = row.charges
    split = [UNTIL_MIDNIGHT] if rest else []
    visit = "\n".join([row.visit_type, *split, *_band(first), *status])
    lines = [[*_times(row), _duration(first.minutes), visit, *_price(first)]]
    for charge in rest:
        later = "\n".join([AFTER_MIDNIGHT, *_band(charge)])
        lines.append(
            [_day(charge.day), "", "", "", _duration(charge.minutes), later, *_price(charge)]
        )
    return lines


def _times(row: TimesheetRow) -> list[str]:
    """Date, start, end and break, as the visit's first line shows them."""
    return [
        _day(row.day),
        row.start.strftime("%H:%M"),
        _end(row),
        f"{row.break_minutes}{_NBSP}min" if row.break_minutes else "–",
    ]


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]}{_NBSP}{format_date(day)}"


def _band(charge: TimesheetCharge) -> list[str]:
    """The day band in words when it is not the weekday rate (nor a flat fee)."""
    return [BAND_NAMES[charge.band]] if charge.band in BAND_NAMES else []


def _price(charge: TimesheetCharge) -> tuple[str, str]:
    """The rate ("£18.00 / h", or "£80.00" and "per visit" for a flat fee) and the amount."""
    rate = format_money(charge.rate_pence)
    if charge.band == FLAT:
        return f"{rate}\nper{_NBSP}visit", format_money(charge.amount_pence)
    return f"{rate}{_NBSP}/{_NBSP}h", format_money(charge.amount_pence)


def _duration(minutes: int) -> str:
    return format_duration(minutes).replace(" ", _NBSP)


def _end(row: TimesheetRow) -> str:
    """The end time, marked when the visit ran past midnight, never split over two lines."""
    end = row.end.strftime("%H:%M")
    return f"{end}{NEXT_DAY}" if row.end <= row.start else end


def _totals_table(totals: Totals) -> Table:
    """Delivered and cancelled-but-charged time as separate totals, under their columns."""
    rows = [
        (DELIVERED, _duration(totals.delivered_minutes), totals.delivered_pence),
        (CANCELLED, _duration(totals.cancelled_minutes), totals.cancelled_pence),
    ]
    if totals.priced:
        rows.append((TOTAL_CHARGED, "", totals.charged_pence))
    data = [
        _total_cells(label, hours, format_money(pence) if totals.priced else "")
        for label, hours, pence in rows
    ]
    table = Table(data, colWidths=_column_widths(), hAlign="LEFT")
    spans = [
        ("SPAN", (first, row), (last, row))
        for row in range(len(data))
        for first, last in _TOTAL_SPANS
    ]
    table.setStyle(
        TableStyle(
            [
                *spans,
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, TEXT_COLOUR),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, TEXT_COLOUR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _total_cells(label: str, hours: str, amount: str) -> list[object]:
    """A totals row: the label, hours and amount in the first column of each span."""
    bold = styles().cell_bold
    right = ParagraphStyle("total_right", parent=bold, alignment=TA_RIGHT)
    (label_at, _), (hours_at, _), (amount_at, _) = _TOTAL_SPANS
    cells: list[object] = [""] * len(_HEADER)
    cells[label_at] = paragraph(label, bold)
    cells[hours_at] = paragraph(hours, right)
    cells[amount_at] = paragraph(amount, right)
    return cells


def _summary_lines(totals: Totals, period: str) -> list[str]:
    """The totals restated above the signatures, delivered and cancelled kept apart."""
    lines = [
        f"{DELIVERED}, {period}: {format_duration(totals.delivered_minutes)}",
        f"{CANCELLED}: {format_duration(totals.cancelled_minutes)}",
    ]
    if totals.priced:
        lines.append(f"{TOTAL_CHARGED}: {format_money(totals.charged_pence)}")
    return lines


def _signatures(totals: Totals, period: str) -> Flowable:
    """The declaration and signature blocks, kept together on one page.

    The totals are restated so the page says what is being signed even when the block
    starts a page of its own.
    """
    sheet = styles()
    first = ParagraphStyle("summary_first", parent=sheet.strong, spaceBefore=10 * mm)
    lines = _summary_lines(totals, period)
    summary = [paragraph(lines[0], first), *(paragraph(line, sheet.strong) for line in lines[1:])]
    return KeepTogether(
        [
            *summary,
            Spacer(0, 2 * mm),
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
