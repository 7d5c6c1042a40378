"""ImportDialog: every row shown as read, bad cells marked in words, all rows imported or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Journey
from ui.common import desktop
from ui.imports import import_dialog
from ui.imports.import_dialog import ImportDialog
from ui.imports.import_preview_model import ImportPreviewModel

INPUTS = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView)
BAD_EXPENSES = (
    "date,amount,category,description,supplier\n"
    "01/11/2026,24.60,goods,Gloves,Medisave\n"
    "02/11/2026,abc,office,Phone,Vodafone\n"
    "03/11/2026,5.00,sweets,,Tesco\n"
)
GOOD_EXPENSES = (
    "date,amount,category,description,supplier\n"
    "01/11/2026,24.60,goods,Gloves,Medisave\n"
    "02/11/2026,18.00,Phone fax stationery and other office costs,Phone,Vodafone\n"
)


def unnamed_inputs(top: QWidget) -> list[str]:
    return [
        type(widget).__name__
        for widget in top.findChildren(QWidget)
        if isinstance(widget, INPUTS)
        and not isinstance(widget, QHeaderView)
        and widget.isVisible()
        and not widget.accessibleName().strip()
    ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def open_dialog(qtbot, synchronous_runner, monkeypatch):
    """Open the dialog for `kind` and choose `path` through the replaced file chooser."""

    def opening(kind: str, path: Path) -> ImportDialog:
        monkeypatch.setattr(import_dialog, "choose_spreadsheet", lambda parent, caption: path)
        dialog = ImportDialog(None, kind)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.choose_button.click()
        return dialog

    return opening


def cell(dialog: ImportDialog, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return dialog.model.index(row, column).data(role)


def test_a_file_with_bad_rows_marks_them_and_imports_nothing(open_dialog, business, tmp_path):
    dialog = open_dialog("expenses", write(tmp_path, "bad.csv", BAD_EXPENSES))
    assert dialog.model.columns() == [
        "Row",
        "Date",
        "Amount",
        "Category",
        "Description",
        "Supplier",
    ]
    assert [cell(dialog, row, 0) for row in range(3)] == ["2", "⚠ 3", "⚠ 4"]
    assert cell(dialog, 1, 2) == "⚠ abc"
    assert "is not an amount of money" in cell(dialog, 1, 2, Qt.ItemDataRole.ToolTipRole)
    described = cell(dialog, 1, 2, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "is not an amount of money" in described
    assert cell(dialog, 2, 3) == "⚠ sweets"
    assert cell(dialog, 2, 4) == "⚠ (blank)"
    assert cell(dialog, 0, 2) == "24.60"
    lines = dialog.problems_model.stringList()
    assert lines[0] == "Row 3, Amount: 'abc' is not an amount of money (try 18.50 or £1,234.50)."
    assert lines[1].startswith("Row 4, Category: 'sweets' is not one of:")
    assert lines[2] == "Row 4, Description: is required."
    assert dialog.summary.text().startswith(
        "3 problems in 2 rows: nothing will be imported until they are fixed."
    )
    assert not dialog.import_button.isEnabled()
    assert dialog.problems.isVisible()
    dialog.import_rows()
    assert Expense.select().count() == 0
    assert dialog.imported is None


def test_the_problems_can_be_copied(open_dialog, business, tmp_path, monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(desktop, "copy_text", copied.append)
    dialog = open_dialog("expenses", write(tmp_path, "bad.csv", BAD_EXPENSES))
    dialog.copy_button.click()
    assert copied[0].splitlines()[0].startswith("Row 3, Amount:")


def test_check_again_reads_the_corrected_file(open_dialog, business, tmp_path):
    path = write(tmp_path, "expenses.csv", BAD_EXPENSES)
    dialog = open_dialog("expenses", path)
    assert not dialog.import_button.isEnabled()
    path.write_text(GOOD_EXPENSES, encoding="utf-8")
    dialog.again_button.click()
    assert dialog.problems_model.stringList() == []
    assert not dialog.problems.isVisible()
    assert dialog.import_button.isEnabled()


def test_a_good_file_imports_every_row(open_dialog, business, tmp_path):
    dialog = open_dialog("expenses", write(tmp_path, "good.csv", GOOD_EXPENSES))
    assert dialog.summary.text() == "2 expenses ready to import."
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "&Import 2 expenses"
    assert "⚠" not in "".join(
        str(cell(dialog, row, column))
        for row in range(dialog.model.rowCount())
        for column in range(dialog.model.columnCount())
    )
    dialog.import_button.click()
    assert dialog.imported == 2
    assert dialog.said == "Imported 2 expenses."
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert sorted(e.description for e in Expense.select()) == ["Gloves", "Phone"]
    assert {e.category for e in Expense.select()} == {"goods", "office"}


def test_journeys_import_from_a_workbook_naming_clients(open_dialog, clients, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Journeys"
    sheet.append(["Date", "Miles", "From", "To", "Purpose", "Client"])
    sheet.append(["02/11/2026", 10, "Home", "Otley", "Visit", "Margaret Brown"])
    sheet.append(["03/11/2026", 2.5, "Home", "Ilkley", "Visit", ""])
    path = tmp_path / "journeys.xlsx"
    workbook.save(path)
    dialog = open_dialog("journeys", path)
    assert dialog.summary.text() == "2 journeys ready to import."
    dialog.import_rows()
    assert dialog.said == "Imported 2 journeys."
    assert [j.client_id for j in Journey.select().order_by(Journey.travelled_on)] == [
        clients["margaret"].id,
        None,
    ]


def test_a_problem_with_no_column_in_the_file_is_marked_on_the_row(open_dialog, business, tmp_path):
    dialog = open_dialog("journeys", write(tmp_path, "j.csv", "date,miles\n02/11/2026,10\n"))
    assert cell(dialog, 0, 0) == "⚠ 2"
    assert "Row 2, Purpose:" in cell(dialog, 0, 0, Qt.ItemDataRole.ToolTipRole)
    assert not dialog.import_button.isEnabled()


def test_an_unreadable_file_is_explained_calmly(open_dialog, business, tmp_path):
    dialog = open_dialog("expenses", write(tmp_path, "broken.xlsx", "this is not a workbook"))
    assert dialog.summary.text().startswith(
        "Microbiz could not read this file. broken.xlsx is damaged or not an Excel .xlsx file."
    )
    assert "Nothing has been imported." in dialog.summary.text()
    assert not dialog.table.isVisible()
    assert not dialog.import_button.isEnabled()
    assert dialog.choose_button.isEnabled()


def test_a_file_missing_a_column_is_explained(open_dialog, business, tmp_path):
    dialog = open_dialog("expenses", write(tmp_path, "short.csv", "date,amount\n01/11/2026,3\n"))
    assert dialog.summary.text().startswith("Microbiz could not read this file.")
    assert "Category" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_clients_and_visits_can_be_imported_too(open_dialog, business, tmp_path):
    dialog = open_dialog("clients", write(tmp_path, "c.csv", "name\nMargaret Brown\nJean Lee\n"))
    dialog.import_rows()
    assert dialog.said == "Imported 2 clients."
    assert Client.select().count() == 2


def test_closing_without_a_file_imports_nothing(qtbot, business):
    dialog = ImportDialog(None, "expenses")
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert not dialog.again_button.isEnabled()
    dialog.reject()
    assert dialog.imported is None


def test_the_dialog_is_named(open_dialog, business, tmp_path):
    dialog = open_dialog("expenses", write(tmp_path, "bad.csv", BAD_EXPENSES))
    assert unnamed_inputs(dialog) == []


def test_the_preview_model_passes_the_qt_model_tester(
    qtmodeltester, open_dialog, business, tmp_path
):
    dialog = open_dialog("expenses", write(tmp_path, "bad.csv", BAD_EXPENSES))
    qtmodeltester.check(dialog.model)
    empty = ImportPreviewModel()
    qtmodeltester.check(empty)


def test_the_preview_says_what_forgiving_values_were_read_as(open_dialog, business, tmp_path):
    text = "Date,Amount,Category,Description\n01/11/2026,12.00,insurance,Cover\n"
    dialog = open_dialog("expenses", write(tmp_path, "forgiving.csv", text))
    assert dialog.model.columns() == ["Row", "Date", "Amount", "Category", "Description"]
    assert cell(dialog, 0, 3) == "insurance → Rent, rates, power and insurance costs"
    assert dialog.import_button.isEnabled()
