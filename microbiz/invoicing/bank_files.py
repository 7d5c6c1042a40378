"""Reading bank statements: CSV exports of UK banks, and OFX or QFX files.

A CSV's columns are found by the headings banks use (Date, Description, Amount, Paid
in, Paid out, Balance…) or by a column map the user gives; dates in the first format
that reads every row (31/12/2026, 2026-12-31, 31-Dec-26, 31 Dec 2026…).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from microbiz.foundations.errors import UserError
from microbiz.foundations.money import parse_money
from microbiz.foundations.spreadsheets import normalise_header

CSV_SUFFIXES = (".csv", ".txt")
OFX_SUFFIXES = (".ofx", ".qfx")
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ",;\t"
# Headings UK banks use for each part of a line, normalised ("Paid in" -> "paid_in").
HEADINGS = {
    "date": ("date", "transaction_date", "posting_date", "posted_date", "completed_date"),
    "description": (
        *("name", "counter_party", "payee", "description", "transaction_description"),
        *("details", "memo", "reference", "notes_and_tags"),
    ),
    "amount": ("amount", "amount_gbp", "value", "transaction_amount", "amount_gbp_"),
    "paid_in": ("paid_in", "money_in", "credit", "credit_amount", "in"),
    "paid_out": ("paid_out", "money_out", "debit", "debit_amount", "out"),
    "balance": ("balance", "balance_gbp", "running_balance"),
}
MAP_PARTS = tuple(HEADINGS)
DATE_FORMATS = (
    *("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"),
    *("%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %b %y", "%d %B %Y"),
)
SKIPPED_HEADER_LINES = 10  # account details some banks put above the headings


@dataclass(frozen=True)
class BankLine:
    """One line of a statement: money in is positive, money out negative."""

    number: int
    day: date
    description: str
    amount_pence: int
    balance_pence: int | None = None

    @property
    def is_credit(self) -> bool:
        return self.amount_pence > 0


@dataclass(frozen=True)
class Statement:
    """The lines read from one file, and its heading row (how a column map is remembered)."""

    name: str
    header: str
    lines: list[BankLine]


class UnknownColumns(UserError):
    """A CSV whose headings do not say which column is the date, description or amount."""

    def __init__(self, name: str, header: list[str], headings: list[str]) -> None:
        self.headings = headings  # each of the first rows, as a remembered map is found
        self.columns = header
        shown = ", ".join(header)
        super().__init__(
            f"{name}: Microbiz cannot tell which columns hold the date, description and amount "
            f"(the columns are: {shown}); give them with --columns "
            "date=COLUMN,description=COLUMN,amount=COLUMN."
        )


def parse_column_map(text: str) -> dict[str, str]:
    """`date=Posted,description=Memo,amount=Value` as {"date": "posted", ...}."""
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, column = part.partition("=")
        key = normalise_header(key)
        if key not in MAP_PARTS or not column.strip():
            raise UserError(
                f"Columns: '{part}' should be PART=COLUMN, PART one of {', '.join(MAP_PARTS)}."
            )
        found[key] = normalise_header(column)
    if "date" not in found or not ({"amount", "paid_in"} & found.keys()):
        raise UserError("Columns: name at least the date and the amount (or paid_in) columns.")
    return found


def read_statement(path: Path, columns: Mapping[str, str] | None = None) -> Statement:
    """The statement in `path`; UserError in one line if it cannot be read as one."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(f"There is no file at {path}.")
    if suffix in OFX_SUFFIXES:
        return Statement(path.name, "", _ofx_lines(path))
    if suffix not in CSV_SUFFIXES:
        raise UserError(
            f"{path.name} is not a bank statement Microbiz can read: use a .csv, .ofx or .qfx file."
        )
    return _csv_statement(path, columns)


# CSV


def _csv_statement(path: Path, columns: Mapping[str, str] | None) -> Statement:
    records = _csv_records(path)
    headings = [[normalise_header(cell) for cell in r] for r in records[:SKIPPED_HEADER_LINES]]
    at = _header_at(headings, columns)
    if at is None:
        first = next((r for r in records if any(r)), [])
        raise UnknownColumns(path.name, first, [",".join(h) for h in headings])
    header = headings[at]
    chosen = _columns(header, columns, path.name, [",".join(h) for h in headings])
    rows = [
        (at + 2 + n, dict(zip(header, r, strict=False))) for n, r in enumerate(records[at + 1 :])
    ]
    rows = [(number, row) for number, row in rows if row.get(chosen["date"][0], "").strip()]
    formats = _date_format(path.name, [row[chosen["date"][0]] for _, row in rows])
    lines = [_csv_line(number, row, chosen, formats, path.name) for number, row in rows]
    return Statement(path.name, ",".join(header), lines)


def _csv_records(path: Path) -> list[list[str]]:
    """The file's records, each cell trimmed, headings normalised later."""
    text = _decode(path)
    lines = io.StringIO(text, newline="").readlines()
    try:
        sample = "".join(lines[:20])[:8000]
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error as problem:
        raise UserError(f"{path.name} is not a CSV file Microbiz can read ({problem}).") from None


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\0" in data[:4000]:
        raise UserError(f"{path.name} is not a text CSV file: save it from your bank as CSV.")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path.name} is not a text CSV file: save it from your bank as CSV.")


def _header_at(headings: list[list[str]], columns: Mapping[str, str] | None) -> int | None:
    """Which of the first rows is the heading row: the first naming a date column."""
    wanted = {columns["date"]} if columns else set(HEADINGS["date"])
    return next((at for at, names in enumerate(headings) if wanted & set(names)), None)


def _columns(
    header: list[str], columns: Mapping[str, str] | None, name: str, headings: list[str]
) -> dict[str, list[str]]:
    """For each part, the heading(s) that hold it, from the map or the usual headings."""
    if columns:
        missing = [column for column in columns.values() if column not in header]
        if missing:
            raise UserError(f"{name} has no column called {', '.join(missing)}.")
        return {part: [column] for part, column in columns.items()}
    found = {part: [h for h in names if h in header] for part, names in HEADINGS.items()}
    chosen = {part: heads[:1] for part, heads in found.items() if heads}
    chosen["description"] = found["description"]
    has_amount = "amount" in chosen or {"paid_in", "paid_out"} <= chosen.keys()
    if "date" not in chosen or not has_amount:
        raise UnknownColumns(name, header, headings)
    return chosen


def _date_format(name: str, written: list[str]) -> str:
    """The first format that reads every date in the file."""
    for form in DATE_FORMATS:
        if all(_date(text, form) for text in written):
            return form
    bad = next(text for text in written if not any(_date(text, f) for f in DATE_FORMATS))
    raise UserError(f"{name}: '{bad}' is not a date Microbiz can read (try 31/12/2026).")


def _date(text: str, form: str) -> date | None:
    """`text` (without any time after it) read with `form`, or None."""
    text = re.sub(r"(T|\s)\d{1,2}:\d{2}(:\d{2})?.*$", "", text.strip())
    try:
        return datetime.strptime(text, form).date()
    except ValueError:
        return None


def _csv_line(
    number: int, row: dict[str, str], chosen: dict[str, list[str]], form: str, name: str
) -> BankLine:
    words = [row.get(column, "").strip() for column in chosen.get("description", [])]
    description = " / ".join(dict.fromkeys(w for w in words if w))
    try:
        amount = _amount(row, chosen)
        balance = _money(row.get(chosen["balance"][0], "")) if "balance" in chosen else None
    except UserError as problem:
        raise UserError(f"{name}: row {number}: {problem}") from None
    return BankLine(number, _date(row[chosen["date"][0]], form), description, amount, balance)


def _amount(row: dict[str, str], chosen: dict[str, list[str]]) -> int:
    """One signed amount, or paid in less paid out."""
    if "amount" in chosen:
        amount = _money(row.get(chosen["amount"][0], ""))
        if amount is None:
            raise UserError("the amount is blank")
        return amount
    paid_in = _money(row.get(chosen["paid_in"][0], "")) or 0
    paid_out = _money(row.get(chosen["paid_out"][0], "")) or 0
    return abs(paid_in) - abs(paid_out)


def _money(text: str) -> int | None:
    """Pence from '£1,234.50', '-12.00', '(12.00)' or '12.00 DR'; None when blank."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")") or text.upper().endswith("DR")
    text = re.sub(r"(?i)(CR|DR)$", "", text.strip("()"))
    pence = parse_money(text)
    return -abs(pence) if negative else pence


# OFX


def _ofx_lines(path: Path) -> list[BankLine]:
    """Every transaction of every statement in an OFX 1 (SGML) or OFX 2 (XML) file."""
    from ofxtools.Parser import OFXTree  # only when an OFX file is read

    tree = OFXTree()
    try:
        tree.parse(str(path))
        ofx = tree.convert()
        found = [t for statement in ofx.statements for t in statement.transactions]
    except (SyntaxError, ValueError, KeyError, IndexError, AttributeError, TypeError):
        raise UserError(f"{path.name} is not an OFX bank statement Microbiz can read.") from None
    return [_ofx_line(n, t) for n, t in enumerate(found, start=1)]


def _ofx_line(number: int, transaction: object) -> BankLine:
    words = (getattr(transaction, name, None) for name in ("name", "payee", "memo"))
    description = " / ".join(dict.fromkeys(str(w).strip() for w in words if w))
    amount = parse_money(Decimal(transaction.trnamt))
    return BankLine(number, transaction.dtposted.date(), description, amount)
