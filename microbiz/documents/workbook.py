"""Everything in one Excel workbook, a sheet per record kind, in openpyxl write-only mode."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from microbiz.clients import SUPPORT
from microbiz.dates import format_hours
from microbiz.errors import UserError
from microbiz.models import CLIENT_STATUSES
from microbiz.models import FUNDING_ROUTES
from microbiz.models import PAYER_KINDS
from microbiz.models import Client
from microbiz.models import VisitType
from microbiz.money import money_decimal

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Progress = Callable[[int, int], None]

DATE_FORMAT = "DD/MM/YYYY"
CURRENCY_FORMAT = '"£"#,##0.00'
HOURS_FORMAT = "0.00"
MIN_WIDTH = 8
MAX_WIDTH = 50
WIDTH_SAMPLE_ROWS = 500
PROGRESS_EVERY = 200
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """A sheet column: its heading and, for dates and numbers, the Excel number format."""

    header: str
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One record kind as a sheet: `rows` may be lazy; `count` is how many it will yield."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    count: int


def export_workbook(path: Path, progress: Progress | None = None) -> Path:
    """Write every sheet to `path`, replacing it only once the whole workbook is written."""
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path.name} must end in .xlsx, the Excel workbook format.")
    if not path.parent.is_dir():
        raise UserError(f"There is no folder {path.parent} to save {path.name} in.")
    sheets = [clients_sheet()]
    total = sum(sheet.count for sheet in sheets)
    report = progress or _ignore_progress
    workbook = Workbook(write_only=True)
    completed = False
    try:
        done = 0
        report(done, total)
        for sheet in sheets:
            done = _write_sheet(workbook, sheet, done, total, report)
        completed = True
    finally:
        _save(workbook, path, keep=completed)
    return path


def clients_sheet() -> Sheet:
    """Every client's details and Support rates, by name."""
    columns = [
        Column("Name"),
        Column("Status"),
        Column("Funding"),
        Column("Payer kind"),
        Column("Payer name"),
        Column("Payer address"),
        Column("Payer postcode"),
        Column("Payer email"),
        Column("Payer reference"),
        Column("Address"),
        Column("Postcode"),
        Column("Phone"),
        Column("Email"),
        Column("Start date", DATE_FORMAT),
        Column("Contracted hours", HOURS_FORMAT),
        Column("Weekday rate", CURRENCY_FORMAT),
        Column("Weekend rate", CURRENCY_FORMAT),
        Column("Bank holiday rate", CURRENCY_FORMAT),
        Column("Notes"),
        Column("Added", DATE_FORMAT),
        Column("Last changed", DATE_FORMAT),
    ]
    query = Client.select().order_by(peewee.fn.lower(Client.name), Client.id)
    supports = {
        rate.client_id: rate for rate in VisitType.select().where(VisitType.name == SUPPORT)
    }
    rows = (_client_row(client, supports.get(client.id)) for client in query)
    return Sheet("Clients", columns, rows, query.count())


def _client_row(client: Client, support: VisitType | None) -> list[object]:
    rates = (
        [
            money_decimal(support.weekday_rate_pence),
            money_decimal(support.weekend_rate_pence),
            money_decimal(support.bank_holiday_rate_pence),
        ]
        if support
        else [None, None, None]
    )
    return [
        client.name,
        CLIENT_STATUSES.get(client.status, client.status),
        FUNDING_ROUTES.get(client.funding_route, client.funding_route),
        PAYER_KINDS.get(client.payer_kind, client.payer_kind),
        client.payer_name,
        client.payer_address,
        client.payer_postcode,
        client.payer_email,
        client.payer_reference,
        client.address,
        client.postcode,
        client.phone,
        client.email,
        client.start_date,
        Decimal(format_hours(client.contracted_minutes)),
        *rates,
        client.notes,
        client.created_at.date(),
        client.updated_at.date(),
    ]


def _write_sheet(workbook: Workbook, sheet: Sheet, done: int, total: int, report: Progress) -> int:
    """Append a sheet (widths and frozen header first, as write-only mode needs); the new `done`."""
    worksheet = workbook.create_sheet(sheet.title)
    rows = iter(sheet.rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    for position, width in enumerate(_column_widths(sheet.columns, sample), start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = width
    worksheet.freeze_panes = "A2"
    worksheet.append([_header_cell(worksheet, column.header) for column in sheet.columns])
    for row in chain(sample, rows):
        worksheet.append(_cells(worksheet, sheet.columns, row))
        done += 1
        if done % PROGRESS_EVERY == 0:
            report(done, total)
    report(done, total)
    return done


def _header_cell(worksheet: WriteOnlyWorksheet, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=header)
    cell.font = _BOLD
    return cell


def _cells(
    worksheet: WriteOnlyWorksheet, columns: Sequence[Column], row: Sequence[object]
) -> list[object]:
    return [_cell(worksheet, column, value) for column, value in zip(columns, row, strict=True)]


def _cell(worksheet: WriteOnlyWorksheet, column: Column, value: object) -> object:
    """A value to append: blank as None, text as text, a styled cell for a number format."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _text_cell(worksheet, value)
    if column.number_format is None:
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = column.number_format
    return cell


def _text_cell(worksheet: WriteOnlyWorksheet, text: str) -> object:
    """Text without the control characters a workbook cannot hold, never run as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    return cell


def _column_widths(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> list[int]:
    """Widths in characters that fit the header and the sampled values, within limits."""
    widths = []
    for position, column in enumerate(columns):
        longest = max(
            [len(column.header), *(_shown_length(row[position]) for row in rows)], default=0
        )
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _shown_length(value: object) -> int:
    """Roughly how many characters Excel shows for a value in our formats."""
    if value is None:
        return 0
    if isinstance(value, date):
        return len("31/12/2026")
    if isinstance(value, Decimal):
        return len(f"£{value:,.2f}")
    return max(len(line) for line in str(value).splitlines() or [""])


def _save(workbook: Workbook, path: Path, keep: bool) -> None:
    """Save to a file beside `path`, then swap it in if `keep`: no half-written file is left.

    A failed export is saved too, then thrown away: saving is openpyxl's only public way
    to close the temporary files behind write-only sheets.
    """
    partial = path.with_name(path.name + ".partial")
    try:
        workbook.save(partial)
        if keep:
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _ignore_progress(done: int, total: int) -> None:
    """The progress callback used when nobody is watching."""
