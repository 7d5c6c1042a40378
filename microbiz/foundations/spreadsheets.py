"""Read rows from a CSV or XLSX file the user chose, keeping each row's spreadsheet number."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
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
from microbiz.foundations.validation import NUL
from microbiz.foundations.validation import UNSTORABLE

SUFFIXES = (".csv", ".xlsx")
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
# LibreOffice can save CSV as UTF-16; it then starts with one of these byte order marks.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Comma (Excel in the UK), semicolon (Excel set up for Europe) or tab; comma if unsure.
DELIMITERS = ",;\t"
SNIFFED_LINES, SNIFFED_CHARACTERS = 10, 4_000  # csv.Sniffer slows as the square of this
# A longer cell is a mistake or a damaged file; no field Microbiz keeps needs more.
CELL_LIMIT = 10_000
LONG_CELL = f"is longer than {CELL_LIMIT:,} characters (the most one cell can hold)"
NO_SAVED_VALUE = "formula with no saved value: open and save the file in Excel or LibreOffice first"
_UNREADABLE_XLSX = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, ParseError)


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it (the header is row 1) and its cells.

    `problems` names, by column, the cells that could not be read (a broken quote mark, a
    formula with no saved value); those cells are not in `values`.
    """

    number: int
    values: dict[str, object]
    problems: dict[str, str] = field(default_factory=dict)

    def text(self, column: str) -> str:
        """The cell as text for the validators: blank when absent, dates as 31/12/2026."""
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, date):
            return format_date(value)
        return str(value)


@dataclass(frozen=True)
class _Line:
    """One row of the file as read: its number, its cells, and problems by cell position."""

    number: int
    cells: Sequence[object]
    problems: dict[int, str] = field(default_factory=dict)


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
    is missing, or (given `allowed`) a column is not one of them. A cell that cannot be
    read is a problem of its row (see `Row.problems`), not an error of the file.
    """
    grid = _read_grid(path, sheet)
    if not grid:
        raise UserError(f"{path.name} is empty.")
    header = _header(grid[0], required, allowed)
    return [row for line in grid[1:] if (row := _row(line, header))]


def _read_grid(path: Path, sheet: str) -> list[_Line]:
    """Every row of the file with its number, cells as text, dates or None."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{path.name} is not a spreadsheet Microbiz can read: use a .csv or .xlsx file."
        )
    if not path.is_file():
        raise UserError(f"There is no file at {path}.")
    lines = _read_csv(path) if suffix == ".csv" else _read_xlsx(path, sheet)
    return [_cleaned(line) for line in lines]


def _read_csv(path: Path) -> list[_Line]:
    """Each record of a CSV file; a record the csv module refuses is a problem of its row."""
    lines = list(io.StringIO(_decode(path), newline=""))
    delimiter = _delimiter(lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    records: list[_Line] = []
    while True:
        first = reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as problem:
            written = "".join(lines[first : reader.line_num])
            records.append(_broken_record(len(records) + 1, written, delimiter, str(problem)))
        else:
            records.append(_Line(len(records) + 1, cells))


def _decode(path: Path) -> str:
    """The file's text: UTF-16 if it starts so, else UTF-8 (byte order mark or not), else cp1252."""
    data = path.read_bytes()
    for encoding in ("utf-16",) if data.startswith(UTF16_BOMS) else CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path.name} is not a text CSV file (save it as CSV UTF-8).")


def _delimiter(lines: Sequence[str]) -> str:
    """Comma, semicolon or tab, as `csv.Sniffer` judges the first lines; comma if unsure.

    The heading row must hold the delimiter found, so a one-column file stays one column.
    """
    sample = "".join(lines[:SNIFFED_LINES])[:SNIFFED_CHARACTERS]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
    return found if lines and found in lines[0] else ","


def _broken_record(number: int, written: str, delimiter: str, problem: str) -> _Line:
    """A record the csv module refused, split by hand: its cells as written, and the problem.

    The cell where a quote mark goes wrong carries the problem (for a cell too long for
    the csv module, the longest cell does).
    """
    starts = [0]
    opened = inside = False  # the cell began with a quote mark / is between quote marks
    broken = None
    for at, char in enumerate(written):
        if inside:
            inside = char != '"'
        elif char == delimiter:
            starts.append(at + 1)
            opened = False
        elif char == '"' and (opened or at == starts[-1]):
            opened = inside = True
        elif opened and char not in "\r\n" and broken is None:
            broken = len(starts) - 1
    ends = [at - 1 for at in starts[1:]] + [len(written)]
    cells: list[object] = [written[a:b].rstrip("\r\n") for a, b in zip(starts, ends, strict=True)]
    if broken is None:
        longest = max(range(len(cells)), key=lambda at: ends[at] - starts[at])
        broken = len(cells) - 1 if inside else longest
    cells[broken] = None
    return _Line(number, cells, {broken: _csv_problem(problem, delimiter)})


def _csv_problem(problem: str, delimiter: str) -> str:
    """The csv module's complaint in the user's words."""
    if problem == "unexpected end of data":
        return 'a quote mark (") starts this cell and is never closed: add the closing quote mark'
    if problem.startswith(f"'{delimiter}' expected after"):
        return 'text follows the closing quote mark ("): put quotes round the whole cell'
    if problem.startswith("field larger than field limit"):
        return LONG_CELL
    return f"cannot be read ({problem})"


def _read_xlsx(path: Path, wanted: str) -> list[_Line]:
    """The chosen (or first) sheet's rows; missing rows come back empty, so numbers match.

    A formula cell gives the value it had when the file was last saved.
    """
    written = _sheet_cells(path, wanted, data_only=False)
    if not any(cell.data_type == "f" for _, cells in written for cell in cells):
        return [_Line(number, [cell.value for cell in cells]) for number, cells in written]
    saved = _sheet_cells(path, wanted, data_only=True)
    return [
        _saved_values(number, formulas, values)
        for (number, formulas), (_, values) in zip(written, saved, strict=False)
    ]


def _sheet_cells(path: Path, wanted: str, data_only: bool) -> list[tuple[int, tuple]]:
    """Each row of the chosen sheet with its number; formulas as written unless `data_only`."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=data_only)
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
        return list(enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1))
    except _UNREADABLE_XLSX:
        raise UserError(f"{path.name} is damaged or not an Excel .xlsx file.") from None
    finally:
        workbook.close()


def _saved_values(number: int, formulas: tuple, values: tuple) -> _Line:
    """A row's saved values; a problem for each formula saved without its value.

    Such a formula reads as a numeric cell with no value; an empty text result is kept
    as text, so it is not mistaken for one.
    """
    problems = {
        position: NO_SAVED_VALUE
        for position, (formula, value) in enumerate(zip(formulas, values, strict=False))
        if formula.data_type == "f" and value.value is None and value.data_type == "n"
    }
    return _Line(number, [cell.value for cell in values], problems)


def _cleaned(line: _Line) -> _Line:
    """The line's cells as the validators take them; a problem for a cell too long or with a NUL."""
    cells: list[object] = []
    problems = dict(line.problems)
    for position, value in enumerate(line.cells):
        cell = None if position in problems else _cell(value)
        problem = _cell_problem(cell)
        if problem:
            problems[position] = problem
            cell = None
        cells.append(cell)
    return _Line(line.number, cells, problems)


def _cell_problem(cell: object) -> str:
    if not isinstance(cell, str):
        return ""
    if NUL in cell:
        return UNSTORABLE
    return LONG_CELL if len(cell) > CELL_LIMIT else ""


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


def _header(line: _Line, required: Collection[str], allowed: Collection[str] | None) -> list[str]:
    if line.problems:
        position, problem = min(line.problems.items())
        raise UserError(
            f"row 1 (the headings): column {get_column_letter(position + 1)}: {problem}"
        )
    header = [normalise_header(cell) for cell in line.cells]
    named = [name for name in header if name]
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        raise UserError(f"more than one column is called {listed(repeated)}")
    missing = [name for name in required if name not in named]
    unknown = [name for name in named if allowed is not None and name not in allowed]
    check_columns(missing, unknown, list(allowed or ()))
    return header


def check_columns(missing: list[str], unknown: list[str], expected: list[str]) -> None:
    """One plain line for columns missing or not known, however many there are."""
    if missing:
        raise UserError(f"missing column: {listed(missing)}")
    if unknown:
        raise UserError(
            f"unknown column: {listed(unknown)} (the columns are: {', '.join(expected)})"
        )


def listed(names: list[str], most: int = 8) -> str:
    """'a, b, c', or the first `most` and how many more, so a line stays readable."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most:,} more"


def _row(line: _Line, header: list[str]) -> Row | None:
    """The row keyed by header, or None when it is blank; UserError for data under no heading."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for position, value in enumerate(line.cells):
        problem = line.problems.get(position)
        if value is None and problem is None:
            continue
        name = header[position] if position < len(header) else ""
        if not name:
            letter = get_column_letter(position + 1)
            raise UserError(f"row {line.number}: column {letter} has a value but no heading")
        if problem is None:
            values[name] = value
        else:
            problems[name] = problem
    return Row(line.number, values, problems) if values or problems else None
