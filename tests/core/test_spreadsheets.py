"""Reading rows from real CSV and XLSX files as people make them in the UK."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from microbiz.foundations.errors import UserError
from microbiz.foundations.spreadsheets import normalise_header
from microbiz.foundations.spreadsheets import read_rows


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_headers_are_normalised():
    assert normalise_header("Payer Name") == "payer_name"
    assert normalise_header("  Bank-Holiday  Rate ") == "bank_holiday_rate"
    assert normalise_header("NAME") == "name"
    assert normalise_header(None) == ""
    assert normalise_header("Break (minutes)") == "break_minutes"


@given(st.text())
def test_normalising_a_header_twice_changes_nothing(header):
    once = normalise_header(header)
    assert normalise_header(once) == once


def test_csv_rows_keep_their_spreadsheet_numbers(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text(
        "Name,Weekday Rate\r\nMargaret Brown,£18.50\r\n,\r\nArjun Patel, 20 \r\n,\r\n,\r\n",
        encoding="utf-8-sig",
    )
    rows = read_rows(path)
    assert [(row.number, row.values) for row in rows] == [
        (2, {"name": "Margaret Brown", "weekday_rate": "£18.50"}),
        (4, {"name": "Arjun Patel", "weekday_rate": "20"}),
    ]


def test_csv_saved_by_older_excel_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes("Name,Weekday rate\nSiobhan O’Neill,£19.00\n".encode("cp1252"))
    (row,) = read_rows(path)
    assert row.values == {"name": "Siobhan O’Neill", "weekday_rate": "£19.00"}


def test_csv_with_a_quoted_line_break_counts_records_not_lines(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text('name,address\nMargaret Brown,"4 Mill Lane\nOtley"\nArjun Patel,\n')
    assert [row.number for row in read_rows(path)] == [2, 3]


def test_xlsx_numbers_and_dates_become_what_the_validators_take(tmp_path):
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [
            ["Name", "Weekday rate", "Contracted hours", "Start date", "Seen", "Time"],
            [
                "Margaret Brown",
                18.5,
                12.0,
                datetime(2026, 12, 31, 0, 0),
                date(2026, 1, 2),
                time(9, 30),
            ],
            ["Arjun Patel", 18.5 * 1.1, 40, 0.1 + 0.2, 0.00001, None],
        ],
    )
    first, second = read_rows(path)
    assert first.values == {
        "name": "Margaret Brown",
        "weekday_rate": "18.5",
        "contracted_hours": "12",
        "start_date": date(2026, 12, 31),
        "seen": date(2026, 1, 2),
        "time": "09:30",
    }
    assert first.text("start_date") == "31/12/2026"
    assert first.text("missing") == ""
    assert second.values == {
        "name": "Arjun Patel",
        "weekday_rate": "20.35",
        "contracted_hours": "40",
        "start_date": "0.3",
        "seen": "0.00001",
    }


def test_xlsx_blank_rows_are_skipped_and_numbering_kept(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name"])
    sheet["A3"] = "Margaret Brown"
    sheet["A4"] = "   "
    sheet["A9"].number_format = "0.00"  # a formatted but empty trailing cell
    workbook.save(tmp_path / "clients.xlsx")
    (row,) = read_rows(tmp_path / "clients.xlsx")
    assert (row.number, row.values) == (3, {"name": "Margaret Brown"})


def test_missing_required_column_is_named(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", [["Full name", "Email"], ["Margaret", "m@example.com"]])
    with pytest.raises(UserError, match="^missing column: name$"):
        read_rows(path, required=["name"])


def test_unknown_column_is_named(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,weekday rates\nMargaret Brown,18\n")
    with pytest.raises(UserError, match="unknown column: weekday_rates"):
        read_rows(path, required=["name"], allowed=["name", "weekday_rate"])


def test_thousands_of_unknown_columns_make_one_short_line(tmp_path):
    path = tmp_path / "c.csv"
    extra = ",".join(f"x{n}" for n in range(5000))
    path.write_text(f"name,{extra}\nMargaret Brown\n")
    with pytest.raises(UserError) as problem:
        read_rows(path, required=["name"], allowed=["name"])
    assert str(problem.value) == (
        "unknown column: x0, x1, x2, x3, x4, x5, x6, x7 and 4,992 more (the columns are: name)"
    )


def test_repeated_column_is_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Name,name\nMargaret Brown,Margaret\n")
    with pytest.raises(UserError, match="more than one column is called name"):
        read_rows(path)


def test_value_under_no_heading_is_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,\nMargaret Brown,oops\n")
    with pytest.raises(UserError, match="^row 2: column B has a value but no heading$"):
        read_rows(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("clients.txt", b"name\nMargaret\n", "use a .csv or .xlsx file"),
        ("clients.xls", b"\xd0\xcf\x11\xe0", "use a .csv or .xlsx file"),
        ("clients.xlsx", b"name\nMargaret\n", "damaged or not an Excel .xlsx file"),
        ("clients.csv", b"", "is empty"),
        ("clients.csv", b"name\n\x81\x8d\x8f\n", "not a text CSV file"),
    ],
)
def test_unreadable_files_give_a_plain_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_rows(path)


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="There is no file at"):
        read_rows(tmp_path / "nowhere.csv")
