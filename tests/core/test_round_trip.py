"""Demo, export, import into an empty folder, export again: the same records."""

from __future__ import annotations

from openpyxl import load_workbook

from microbiz.cli import main

SHEETS_IMPORTED = ["Clients", "Rates", "Visits", "Expenses", "Journeys", "Insurance and checks"]


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def sheet_values(path):
    workbook = load_workbook(path)
    return {
        name: [[cell.value for cell in row] for row in workbook[name].iter_rows()]
        for name in SHEETS_IMPORTED
    }


def test_an_export_imports_back_unchanged(tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(first, "demo", "--clients", "4", "--years", "1", "--seed", "3") == 0
    exported = tmp_path / "first.xlsx"
    assert run(first, "export", "xlsx", str(exported)) == 0
    for kind in ("clients", "rates", "visits", "expenses", "journeys", "policies"):
        assert run(second, "import", kind, str(exported)) == 0, capsys.readouterr().err
    again = tmp_path / "second.xlsx"
    assert run(second, "export", "xlsx", str(again)) == 0
    before, after = sheet_values(exported), sheet_values(again)
    for name in SHEETS_IMPORTED:
        assert len(after[name]) == len(before[name]) > 1, name
        assert after[name] == before[name], name
