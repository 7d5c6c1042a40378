"""Reading the files people really have: any delimiter, old encodings, broken quotes, formulas."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import Workbook

from microbiz.cli import main
from microbiz.clients.details import find_client
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.spreadsheets import read_rows
from microbiz.records.imports import ImportProblems
from microbiz.records.imports import import_clients
from microbiz.records.imports import preview_import

UNCLOSED = 'a quote mark (") starts this cell and is never closed: add the closing quote mark'
AFTER_QUOTE = 'text follows the closing quote mark ("): put quotes round the whole cell'
NUL = "contains a character that cannot be stored (an invisible NUL character)"
LONG = "is longer than 10,000 characters (the most one cell can hold)"
NO_VALUE = "formula with no saved value: open and save the file in Excel or LibreOffice first"


def write(tmp_path, text, name="clients.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problem_lines(path):
    """The lines `import clients` prints for the file; nothing may have been saved."""
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert Client.select().count() == 0
    return raised.value.lines


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def with_saved_values(path, saved):
    """The workbook at `path` as a calculating program saves it: each formula with its value.

    openpyxl writes a formula with an empty value, <f>18+0.5</f><v/> or <v></v>; Excel writes the
    value it worked out, and marks a formula giving empty text t="str". `saved` maps a
    cell to its (type attribute, value element).
    """
    changed = path.with_name(f"saved-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for cell, (kind, value) in saved.items():
                    empty = rf'<c r="{cell}"( t="n")?>(<f>[^<]*</f>)<v(\s*/>|></v>)'
                    text, found = re.subn(empty, rf'<c r="{cell}"{kind}>\2{value}', text)
                    assert found == 1, text
                data = text.encode()
            target.writestr(item, data)
    return changed


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_semicolon_tab_and_comma_files_all_import(db, tmp_path, delimiter):
    rows = [["Name", "Funding", "Weekday rate"], ["Margaret Brown", "council", "£18.50"]]
    path = write(tmp_path, "".join(delimiter.join(row) + "\r\n" for row in rows))
    assert import_clients(path) == 1
    assert find_client("Margaret Brown").funding_route == "council"


def test_semicolons_inside_a_comma_file_stay_in_their_cell(tmp_path):
    path = write(tmp_path, "name,notes\nMargaret,tea; no sugar\nArjun,a;b;c\n")
    assert [row.values for row in read_rows(path)] == [
        {"name": "Margaret", "notes": "tea; no sugar"},
        {"name": "Arjun", "notes": "a;b;c"},
    ]


def test_a_one_column_file_stays_one_column(tmp_path):
    path = write(tmp_path, "name\nSmith; Jo\nBrown; Al\n")
    assert [row.values for row in read_rows(path)] == [{"name": "Smith; Jo"}, {"name": "Brown; Al"}]


def test_a_semicolon_file_with_quoted_commas(tmp_path):
    path = write(tmp_path, 'name;address\n"Brown, Margaret";"4 Mill Lane; Otley"\n')
    (row,) = read_rows(path)
    assert row.values == {"name": "Brown, Margaret", "address": "4 Mill Lane; Otley"}


def test_an_unclosed_quote_is_a_problem_of_its_row_not_a_client(db, tmp_path):
    path = write(tmp_path, 'name,funding\nMargaret Brown,council\n"Unclosed,self_funded\n')
    assert problem_lines(path) == [f"row 3: Name: {UNCLOSED}"]


def test_an_unclosed_quote_names_its_column(db, tmp_path):
    path = write(tmp_path, 'name,funding,notes\nMargaret Brown,"council,notes here\nArjun,x,y\n')
    assert problem_lines(path) == [f"row 2: Funding: {UNCLOSED}"]


def test_text_after_a_closing_quote_is_a_problem_and_later_rows_still_read(db, tmp_path):
    path = write(tmp_path, 'name,email\n"Margaret" Brown,m@\nArjun Patel,a@\n')
    assert problem_lines(path) == [
        f"row 2: Name: {AFTER_QUOTE}",
        "row 3: Email: 'a@' is not a valid email address (like name@example.com).",
    ]


def test_a_nul_character_is_a_problem_of_its_row(db, tmp_path):
    path = write(tmp_path, "name,notes\nMargaret Brown,tea\x00\nArjun Patel,\n")
    assert problem_lines(path) == [f"row 2: Notes: {NUL}"]


def test_a_nul_in_the_heading_row_is_a_problem_of_the_file(tmp_path):
    path = write(tmp_path, "na\x00me\nMargaret\n")
    with pytest.raises(UserError) as raised:
        read_rows(path)
    assert str(raised.value) == f"row 1 (the headings): column A: {NUL}"


def test_a_cell_over_ten_thousand_characters_is_a_problem_of_its_row(db, tmp_path):
    fits, too_long, huge = "a" * 10_000, "b" * 10_001, "c" * 200_000
    path = write(
        tmp_path,
        f"name,notes\nMargaret,{fits}\nArjun,{too_long}\nHarold,{huge}\nDorothy,ok\n",
    )
    assert [row.number for row in read_rows(path)] == [2, 3, 4, 5]
    assert problem_lines(path) == [f"row 3: Notes: {LONG}", f"row 4: Notes: {LONG}"]


def test_a_quoted_huge_cell_is_a_problem_of_its_row(db, tmp_path):
    path = write(tmp_path, f'name,notes\nMargaret,"{"d" * 200_000}"\nArjun,ok\n')
    assert problem_lines(path) == [f"row 2: Notes: {LONG}"]


def test_an_oversize_cell_in_a_workbook_is_a_problem_of_its_row(db, tmp_path):
    path = write_xlsx(tmp_path / "clients.xlsx", [["Name", "Notes"], ["Margaret", "e" * 10_001]])
    assert problem_lines(path) == [f"row 2: Notes: {LONG}"]


def test_windows_1252_with_a_pound_sign_reads(db, tmp_path):
    path = write(tmp_path, "Name,Weekday rate\nSiobhan O’Neill,£19.00\n", encoding="cp1252")
    assert import_clients(path) == 1
    assert find_client("Siobhan O’Neill").name == "Siobhan O’Neill"


def test_utf16_as_libreoffice_can_save_it_reads(tmp_path):
    path = write(tmp_path, "Name\tWeekday rate\nSiobhan O’Neill\t£19.00\n", encoding="utf-16")
    (row,) = read_rows(path)
    assert row.values == {"name": "Siobhan O’Neill", "weekday_rate": "£19.00"}


def test_a_file_in_no_encoding_is_one_clear_line(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(b"name\n\x81\x8d\x8f\x90\n")
    with pytest.raises(UserError) as raised:
        read_rows(path)
    assert str(raised.value) == "clients.csv is not a text CSV file (save it as CSV UTF-8)."


def test_a_formula_with_no_saved_value_is_a_problem_not_a_blank(db, tmp_path):
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [["Name", "Weekday rate"], ["Margaret Brown", "=18+0.5"], ["Arjun Patel", 20]],
    )
    assert problem_lines(path) == [f"row 2: Weekday rate: {NO_VALUE}"]


def test_a_formula_reads_as_the_value_saved_with_it(db, tmp_path):
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [["Name", "Weekday rate", "Notes"], ["Margaret Brown", "=18+0.5", '=""']],
    )
    saved = with_saved_values(path, {"B2": ("", "<v>18.5</v>"), "C2": (' t="str"', "<v></v>")})
    (row,) = read_rows(saved)
    assert (row.values, row.problems) == ({"name": "Margaret Brown", "weekday_rate": "18.5"}, {})
    assert import_clients(saved) == 1


def test_the_preview_shows_reading_problems_by_row_and_column(db, tmp_path):
    path = write(
        tmp_path,
        "Name,Notes\nMargaret Brown,tea\x00\nArjun Patel,fine\n",
        name="clients.csv",
    )
    preview = preview_import("clients", path)
    assert [row.number for row in preview.rows] == [2, 3]
    assert preview.columns == ["name", "notes"]
    assert preview.problems_at(2) == {"notes": NUL}
    assert preview.problems_at(3) == {}
    assert preview.would_import == 0


def test_the_command_lists_reading_problems_without_a_traceback(data_dir, tmp_path, capsys):
    path = write(tmp_path, 'name,funding\nMargaret Brown,council\n"Unclosed,self_funded\n')
    assert main(["--data-dir", str(data_dir), "import", "clients", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"row 3: Name: {UNCLOSED}",
        "microbiz: nothing was imported: 1 problem found",
    ]
