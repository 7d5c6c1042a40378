"""Everything in one Excel workbook, a sheet per record kind, streamed row by row to disk.

XlsxWriter's constant-memory mode writes each row out as the next one begins, so a sheet
of any length costs the memory of one row; openpyxl is kept for reading workbooks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from microbiz.foundations.errors import UserError
from microbiz.records.sheets import CURRENCY_FORMAT  # noqa: F401 (tests read the formats here)
from microbiz.records.sheets import DATE_FORMAT
from microbiz.records.sheets import SHEETS
from microbiz.records.sheets import Sheet

Progress = Callable[[int, int], None]

MIN_WIDTH = 8
MAX_WIDTH = 50
WIDTH_SAMPLE_ROWS = 500
PROGRESS_EVERY = 200
# XlsxWriter takes widths in pixels, 7 to a character of the default font: 7 * width is
# stored as exactly `width` characters.
_PIXELS_PER_CHARACTER = 7
# The control characters a workbook (XML 1.0) cannot hold; tab and newlines are kept.
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


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
    partial = path.with_name(path.name + ".partial")
    workbook = Workbook(str(partial), {"constant_memory": True})
    completed = False
    try:
        looks = _Looks(workbook)
        done = 0
        report(done, total)
        for sheet in sheets:
            worksheet = workbook.add_worksheet(sheet.title)
            done = _write_sheet(worksheet, looks, sheet, done, total, report)
        completed = True
    finally:
        _close(workbook, partial, path, keep=completed)
    return path


class _Looks:
    """The workbook's cell formats, one for each number format and one for headers."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._formats: dict[str, Format] = {}
        self.header = workbook.add_format({"bold": True})

    def number(self, number_format: str | None) -> Format | None:
        if number_format is None:
            return None
        if number_format not in self._formats:
            self._formats[number_format] = self._workbook.add_format({"num_format": number_format})
        return self._formats[number_format]


def _write_sheet(
    worksheet: Worksheet, looks: _Looks, sheet: Sheet, done: int, total: int, report: Progress
) -> int:
    """Stream a sheet's rows under its frozen header, widths from the first rows; the new `done`."""
    worksheet.freeze_panes(1, 0)
    for position, column in enumerate(sheet.columns):
        worksheet.write_string(0, position, column.header, looks.header)
    formats = [looks.number(column.number_format) for column in sheet.columns]
    dates = [looks.number(column.number_format or DATE_FORMAT) for column in sheet.columns]
    longest = [len(column.header) for column in sheet.columns]
    for number, row in enumerate(sheet.rows, start=1):
        for position, value in enumerate(row):
            _write_cell(worksheet, number, position, value, formats[position], dates[position])
        if number <= WIDTH_SAMPLE_ROWS:
            longest = _longest(longest, row)
        done += 1
        if done % PROGRESS_EVERY == 0:
            report(done, total)
    for position, length in enumerate(longest):
        width = min(MAX_WIDTH, max(MIN_WIDTH, length + 2))
        worksheet.set_column_pixels(position, position, width * _PIXELS_PER_CHARACTER)
    report(done, total)
    return done


def _write_cell(
    worksheet: Worksheet,
    row: int,
    column: int,
    value: object,
    number_format: Format | None,
    date_format: Format | None,
) -> None:
    """Text as text (never run as a formula), numbers and dates in the column's format;
    nothing for a blank."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        worksheet.write_string(row, column, _without_illegal_characters(value))
    elif isinstance(value, date):
        worksheet.write_datetime(row, column, value, date_format)
    else:
        worksheet.write_number(row, column, value, number_format)


def _without_illegal_characters(text: str) -> str:
    """`text` less the control characters a workbook cannot hold (checked cheaply first)."""
    return text if text.isprintable() else _ILLEGAL_CHARACTERS.sub("", text)


def _longest(lengths: list[int], row: Sequence[object]) -> list[int]:
    """Each column's longest shown value so far, with this row's."""
    return [max(length, _shown_length(value)) for length, value in zip(lengths, row, strict=True)]


def _shown_length(value: object) -> int:
    """Roughly how many characters Excel shows for a value in our formats."""
    if value is None:
        return 0
    if isinstance(value, date):
        return len("31/12/2026")
    if isinstance(value, Decimal):
        return len(f"£{value:,.2f}")
    return max(len(line) for line in str(value).splitlines() or [""])


def _close(workbook: Workbook, partial: Path, path: Path, keep: bool) -> None:
    """Close the workbook beside `path`, then swap it in if `keep`: no half-written file is
    left. A failed export is closed too, then thrown away, so its temporary files go."""
    try:
        workbook.close()
        if keep:
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _ignore_progress(done: int, total: int) -> None:
    """The progress callback used when nobody is watching."""
