"""Read rows from a CSV or XLSX file the user chose, keeping each row's spreadsheet number."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError

SUFFIXES = (".csv", ".xlsx")
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
_UNREADABLE_XLSX = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, ParseError)


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it (the header is row 1) and its cells."""

    number: int
    values: dict[str, object]

    def text(self, column: str) -> str:
        """The cell as text for the validators: blank when absent, dates as 31/12/2026."""
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, date):
            return format_date(value)
        return str(value)


def normalise_header(header: object) -> str:
    """Lower-case words joined by underscores: "Break (minutes)" -> "break_minutes"."""
    return re.sub(r"[\W_]+", "_", str(header or "").lower()).strip("_")


def read_rows(
    path: Path,
    required: Collection[str] = (),
    allowed: Collection[str] | None = None,
    sheet: str = "",
) -> list[Row]:
    """The non-blank data rows of a .csv or .xlsx file, keyed by normalised header.

    From a workbook, the sheet called `sheet` if it has one (as Microbiz's own export
    does), else the first. UserError if the file cannot be read, a `required` column
    is missing, or (given `allowed`) a column is not one of them.
    """
    grid = _read_grid(path, sheet)
    if not grid:
        raise UserError(f"{path.name} is empty.")
    header = _header(grid[0][1], required, allowed)
    return [row for number, cells in grid[1:] if (row := _row(number, header, cells))]


def _read_grid(path: Path, sheet: str) -> list[tuple[int, Sequence[object]]]:
    """Every row of the file with its number, cells as text, dates or None."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{path.name} is not a spreadsheet Microbiz can read: use a .csv or .xlsx file."
        )
    if not path.is_file():
        raise UserError(f"There is no file at {path}.")
    rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path, sheet)
    return [(number, [_cell(value) for value in cells]) for number, cells in rows]


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    for encoding in CSV_ENCODINGS:
        try:
            with open(path, encoding=encoding, newline="") as file:
                return list(enumerate(csv.reader(file), start=1))
        except UnicodeDecodeError:
            continue
        except csv.Error as problem:
            raise UserError(f"{path.name} is not a readable CSV file ({problem}).") from None
    raise UserError(f"{path.name} is not a text CSV file (save it as CSV UTF-8).")


def _read_xlsx(path: Path, wanted: str) -> list[tuple[int, tuple[object, ...]]]:
    """The chosen (or first) sheet's rows; missing rows come back empty, so numbers match."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except _UNREADABLE_XLSX:
        raise UserError(f"{path.name} is damaged or not an Excel .xlsx file.") from None
    try:
        named = {name.casefold(): name for name in workbook.sheetnames}
        sheet = (
            workbook[named[wanted.casefold()]]
            if wanted.casefold() in named
            else workbook.worksheets[0]
        )
        sheet.reset_dimensions()
        return list(enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1))
    except _UNREADABLE_XLSX:
        raise UserError(f"{path.name} is damaged or not an Excel .xlsx file.") from None
    finally:
        workbook.close()


def _cell(value: object) -> str | date | None:
    """A cell as the validators take it: trimmed text, a date, or None when blank."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return _number_text(value)
    text = str(value).strip()
    return text or None


def _number_text(value: float) -> str:
    """18.5 -> "18.5", 12.0 -> "12", 0.1 + 0.2 -> "0.3": the 15 significant digits Excel shows."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(format(value, ".15g")), "f")


def _header(
    cells: Sequence[object], required: Collection[str], allowed: Collection[str] | None
) -> list[str]:
    header = [normalise_header(cell) for cell in cells]
    named = [name for name in header if name]
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        raise UserError(f"more than one column is called {', '.join(repeated)}")
    missing = [name for name in required if name not in named]
    if missing:
        raise UserError(f"missing column: {', '.join(missing)}")
    unknown = [name for name in named if allowed is not None and name not in allowed]
    if unknown:
        expected = ", ".join(allowed or ())
        raise UserError(f"unknown column: {', '.join(unknown)} (the columns are: {expected})")
    return header


def _row(number: int, header: list[str], cells: Iterable[object]) -> Row | None:
    """The row keyed by header, or None when it is blank; UserError for data under no heading."""
    values: dict[str, object] = {}
    for position, value in enumerate(cells):
        if value is None:
            continue
        name = header[position] if position < len(header) else ""
        if not name:
            letter = get_column_letter(position + 1)
            raise UserError(f"row {number}: column {letter} has a value but no heading")
        values[name] = value
    return Row(number, values) if values else None
