"""Everything in one Excel workbook, a sheet per record kind, in openpyxl write-only mode."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import chain
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from microbiz.foundations.errors import UserError
from microbiz.records.sheets import CURRENCY_FORMAT  # noqa: F401 (tests read the formats here)
from microbiz.records.sheets import DATE_FORMAT  # noqa: F401
from microbiz.records.sheets import SHEETS
from microbiz.records.sheets import Column
from microbiz.records.sheets import Sheet

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Progress = Callable[[int, int], None]

MIN_WIDTH = 8
MAX_WIDTH = 50
WIDTH_SAMPLE_ROWS = 500
PROGRESS_EVERY = 200
_BOLD = Font(bold=True)


def export_workbook(
    path: Path,
    progress: Progress | None = None,
    sheets: list[Callable[[], Sheet]] | None = None,
) -> Path:
    """Write the sheets (default: every record kind) to `path`, replacing it only once whole."""
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path.name} must end in .xlsx, the Excel workbook format.")
    if not path.parent.is_dir():
        raise UserError(f"There is no folder {path.parent} to save {path.name} in.")
    sheets = [make() for make in (SHEETS if sheets is None else sheets)]
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
